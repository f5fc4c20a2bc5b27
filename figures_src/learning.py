"""Figures of the chapter "신경망은 어떻게 배우는가 / How a network computes and learns"."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter

from book.experiments import backprop, descent, minibatch
from book.experiments import intro as nn1
from book.nets import numpy_mlp as nb
from book.draw import diagrams, graphs, training, worked
from book.draw.worked import fmt as _fmt
from book.experiments.intro import MNIST_16
from book.pipeline.registry import figure

LR_1D = (0.05, 0.3, 1.05)  # too small, good, too large for the cost w²
LR_2D = (0.3, 3.0, 14.0)  # the same three regimes on the real cost surface
START_2D = (-4.0, 4.0)
B3_LR = 0.02  # learning rate of the worked back-propagation example
NUMPY_LR, NUMPY_EPOCHS, NUMPY_BATCH = 1.0, 3, 100  # the NumPy listing's run (about 2 s)
# Mini-batch SGD: the same NumPy network on a 2,048-image subset, 16 passes' worth of examples
# for every batch size (batch size 1 costs most: about 5 s a seed). Learning rates set by hand
# to about the largest that trained stably in trial runs of each batch size.
SGD_SUBSET, SGD_PASSES, SGD_SEEDS = 2048, 16, (0, 1, 2)
SGD_LR = {1: 0.1, 32: 2.0, SGD_SUBSET: 4.0}


@figure("logreg_neuron")
def logreg_neuron(ctx):
    p = ctx.theme.palette
    cx, cw, cb, cn, cy = p[1], p[2], p[5], p[0], p[3]
    fig, ax = graphs.blank(6.0, 3.0)
    layers = [[{"text": "$x$", "color": cx, "below": ctx.t("input")}],
              [{"text": "σ", "color": cn, "below": ctx.t("bias_b"), "below_color": cb}],
              [{"text": "$\\hat{y}$", "color": cy, "below": ctx.t("prediction")}]]
    edges = [((0, 0), (1, 0), "$w$", cw), ((1, 0), (2, 0), "", None)]
    graphs.layered_graph(ctx, ax, layers, edges, xs=[0.12, 0.5, 0.88], radius=0.08, fontsize=13,
                         edge_fontsize=13, label_pos=0.5)
    ax.set_ylim(0.2, 0.8)
    graphs.colored_text(ax, 0.5, -0.12, [("$\\hat{y}$", cy), (" = ", ctx.theme.ink), ("σ", cn),
                                          ("(", ctx.theme.ink), ("$w$", cw), (" · ", ctx.theme.ink),
                                          ("$x$", cx), (" + ", ctx.theme.ink), ("$b$", cb),
                                          (")", ctx.theme.ink)], fontsize=16)
    return fig


@figure("net_5")
def net_5(ctx):
    p = ctx.theme.palette
    names = [ctx.t("input_layer"), ctx.t("hidden_n", n=1), ctx.t("hidden_n", n=2), ctx.t("output_layer")]
    return diagrams.network(ctx, [5, 2, 2, 1], names, colors=[p[1], p[0], p[3], p[2]], width=6.0, height=3.4)


@figure("matrix_forward")
def matrix_forward(ctx):
    model, acc = nn1.small_net()
    xi = nn1.band_data()[0][0]
    W, b, z, a = backprop.layer_product(model[0], xi)
    ctx.metric("small_net.accuracy", acc)
    ctx.metric("small_net.z1", float(z[0]))
    ctx.metric("small_net.z2", float(z[1]))
    p = ctx.theme.palette
    parts = [(W, p[0], "[W]  2×5"), (xi[:, None], p[1], "[X]  5×1"), (b[:, None], p[5], "[b]  2×1"),
             (z[:, None], p[2], "[Z]  2×1"), (a[:, None], p[3], "σ([Z])  2×1")]
    return worked.matrix_equation(ctx, parts, ["@", "+", "=", "→"])


@figure("worked_b2")
def worked_b2(ctx):
    x = np.array([1.0, -2.0, 3.0])
    cases = [("plain_sum", x, np.ones(3)), ("weighted", x, np.array([1.0, 0.5, 0.3])),
             ("weighted_flipped", -x, np.array([1.0, 0.5, 0.3]))]
    fig, axes = plt.subplots(1, 3, figsize=(10.5, 3.4))
    p = ctx.theme.palette
    for ax, (key, xs, w) in zip(axes, cases):
        z, a = nn1.neuron(xs, w)
        ctx.metric(f"b2.{key}.z", z)
        ctx.metric(f"b2.{key}.a", a)
        layers = [[{"text": _fmt(v), "color": p[2]} for v in xs],
                  [{"text": "Σ", "color": p[0], "below": f"z = {z:.1f}"}],
                  [{"text": _fmt(a), "color": p[1] if a > 0 else ctx.theme.faint,
                    "below": ctx.t("relu_out")}]]
        edges = [((0, i), (1, 0), f"×{_fmt(wi)}", None) for i, wi in enumerate(w)] + [((1, 0), (2, 0), "ReLU", None)]
        graphs.layered_graph(ctx, ax, layers, edges, xs=[0.1, 0.5, 0.88], radius=0.075, edge_fontsize=9,
                             label_pos=0.45)
        ax.set_title(ctx.t(key), fontsize=10)
    fig.tight_layout()
    return fig


@figure("collapse")
def collapse(ctx):
    x, lin, one, rel, diff, w_all, b_all = nn1.collapse_demo()
    ctx.metric("collapse.max_difference", diff)
    ctx.metric("collapse.slope", w_all)
    ctx.metric("collapse.intercept", b_all)
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.2), sharex=True)
    axes[0].plot(x, lin, lw=3, label=ctx.t("stack_linear"))
    axes[0].plot(x, one, lw=1.5, ls="--", color=ctx.theme.ink, label=ctx.t("one_matrix"))
    axes[0].set_title(ctx.t("without_activation"))
    axes[1].plot(x, rel, lw=2.5, color=ctx.theme.palette[1], label=ctx.t("stack_relu"))
    axes[1].set_title(ctx.t("with_relu"))
    for ax in axes:
        ax.set_xlabel(ctx.t("input_x"))
        ax.legend(frameon=False, fontsize=8)
    axes[0].set_ylabel(ctx.t("output"))
    fig.tight_layout()
    return fig


@figure("losses")
def losses(ctx):
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.3))
    yhat = np.linspace(0, 6, 301)
    axes[0].plot(yhat, (yhat - 3) ** 2, lw=2.2)
    axes[0].axvline(3, color=ctx.theme.muted, lw=0.8, ls=":")
    axes[0].set_title(ctx.t("mse_title"))
    axes[0].set_xlabel(ctx.t("prediction_target3"))
    axes[0].set_ylabel(ctx.t("loss"))
    pr = np.linspace(0.005, 1, 400)
    axes[1].plot(pr, -np.log(pr), lw=2.2, label=ctx.t("cross_entropy"))
    axes[1].plot(pr, (1 - pr) ** 2, lw=2.2, ls="--", label=ctx.t("squared_error"))
    axes[1].set_title(ctx.t("ce_title"))
    axes[1].set_xlabel(ctx.t("prob_true"))
    axes[1].legend(frameon=False)
    for q in (0.5, 0.1, 0.01):
        ctx.metric(f"ce.at_{q}", float(-np.log(q)))
        ctx.metric(f"se.at_{q}", float((1 - q) ** 2))
    fig.tight_layout()
    return fig


@figure("gd_quadratic")
def gd_quadratic(ctx):
    w = np.linspace(-3.6, 3.6, 300)
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ax.plot(w, w ** 2, lw=2.2, color=ctx.theme.ink)
    colors = ctx.theme.palette
    for k, w0 in enumerate((3, 2, 1, 0, -1)):
        slope = 2 * w0
        ctx.metric(f"quadratic.slope_at_{w0}", slope)
        t = np.linspace(w0 - 0.8, w0 + 0.8, 2)
        ax.plot(t, w0 ** 2 + slope * (t - w0), color=colors[k % len(colors)], lw=2)
        ax.plot([w0], [w0 ** 2], "o", color=colors[k % len(colors)])
        ax.annotate(ctx.t("slope_eq", s=slope), (w0, w0 ** 2), textcoords="offset points",
                    xytext=(-14 if w0 > 0 else 8, 10 if w0 else -18), ha="right" if w0 > 0 else "left",
                    fontsize=9, color=colors[k % len(colors)])
    ax.set_xlabel("$w$")
    ax.set_ylabel(ctx.t("loss_w2"))
    ax.set_ylim(-1.2, 12)
    fig.tight_layout()
    return fig


@figure("gd_lr_1d")
def gd_lr_1d(ctx):
    steps = 20
    fig, ax = plt.subplots(figsize=(6.8, 3.6))
    for lr, name in zip(LR_1D, ("too_small", "good", "too_large")):
        path = nn1.descend_1d(lambda w: 2 * w, 3.0, lr, steps)
        ctx.metric(f"gd1d.{name}.lr", lr)
        ctx.metric(f"gd1d.{name}.final_w", float(path[-1]))
        ctx.metric(f"gd1d.{name}.steps_to_0_01", descent.steps_to_within(path, 0.0, 0.01))
        ax.plot(range(steps + 1), path, "o-", ms=3.5, lw=1.5, label=ctx.t(f"lr_{name}", lr=lr))
    ax.axhline(0, color=ctx.theme.muted, lw=0.8)
    ax.set_ylim(-12, 12)
    ax.set_xlabel(ctx.t("step"))
    ax.set_ylabel("$w$")
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


@figure("gd_surface")
def gd_surface(ctx):
    x, y, mean, std, W, B, C = descent.cost_surface()
    i = np.unravel_index(C.argmin(), C.shape)
    ctx.metric("surface.n", len(y))
    ctx.metric("surface.min_cost", float(C.min()))
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    cs = ax.contourf(W, B, C, levels=25, cmap="viridis", alpha=0.9)
    cb = fig.colorbar(cs, ax=ax)
    cb.set_label(ctx.t("cost"))
    cb.outline.set_edgecolor(ctx.theme.muted)
    colors = ["#ffffff", "#E69F00", "#CC79A7"]
    for (lr, name), color in zip(zip(LR_2D, ("too_small", "good", "too_large")), colors):
        path, cost, acc = descent.descent_run(x, y, START_2D, lr, 40)
        ctx.metric(f"gd2d.{name}.lr", lr)
        ctx.metric(f"gd2d.{name}.final_cost", cost)
        ctx.metric(f"gd2d.{name}.accuracy", acc)
        ax.plot(path[:, 0], path[:, 1], "o-" if name != "too_large" else "o--", ms=3, lw=1.4, color=color,
                label=ctx.t(f"lr_{name}", lr=lr))
    ax.plot(*START_2D, "s", color="#ffffff", ms=8, mec="black")
    ax.plot(W[i], B[i], "*", color="#ffffff", ms=14, mec="black")
    ax.set_xlim(-6, 6)
    ax.set_ylim(-6, 6)
    ax.set_xlabel(ctx.t("weight_w"))
    ax.set_ylabel(ctx.t("bias_b_axis"))
    ax.legend(frameon=True, fontsize=8, loc="lower right", facecolor=ctx.theme.page, framealpha=0.9)
    fig.tight_layout()
    return fig


@figure("lr_sweep")
def lr_sweep(ctx):
    lrs = np.geomspace(0.03, 30, 31)
    sweep = descent.lr_sweep(START_2D, lrs, 40)
    for key in ("best_lr", "best_cost", "good_lo", "good_hi"):
        ctx.metric(f"sweep.{key}", sweep[key])
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    ax.plot(lrs, sweep["final"], "o-", ms=3.5)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # no mathtext minus signs
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(ctx.t("learning_rate"))
    ax.set_ylabel(ctx.t("cost_after", n=40))
    ax.axhline(float(descent.cost_surface()[-1].min()), color=ctx.theme.muted, ls=":", lw=1)
    fig.tight_layout()
    return fig


def _b3_fig(ctx, step, title, gradients=False):
    """The worked example at step 0 (before) or 1 (after one step of gradient descent)."""
    return worked.backprop_example(ctx, nn1.b3_train(B3_LR, 1)[step], nn1.B3["x"], nn1.B3["target"],
                                   gradients=gradients, title=title)


@figure("b3_forward")
def b3_forward(ctx):
    return _b3_fig(ctx, 0, ctx.t("b3_forward"))


@figure("b3_backward")
def b3_backward(ctx):
    g, autograd_gap = backprop.worked_example_gradients()
    ctx.metric("b3.autograd_max_difference", autograd_gap)
    for key in ("y_hat", "loss", "d_yhat"):
        ctx.metric(f"b3.{key}", float(g[key]))
    for j in range(2):
        ctx.metric(f"b3.h{j + 1}", float(g["h"][j]))
        ctx.metric(f"b3.d_v{j + 1}", float(g["d_v"][j]))
        ctx.metric(f"b3.d_h{j + 1}", float(g["d_h"][j]))
        for k in range(2):
            ctx.metric(f"b3.d_w{j + 1}{k + 1}", float(g["d_W1"][j, k]))
    return _b3_fig(ctx, 0, ctx.t("b3_backward"), gradients=True)


@figure("b3_after")
def b3_after(ctx):
    steps = nn1.b3_train(B3_LR, 1)
    W1n, vn, gn = steps[1]
    ctx.metric("b3.lr", B3_LR)
    ctx.metric("b3.after.y_hat", float(gn["y_hat"]))
    ctx.metric("b3.after.loss", float(gn["loss"]))
    for j in range(2):
        ctx.metric(f"b3.after.v{j + 1}", float(vn[j]))
    return _b3_fig(ctx, 1, ctx.t("b3_after", lr=B3_LR))


@figure("b3_curve")
def b3_curve(ctx):
    n = 25
    steps = nn1.b3_train(B3_LR, n)
    yh = np.array([s[2]["y_hat"] for s in steps])
    ctx.metric("b3.steps_to_0_01", descent.steps_to_within(yh, nn1.B3["target"], 0.01))
    ctx.metric("b3.final_y_hat", float(yh[-1]))
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    ax.plot(range(n + 1), yh, "o-", ms=3.5, label=ctx.t("prediction"))
    ax.axhline(nn1.B3["target"], color=ctx.theme.highlight, ls="--", lw=1.2, label=ctx.t("target"))
    ax.set_xlabel(ctx.t("step"))
    ax.set_ylabel("$\\hat{y}$")
    ax.legend(frameon=False)
    fig.tight_layout()
    return fig


@figure("blame", models=[MNIST_16])
def blame(ctx):
    model = ctx.model(MNIST_16).model
    xi, label, img = backprop.first_mistake(model)
    g = nn1.blame(model, xi, label)
    order = np.argsort(g["activation"])
    ctx.metric("blame.label", label)
    ctx.metric("blame.predicted", g["predicted"])
    ctx.metric("blame.loss", g["loss"])
    for key, value in backprop.blame_statistics(g).items():
        ctx.metric(f"blame.{key}", value)
    fig = plt.figure(figsize=(9.6, 3.6))
    ax0 = fig.add_axes([0.0, 0.2, 0.16, 0.6])
    ax0.imshow(img, cmap="gray")
    ax0.set_axis_off()
    ax0.set_title(ctx.t("blame_image", t=label, p=g["predicted"]), fontsize=9)
    panels = [("activation", "blame_activation"), ("d_out_weights", "blame_out"), ("d_activation", "blame_neuron")]
    for k, (key, title) in enumerate(panels):
        ax = fig.add_axes([0.22 + k * 0.27, 0.18, 0.22, 0.66])
        ax.bar(range(16), g[key][order], color=ctx.theme.palette[k])
        ax.set_title(ctx.t(title), fontsize=9)
        ax.set_xticks([])
        ax.set_xlabel(ctx.t("neurons_sorted"), fontsize=8)
    return fig


@figure("training_curves", models=[MNIST_16])
def training_curves(ctx):
    net = ctx.model(MNIST_16)
    h = net.history
    ep = [r["epoch"] for r in h]
    ctx.metric("curves.start_accuracy", h[0]["test_accuracy"])
    ctx.metric("curves.after_first_log", h[1]["test_accuracy"])
    ctx.metric("curves.first_log_epoch", h[1]["epoch"])
    ctx.metric("curves.log_points", len(h))
    ctx.metric("train.batch_size", MNIST_16.batch_size)
    ctx.metric("train.lr", MNIST_16.lr)
    ctx.metric("train.log_every", MNIST_16.extra["log_every"])
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 3.4))
    axes[0].plot(ep[1:], [r["train_loss"] for r in h[1:]], "o-", ms=3, label=ctx.t("train_loss"))
    axes[0].plot(ep, [r["test_loss"] for r in h], "s-", ms=3, label=ctx.t("test_loss"))
    axes[0].set_ylim(bottom=0)
    axes[0].set_ylabel(ctx.t("loss_ce"))
    axes[1].plot(ep, [100 * r["test_accuracy"] for r in h], "o-", ms=3, color=ctx.theme.palette[2])
    axes[1].set_ylabel(ctx.t("test_accuracy_pct"))
    axes[1].set_ylim(0, 100)
    for ax in axes:
        ax.set_xlabel(ctx.t("epoch"))
        ax.grid(True, lw=0.5)
    axes[0].legend(frameon=False)
    fig.tight_layout()
    return fig


@figure("numpy_training")
def numpy_training(ctx):
    params, losses, acc, n_test = backprop.numpy_run(NUMPY_LR, NUMPY_BATCH, NUMPY_EPOCHS)
    steps_per_epoch = len(losses) // NUMPY_EPOCHS
    ctx.metric("numpy.lr", NUMPY_LR)
    ctx.metric("numpy.epochs", NUMPY_EPOCHS)
    ctx.metric("numpy.batch_size", NUMPY_BATCH)
    ctx.metric("numpy.steps", len(losses))
    ctx.metric("numpy.steps_per_epoch", steps_per_epoch)
    ctx.metric("numpy.first_loss", float(losses[0]))
    ctx.metric("numpy.last_epoch_loss", float(losses[-steps_per_epoch:].mean()))
    ctx.metric("numpy.test_accuracy", acc)
    ctx.metric("numpy.test_error_rate", 1.0 - acc)
    ctx.metric("numpy.test_errors", int(round((1.0 - acc) * n_test)))
    ctx.metric("numpy.test_images", n_test)
    # the largest backprop/finite-difference gap lies below 10^exponent (rounded up: a bound, not 0.0)
    ctx.metric("numpy.gradient_check_exponent", int(np.ceil(np.log10(backprop.gradient_check()))))
    p, grad, loss = backprop.softmax_exercise((2.0, 1.0, 0.0))
    for j in range(3):
        ctx.metric(f"ex.softmax_p{j}", p[j])
        ctx.metric(f"ex.grad_z{j}", grad[j])
    ctx.metric("ex.loss_true0", loss)
    for layer, (W, b) in enumerate(params, start=1):
        ctx.metric(f"ex.params_layer{layer}", int(W.size + b.size))
    ctx.metric("ex.sigmoid_slope_max", float(nb.sigmoid(0.0) * (1 - nb.sigmoid(0.0))))
    window = 50
    ctx.metric("numpy.smooth_window", window)
    smooth = backprop.moving_average(losses, window)
    fig, ax = plt.subplots(figsize=(6.8, 3.3))
    ax.plot(np.arange(1, len(losses) + 1), losses, lw=0.6, alpha=0.45, label=ctx.t("numpy_step_loss"))
    ax.plot(np.arange(window, len(losses) + 1), smooth, lw=2.0, color=ctx.theme.palette[1],
            label=ctx.t("numpy_mean_loss", n=window))
    for e in range(1, NUMPY_EPOCHS):
        ax.axvline(e * steps_per_epoch, color=ctx.theme.muted, lw=0.8, ls=":")
    ax.set_ylim(0, float(losses.max()) * 1.05)
    ax.set_xlabel(ctx.t("step"))
    ax.set_ylabel(ctx.t("loss_ce"))
    ax.legend(frameon=False)
    fig.tight_layout()
    return fig


@figure("minibatch_sgd")
def minibatch_sgd(ctx):
    runs = minibatch.runs_by_batch_size(SGD_SUBSET, SGD_PASSES, SGD_SEEDS, tuple(SGD_LR.items()))
    ctx.metric("sgd.subset", SGD_SUBSET)
    ctx.metric("sgd.examples", SGD_PASSES * SGD_SUBSET)
    ctx.metric("sgd.passes", SGD_PASSES)
    ctx.metric("sgd.seeds", len(SGD_SEEDS))
    for b, seeds in runs.items():
        key = "full" if b == SGD_SUBSET else f"b{b}"
        ctx.metric(f"sgd.{key}.batch_size", b)
        ctx.metric(f"sgd.{key}.lr", SGD_LR[b])
        ctx.metric(f"sgd.{key}.steps", seeds[0].steps)
        # train_seconds is a timing: differs between machines, kept out of the reproduction test by its suffix
        for name, value in minibatch.final_loss_spread(seeds).items():
            ctx.metric(f"sgd.{key}.{name}", value)
    labels = {b: ctx.t("sgd_full", b=b) if b == SGD_SUBSET else ctx.t("sgd_batch", b=b) for b in runs}
    return training.loss_by_examples_and_time(ctx, runs, labels, examples_label=ctx.t("examples_seen"),
                                              seconds_label=ctx.t("wall_seconds"),
                                              loss_label=ctx.t("train_subset_loss", n=f"{SGD_SUBSET:,}"))
