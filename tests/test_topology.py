"""The chapter "신경망, 매니폴드, 토폴로지 / Neural networks, manifolds and topology": the networks
succeed and fail where the prose says they do, the viewer data match the trained network, the
animations stay light, and the continuous-deformation viewer works from the keyboard."""
from __future__ import annotations

import json

import numpy as np
import pytest

from book.core.paths import LANGS, figures_dir

CHAPTER = figures_dir() / "topology"
MAX_JSON_BYTES = 100_000  # per viewer and language
MAX_GIF_BYTES = 400_000  # per animation, language and theme
VIEWERS = ("curves_warp", "spirals_warp")
VIEWER_MAX_CHORD = 0.02  # figures_src/topology.py VIEWER["max_chord"]


def _metrics():
    return json.loads((CHAPTER / "metrics.json").read_text("utf-8"))


def _viewer(name, lang):
    return json.loads((CHAPTER / f"{name}.{lang}.json").read_text("utf-8"))


def _expand(d):
    """The viewer's keyframes, computed from its steps as docs/assets/js/topology.js does:
    (grid: one (K, P, 2) array per line, points: (K, N, 2)), in plain coordinates."""
    def frames(p):
        cur, out = np.asarray(p, dtype=np.float64) / d["scale"], []
        out.append(cur)
        for step in d["steps"]:
            cur = cur @ np.array(step["m"]).T if "m" in step else (cur + step["b"] if "b" in step else np.tanh(cur))
            out.append(cur)
        return np.array(out)
    return [frames(line) for line in d["grid_input"]], frames(d["points_input"])


def test_successes_and_failures_reproduce_the_story():
    m = _metrics()
    assert m["curves_linear.test_accuracy"] < 0.9 < m["curves_hidden.test_accuracy"]
    assert m["spirals_deep.test_accuracy"] >= 0.97
    assert m["tight_narrow.test_accuracy"] < 0.8 and m["tight_narrow.final_train_loss"] > 0.3
    assert m["tight_wide.test_accuracy"] >= 0.97
    assert m["disk_2unit.test_accuracy"] < 0.95 < m["disk_3unit.test_accuracy"]
    assert m["knn.k45_test_accuracy"] < m["knn.k1_test_accuracy"]
    assert m["pca.digits_dims_90"] < m["pca.noise_dims_90"]


def test_olahs_second_half_reproduces_the_story():
    m = _metrics()
    # the same 2-unit tanh layer: a linear final layer cannot, a k-NN final layer can (3 seeds each)
    assert m["disk_1x2_linear.seeds_max"] < 0.9 and m["disk_1x2_knn.seeds_min"] >= 0.97
    assert m["disk_1x2_knn.knn_test_accuracy"] >= 0.97
    # the interval: monotone 1-unit layers fail, one 2-unit layer succeeds
    assert m["interval_1unit.test_accuracy"] < 0.8 and m["interval_2unit.test_accuracy"] >= 0.95
    # one learned flow untwists the spirals where one affine + tanh layer cannot
    assert m["spirals_twist.seeds_min"] >= 0.95 and m["spirals_1layer.seeds_max"] < 0.85
    # the network that cannot untangle stretches hardest where it gets points wrong
    assert m["stretch.median_wrong"] > 2 * m["stretch.median_right"]
    # pixel distance works on MNIST, not on CIFAR-10
    assert m["pixel_knn.mnist_k1"] > 0.9 and m["pixel_knn.cifar10_k1"] < 0.5
    # the trained spirals network really has layers with det W < 0 (the text says so)
    assert min(m[f"spirals_deep.det_w{i}"] for i in range(1, 5)) < 0


def _trained(spec):
    from book.nets.train import train

    return train(spec, progress=False).model


@pytest.mark.parametrize("spec_name", ["SPIRALS", "DISK_2D", "CURVES_HIDDEN", "TIGHT_NARROW"])
def test_animation_path_is_a_homeomorphism_at_every_moment(spec_name):
    import torch
    import figures_src.topology as topo
    from book.draw import planes

    net = _trained(getattr(topo, spec_name))
    hidden, (w_out, b_out) = planes.oriented_layers(net)
    assert all(np.linalg.det(w) > 0 for w, _ in hidden)
    x = topo._test(getattr(topo, spec_name))[0][:200]
    h = x.astype(np.float64)
    for w, b in hidden:
        h = np.tanh(h @ w.T + b)
    with torch.no_grad():  # swapping neurons changes nothing the network computes
        assert np.allclose(h @ w_out.T + b_out, net(torch.as_tensor(x)).numpy(), atol=1e-4)
    steps = planes.steps(net)
    assert np.allclose(planes.states(steps, x)[-1], h)
    t = np.linspace(0, 1, 1001)[:, None, None]
    for _, _, m, _ in steps:
        if m is not None:  # each frame of a linear step is (1 - t) I + t M: invertible throughout
            assert np.linalg.det((1 - t) * np.eye(2) + t * m).min() > 0


def test_straight_interpolation_of_the_trained_spirals_layer_is_singular_somewhere():
    import figures_src.topology as topo
    from book.draw import planes

    w = planes.layers(_trained(topo.SPIRALS))[0][0][0]
    assert np.linalg.det(w) < 0 and planes.straight_path_min_det(w) < 0


def test_linear_path_refuses_a_reflection_with_a_message():
    from book.draw import planes

    with pytest.raises(ValueError, match="oriented_layers"):
        planes.linear_path(np.array([[0.0, 1.0], [1.0, 0.0]]))


def test_figure_grid_lines_have_no_long_chords():
    import figures_src.topology as topo
    from book.draw import planes

    net = _trained(topo.DISK_2D)
    kf = planes.keyframes(net, topo._test(topo.DISK_2D)[0][:200], topo.LIM["circles"])
    assert planes.longest_chord(kf["grid"], kf["boxes"]) <= 0.006
    coarse = planes.dense_lines(1.3, 11, lambda p: planes.states(kf["steps"], p), np.inf, boxes=kf["boxes"])
    assert planes.longest_chord(coarse, kf["boxes"]) > 0.05  # 41 even samples alone would not do


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", VIEWERS)
def test_viewer_data_are_complete_consistent_and_small(name, lang):
    d = _viewer(name, lang)
    grid, points = _expand(d)
    k = len(d["steps"]) + 1
    assert len(d["stages"]) == len(d["boxes"]) == len(points) == k
    n = len(d["classes"])
    assert points.shape[1] == n and set(d["classes"]) == {0, 1}
    # the last keyframe is the last hidden layer: tanh keeps it inside (-1, 1)²
    last = points[-1]
    assert np.abs(last).max() <= 1.0
    # the exported boundary separates (almost) every point in that layer, as the network does
    a, b, c = d["boundary"]
    side = (a * last[:, 0] + b * last[:, 1] + c > 0).astype(int)
    assert (side == np.array(d["classes"])).mean() > 0.95
    # grid lines are sampled densely enough that no visible chord stands in for a bend (the
    # input coordinates are rounded to 1/scale, which strongly stretching layers magnify: 1.5×)
    from book.draw.planes import longest_chord
    assert longest_chord(grid, np.array(d["boxes"]) / d["scale"]) <= VIEWER_MAX_CHORD * 1.5
    assert (CHAPTER / f"{name}.{lang}.json").stat().st_size < MAX_JSON_BYTES


def test_animations_are_animated_and_light():
    from PIL import Image

    for path in sorted(CHAPTER.glob("*_anim.*.gif")):
        assert path.stat().st_size < MAX_GIF_BYTES, path.name
        with Image.open(path) as im:
            assert im.n_frames > 10 and im.info.get("loop") == 0, path.name


# ---------------------------------------------------------------- in the browser

def _pixels(page, canvas):
    return page.evaluate("c => c.toDataURL()", canvas.element_handle())


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_viewer_scrubs_from_the_keyboard(page, site_url, lang):
    d = _viewer("spirals_warp", lang)
    page.goto(site_url + ("" if lang == "ko" else "en/") + "topology/")
    root = page.locator(".topo-viewer").nth(1)
    root.scroll_into_view_if_needed()
    page.wait_for_selector(".topo-viewer[data-ready=true] >> nth=1")
    slider, out, canvas = root.locator("input[type=range]"), root.locator("output"), root.locator("canvas")
    label = root.locator("label")
    assert label.is_visible() and label.inner_text().strip()
    assert slider.get_attribute("id") == label.get_attribute("for")
    assert out.inner_text() == d["stages"][0]
    before = _pixels(page, canvas)
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert slider.input_value() == "1"
    assert out.inner_text().startswith(d["stages"][1])
    moved = _pixels(page, canvas)
    assert moved != before
    page.keyboard.press("End")
    assert int(slider.input_value()) == int(slider.get_attribute("max")) > 1
    assert out.inner_text().startswith(d["stages"][-1])
    assert slider.get_attribute("aria-valuetext") == out.inner_text()
    assert _pixels(page, canvas) not in (before, moved)
    assert not page.console_errors, page.console_errors
