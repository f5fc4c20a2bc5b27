"""Figures of the chapter "순환 신경망 / Recurrent networks" (after Appendix B.7 of the Korean
ML book in ../shared/sources): a delayed-recall task that a plain RNN cannot learn in our
budget and gated cells (LSTM, GRU) can; gradients through time, measured."""
import matplotlib.pyplot as plt
from matplotlib.patches import Patch
import numpy as np
import torch

from book.nets import clipping  # noqa: F401  registers the rescaled RNN and the "sgd_clip" trainer
from book.draw import recurrent as diagrams
from book.draw.training import clipping_runs, log_y
from book.experiments import through_time
from book.nets.train import Spec, build, data_for

from book.pipeline.registry import figure

LENGTH = 100
_SEQ = dict(data="delayed_recall", arch="recurrent", data_args={"length": LENGTH}, epochs=1,
            batch_size=64, lr=3e-3, optimizer="adam", trainer="sequence_regress",
            extra={"log_every": 25, "clip": 1.0})
RNN = Spec("seq_rnn", arch_args={"cell": "rnn", "hidden": 32}, **_SEQ)
LSTM = Spec("seq_lstm", arch_args={"cell": "lstm", "hidden": 32, "gate_bias": 5.0}, **_SEQ)
GRU = Spec("seq_gru", arch_args={"cell": "gru", "hidden": 32, "gate_bias": 3.0}, **_SEQ)
LSTM_PLAIN = Spec("seq_lstm_nobias", arch_args={"cell": "lstm", "hidden": 32}, **_SEQ)
MODELS = (RNN, LSTM_PLAIN, LSTM, GRU)
# gradient clipping: a plain RNN whose recurrent weights start at scale 2 (gradients explode),
# plain SGD, three seeds each without and with clipping the gradient norm to 1
CLIP_LENGTH, CLIP_SCALE, CLIP_NORM = 20, 2.0, 1.0
CLIP_SEEDS = (0, 1, 2)
LOSS_TOP = 1e3
_CLIP = dict(data="delayed_recall", arch="rescaled_rnn", trainer="sgd_clip", epochs=1, batch_size=64,
             lr=0.1, optimizer="sgd", arch_args={"hidden": 32, "scale": CLIP_SCALE},
             data_args={"length": CLIP_LENGTH, "n_train": 64 * 200, "n_test": 1_000})
CLIP_RUNS = {clip: [Spec(f"clip_{'on' if clip else 'off'}_s{seed}", seed=seed, extra={"clip": clip}, **_CLIP)
                    for seed in CLIP_SEEDS] for clip in (None, CLIP_NORM)}
COLORS = {"seq_rnn": 5, "seq_lstm_nobias": 3, "seq_lstm": 0, "seq_gru": 2}
STYLES = {"seq_rnn": "-", "seq_lstm_nobias": (0, (2, 2)), "seq_lstm": "-", "seq_gru": "-"}  # the two failures overlap


def _color(ctx, spec):
    return ctx.theme.palette[COLORS[spec.name]]


@figure("unrolled")
def unrolled(ctx):
    return diagrams.unrolled(ctx, 4, cell="RNN", x="$x_{{{t}}}$", h="$h_{{{t}}}$", y="$y_{{{t}}}$",
                             same_weights=ctx.t("same_weights"), folded=ctx.t("folded"),
                             unrolled_label=ctx.t("unrolled"))


def _names(ctx, keys):
    return {k: ctx.t(f"gate_{k}") for k in keys} | {
        "x": "$x_t$", "h": "$h_t$", "h_prev": "$h_{t-1}$", "c": "$c_t$", "c_prev": "$c_{t-1}$"}


@figure("lstm_cell")
def lstm_cell(ctx):
    return diagrams.lstm_cell(ctx, names=_names(ctx, ("forget", "input", "candidate", "output")) | {"title": ctx.t("gate_title")})


@figure("gru_cell")
def gru_cell(ctx):
    names = _names(ctx, ("reset", "update", "candidate")) | {"title": ctx.t("gru_title")}
    return diagrams.gru_cell(ctx, names=names)


@figure("task_examples", models=[LSTM])
def task_examples(ctx):
    _, test = data_for(LSTM)
    fig, ax = plt.subplots(figsize=(7.6, 2.8))
    for i in range(3):
        seq = test.x[i, :, 0].numpy()
        color = ctx.theme.palette[i]
        ax.plot(range(LENGTH), seq, lw=0.9, color=color, alpha=0.8)
        ax.plot([0], [seq[0]], "o", ms=8, color=color)
        ax.plot([LENGTH + 3], [seq[0]], "*", ms=12, color=color)
    ax.axvspan(0.5, LENGTH - 0.5, color=ctx.theme.faint, alpha=0.5, lw=0)
    ax.text(LENGTH / 2, 1.08, ctx.t("distractors", n=LENGTH - 1), ha="center", fontsize=9, color=ctx.theme.muted)
    ax.set_ylim(-1.15, 1.25)
    ax.set_xlabel(ctx.t("time_step"))
    ax.set_ylabel(ctx.t("input_value"))
    ax.text(LENGTH + 3, 1.08, ctx.t("target"), ha="center", fontsize=9)
    ctx.metric("task.length", LENGTH)
    ctx.metric("task.baseline_mse", 1 / 3)
    fig.tight_layout()
    return fig


@figure("memory_curves", models=list(MODELS))
def memory_curves(ctx):
    fig, ax = plt.subplots(figsize=(7.2, 3.8))
    for spec in MODELS:
        rows = [h for h in ctx.model(spec).history if "step" in h]
        ax.plot([h["step"] for h in rows], [h["test_mse"] for h in rows], lw=2, ls=STYLES[spec.name],
                color=_color(ctx, spec), label=ctx.t(f"model_{spec.name}"))
    ctx.metric("train.batch_size", RNN.batch_size)
    ctx.metric("train.clip", RNN.extra["clip"])
    ax.axhline(1 / 3, color=ctx.theme.muted, ls="--", lw=1)
    ax.text(5, 1 / 3 * 1.15, ctx.t("guess_zero"), fontsize=8, color=ctx.theme.muted)
    log_y(ax)
    ax.set_xlabel(ctx.t("step"))
    ax.set_ylabel(ctx.t("test_mse"))
    ax.legend(frameon=False, fontsize=9, loc="lower left")
    fig.tight_layout()
    return fig


@figure("memory_scatter", kind="png", models=list(MODELS))
def memory_scatter(ctx):
    _, test = data_for(RNN)
    x, y = test.x[:400], test.y[:400].numpy()
    fig, axes = plt.subplots(1, len(MODELS), figsize=(10, 2.9), sharey=True)
    for ax, spec in zip(axes, MODELS):
        model = ctx.model(spec).model.eval()
        with torch.no_grad():
            pred = model(x).numpy()
        ax.plot([-1, 1], [-1, 1], color=ctx.theme.muted, lw=0.8)
        ax.scatter(y, pred, s=5, color=_color(ctx, spec), alpha=0.7, lw=0)
        ax.set_title(ctx.t(f"model_{spec.name}"), fontsize=9)
        ax.set_xlabel(ctx.t("value_to_recall"), fontsize=8)
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-1.3, 1.3)
        ax.set_aspect("equal")
    axes[0].set_ylabel(ctx.t("prediction"), fontsize=8)
    fig.tight_layout()
    return fig


def _forget_gate_metrics(ctx, x, y):
    """What the default-initialised LSTM does to a stored value: its mean forget gate, the product
    of the forget gates over the 99 steps after the first (log10, mean over cells), and how
    many orders of magnitude the input gradient loses from the last step to the first."""
    for spec in (LSTM_PLAIN, LSTM):
        for tag, model in (("init", build(spec)), ("trained", ctx.model(spec).model)):
            for key, value in through_time.forget_gates(model, x).items():
                ctx.metric(f"forget.{spec.name}.{tag}.{key}", value)
    for tag, model in (("init", build(LSTM_PLAIN)), ("trained", ctx.model(LSTM_PLAIN).model)):
        g = through_time.gradient_profile(model, x, y)
        ctx.metric(f"grad.seq_lstm_nobias.{tag}.orders_lost", through_time.orders_of_magnitude(g)["orders_lost"])
    ctx.metric("forget.half_power_log10", (LENGTH - 1) * float(np.log10(0.5)))
    # exercise: a forget gate held at sigmoid(5), the bias of the LSTM that learned
    gate, power_log10 = through_time.held_gate(LSTM.arch_args["gate_bias"], LENGTH - 1)
    ctx.metric("ex.sigmoid_bias", gate)
    ctx.metric("ex.sigmoid_bias_power_log10", power_log10)


@figure("bptt_gradients", models=[RNN, LSTM, GRU, LSTM_PLAIN])
def bptt_gradients(ctx):
    _, test = data_for(RNN)
    x, y = test.x[:256], test.y[:256]
    _forget_gate_metrics(ctx, x, y)
    steps = np.arange(LENGTH)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.6))
    for spec in (RNN, LSTM, GRU):
        for trained, ls in ((False, ":"), (True, "-")):
            model = ctx.model(spec).model if trained else build(spec)
            g = through_time.gradient_profile(model, x, y)
            a1.plot(steps, g, ls=ls, lw=1.8, color=_color(ctx, spec),
                    label=f"{ctx.t(f'model_{spec.name}')} ({ctx.t('trained' if trained else 'untrained')})")
            tag = "trained" if trained else "init"
            for key, value in through_time.orders_of_magnitude(g).items():
                ctx.metric(f"grad.{spec.name}.{tag}.{key}", value)
    log_y(a1)
    a1.set_xlabel(ctx.t("time_step"))
    a1.set_ylabel(ctx.t("grad_norm"))
    a1.legend(frameon=False, fontsize=7, ncol=1, loc="lower right")
    a1.set_title(ctx.t("grad_trained_title"), fontsize=10)
    # an untrained plain RNN whose recurrent weights are scaled: vanishing ↔ exploding
    for k, scale in enumerate((0.5, 1.0, 2.0)):
        g = through_time.gradient_profile(through_time.scaled_recurrence(RNN, scale), x, y)
        orders = through_time.orders_of_magnitude(g)
        for key in ("orders_gained", "orders_lost"):
            ctx.metric(f"grad.scale_{round(scale * 10):02d}.{key}", orders[key])
        a2.plot(steps, g, lw=1.8, color=ctx.theme.palette[(1, 4, 5)[k]], label=ctx.t("scale_n", s=scale))
    log_y(a2)
    a2.set_xlabel(ctx.t("time_step"))
    a2.set_title(ctx.t("grad_scale_title"), fontsize=10)
    a2.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig


@figure("timing", models=[LSTM, GRU, RNN])
def timing(ctx):
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    specs = (RNN, LSTM, GRU)
    kernels = (("per_step_seconds", "kernels_portable", None),  # solid: what the book trains with
               ("per_step_onednn_seconds", "kernels_onednn", "//"))
    top = max(ctx.model(s).metrics[k] for s in specs for k, _, _ in kernels) * 1000
    for j, (key, _, hatch) in enumerate(kernels):
        for i, spec in enumerate(specs):
            ms = ctx.model(spec).metrics[key] * 1000
            y = i + (0.2 if j else -0.2)
            ax.barh(y, ms, height=0.38, color=_color(ctx, spec), hatch=hatch,
                    edgecolor=ctx.theme.ink, linewidth=0.6)
            ax.text(ms + top * 0.02, y, f"{ms:.1f} ms", va="center", fontsize=8.5)
    ax.set_yticks(range(len(specs)), [ctx.t(f"model_{s.name}") for s in specs])
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.25)
    ax.set_xlabel(ctx.t("ms_per_step"))
    swatches = [Patch(facecolor=ctx.theme.muted, edgecolor=ctx.theme.ink, hatch=hatch, label=ctx.t(label))
                for _, label, hatch in kernels]
    ax.legend(handles=swatches, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2,
              fontsize=8.5, frameon=False)
    fig.tight_layout()
    return fig


@figure("clipping", models=[s for runs in CLIP_RUNS.values() for s in runs])
def clipping(ctx):
    ctx.metric("clip.seeds", len(CLIP_SEEDS))
    ctx.metric("clip.length", CLIP_LENGTH)
    ctx.metric("clip.scale", CLIP_SCALE)
    ctx.metric("clip.norm", CLIP_NORM)
    ctx.metric("clip.lr", _CLIP["lr"])
    ctx.metric("clip.batch_size", _CLIP["batch_size"])
    ctx.metric("clip.steps", _CLIP["data_args"]["n_train"] // _CLIP["batch_size"])
    # exercise: clipping the gradient (30, 40) to norm 1, by the same torch function
    before, g0, g1 = through_time.clip_exercise(CLIP_NORM)
    ctx.metric("ex.clip_norm_before", before)
    ctx.metric("ex.clip_g0", g0)
    ctx.metric("ex.clip_g1", g1)
    runs = {clip: [ctx.model(s) for s in specs] for clip, specs in CLIP_RUNS.items()}
    for key, value in through_time.clipping_summary(runs[None], runs[CLIP_NORM]).items():
        ctx.metric(f"clip.{key}", value)
    labels = {clip: ctx.t("clip_on", c=clip) if clip else ctx.t("clip_off") for clip in CLIP_RUNS}
    return clipping_runs(ctx, runs, labels, loss_top=LOSS_TOP, clip_norm=CLIP_NORM, baseline=1 / 3)
