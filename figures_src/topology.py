"""Figures of the chapter "신경망, 매니폴드, 토폴로지 / Neural networks, manifolds and topology"
(after Chris Olah, 2014). Every network is a small tanh MLP trained full-batch on a 2-D toy set."""
import numpy as np

import book.toy_train  # noqa: F401  (registers the "toy_fullbatch" trainer)
from book import playground
from book.draw import planes, toys
from book.registry import figure
from book.train import Spec, data_for


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
ALL = [CURVES_LINEAR, CURVES_HIDDEN, SPIRALS, TIGHT_NARROW, TIGHT_WIDE, DISK_2D, DISK_3D]
LIM = {"two_curves": 1.5, "two_spirals": 1.3, "circles": 1.3}


def _test(spec):
    return data_for(spec)[1].x.numpy(), data_for(spec)[1].y.numpy()


def _train(spec):
    return data_for(spec)[0].x.numpy(), data_for(spec)[0].y.numpy()


def _kf(ctx, spec, n_points=200, **grid):
    net = ctx.model(spec).model
    x, y = _test(spec)
    return net, planes.keyframes(net, x[:n_points], LIM[spec.data], **grid), y[:n_points]


VIEWER = {"n_points": 160, "n_lines": 9, "n_pts": 25}  # coarser for the page's JSON (< 100 kB)


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

@figure("curves_steps", kind="png", models=[CURVES_HIDDEN])
def curves_steps(ctx):
    net, kf, y = _kf(ctx, CURVES_HIDDEN)
    return planes.stages_row(ctx, kf, y, range(4), abc=planes.boundary(net))


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
    return planes.stages_row(ctx, kf, y, [0, 3, 6, 9, 12], abc=planes.boundary(net), cell=2.0)


@figure("spirals_anim", kind="gif", models=[SPIRALS])
def spirals_anim(ctx):
    net, kf, y = _kf(ctx, SPIRALS)
    return planes.animate(ctx, kf, y, abc=planes.boundary(net), per_step=5, ms=90)


@figure("spirals_warp", kind="json", models=[SPIRALS])
def spirals_warp(ctx):
    net, kf, y = _kf(ctx, SPIRALS, **VIEWER)
    return planes.viewer_data(ctx, kf, y, abc=planes.boundary(net))


@figure("tight_spirals", kind="png", models=ALL)
def tight_spirals(ctx):
    seconds = sum(ctx.model(spec).metrics["train_seconds"] for spec in ALL)
    ctx.metric("total_train_seconds", seconds)  # every network of the chapter, one after another
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
    digits = x.reshape(len(x), -1)[:5000].astype(np.float64) / 255
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
    accs = [float((toys.knn_predict(xtr, ytr, xte, k) == yte).mean()) for k in ks]
    for k, a in zip(ks, accs):
        ctx.metric(f"knn.k{k}_test_accuracy", a)
    return toys.knn_panels(ctx, xtr, ytr, xte, yte, ks, accs, LIM["two_spirals"])



# ---------------------------------------------------------------- 5. playground (docs/assets/js/playground.js)

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
