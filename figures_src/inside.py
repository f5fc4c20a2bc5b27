"""Figures of the chapter "신경망의 내부 / Looking inside a neural network" (after ml4a)."""
import numpy as np

from book.data import cifar10_arrays, mnist_arrays
from book.nets import subsets  # noqa: F401  (registers the data "first_images" of the depth runs)
from book.draw import anatomy, confusion, diagrams, grids
from book.experiments.inspect import (HESITANT_BELOW, cell_champions, cifar_hwc, diverging_rgb, image_base64,
                               pick_mistakes, png_base64)
from book.nets.mlp import linear_layers, predict_proba
from book.pipeline.registry import figure
from book.experiments.convergence import levelling
from book.experiments.seed_spread import beats, spread
from book.nets.train import Spec, data_for

# The 1-layer network: 784 pixels straight into 10 softmax outputs (softmax regression).
# A little weight decay keeps pixels that never see ink near zero, so the templates are
# less noisy (mean correlation with "class mean − overall mean" 0.61 → 0.70 in a sweep),
# and lr 0.5 → 0.1 gave 0.77 at about the same accuracy (91.9% → 91.6%).
MNIST_LINEAR = Spec("mnist_linear", data="mnist", arch="mlp", arch_args={"in_dim": 784, "out_dim": 10},
                    epochs=5, batch_size=200, lr=0.2, weight_decay=1e-3)
# 784 → 10 → 10: one hidden layer of ten neurons, small enough to draw every weight.
MNIST_HIDDEN = Spec("mnist_hidden10", data="mnist", arch="mlp",
                    arch_args={"in_dim": 784, "out_dim": 10, "hidden": [10]}, epochs=8, lr=0.1)
CIFAR_LINEAR = Spec("cifar_linear", data="cifar10", arch="mlp", arch_args={"in_dim": 3072, "out_dim": 10},
                    epochs=5, lr=0.01)
# --8<-- [start:depth]
# Depth experiment: 1, 2 or 3 layers (0, 1 or 2 hidden layers of 32 ReLU neurons), one recipe
# for every depth (Adam, batch 100), each trained from three seeds (initial weights and batch
# order) on the first training images of each set and tested on its whole test set. Subset and
# epochs: what lets every run level off within the chapter's training budget (see CONVERGED).
DEPTH_SEEDS = (0, 1, 2)
DEPTH_HIDDEN = {1: [], 2: [32], 3: [32, 32]}
DEPTH_DATA = {"mnist": {"in_dim": 784, "train_images": 10_000, "epochs": 15},
              "cifar10": {"in_dim": 3072, "train_images": 5_000, "epochs": 20}}
TREND_EPOCHS = 10  # "levelled off": over the last ten epochs the test accuracy rose by no more
CONVERGED = 0.002  # than 0.2 percentage points per epoch (least-squares slope, mean over the seeds)


def depth_spec(data: str, layers: int, seed: int) -> Spec:
    d = DEPTH_DATA[data]
    return Spec(f"depth_{data}_{layers}_s{seed}", data="first_images",
                data_args={"name": data, "n": d["train_images"]}, arch="mlp",
                arch_args={"in_dim": d["in_dim"], "out_dim": 10, "hidden": DEPTH_HIDDEN[layers]},
                epochs=d["epochs"], batch_size=100, optimizer="adam", lr=1e-3, seed=seed)


DEPTH_MODELS = {(d, n, s): depth_spec(d, n, s) for d in DEPTH_DATA for n in DEPTH_HIDDEN for s in DEPTH_SEEDS}
# --8<-- [end:depth]
ALL_MODELS = [MNIST_LINEAR, MNIST_HIDDEN, CIFAR_LINEAR, *DEPTH_MODELS.values()]
EXAMPLE_DIGIT = 0  # the analogy figures use the first test image of this digit


def _linear_weights(ctx):
    layer = ctx.model(MNIST_LINEAR).model[-1]
    return layer.weight.detach().numpy(), layer.bias.detach().numpy()


def _test_probs(ctx, spec):
    _, test = data_for(spec)
    return test.y.numpy(), predict_proba(ctx.model(spec).model, test.x).numpy()


def _percent(p):
    return ">99.9%" if p > 0.999 else f"{100 * p:.1f}%"


# ---------------------------------------------------------------- the 1-layer network

@figure("network_1layer")
def network_1layer(ctx):
    labels = {(1, i): d for i, d in enumerate(ctx.t.list("digits"))}
    return diagrams.network(ctx, [784, 10], [ctx.t("input_layer"), ctx.t("output_layer")],
                            node_labels=labels, max_nodes=12)


def _example(ctx):
    images, labels = mnist_arrays("test")
    i = int(np.flatnonzero(labels == EXAMPLE_DIGIT)[0])
    w, b = _linear_weights(ctx)
    x = images[i].reshape(-1) / 255.0
    z = w @ x + b
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    ctx.metric("analogy.index", i)
    ctx.metric("analogy.z", float(z[EXAMPLE_DIGIT]))
    ctx.metric("analogy.prob", float(p[EXAMPLE_DIGIT]))
    note = ctx.t("z_note", d=EXAMPLE_DIGIT, p=_percent(p[EXAMPLE_DIGIT]))
    return x, w[EXAMPLE_DIGIT], float(b[EXAMPLE_DIGIT]), note


# SVG, not PNG: its ~600 antialiased coloured lines make a 260 KB PNG, the SVG is ~32 KB gzipped.
@figure("weights_unrolled", models=[MNIST_LINEAR])
def weights_unrolled(ctx):
    x, w, b, note = _example(ctx)
    return anatomy.unrolled_neuron(ctx, x, w, b, z_label=note, pixels_label=ctx.t("input_digit"),
                                   weights_label=ctx.t("weight"))


@figure("weights_rolled", kind="png", models=[MNIST_LINEAR])
def weights_rolled(ctx):
    x, w, b, note = _example(ctx)
    return anatomy.rolled_product(ctx, x, w, b, titles=ctx.t.list("rolled_titles"), z_label=note)


@figure("weights_zero", kind="png", models=[MNIST_LINEAR])
def weights_zero(ctx):
    w, _ = _linear_weights(ctx)
    return grids.weight_templates(ctx, w[:1], [ctx.t("zero_neuron_title")], ncols=1, cell=3.0)


@figure("weights_all", kind="png", models=[MNIST_LINEAR])
def weights_all(ctx):
    w, _ = _linear_weights(ctx)
    titles = [ctx.t("neuron_for", d=d) for d in ctx.t.list("digits")]
    return grids.weight_templates(ctx, w, titles, ncols=5)


# ---------------------------------------------------------------- mistakes

@figure("mistakes", kind="png", models=[MNIST_LINEAR])
def mistakes(ctx):
    y, probs = _test_probs(ctx, MNIST_LINEAR)
    images, _ = mnist_arrays("test")
    picked = pick_mistakes(y, probs, n=6)
    rows = []
    for kind in ("hesitant", "confident"):
        idx = picked[kind]
        first = idx[0]
        ctx.metric(f"mistakes.{kind}_true", int(y[first]))
        ctx.metric(f"mistakes.{kind}_pred", int(probs[first].argmax()))
        ctx.metric(f"mistakes.{kind}_prob", float(probs[first].max()))
        titles = [ctx.t("mistake_title", t=int(y[i]), p=int(probs[i].argmax()), q=_percent(probs[i].max()))
                  for i in idx]
        rows.append((ctx.t(f"mistakes_{kind}", q=f"{100 * HESITANT_BELOW:.0f}%"), images[idx], titles))
    ctx.metric("mistakes.total", int((probs.argmax(1) != y).sum()))
    ctx.metric("mistakes.hesitant_below", HESITANT_BELOW)  # the rule, for the prose
    return anatomy.labelled_rows(ctx, rows)


# ---------------------------------------------------------------- confusion matrices

@figure("confusion_linear", models=[MNIST_LINEAR])
def confusion_linear(ctx):
    y, probs = _test_probs(ctx, MNIST_LINEAR)
    cm = confusion.confusion_matrix(y, probs.argmax(1), 10)
    ctx.metric("mnist_linear.test_correct", int(cm.trace()))
    ctx.metric("mnist_linear.test_total", int(cm.sum()))
    ctx.metric("mnist_linear.batch_size", MNIST_LINEAR.batch_size)  # for the prose
    ctx.metric("mnist_linear.learning_rate", MNIST_LINEAR.lr)
    off = cm.copy()
    off[range(10), range(10)] = 0
    worst = divmod(int(off.argmax()), 10)
    ctx.metric("mnist_linear.worst_true", worst[0])
    ctx.metric("mnist_linear.worst_predicted", worst[1])
    ctx.metric("mnist_linear.worst_count", int(off.max()))
    ctx.metric("mnist_linear.empty_cells", int((cm == 0).sum()))
    return confusion.draw_confusion(ctx, cm, ctx.t.list("digits"))


@figure("confusion_samples", kind="png", models=[MNIST_LINEAR])
def confusion_samples(ctx):
    y, probs = _test_probs(ctx, MNIST_LINEAR)
    images, _ = mnist_arrays("test")
    return anatomy.samples_by_cell(ctx, images, cell_champions(y, probs), ctx.t.list("digits"))


def _confusion_demo(ctx, spec, images, labels, *, k, encode, mime, px):
    """Counts of every cell and its `k` most confident test images, for inside.js."""
    y, probs = _test_probs(ctx, spec)
    cm = confusion.confusion_matrix(y, probs.argmax(1), 10)
    best = cell_champions(y, probs, k=k)
    cells = [[[{"png": encode(images[i]), "p": round(float(probs[i].max()), 3)}
               for i in best.get((t, p), [])] for p in range(10)] for t in range(10)]
    return {"labels": labels, "counts": cm.tolist(), "cells": cells, "mime": mime, "k": k, "px": px,
            "text": {k: ctx.t(f"demo_{k}") for k in ("cell", "none", "prob", "true", "pred", "hint")}}


@figure("confusion_demo", kind="json", models=[MNIST_LINEAR])
def confusion_demo(ctx):
    images, _ = mnist_arrays("test")
    return _confusion_demo(ctx, MNIST_LINEAR, images, ctx.t.list("digits"), k=3,
                           encode=lambda img: png_base64(255 - img), mime="image/png", px=56)


# ---------------------------------------------------------------- CIFAR-10

@figure("cifar_samples", kind="png")
def cifar_samples(ctx):
    images, labels = cifar10_arrays("train")
    idx = np.random.default_rng(0).choice(len(images), 30, replace=False)
    names = ctx.t.list("cifar10_classes")
    return grids.image_grid(ctx, images[idx], [names[labels[i]] for i in idx], ncols=10, cell=0.8)


@figure("cifar_weights", kind="png", models=[CIFAR_LINEAR])
def cifar_weights(ctx):
    w = linear_layers(ctx.model(CIFAR_LINEAR).model)[-1].weight.detach().numpy()
    return grids.weight_templates(ctx, cifar_hwc(w), ctx.t.list("cifar10_classes"), shape=(32, 32, 3),
                                  ncols=5, colorbar=False)


@figure("confusion_cifar", models=[CIFAR_LINEAR])
def confusion_cifar(ctx):
    y, probs = _test_probs(ctx, CIFAR_LINEAR)
    cm = confusion.confusion_matrix(y, probs.argmax(1), 10)
    recall = cm.diagonal() / cm.sum(1)
    names = ctx.t.list("cifar10_classes")
    ctx.metric("cifar_linear.best_class", int(recall.argmax()))
    ctx.metric("cifar_linear.best_recall", float(recall.max()))
    ctx.metric("cifar_linear.worst_class", int(recall.argmin()))
    ctx.metric("cifar_linear.worst_recall", float(recall.min()))
    ctx.metric("cifar_linear.cat_as_dog", int(cm[3, 5]))
    ctx.metric("cifar_linear.test_correct", int(cm.trace()))
    return confusion.draw_confusion(ctx, cm, names)


@figure("confusion_cifar_demo", kind="json", models=[CIFAR_LINEAR])
def confusion_cifar_demo(ctx):
    # two photos per cell as WebP: three PNGs per cell would make the page about 1 MB heavier
    images, _ = cifar10_arrays("test")
    return _confusion_demo(ctx, CIFAR_LINEAR, images, ctx.t.list("cifar10_classes"), k=2,
                           encode=lambda img: image_base64(img, "WEBP", quality=80), mime="image/webp", px=64)


# ---------------------------------------------------------------- one hidden layer

def _hidden_weights(ctx):
    first, last = linear_layers(ctx.model(MNIST_HIDDEN).model)
    w1, w2 = first.weight.detach().numpy(), last.weight.detach().numpy()
    for d in (0, 1):
        order = np.argsort(-w2[d], kind="stable")
        ctx.metric(f"hidden.class{d}_top", int(order[0]) + 1)
        ctx.metric(f"hidden.class{d}_second", int(order[1]) + 1)
        ctx.metric(f"hidden.class{d}_bottom", int(order[-1]) + 1)
    three = int(w2[3].argmax())  # the prose discusses the hidden neuron class 3 relies on most
    ctx.metric("hidden.class3_top", three + 1)
    ctx.metric("hidden.class0_to_class3_top", float(w2[0, three]))
    # ...and the reverse question: which class gives that neuron its largest weight
    ctx.metric("hidden.class3_top_favourite", int(w2[:, three].argmax()))
    return w1, w2


@figure("network_hidden")
def network_hidden(ctx):
    labels = {(2, i): d for i, d in enumerate(ctx.t.list("digits"))}
    return diagrams.network(ctx, [784, 10, 10], [ctx.t("input_layer"), ctx.t("hidden_layer"),
                                                 ctx.t("output_layer")], node_labels=labels, max_nodes=12)


@figure("hidden_weights", kind="png", models=[MNIST_HIDDEN])
def hidden_weights(ctx):
    w1, w2 = _hidden_weights(ctx)
    return anatomy.hidden_layer(ctx, w1, w2, class_labels=ctx.t.list("digits"),
                                hidden_titles=[ctx.t("hidden_short", j=j + 1) for j in range(len(w1))])


@figure("hidden_demo", kind="json", models=[MNIST_HIDDEN])
def hidden_demo(ctx):
    w1, w2 = _hidden_weights(ctx)
    limit = float(np.abs(w1).max())
    return {"classes": ctx.t.list("digits"),
            "hidden": [png_base64(diverging_rgb(row.reshape(28, 28), limit)) for row in w1],
            "w2": np.round(w2, 3).tolist(),
            "text": {k: ctx.t(f"hdemo_{k}") for k in ("class", "neuron", "class_detail", "neuron_detail",
                                                      "prefers", "avoids")}}


# ---------------------------------------------------------------- depth

def _depth_results(ctx, data: str, layers: int) -> tuple[list, float, float]:
    """Per-seed test accuracies of one depth, their mean trend and jitter (all written to the metrics)."""
    runs = [ctx.model(DEPTH_MODELS[data, layers, seed]) for seed in DEPTH_SEEDS]
    acc = [r.metrics["test_accuracy"] for r in runs]
    key = f"depth.{data}_{layers}"
    for stat, value in spread(acc).items():
        ctx.metric(f"{key}.{stat}", value)
    ctx.metric(f"{key}.parameters", runs[0].metrics["parameters"])
    # has training levelled off? (means over the seeds; the trend over the last TREND_EPOCHS)
    level = levelling([[row["test_accuracy"] for row in r.history] for r in runs], TREND_EPOCHS)
    for stat, value in level.items():
        ctx.metric(f"{key}.{stat}", value)
    return acc, level["trend"], level["jitter"]


@figure("depth", models=ALL_MODELS)
def depth(ctx):
    results = {(d, n): _depth_results(ctx, d, n) for d in DEPTH_DATA for n in DEPTH_HIDDEN}
    acc = {k: a for k, (a, _, _) in results.items()}
    ctx.metric("depth.trend_epochs", TREND_EPOCHS)
    ctx.metric("depth.converged_below", CONVERGED)
    ctx.metric("depth.max_trend", max(t for _, t, _ in results.values()))
    ctx.metric("depth.hidden_width", DEPTH_HIDDEN[2][0])
    for d in DEPTH_DATA:
        ctx.metric(f"depth.{d}.epochs", DEPTH_DATA[d]["epochs"])
        ctx.metric(f"depth.{d}.train_images", DEPTH_DATA[d]["train_images"])
        ctx.metric(f"depth.{d}.jitter_min", min(results[d, n][2] for n in DEPTH_HIDDEN))
        ctx.metric(f"depth.{d}.jitter_max", max(results[d, n][2] for n in DEPTH_HIDDEN))
        for deeper, shallower in ((2, 1), (3, 2), (3, 1)):
            # 1 when every seed of the deeper network beat every seed of the shallower one
            ctx.metric(f"depth.{d}_{deeper}_beats_{shallower}", int(beats(acc[d, deeper], acc[d, shallower])))
            ctx.metric(f"depth.{d}_{shallower}_beats_{deeper}", int(beats(acc[d, shallower], acc[d, deeper])))
    ctx.metric("depth.seeds", len(DEPTH_SEEDS))
    ctx.metric("depth.runs", len(DEPTH_MODELS))
    recipe = next(iter(DEPTH_MODELS.values()))  # the same for every run; the prose quotes it
    ctx.metric("depth.learning_rate", recipe.lr)
    ctx.metric("depth.batch_size", recipe.batch_size)
    ctx.metric("depth.train_seconds", round(sum(ctx.model(s).metrics["train_seconds"]
                                                for s in DEPTH_MODELS.values()), 2))
    ctx.metric("all.train_seconds", round(sum(ctx.model(s).metrics["train_seconds"] for s in ALL_MODELS), 2))
    ctx.metric("all.models", len(ALL_MODELS))
    return anatomy.accuracy_by_depth(ctx, ["MNIST", "CIFAR-10"], ctx.t.list("depth_labels"),
                                     [[acc[d, n] for n in DEPTH_HIDDEN] for d in DEPTH_DATA],
                                     ylabel=ctx.t("test_accuracy"), seed_label=ctx.t("depth_seed"),
                                     range_label=ctx.t("depth_range"))


# ---------------------------------------------------------------- draw a digit (docs/assets/js/draw_digit.js)
# (imported here, not at the top, so this section stays one block)
from book.demos.digit_demo import check_set, colormap_hex, first_of_each_class, net_arrays, raw_base64  # noqa: E402
from book.draw.style import DIVERGING  # noqa: E402


DRAW_CHECK_IMAGES = 1000  # the first test images; the browser's forward pass is tested on them
DRAW_TEXT = ("hint", "canvas", "load", "clear", "loaded", "drawn", "empty", "processed", "linear", "hidden",
             "steps", "shrunk", "probs", "pick", "product", "logit", "activations", "push", "says", "announce")


@figure("draw_digit_demo", kind="json", models=[MNIST_LINEAR, MNIST_HIDDEN])
def draw_digit_demo(ctx):
    images, labels = mnist_arrays("test")
    picks = first_of_each_class(labels[:DRAW_CHECK_IMAGES], per_class=2)
    return {"classes": ctx.t.list("digits"), "colormap": colormap_hex(DIVERGING),
            "linear": net_arrays(ctx.model(MNIST_LINEAR).model), "hidden": net_arrays(ctx.model(MNIST_HIDDEN).model),
            "examples": {"index": picks, "labels": [int(labels[i]) for i in picks],
                         "images": raw_base64(images[picks], "u1")},
            "text": {k: ctx.t(f"ddemo_{k}") for k in DRAW_TEXT}}


@figure("draw_digit_check", kind="json", models=[MNIST_LINEAR, MNIST_HIDDEN])
def draw_digit_check(ctx):
    """Only the browser test loads this (tests/test_draw_digit.py); the page never does."""
    images, labels = mnist_arrays("test")
    models = {"linear": ctx.model(MNIST_LINEAR).model, "hidden": ctx.model(MNIST_HIDDEN).model}
    return check_set(models, images[:DRAW_CHECK_IMAGES], labels[:DRAW_CHECK_IMAGES])
