"""Figures of the chapter "신경망, 매니폴드, 토폴로지 / Neural networks, manifolds and topology"
(after Chris Olah, 2014). Sections 1–4 train small tanh MLPs full-batch on 2-D toy sets; section 5
tries Olah's alternatives (a soft k-NN final layer, a twist flow, pixel k-NN on MNIST/CIFAR-10);
section 6 exports data for the in-page playground."""
from dataclasses import replace

import numpy as np

import book.nets.interval  # noqa: F401  (registers the "interval" data set)
import book.nets.soft_knn  # noqa: F401  (registers the "tanh_trunk" model and the "toy_softknn" trainer)
import book.nets.toys  # noqa: F401  (registers the "toy_fullbatch" trainer)
import book.nets.twist_flow  # noqa: F401  (registers the "twist_linear" model)
from book.demos import playground
from book.experiments import pixel_knn
from book.draw import beyond, planes, toys
from book.pipeline.registry import figure
from book.nets.train import Spec, data_for


def _toy(name, data, hidden, steps, *, lr=0.03, seed=0, **data_args):
    return Spec(name, data=data, arch="mlp", data_args=data_args, epochs=steps, lr=lr, seed=seed,
                arch_args={"in_dim": 2, "out_dim": 2, "hidden": hidden, "act": "tanh"},
                optimizer="adam", trainer="toy_fullbatch")


CURVES_LINEAR = _toy("curves_linear", "two_curves", (), 600, lr=0.05)
CURVES_HIDDEN = _toy("curves_hidden", "two_curves", (2,), 1000)
SPIRALS = _toy("spirals_deep", "two_spirals", (2, 2, 2, 2), 2000, seed=2, turns=1.0)
TIGHT_NARROW = _toy("tight_narrow", "two_spirals", (2, 2, 2, 2), 1500, seed=2, turns=2.0)
TIGHT_WIDE = _toy("tight_wide", "two_spirals", (16, 16, 16), 1000, lr=0.01, turns=2.0)
DISK_2D = _toy("disk_2unit", "circles", (2, 2, 2, 2), 1500)
DISK_3D = _toy("disk_3unit", "circles", (3,), 1000)
# Olah's second half: one 2-unit tanh layer on the disk with a linear final layer and with a
# soft k-NN final layer; 1-unit vs 2-unit layers on a line; a twist flow vs one tanh layer.
DISK_1X2 = _toy("disk_1x2_linear", "circles", (2,), 1000)
DISK_KNN = Spec("disk_1x2_knn", data="circles", arch="tanh_trunk", arch_args={"in_dim": 2, "hidden": (2,)},
                epochs=100, lr=0.03, optimizer="adam", trainer="toy_softknn",
                extra={"tau": 0.05, "k": 5, "log_every": 50})
INTERVAL_1 = Spec("interval_1unit", data="interval", arch="mlp", epochs=1000, lr=0.03, optimizer="adam",
                  arch_args={"in_dim": 1, "out_dim": 2, "hidden": (1, 1, 1), "act": "tanh"}, trainer="toy_fullbatch")
INTERVAL_2 = Spec("interval_2unit", data="interval", arch="mlp", epochs=1000, lr=0.03, optimizer="adam",
                  arch_args={"in_dim": 1, "out_dim": 2, "hidden": (2,), "act": "tanh"}, trainer="toy_fullbatch")
SPIRALS_1 = _toy("spirals_1layer", "two_spirals", (2,), 1000, seed=2, turns=1.0)
TWIST = Spec("spirals_twist", data="two_spirals", arch="twist_linear", data_args={"turns": 1.0}, epochs=400,
             lr=0.05, seed=2, optimizer="adam", trainer="toy_fullbatch")


def _seeds(spec, n=3):
    """spec and n - 1 copies with the next seeds: a comparison in the text rests on all of them."""
    return [spec] + [replace(spec, name=f"{spec.name}_s{spec.seed + i}", seed=spec.seed + i) for i in range(1, n)]


COMPARED = {spec.name: _seeds(spec) for spec in (DISK_1X2, DISK_KNN, SPIRALS_1, TWIST)}
NEW = [s for group in COMPARED.values() for s in group] + [INTERVAL_1, INTERVAL_2]
ALL = [CURVES_LINEAR, CURVES_HIDDEN, SPIRALS, TIGHT_NARROW, TIGHT_WIDE, DISK_2D, DISK_3D]  # the tanh MLPs
EVERY = ALL + NEW
LIM = {"two_curves": 1.5, "two_spirals": 1.3, "circles": 1.3}
PIXEL_KNN_TEST = 1000  # the first 1,000 test images of each set, against the whole training set
PCA_IMAGES = 5000  # the first 5,000 MNIST test images


def _test(spec):
    return data_for(spec)[1].x.numpy(), data_for(spec)[1].y.numpy()


def _train(spec):
    return data_for(spec)[0].x.numpy(), data_for(spec)[0].y.numpy()


def _kf(ctx, spec, n_points=200, **grid):
    net = ctx.model(spec).model
    x, y = _test(spec)
    return net, planes.keyframes(net, x[:n_points], LIM[spec.data], **grid), y[:n_points]


VIEWER = {"n_points": 160, "n_lines": 9, "n_pts": 25, "max_chord": 0.02}  # coarser for the page's JSON (< 100 kB)


# ---------------------------------------------------------------- 1. two curves

@figure("curves_boundaries", kind="png", models=[CURVES_LINEAR, CURVES_HIDDEN])
def curves_boundaries(ctx):
    return toys.regions_panels(ctx, [ctx.model(CURVES_LINEAR), ctx.model(CURVES_HIDDEN)],
                               [ctx.t("no_hidden"), ctx.t("one_hidden")], *_test(CURVES_LINEAR), LIM["two_curves"])


@figure("curves_hidden_rep", kind="png", models=[CURVES_HIDDEN])
def curves_hidden_rep(ctx):
    net, kf, y = _kf(ctx, CURVES_HIDDEN)
    return toys.input_and_hidden(ctx, kf, y, planes.boundary(net))


# ---------------------------------------------------------------- 2. continuous views

# SVG: line art that gzips to about a quarter of its PNG (make bench: page weight).
@figure("curves_steps", models=[CURVES_HIDDEN])
def curves_steps(ctx):
    net, kf, y = _kf(ctx, CURVES_HIDDEN)
    return planes.stages_row(ctx, kf, y, range(len(kf["stages"])), abc=planes.boundary(net), cell=2.0)


@figure("curves_anim", kind="gif", models=[CURVES_HIDDEN])
def curves_anim(ctx):
    net, kf, y = _kf(ctx, CURVES_HIDDEN)
    return planes.animate(ctx, kf, y, abc=planes.boundary(net))


@figure("curves_warp", kind="json", models=[CURVES_HIDDEN])
def curves_warp(ctx):
    net, kf, y = _kf(ctx, CURVES_HIDDEN, **VIEWER)
    return planes.viewer_data(ctx, kf, y, abc=planes.boundary(net))


# ---------------------------------------------------------------- 3. spirals

@figure("spirals_layers", kind="png", models=[SPIRALS])
def spirals_layers(ctx):
    net, kf, y = _kf(ctx, SPIRALS)
    for i, (w, _) in enumerate(planes.layers(net)[0], 1):  # as trained, before any neuron swap
        ctx.metric(f"spirals_deep.det_w{i}", float(np.linalg.det(w)))
    ctx.metric("spirals_deep.steps", len(kf["stages"]) - 1)
    return planes.stages_row(ctx, kf, y, planes.layer_ends(kf), abc=planes.boundary(net), cell=2.0)


@figure("spirals_anim", kind="gif", models=[SPIRALS])
def spirals_anim(ctx):
    net, kf, y = _kf(ctx, SPIRALS)
    return planes.animate(ctx, kf, y, abc=planes.boundary(net), per_step=5, ms=90)


@figure("spirals_warp", kind="json", models=[SPIRALS])
def spirals_warp(ctx):
    net, kf, y = _kf(ctx, SPIRALS, **VIEWER)
    return planes.viewer_data(ctx, kf, y, abc=planes.boundary(net))


@figure("tight_spirals", kind="png", models=EVERY)
def tight_spirals(ctx):
    seconds = sum(ctx.model(spec).metrics["train_seconds"] for spec in EVERY)
    ctx.metric("total_train_seconds", seconds)  # every network of the chapter, one after another
    ctx.metric("new_train_seconds", sum(ctx.model(spec).metrics["train_seconds"] for spec in NEW))
    nets = [ctx.model(TIGHT_NARROW), ctx.model(TIGHT_WIDE)]
    return toys.regions_panels(ctx, nets, [ctx.t("narrow_net"), ctx.t("wide_net")], *_test(TIGHT_NARROW),
                               LIM["two_spirals"], with_history=True)


# ---------------------------------------------------------------- 4. topology

@figure("homeomorphism", kind="png")
def homeomorphism(ctx):
    w_inv = np.array([[1.2, 0.8], [-0.6, 1.0]])
    w_sing = np.array([[1.0, 0.5], [2.0, 1.0]])  # rank 1: the plane falls onto a line
    ctx.metric("homeo.det_invertible", float(np.linalg.det(w_inv)))
    ctx.metric("homeo.det_singular", float(np.linalg.det(w_sing)))
    return toys.layer_kinds(ctx, [w_inv, w_sing], np.array([0.3, -0.2]))


@figure("disk_attempt", kind="png", models=[DISK_2D])
def disk_attempt(ctx):
    net, kf, y = _kf(ctx, DISK_2D, n_points=400)
    sigma = planes.stretch(net, kf["points"][0])
    wrong = planes.probability(net, kf["points"][0]).round() != y
    ctx.metric("stretch.median_right", float(np.median(sigma[~wrong])))
    ctx.metric("stretch.median_wrong", float(np.median(sigma[wrong])))
    ctx.metric("stretch.ratio_wrong_right", float(np.median(sigma[wrong]) / np.median(sigma[~wrong])))
    return toys.attempt(ctx, ctx.model(DISK_2D), kf, y, LIM["circles"], planes.boundary(net))


@figure("disk_lift", kind="png", models=[DISK_3D])
def disk_lift(ctx):
    trained = ctx.model(DISK_3D)
    x, y = _test(DISK_3D)
    return toys.lift_3d(ctx, trained, x, y, LIM["circles"])


@figure("linked_rings", kind="svg")
def linked_rings(ctx):
    return toys.hopf_link(ctx)


@figure("manifold_pca", kind="svg")
def manifold_pca(ctx):
    from book.data import mnist_split

    x, _ = mnist_split("test")
    digits = x.reshape(len(x), -1)[:PCA_IMAGES].astype(np.float64) / 255
    ctx.metric("pca.images", len(digits))
    noise = np.random.default_rng(0).uniform(0, 1, digits.shape) * (digits.mean(0) > 0.05)
    curves = {name: toys.explained(a) for name, a in (("digits", digits), ("noise", noise))}
    for name, c in curves.items():
        ctx.metric(f"pca.{name}_dims_90", int(np.searchsorted(c, 0.9) + 1))
    ctx.metric("pca.active_pixels", int((digits.mean(0) > 0.05).sum()))
    return toys.explained_plot(ctx, curves)


@figure("knn", kind="png", models=[TIGHT_NARROW])
def knn(ctx):
    xtr, ytr = _train(TIGHT_NARROW)
    xte, yte = _test(TIGHT_NARROW)
    ks = [1, 5, 15, 45]
    ctx.metric("knn.train_points", len(xtr))
    accs = [float((toys.knn_predict(xtr, ytr, xte, k) == yte).mean()) for k in ks]
    for k, a in zip(ks, accs):
        ctx.metric(f"knn.k{k}_test_accuracy", a)
    return toys.knn_panels(ctx, xtr, ytr, xte, yte, ks, accs, LIM["two_spirals"])



# ---------------------------------------------------------------- 5. Olah's second half

def _seed_spread(ctx, spec):
    """<name>.seeds_min / .seeds_max: the test accuracy over the seeds of COMPARED[name]."""
    accs = [ctx.model(s).metrics["test_accuracy"] for s in COMPARED[spec.name]]
    ctx.metric(f"{spec.name}.seeds_min", min(accs))
    ctx.metric(f"{spec.name}.seeds_max", max(accs))


@figure("knn_head", kind="png", models=COMPARED["disk_1x2_knn"] + COMPARED["disk_1x2_linear"])
def knn_head(ctx):
    _seed_spread(ctx, DISK_1X2)  # the same 2-unit layer with a linear final layer: numbers only
    _seed_spread(ctx, DISK_KNN)
    return beyond.knn_head(ctx, ctx.model(DISK_KNN), data_for(DISK_KNN)[0], *_test(DISK_KNN), LIM["circles"])


@figure("interval", kind="png", models=[INTERVAL_1, INTERVAL_2])
def interval(ctx):
    x, y = _test(INTERVAL_1)
    return beyond.interval_panels(ctx, ctx.model(INTERVAL_1), ctx.model(INTERVAL_2), x[:120], y[:120])


# SVG: line art that gzips to about a third of its PNG (make bench: page weight).
@figure("twist_flow", models=COMPARED["spirals_twist"] + COMPARED["spirals_1layer"])
def twist_flow(ctx):
    _seed_spread(ctx, SPIRALS_1)  # one affine + tanh layer of 2 units on the same spirals: numbers only
    _seed_spread(ctx, TWIST)
    trained = ctx.model(TWIST)
    ctx.metric("spirals_twist.k", float(trained.model[0].k.detach()))
    x, y = _test(TWIST)
    return beyond.flow_panels(ctx, trained, x[:200], y[:200], LIM["two_spirals"], [0, 1 / 3, 2 / 3, 1])


@figure("pixel_knn", kind="svg")
def pixel_knn_bars(ctx):
    ks, sets, accs = [1, 5], ["mnist", "cifar10"], {}
    ctx.metric("pixel_knn.n_test", PIXEL_KNN_TEST)
    for name in sets:
        labels, truth = pixel_knn.nearest_labels(name, PIXEL_KNN_TEST, max(ks))
        ctx.metric(f"pixel_knn.{name}_train", len(pixel_knn.SPLITS[name]("train")[1]))
        for k in ks:
            accs[(name, k)] = pixel_knn.vote_accuracy(labels, truth, k)
            ctx.metric(f"pixel_knn.{name}_k{k}", accs[(name, k)])
    return beyond.accuracy_bars(ctx, sets, ks, accs)


# ---------------------------------------------------------------- 6. playground (docs/assets/js/playground.js)

PLAYGROUND_SETS = {"curves": CURVES_HIDDEN, "spirals": SPIRALS, "tight_spirals": TIGHT_NARROW, "disk": DISK_2D}


def _playground_page():
    key = {(s.data, str(s.data_args)): k for k, s in PLAYGROUND_SETS.items()}
    return {"datasets": {k: playground.data_set(s, LIM[s.data]) for k, s in PLAYGROUND_SETS.items()},
            "presets": [playground.preset(s, key[(s.data, str(s.data_args))]) for s in ALL]}


@figure("playground", kind="json")
def playground_data(ctx):
    return _playground_page()


@figure("playground_check", kind="json")  # for tests/test_playground.py only; no page loads it
def playground_check(ctx):
    page = _playground_page()
    cases = [(s.name, opt, lr, None) for s in ALL for opt, lr in (("sgd", 0.3), ("adam", s.lr))]
    cases += [(name, "sgd", 0.3, act) for name in ("curves_hidden", "tight_wide") for act in ("relu", "sigmoid")]
    return {"cases": [playground.reference_case(page, *case) for case in cases]}
