"""Figures of the chapter "배치 정규화와 합성곱 신경망 / Batch normalization and convolutional
networks" (after Appendix B.5–B.6 of the Korean ML book in ../shared/sources)."""
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from book.experiments import cnn_anatomy as anatomy
from book.draw import cnn as draw_cnn
from book.draw import grids, matrices
from book.experiments.cnn_anatomy import EXAMPLE_FILTER as FILTER, EXAMPLE_IMAGE as IMAGE
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

DIGIT_INDEX = 0  # the first test image (a 7)
TOP_K = 6  # images shown per second-layer channel


# ------------------------------------------------------------------ batch normalization


@figure("bn_layers", kind="png", models=[DEEP_PLAIN, DEEP_BN])
def bn_layers(ctx):
    _, test = data_for(DEEP_PLAIN)
    x = test.x[:1000]
    rows = []
    for spec in (DEEP_PLAIN, DEEP_BN):
        start = anatomy.sigmoid_inputs(build(spec), x)  # the seeded initialization training began from
        end = anatomy.sigmoid_inputs(ctx.model(spec).model, x)
        for layer, (a, b) in enumerate(zip(start, end), start=1):
            for key, value in anatomy.input_statistics(a, b).items():
                ctx.metric(f"{spec.name}.layer{layer}_{key}", value)
        rows.append((start, end))
    ctx.metric("deep_sigmoid.batch_size", DEEP_PLAIN.batch_size)
    return draw_cnn.input_histograms(ctx, rows, row_labels=[ctx.t("without_bn"), ctx.t("with_bn")],
                                     start_label=ctx.t("at_start"), end_label=ctx.t("after_training"),
                                     title=lambda n: ctx.t("layer_n", n=n), xlabel=ctx.t("sigmoid_input"))


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
    conv, *_ = anatomy.worked_example()
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
    conv, *_ = anatomy.worked_example()
    ctx.metric("example.conv_sum", float(conv.sum()))
    ctx.metric("example.conv_max", float(conv.max()))
    return _conv_step(ctx, 3, 3)


def _pool(ctx, which):
    conv, mx, avg, _ = anatomy.worked_example()
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
    _, mx, _, flat = anatomy.worked_example()
    fig, ax = matrices.canvas(8.5, 6.4)
    matrices.matrix(ax, ctx, mx, (0.2, 2.0), blocks=(1, 1), title=ctx.t("pooled_2x2"))
    matrices.arrow(ax, ctx, (2.8, 3.0), (5.2, 3.0), ctx.t("flatten"))
    matrices.matrix(ax, ctx, flat[:, None], (6.0, 1.0), blocks=(1, 1), title=ctx.t("vector"))
    ctx.metric("example.flat_length", len(flat))
    return fig


@figure("conv_stride_pad")
def conv_stride_pad(ctx):
    """The same image and filter with padding 1 (stride 1) and with stride 2 (no padding)."""
    padded, with_pad, with_stride = anatomy.stride_pad_example()
    n, k = IMAGE.shape[0], FILTER.shape[0]
    ctx.metric("example.pad1_size", with_pad.shape[0])
    ctx.metric("example.stride2_size", with_stride.shape[0])
    ctx.metric("example.formula_pad1", anatomy.conv_output_size(n, k, padding=1))
    ctx.metric("example.formula_stride2", anatomy.conv_output_size(n, k, stride=2))
    # exercises: a 16-filter 3×3 layer on RGB images, and the padding that keeps 28×28 at 28×28
    rgb = anatomy.parameter_breakdown(torch.nn.Conv2d(3, 16, 3))[0]
    ctx.metric("ex.rgb_conv_weights", rgb["weights"])
    ctx.metric("ex.rgb_conv_params", rgb["weights"] + rgb["biases"])
    ctx.metric("ex.same_padding_k5", anatomy.same_padding(28, 5))
    fig, ax = matrices.canvas(28.0, 9.6)
    matrices.matrix(ax, ctx, padded, (0.2, 1.6), box=(0, 0, k, k), title=ctx.t("padded_input"), vmax=2)
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
    maps, pooled = anatomy.first_layer_maps(model, x)
    ctx.metric("cnn.digit_label", int(test.y[DIGIT_INDEX]))
    ctx.metric("cnn.map_size", maps.shape[-1])
    ctx.metric("cnn.pooled_size", pooled.shape[-1])
    return draw_cnn.first_layer_maps(ctx, x[0, 0].numpy(), maps, pooled, image_title=ctx.t("input_digit"),
                                     map_title=lambda n: ctx.t("map_n", n=n), pooled_label=ctx.t("after_pooling"))


@figure("cnn_conv2", kind="png", models=[CNN])
def cnn_conv2(ctx):
    """Second convolution layer: its maps for the test digit, and per channel the test images
    it responds to most strongly, each with the window of input pixels that strongest unit sees."""
    model = ctx.model(CNN).model
    _, test = data_for(CNN)
    r = anatomy.conv2_responses(model, test.x, test.y, DIGIT_INDEX, TOP_K)
    maps, dead, same = r["maps"], r["dead"], r["same"]
    kernel = CNN.arch_args["kernel"]
    ctx.metric("cnn.conv2_channels", maps.shape[0])
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
        ctx.metric(f"cnn.conv2_one_digit.{i}.digit", int(r["labels"][0, c]))
    ctx.metric("cnn.conv2_digit_strongest_channel", r["strongest"] + 1)
    ctx.metric("cnn.conv2_digit_strongest_top_digit", r["strongest_top_digit"])
    ctx.metric("cnn.conv2_digit_strongest_top_count", r["strongest_top_count"])
    return draw_cnn.strongest_images(ctx, r, test.x, kernel, TOP_K, channel_title=lambda n: ctx.t("channel_n", n=n),
                                     dead_label=ctx.t("never_active"),
                                     maps_label=ctx.t("map_of_digit", d=int(test.y[DIGIT_INDEX])),
                                     images_label=ctx.t("strongest_images"))


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
