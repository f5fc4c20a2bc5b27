"""Training runs drawn side by side, several seeds per setting: loss against the examples seen
and against wall time (the mini-batch comparison of the learning chapter), loss and gradient
norm of runs with and without gradient clipping (the recurrent networks chapter)."""
from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, NullFormatter

PLAIN_LOG = FuncFormatter(lambda v, _: f"{v:g}")  # 0.001, not mathtext 10^-3 (no U+2212 glyph)


def log_y(ax):
    """A log-scaled y axis labelled with plain numbers, minor ticks unlabelled."""
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(PLAIN_LOG)
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))


def loss_by_examples_and_time(ctx, runs: dict, labels: dict, *, examples_label: str, seconds_label: str,
                              loss_label: str):
    """Left: loss against examples seen; right: the same against training seconds (log scale).

    runs: {setting: [runs with .examples, .seconds and .loss, one per seed]}, up to three
    settings, each in its own colour and line style; labels: {setting: legend text}."""
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 3.4), sharey=True)
    for i, (setting, seeds) in enumerate(runs.items()):
        color, style = ctx.theme.palette[(0, 1, 2)[i]], ("-", "--", ":")[i]
        for j, r in enumerate(seeds):
            for ax, x in ((axes[0], r.examples), (axes[1], r.seconds[1:])):
                y = r.loss if ax is axes[0] else r.loss[1:]
                ax.plot(x, y, color=color, ls=style, lw=1.8, alpha=0.85,
                        label=labels[setting] if j == 0 and ax is axes[0] else None)
    axes[0].set_xlabel(examples_label)
    axes[1].set_xlabel(seconds_label)
    axes[1].set_xscale("log")
    axes[0].set_ylabel(loss_label)
    for ax in axes:
        ax.set_yscale("log")
        ax.grid(True, lw=0.5, which="both", alpha=0.5)
    for axis in (axes[0].yaxis, axes[1].xaxis):  # plain numbers: the font has no mathtext minus
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_minor_formatter(NullFormatter())
    axes[0].legend(frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def clipping_runs(ctx, runs: dict, labels: dict, *, loss_top: float, clip_norm: float, baseline: float):
    """Left: training loss, right: gradient norm, per step, for the runs without clipping
    (runs[None], red, an × where each stopped being finite) and with it (runs[clip_norm]).

    runs: {clip: [trained models with .history and .metrics, one per seed]}; labels: {clip:
    legend text}; baseline: the loss of always guessing zero."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.6))
    for clip, trained in runs.items():
        color = ctx.theme.palette[0 if clip else 5]
        for k, run in enumerate(trained):
            rows = [h for h in run.history if "step" in h]
            steps = [h["step"] for h in rows]
            for ax, key in ((a1, "train_loss"), (a2, "grad_norm")):
                ax.plot(steps, [h[key] for h in rows], lw=1.2, color=color, alpha=0.85,
                        ls=("-", "--", ":")[k], label=labels[clip] if k == 0 else None)
                if not clip:  # where training stopped being finite: on the top edge
                    at = (run.metrics["diverged_at"], loss_top) if ax is a1 else (steps[-1], rows[-1][key])
                    ax.plot(*at, "x", ms=9, mew=2,
                            color=color, clip_on=False, zorder=5)
    a1.axhline(baseline, color=ctx.theme.muted, ls="--", lw=1)
    a1.text(200, baseline * 1.5, ctx.t("guess_zero"), fontsize=8, color=ctx.theme.muted, ha="right")
    a1.set_ylim(3e-3, loss_top)  # the diverging losses pass 10^30 before NaN: cut at the top edge
    a2.axhline(clip_norm, color=ctx.theme.muted, ls="--", lw=1, label=ctx.t("clip_threshold"))
    a2.legend(handles=a2.get_legend_handles_labels()[0][-1:], frameon=False, fontsize=8, loc="upper right")
    for ax, title, ylabel in ((a1, "clip_loss_title", "train_mse"), (a2, "clip_norm_title", "grad_norm_total")):
        log_y(ax)
        ax.set_title(ctx.t(title), fontsize=10)
        ax.set_xlabel(ctx.t("step"))
        ax.set_ylabel(ctx.t(ylabel))
    a1.legend(frameon=False, fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig
