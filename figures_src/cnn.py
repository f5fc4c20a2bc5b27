"""Figures of the chapter "배치 정규화와 합성곱 신경망 / Batch normalization and convolutional
networks" (after Appendix B.5–B.6 of the Korean ML book in ../shared/sources)."""
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from book.experiments import cnn_anatomy as anatomy
from book.draw import grids, matrices
from book.nets.cnn import activation_inputs
from book.pipeline.registry import figure
from book.nets.train import Spec, build, data_for

# B.5: a deep sigmoid MLP, and the same with batch normalization before every activation.
_DEEP = dict(data="mnist", arch="deep_mlp", epochs=1, batch_size=100, lr=0.05, momentum=0.9,
             trainer="classify_logged", extra={"log_every": 20, "probe": 500, "limit": 30_000})
DEEP_PLAIN = Spec("deep_sigmoid", arch_args={"depth": 6, "width": 100, "act": "sigmoid", "bn": False}, **_DEEP)
DEEP_BN = Spec("deep_sigmoid_bn", arch_args={"depth": 6, "width": 100, "act": "sigmoid", "bn": True}, **_DEEP)
DRIFT_LAYERS = (1, 3, 6)

# B.6: a small CNN and two MLP baselines, trained the same way (1 epoch of 60,000 images, Adam).
# --8<-- [start:spec]
_MNIST = dict(data="mnist", epochs=1, batch_size=100, lr=3e-3, optimizer="adam",
              trainer="classify_logged", extra={"log_every": 50})
CNN = Spec("cnn", arch="small_cnn", arch_args={"channels": [6, 12], "kernel": 5}, flat=False, **_MNIST)
MLP_SMALL = Spec("mlp_16_16", arch="mlp", arch_args={"in_dim": 784, "out_dim": 10, "hidden": [16, 16]}, **_MNIST)
MLP_WIDE = Spec("mlp_100", arch="mlp", arch_args={"in_dim": 784, "out_dim": 10, "hidden": [100]}, **_MNIST)
COMPARED = (MLP_SMALL, MLP_WIDE, CNN)
# --8<-- [end:spec]

IMAGE = torch.tensor([[0, 1, 0, 0, 1], [1, 0, 1, 0, 2], [0, 1, 0, 0, 0], [0, 0, 2, 0, 1],
                      [1, 0, 1, 0, 0]], dtype=torch.float32)
FILTER = torch.tensor([[1, 0], [0, 1]], dtype=torch.float32)
DIGIT_INDEX = 0  # the first test image (a 7)
TOP_K = 6  # images shown per second-layer channel


def _example():
    """The worked example computed by torch: conv2d is cross-correlation (the filter is not
    flipped), then 2×2 max and average pooling, then flattening of the max-pooled map."""
    conv = F.conv2d(IMAGE[None, None], FILTER[None, None])[0, 0]
    mx = F.max_pool2d(conv[None, None], 2)[0, 0]
    avg = F.avg_pool2d(conv[None, None], 2)[0, 0]
    return conv.numpy(), mx.numpy(), avg.numpy(), torch.flatten(mx).numpy()


# ------------------------------------------------------------------ batch normalization


def _inputs_per_layer(model, x):
    """What enters each sigmoid, in training mode (BN uses the batch's own statistics)."""
    model.train()
    out = [a.numpy() for a in activation_inputs(model, x)]  # one N×width array per layer
    model.eval()
    return out


@figure("bn_layers", kind="png", models=[DEEP_PLAIN, DEEP_BN])
def bn_layers(ctx):
    _, test = data_for(DEEP_PLAIN)
    x = test.x[:1000]
    specs = (DEEP_PLAIN, DEEP_BN)
    fig, axes = plt.subplots(2, 6, figsize=(11, 4.2), sharey="row")
    for row, spec in enumerate(specs):
        start = _inputs_per_layer(build(spec), x)  # the seeded initialization training began from
        end = _inputs_per_layer(ctx.model(spec).model, x)
        for layer, ax in enumerate(axes[row]):
            lo = min(np.percentile(start[layer], 0.5), np.percentile(end[layer], 0.5))
            hi = max(np.percentile(start[layer], 99.5), np.percentile(end[layer], 99.5))
            bins = np.linspace(lo, hi, 40)
            ax.hist(start[layer].ravel(), bins=bins, density=True, histtype="step", lw=1.4,
                    color=ctx.theme.muted, label=ctx.t("at_start"))
            ax.hist(end[layer].ravel(), bins=bins, density=True, alpha=0.75, color=ctx.theme.palette[row],
                    label=ctx.t("after_training"))
            ax.axvline(0, color=ctx.theme.faint, lw=0.8, zorder=0)
            ax.set_yticks([])
            ax.tick_params(labelsize=7)
            if row == 0:
                ax.set_title(ctx.t("layer_n", n=layer + 1), fontsize=9)
            key = f"{spec.name}.layer{layer + 1}"
            ctx.metric(f"{key}_start_std", float(start[layer].std()))
            ctx.metric(f"{key}_end_std", float(end[layer].std()))
            ctx.metric(f"{key}_end_mean", float(end[layer].mean()))
            # how much one neuron's input varies from image to image (not from neuron to neuron)
            ctx.metric(f"{key}_end_image_std", float(end[layer].std(0).mean()))
        axes[row][0].set_ylabel(ctx.t("without_bn" if row == 0 else "with_bn"), fontsize=9)
    axes[0][-1].legend(fontsize=7, loc="upper right", frameon=False)
    ctx.metric("deep_sigmoid.batch_size", DEEP_PLAIN.batch_size)
    fig.supxlabel(ctx.t("sigmoid_input"), fontsize=9)
    fig.tight_layout(pad=0.4)
    return fig


@figure("bn_drift", models=[DEEP_PLAIN, DEEP_BN])
def bn_drift(ctx):
    fig, axes = plt.subplots(2, len(DRIFT_LAYERS), figsize=(8.5, 4.6), sharex=True)
    for row, spec in enumerate((DEEP_PLAIN, DEEP_BN)):
        rows = [h for h in ctx.model(spec).history if "act_p50" in h]
        steps = [h["step"] for h in rows]
        for ax, layer in zip(axes[row], DRIFT_LAYERS):
            i = layer - 1
            p15, p50, p85 = ([h[k][i] for h in rows] for k in ("act_p15", "act_p50", "act_p85"))
            color = ctx.theme.palette[row]
            ax.fill_between(steps, p15, p85, color=color, alpha=0.3, lw=0)
            ax.plot(steps, p50, color=color, lw=1.8)
            ax.axhline(0, color=ctx.theme.muted, lw=0.6)
            if row == 0:
                ax.set_title(ctx.t("layer_n", n=layer), fontsize=10)
            if row == 1:
                ax.set_xlabel(ctx.t("step"))
        axes[row][0].set_ylabel(ctx.t("without_bn" if row == 0 else "with_bn"))
    fig.tight_layout()
    return fig


@figure("bn_curves", models=[DEEP_PLAIN, DEEP_BN])
def bn_curves(ctx):
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for spec, label in ((DEEP_PLAIN, "without_bn"), (DEEP_BN, "with_bn")):
        trained = ctx.model(spec)
        rows = [h for h in trained.history if "step" in h and h["step"] > 0]
        acc = trained.metrics["test_accuracy"]
        ax.plot([h["step"] for h in rows], [h["train_loss"] for h in rows], lw=2,
                label=f"{ctx.t(label)} — {ctx.t('test_accuracy')} {acc:.1%}")
    ax.axhline(np.log(10), color=ctx.theme.muted, lw=0.8, ls="--")
    ax.text(150, np.log(10) - 0.08, ctx.t("chance_loss"), fontsize=8, color=ctx.theme.muted, va="top",
            ha="center")
    ax.set_xlabel(ctx.t("step"))
    ax.set_ylabel(ctx.t("train_loss"))
    ax.set_ylim(0, 2.7)
    ax.legend(frameon=False, fontsize=9, loc="center right")
    fig.tight_layout()
    return fig


# ------------------------------------------------------- the worked convolution example


@figure("conv_input")
def conv_input(ctx):
    fig, ax = matrices.canvas(9.5, 6.2)
    img, filt = IMAGE.numpy(), FILTER.numpy()
    matrices.matrix(ax, ctx, img, (0.2, 1), title=ctx.t("image_5x5"), vmax=2)
    matrices.matrix(ax, ctx, filt, (7.0, 2.5), title=ctx.t("filter_2x2"), vmax=2)
    return fig


def _conv_step(ctx, r, c):
    conv, *_ = _example()
    img, filt = IMAGE.numpy(), FILTER.numpy()
    fig, ax = matrices.canvas(16.5, 7.4)
    matrices.matrix(ax, ctx, img, (0.2, 1), box=(r, c, 2, 2), title=ctx.t("image"), vmax=2)
    matrices.symbol(ax, ctx, (6.2, 3.5), "⋆")
    matrices.matrix(ax, ctx, filt, (7.0, 2.5), box=(0, 0, 2, 2), title=ctx.t("filter"), vmax=2)
    matrices.symbol(ax, ctx, (10.0, 3.5), "=")
    order = np.arange(16).reshape(4, 4)
    matrices.matrix(ax, ctx, conv, (11.3, 1.5), box=(r, c, 1, 1), hide=order > r * 4 + c,
                    title=ctx.t("result_4x4"), vmax=3)
    window = img[r:r + 2, c:c + 2]
    terms = " + ".join(f"{int(a)}×{int(b)}" for a, b in zip(window.flat, filt.flat))
    ax.text(8.25, 6.9, f"{terms} = {matrices.fmt_number(conv[r, c])}", ha="center", fontsize=11,
            color=ctx.theme.ink)
    ctx.metric(f"example.conv_{r}_{c}", float(conv[r, c]))
    return fig


@figure("conv_step_first")
def conv_step_first(ctx):
    return _conv_step(ctx, 0, 0)


@figure("conv_step_second")
def conv_step_second(ctx):
    return _conv_step(ctx, 0, 1)


@figure("conv_step_last")
def conv_step_last(ctx):
    conv, *_ = _example()
    ctx.metric("example.conv_sum", float(conv.sum()))
    ctx.metric("example.conv_max", float(conv.max()))
    return _conv_step(ctx, 3, 3)


def _pool(ctx, which):
    conv, mx, avg, _ = _example()
    out = mx if which == "max" else avg
    fig, ax = matrices.canvas(10.5, 5.6)
    matrices.matrix(ax, ctx, conv, (0.2, 1.0), blocks=(2, 2), title=ctx.t("result_4x4"))
    matrices.arrow(ax, ctx, (4.6, 3.0), (6.6, 3.0), ctx.t(f"pool_{which}"))
    matrices.matrix(ax, ctx, out, (7.2, 2.0), blocks=(1, 1), title=ctx.t("pooled_2x2"))
    for (r, c), v in np.ndenumerate(out):
        ctx.metric(f"example.{which}_{r}_{c}", float(v))
    return fig


@figure("pool_max")
def pool_max(ctx):
    return _pool(ctx, "max")


@figure("pool_avg")
def pool_avg(ctx):
    return _pool(ctx, "avg")


@figure("flatten")
def flatten(ctx):
    _, mx, _, flat = _example()
    fig, ax = matrices.canvas(8.5, 6.4)
    matrices.matrix(ax, ctx, mx, (0.2, 2.0), blocks=(1, 1), title=ctx.t("pooled_2x2"))
    matrices.arrow(ax, ctx, (2.8, 3.0), (5.2, 3.0), ctx.t("flatten"))
    matrices.matrix(ax, ctx, flat[:, None], (6.0, 1.0), blocks=(1, 1), title=ctx.t("vector"))
    ctx.metric("example.flat_length", len(flat))
    return fig


@figure("conv_stride_pad")
def conv_stride_pad(ctx):
    """The same image and filter with padding 1 (stride 1) and with stride 2 (no padding)."""
    padded = F.pad(IMAGE, (1, 1, 1, 1))
    with_pad = F.conv2d(IMAGE[None, None], FILTER[None, None], padding=1)[0, 0].numpy()
    with_stride = F.conv2d(IMAGE[None, None], FILTER[None, None], stride=2)[0, 0].numpy()
    n, k = IMAGE.shape[0], FILTER.shape[0]
    ctx.metric("example.pad1_size", with_pad.shape[0])
    ctx.metric("example.stride2_size", with_stride.shape[0])
    ctx.metric("example.formula_pad1", anatomy.conv_output_size(n, k, padding=1))
    ctx.metric("example.formula_stride2", anatomy.conv_output_size(n, k, stride=2))
    # exercises: a 16-filter 3×3 layer on RGB images, and the padding that keeps 28×28 at 28×28
    rgb = anatomy.parameter_breakdown(torch.nn.Conv2d(3, 16, 3))[0]
    ctx.metric("ex.rgb_conv_weights", rgb["weights"])
    ctx.metric("ex.rgb_conv_params", rgb["weights"] + rgb["biases"])
    ctx.metric("ex.same_padding_k5", next(p for p in range(5) if anatomy.conv_output_size(28, 5, padding=p) == 28))
    fig, ax = matrices.canvas(28.0, 9.6)
    matrices.matrix(ax, ctx, padded.numpy(), (0.2, 1.6), box=(0, 0, k, k), title=ctx.t("padded_input"), vmax=2)
    ax.add_patch(Rectangle((1.2, 2.6), n, n, fill=False, ls="--", lw=1.6, edgecolor=ctx.theme.ink))
    matrices.arrow(ax, ctx, (7.6, 5.1), (9.4, 5.1), ctx.t("conv_pad1"))
    matrices.matrix(ax, ctx, with_pad, (9.8, 2.1), box=(0, 0, 1, 1), title=ctx.t("result_n", n=len(with_pad)), vmax=3)
    matrices.matrix(ax, ctx, IMAGE.numpy(), (17.2, 2.6), box=(0, 2, k, k), title=ctx.t("image_5x5"), vmax=2)
    matrices.arrow(ax, ctx, (22.7, 5.1), (25.1, 5.1), ctx.t("conv_stride2"))
    matrices.matrix(ax, ctx, with_stride, (25.6, 4.1), box=(0, 1, 1, 1), title=ctx.t("result_n", n=len(with_stride)), vmax=3)
    return fig


# ------------------------------------------------------------------ a real small CNN


@figure("cnn_compare", models=list(COMPARED))
def cnn_compare(ctx):
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(8.4, 3.2))
    names = [ctx.t(f"model_{s.name}") for s in COMPARED]
    metrics = [ctx.model(s).metrics for s in COMPARED]
    colors = [ctx.theme.palette[i] for i in (4, 1, 2)]
    acc = [m["test_accuracy"] * 100 for m in metrics]
    params = [m["parameters"] for m in metrics]
    a1.barh(names, acc, color=colors)
    a1.set_xlim(min(acc) - 3, 100)
    a1.set_xlabel(ctx.t("test_accuracy_pct"))
    for y, v in enumerate(acc):
        a1.text(v - 0.1, y, f"{v:.1f}%", ha="right", va="center", fontsize=9, color="black")
    a2.barh(names, params, color=colors)
    a2.set_xlabel(ctx.t("parameters"))
    a2.set_yticks([])
    for y, v in enumerate(params):
        a2.text(v + max(params) * 0.02, y, f"{v:,}", va="center", fontsize=9)
    a2.set_xlim(0, max(params) * 1.25)
    fig.tight_layout()
    return fig


@figure("cnn_filters", kind="png", models=[CNN])
def cnn_filters(ctx):
    model = ctx.model(CNN).model
    w = model[0].weight.detach()[:, 0].numpy()
    for i, f in enumerate(w, start=1):  # what the caption describes: the sign pattern of each filter
        ctx.metric(f"cnn.filter{i}_positive_cells", int((f > 0).sum()))
    ctx.metric("cnn.filter_cells", int(w[0].size))
    for row in anatomy.parameter_breakdown(model):  # where the parameter count comes from
        ctx.metric(f"cnn.params.{row['kind'].lower()}_{row['layer']}.weights", row["weights"])
        ctx.metric(f"cnn.params.{row['kind'].lower()}_{row['layer']}.biases", row["biases"])
        ctx.metric(f"cnn.params.{row['kind'].lower()}_{row['layer']}.total", row["weights"] + row["biases"])
    ctx.metric("cnn.conv2_in_channels", int(model[3].weight.shape[1]))
    ctx.metric("cnn.flat_length", int(model[7].weight.shape[1]))
    titles = [ctx.t("filter_n", n=i + 1) for i in range(len(w))]
    return grids.weight_templates(ctx, w, titles, shape=w.shape[1:], ncols=len(w), cell=1.3)


@figure("cnn_feature_maps", kind="png", models=[CNN])
def cnn_feature_maps(ctx):
    model = ctx.model(CNN).model
    _, test = data_for(CNN)
    x = test.x[DIGIT_INDEX:DIGIT_INDEX + 1]
    with torch.no_grad():
        maps = model[1](model[0](x))[0].numpy()  # conv1 then ReLU: 6 maps of 24×24
        pooled = model[2](model[1](model[0](x)))[0].numpy()
    ctx.metric("cnn.digit_label", int(test.y[DIGIT_INDEX]))
    ctx.metric("cnn.map_size", maps.shape[-1])
    ctx.metric("cnn.pooled_size", pooled.shape[-1])
    n = len(maps)
    fig, axes = plt.subplots(2, n + 1, figsize=(1.45 * (n + 1), 3.3))
    for ax in axes.flat:
        ax.set_axis_off()
    axes[0][0].imshow(x[0, 0].numpy(), cmap="gray_r")
    axes[0][0].set_title(ctx.t("input_digit"), fontsize=8)
    for i in range(n):
        axes[0][i + 1].imshow(maps[i], cmap="viridis")
        axes[0][i + 1].set_title(ctx.t("map_n", n=i + 1), fontsize=8)
        axes[1][i + 1].imshow(pooled[i], cmap="viridis")
    axes[1][0].text(0.5, 0.5, ctx.t("after_pooling"), ha="center", va="center", fontsize=8,
                    transform=axes[1][0].transAxes)
    fig.tight_layout(pad=0.3)
    return fig


@figure("cnn_conv2", kind="png", models=[CNN])
def cnn_conv2(ctx):
    """Second convolution layer: its maps for the test digit, and per channel the test images
    it responds to most strongly, each with the window of input pixels that strongest unit sees."""
    model = ctx.model(CNN).model
    _, test = data_for(CNN)
    upto_conv2 = model[:5]  # conv → ReLU → pool → conv → ReLU
    with torch.no_grad():
        maps = upto_conv2(test.x[DIGIT_INDEX:DIGIT_INDEX + 1])[0].numpy()
    order, peaks, where = anatomy.top_activating(upto_conv2, test.x, TOP_K)
    kernel = CNN.arch_args["kernel"]
    channels = maps.shape[0]
    dead = [c for c in range(channels) if float(peaks[0, c]) == 0.0]
    labels = test.y[order].numpy()  # TOP_K × channels
    same = [c for c in range(channels) if c not in dead and len(set(labels[:, c])) == 1]
    ctx.metric("cnn.conv2_channels", channels)
    ctx.metric("cnn.conv2_map_size", maps.shape[-1])
    ctx.metric("cnn.conv2_pooled_size", anatomy.conv_output_size(maps.shape[-1], 2, stride=2))
    ctx.metric("cnn.conv2_window", anatomy.receptive_field(0, 0, kernel)[2])
    ctx.metric("cnn.conv2_dead_channels", len(dead))
    ctx.metric("cnn.conv2_dead_channel", dead[0] + 1 if dead else 0)
    ctx.metric("cnn.conv2_top_k", TOP_K)
    ctx.metric("cnn.conv2_one_digit_channels", len(same))
    ctx.metric("cnn.conv2_digit_silent_maps", int(sum(float(m.max()) == 0.0 for m in maps)))
    for i, c in enumerate(same, start=1):
        ctx.metric(f"cnn.conv2_one_digit.{i}.channel", c + 1)
        ctx.metric(f"cnn.conv2_one_digit.{i}.digit", int(labels[0, c]))
    strongest = int(maps.reshape(channels, -1).max(1).argmax())  # the channel the test digit excites most
    digits, counts = np.unique(labels[:, strongest], return_counts=True)
    ctx.metric("cnn.conv2_digit_strongest_channel", strongest + 1)
    ctx.metric("cnn.conv2_digit_strongest_top_digit", int(digits[counts.argmax()]))
    ctx.metric("cnn.conv2_digit_strongest_top_count", int(counts.max()))
    fig, axes = plt.subplots(TOP_K + 1, channels, figsize=(0.78 * channels + 0.6, 0.8 * (TOP_K + 1) + 0.4))
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ax.spines.values():
            side.set_visible(False)
    vmax = float(maps.max())
    for c in range(channels):
        axes[0][c].imshow(maps[c], cmap="viridis", vmin=0, vmax=vmax)
        axes[0][c].set_title(ctx.t("channel_n", n=c + 1), fontsize=7)
        for r in range(TOP_K):
            ax = axes[r + 1][c]
            if c in dead:
                if r == 0:
                    ax.text(0.5, 0.5, ctx.t("never_active"), ha="center", va="top", fontsize=7,
                            transform=ax.transAxes, color=ctx.theme.ink)
                continue
            ax.imshow(test.x[order[r, c], 0].numpy(), cmap="gray_r")
            top, left, size = anatomy.receptive_field(*where[r, c].tolist(), kernel)
            ax.add_patch(Rectangle((left - 0.5, top - 0.5), size, size, fill=False, lw=1.2,
                                   edgecolor=ctx.theme.highlight))
    axes[0][0].set_ylabel(ctx.t("map_of_digit", d=int(test.y[DIGIT_INDEX])), fontsize=7)
    axes[1][0].set_ylabel(ctx.t("strongest_images"), fontsize=7)
    fig.tight_layout(pad=0.2, h_pad=0.15, w_pad=0.15)
    return fig


@figure("bn_layer_learning", models=[DEEP_PLAIN, DEEP_BN])
def bn_layer_learning(ctx):
    """How much each layer of the two deep networks learns: the size of its weight gradient at
    the start of training, and how far training moved its weights."""
    train_split, _ = data_for(DEEP_PLAIN)
    x, y = train_split.x[:1000], train_split.y[:1000]
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.2), sharex=True)
    for row, (spec, label) in enumerate(((DEEP_PLAIN, "without_bn"), (DEEP_BN, "with_bn"))):
        start, trained = build(spec), ctx.model(spec).model
        grads = anatomy.weight_gradient_norms(build(spec), x, y)
        change = anatomy.relative_weight_change(start, trained)
        layers = np.arange(1, len(change) + 1)
        for i, (g, w) in enumerate(zip(grads, change), start=1):
            ctx.metric(f"{spec.name}.layer{i}_start_grad_norm", g)
            ctx.metric(f"{spec.name}.layer{i}_weight_change", w)
        color, marker = ctx.theme.palette[row], "os"[row]
        axes[0].plot(layers, grads, color=color, marker=marker, lw=1.8, label=ctx.t(label))
        axes[1].plot(layers, change, color=color, marker=marker, lw=1.8, label=ctx.t(label))
    for ax, title in zip(axes, ("start_grad_norm", "weight_change")):
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # the font has no mathtext minus
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_title(ctx.t(title), fontsize=10)
        ax.set_xticks(layers, [ctx.t("layer_short", n=n) for n in layers[:-1]] + [ctx.t("output_short")])
        ax.grid(True, lw=0.5, alpha=0.5)
    axes[0].legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig
