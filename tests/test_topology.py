"""The chapter "신경망, 매니폴드, 토폴로지 / Neural networks, manifolds and topology": the networks
succeed and fail where the prose says they do, the viewer data match the trained network, the
animations stay light, and the continuous-deformation viewer works from the keyboard."""
from __future__ import annotations

import json

import numpy as np
import pytest

from book.paths import LANGS, figures_dir

CHAPTER = figures_dir() / "topology"
MAX_JSON_BYTES = 100_000  # per viewer and language
MAX_GIF_BYTES = 400_000  # per animation, language and theme
VIEWERS = {"curves_warp": 4, "spirals_warp": 13}  # keyframes: input + 3 steps per layer


def _metrics():
    return json.loads((CHAPTER / "metrics.json").read_text("utf-8"))


def _viewer(name, lang):
    return json.loads((CHAPTER / f"{name}.{lang}.json").read_text("utf-8"))


def test_successes_and_failures_reproduce_the_story():
    m = _metrics()
    assert m["curves_linear.test_accuracy"] < 0.9 < m["curves_hidden.test_accuracy"]
    assert m["spirals_deep.test_accuracy"] >= 0.97
    assert m["tight_narrow.test_accuracy"] < 0.8 and m["tight_narrow.final_train_loss"] > 0.3
    assert m["tight_wide.test_accuracy"] >= 0.97
    assert m["disk_2unit.test_accuracy"] < 0.95 < m["disk_3unit.test_accuracy"]
    assert m["knn.k45_test_accuracy"] < m["knn.k1_test_accuracy"]
    assert m["pca.digits_dims_90"] < m["pca.noise_dims_90"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", VIEWERS)
def test_viewer_data_are_complete_consistent_and_small(name, lang):
    d = _viewer(name, lang)
    k = VIEWERS[name]
    assert len(d["stages"]) == len(d["grid"]) == len(d["points"]) == len(d["boxes"]) == k
    n = len(d["classes"])
    assert all(len(p) == n for p in d["points"]) and set(d["classes"]) == {0, 1}
    # the last keyframe is the last hidden layer: tanh keeps it inside (-1, 1)²
    last = np.array(d["points"][-1]) / d["scale"]
    assert np.abs(last).max() <= 1.0
    # the exported boundary separates (almost) every point in that layer, as the network does
    a, b, c = d["boundary"]
    side = (a * last[:, 0] + b * last[:, 1] + c > 0).astype(int)
    assert (side == np.array(d["classes"])).mean() > 0.95
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
