"""Figures of the chapter "신경망이란 무엇인가 / What is a neural network" (after 3Blue1Brown)."""
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import Circle, Rectangle

from book.data import mnist_arrays
from book.draw import diagrams, graphs, grids
from book.experiments.intro import MNIST_16, layer_activations, relu, sigmoid, weight_count
from book.experiments.intro import neuron as one_neuron  # `neuron` is the name of a figure below
from book.pipeline.registry import figure

THREES = 10  # how many handwritten 3s to show
EXAMPLE = 0  # the first test 3 that the network reads correctly is the running example


def _threes():
    images, labels = mnist_arrays("test")
    idx = np.flatnonzero(labels == 3)
    return images, idx


@figure("three_digits", kind="png")
def three_digits(ctx):
    images, idx = _threes()
    return grids.image_grid(ctx, images[idx[:THREES]], ncols=THREES, cell=0.9)


@figure("digit_pixels", kind="png")
def digit_pixels(ctx):
    images, idx = _threes()
    img = images[idx[0]] / 255.0
    r0, c0, n = 4, 10, 8
    ctx.metric("digit.min", float(img.min()))
    ctx.metric("digit.max", float(img.max()))
    fig, (a, b) = plt.subplots(1, 2, figsize=(8.4, 4.0), gridspec_kw={"width_ratios": [1, 1.15]})
    a.imshow(img, cmap="gray", vmin=0, vmax=1)
    a.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), n, n, fill=False, edgecolor=ctx.theme.highlight, lw=2))
    a.set_title(ctx.t("pixels_title"))
    a.set_xticks([0, 27]), a.set_yticks([0, 27])
    crop = img[r0:r0 + n, c0:c0 + n]
    b.imshow(crop, cmap="gray", vmin=0, vmax=1)
    for i in range(n):
        for j in range(n):
            b.text(j, i, f"{crop[i, j]:.1f}", ha="center", va="center", fontsize=8,
                   color="black" if crop[i, j] > 0.5 else "white")
    b.set_title(ctx.t("crop_title"))
    b.set_axis_off()
    for side in b.spines.values():
        side.set_edgecolor(ctx.theme.highlight)
    fig.tight_layout()
    return fig


def _exercise_metrics(ctx):
    """Numbers for the exercises at the end of the chapter."""
    from book.nets.mlp import mlp, parameter_count

    ctx.metric("ex.params_784_32_10", parameter_count(mlp(784, 10, (32,))))
    x, w = np.array([1.0, -2.0, 3.0]), np.array([1.0, 0.5, 0.3])  # the source's worked example
    for tag, b in (("b0", 0.0), ("bm1", -1.0)):
        for act in (sigmoid, relu):
            z, a = one_neuron(x, w, b, act=act)
            ctx.metric(f"ex.neuron_{tag}.{act.__name__}", a)
        ctx.metric(f"ex.neuron_{tag}.z", z)
    ctx.metric("train.batch_size", MNIST_16.batch_size)
    ctx.metric("ex.two_sigmoid_layers_slope", float((sigmoid(0.0) * (1 - sigmoid(0.0))) ** 2))


@figure("network", models=[MNIST_16])
def network(ctx):
    _exercise_metrics(ctx)
    net = ctx.model(MNIST_16)
    ctx.metric("data.train_images", len(mnist_arrays("train")[1]))
    ctx.metric("data.test_images", len(mnist_arrays("test")[1]))
    sizes = [net.model[0].in_features] + [m.out_features for m in net.model if hasattr(m, "out_features")]
    labels = {(len(sizes) - 1, i): d for i, d in enumerate(ctx.t.list("digits"))}
    names = [ctx.t("input_layer"), ctx.t("hidden_1"), ctx.t("hidden_2"), ctx.t("output_layer")]
    return diagrams.network(ctx, sizes, names, node_labels=labels, max_nodes=12, width=7.0, height=4.6)


def _example(ctx):
    """The running example: the first test 3 the trained network gets right."""
    net = ctx.model(MNIST_16)
    images, idx = _threes()
    for i in idx:
        acts = layer_activations(net.model, torch.from_numpy(images[i].reshape(-1) / 255.0).float())
        if acts[-1].argmax() == 3:
            return net, images[i], acts
    raise RuntimeError("the network reads no test 3 correctly")


@figure("activations", models=[MNIST_16])
def activations(ctx):
    net, img, acts = _example(ctx)
    counts = weight_count(net.model)
    for i, (w, b) in enumerate(zip(counts["weights"], counts["biases"]), 1):
        ctx.metric(f"params.weights_{i}", w)
        ctx.metric(f"params.biases_{i}", b)
    ctx.metric("params.weights", sum(counts["weights"]))
    ctx.metric("params.biases", sum(counts["biases"]))
    ctx.metric("params.total", counts["total"])
    ctx.metric("example.answer", int(acts[-1].argmax()))
    ctx.metric("example.confidence", float(acts[-1].max()))
    ctx.metric("example.runner_up", int(np.argsort(acts[-1])[-2]))
    ctx.metric("example.runner_up_p", float(np.sort(acts[-1])[-2]))
    fig = plt.figure(figsize=(8.2, 4.6))
    ax_img = fig.add_axes([0.0, 0.2, 0.26, 0.6])
    ax_img.imshow(img, cmap="gray")
    ax_img.set_axis_off()
    ax_img.set_title(ctx.t("input_784"), fontsize=10)
    ax = fig.add_axes([0.28, 0.0, 0.72, 1.0])
    ax.set_axis_off()
    cols = [acts[1], acts[2], acts[3]]
    titles = [ctx.t("hidden_1"), ctx.t("hidden_2"), ctx.t("output_layer")]
    cmap = plt.get_cmap("gray")
    xs = [0.12, 0.45, 0.78]
    centres = []
    for col, x in zip(cols, xs):
        ys = np.linspace(0.9, 0.1, len(col))
        centres.append(list(zip([x] * len(col), ys)))
    for a, b in zip(centres, centres[1:]):
        for xa, ya in a:
            for xb, yb in b:
                ax.plot([xa, xb], [ya, yb], color=ctx.theme.muted, lw=0.3, alpha=0.35)
    best = int(cols[-1].argmax())
    for li, (col, pts, title) in enumerate(zip(cols, centres, titles)):
        for k, (v, (x, y)) in enumerate(zip(col, pts)):
            ring = ctx.theme.highlight if li == 2 and k == best else ctx.theme.ink
            ax.add_patch(Circle((x, y), 0.022, facecolor=cmap(float(v)), edgecolor=ring,
                                lw=2.5 if ring != ctx.theme.ink else 0.8, zorder=2, transform=ax.transData))
            if li == 2:
                ax.text(x + 0.04, y, f"{k}: {v:.2f}", va="center", fontsize=8,
                        color=ctx.theme.highlight if k == best else ctx.theme.ink,
                        fontweight="bold" if k == best else "normal")
        ax.text(pts[0][0], 0.99, title, ha="center", va="top", fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    cax = fig.add_axes([0.3, 0.02, 0.3, 0.025])
    cb = fig.colorbar(plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(0, 1)), cax=cax, orientation="horizontal")
    cb.set_label(ctx.t("activation"), fontsize=8)
    cb.outline.set_edgecolor(ctx.theme.muted)
    return fig


@figure("hidden_weights", kind="png", models=[MNIST_16])
def hidden_weights(ctx):
    net = ctx.model(MNIST_16)
    w = net.model[0].weight.detach().numpy()
    return grids.weight_templates(ctx, w, [ctx.t("hidden_n", n=i + 1) for i in range(len(w))], ncols=8, cell=1.1)


@figure("neuron")
def neuron(ctx):
    p = ctx.theme.palette
    fig, ax = graphs.blank(6.4, 3.2)
    layers = [[{"text": f"$x_{i}$", "color": p[1]} for i in (1, 2, 3)],
              [{"text": "Σ | σ", "color": p[0], "below": "$+\\,b$"}],
              [{"text": "$a$", "color": p[2]}]]
    edges = [((0, i), (1, 0), f"$w_{i + 1}$", p[0]) for i in range(3)] + [((1, 0), (2, 0), "", None)]
    graphs.layered_graph(ctx, ax, layers, edges, radius=0.075, xs=[0.1, 0.5, 0.9])
    ax.set_ylim(0.0, 1.0)
    ax.set_xlim(0, 1)
    ax.text(0.5, -0.04, "$a = \\sigma(w_1x_1 + w_2x_2 + w_3x_3 + b)$", ha="center", va="top", fontsize=13,
            transform=ax.transAxes)
    return fig


@figure("activation_functions")
def activation_functions(ctx):
    z = np.linspace(-6, 6, 601)
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.2), sharey=False)
    s = sigmoid(z)
    curves = [(axes[0], ctx.t("sigmoid"), s, s * (1 - s)),
              (axes[1], ctx.t("relu"), relu(z), (z > 0).astype(float))]
    for ax, name, f, df in curves:
        ax.axhline(0, color=ctx.theme.muted, lw=0.6)
        ax.axvline(0, color=ctx.theme.muted, lw=0.6)
        ax.plot(z, f, lw=2.2, label=name)
        ax.plot(z, df, lw=1.8, ls="--", label=ctx.t("derivative"))
        ax.set_title(name)
        ax.set_xlabel("$z$")
        ax.legend(frameon=False, loc="upper left")
    axes[1].set_ylim(-0.3, 3)
    axes[0].set_ylim(-0.1, 1.1)
    ctx.metric("sigmoid.max_slope", float((s * (1 - s)).max()))
    fig.tight_layout()
    return fig


def _stroke(ctx, sizes):
    labels = {(0, i): t for i, t in enumerate(ctx.t.list("stroke_inputs"))}
    labels[(len(sizes) - 1, 0)] = ctx.t("stroke_output")
    names = [ctx.t("input_layer")] + [ctx.t("hidden_n_layer", n=i) for i in range(1, len(sizes) - 1)] \
        + [ctx.t("output_layer")]
    p = ctx.theme.palette
    colors = [p[2]] + [p[0]] * (len(sizes) - 2) + [p[1]]
    return diagrams.network(ctx, sizes, names, node_labels=labels, colors=colors, width=6.0, height=3.0)


@figure("stroke_single")
def stroke_single(ctx):
    return _stroke(ctx, [3, 3, 1])


@figure("stroke_deep")
def stroke_deep(ctx):
    return _stroke(ctx, [3, 4, 4, 1])
