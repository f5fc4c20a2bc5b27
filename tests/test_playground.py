"""The topology chapter's playground (docs/assets/js/playground.js): its exported data are the
chapter's, its JavaScript trainer replays PyTorch's first 50 steps, the reader reaches the
chapter's failure and fix with the default settings, and it works from the keyboard, in both
palettes, under reduced motion and (as a static figure) without JavaScript."""
from __future__ import annotations

import json

import numpy as np
import pytest

from book.core.paths import LANGS, figures_dir

CHAPTER = figures_dir() / "topology"
REL_TOL = 1e-4  # the bound on |loss_js - loss_torch| / loss_torch over 50 steps


def _json(name: str, lang: str = "en") -> dict:
    return json.loads((CHAPTER / f"{name}.{lang}.json").read_text("utf-8"))


def _metrics() -> dict:
    return json.loads((CHAPTER / "metrics.json").read_text("utf-8"))


def test_exported_data_and_weights_are_the_chapters():
    from book.nets.train import build, data_for
    from figures_src.topology import ALL, PLAYGROUND_SETS

    page = _json("playground")
    assert page == _json("playground", "ko")
    for key, spec in PLAYGROUND_SETS.items():
        train, test = data_for(spec)
        for split, exported in ((train, page["datasets"][key]["train"]), (test, page["datasets"][key]["test"])):
            assert exported["y"] == split.y.tolist()
            np.testing.assert_allclose(np.reshape(exported["x"], (-1, 2)), split.x.numpy(), atol=5e-5)
    assert [p["id"] for p in page["presets"]] == [s.name for s in ALL]
    for spec, preset in zip(ALL, page["presets"]):
        layers = [m for m in build(spec) if hasattr(m, "weight")]
        assert len(layers) == len(preset["weights"])
        for m, exported in zip(layers, preset["weights"]):
            np.testing.assert_allclose(exported["w"], m.weight.detach().numpy().ravel(), atol=1e-6)
            np.testing.assert_allclose(exported["b"], m.bias.detach().numpy(), atol=1e-6)
        assert (preset["lr"], preset["steps"], preset["optimizer"]) == (spec.lr, spec.epochs, spec.optimizer)


def test_reference_traces_cover_every_experiment_optimizer_and_activation():
    cases = _json("playground_check")["cases"]
    presets = {p["id"] for p in _json("playground")["presets"]}
    assert {c["preset"] for c in cases} == presets
    assert {c["optimizer"] for c in cases} == {"sgd", "adam"}
    assert {c["act"] for c in cases} == {"tanh", "relu", "sigmoid"}
    for c in cases:
        assert len(c["losses"]) == 51
        assert c["losses"][-1] < c["losses"][0], c  # the traces do train: the replay is not trivial


# ---------------------------------------------------------------- in the browser

def _open(page, site_url, lang="en"):
    page.goto(site_url + ("" if lang == "ko" else "en/") + "topology/")
    root = page.locator(".playground")
    root.scroll_into_view_if_needed()
    page.wait_for_selector(".playground[data-ready=true]")
    return root


def _state(page) -> dict:
    return page.evaluate("document.querySelector('.playground').playground.state()")


@pytest.mark.browser
def test_javascript_replays_pytorchs_first_50_steps(page, site_url):
    _open(page, site_url)
    check = _json("playground_check")
    worst = page.evaluate("""([src, cases]) => fetch(src).then(r => r.json()).then(data => cases.map(c => {
        const preset = data.presets.find(p => p.id === c.preset);
        const js = BookPlayground.trace(data.datasets[preset.data], preset, c.act, c.optimizer, c.lr, 50);
        return Math.max(...js.map((v, i) => Math.abs(v - c.losses[i]) / c.losses[i]));
    }))""", [page.locator(".playground").get_attribute("data-src"), check["cases"]])
    assert len(worst) == len(check["cases"])
    for case, rel in zip(check["cases"], worst):
        assert rel <= REL_TOL, f"{case['preset']} {case['optimizer']} {case['act']}: relative difference {rel:.2e}"
    assert not page.console_errors, page.console_errors


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_reader_reaches_the_failure_and_its_fix(page, site_url, lang):
    """Default settings = the narrow net on tight spirals; trained for the chapter's number of
    steps it fails, and the wide preset fixes it, as the chapter's metrics say."""
    m = _metrics()
    root = _open(page, site_url, lang)
    assert root.locator("[data-pg=preset]").input_value() == "tight_narrow"
    page.evaluate(f"document.querySelector('.playground').playground.advance({m['tight_narrow.epochs']})")
    narrow = _state(page)
    root.locator("[data-pg=preset]").select_option("tight_wide")
    assert _state(page)["step"] == 0
    page.evaluate(f"document.querySelector('.playground').playground.advance({m['tight_wide.epochs']})")
    wide = _state(page)
    assert m["tight_narrow.test_accuracy"] < m["tight_wide.test_accuracy"]
    assert narrow["test"] < wide["test"] - 0.2, (narrow, wide)
    assert narrow["loss"] > 10 * wide["loss"], (narrow, wide)
    # near the chapter's numbers, not on them (float64 here, float32 in PyTorch)
    assert abs(narrow["test"] - m["tight_narrow.test_accuracy"]) < 0.1, narrow
    assert abs(wide["test"] - m["tight_wide.test_accuracy"]) < 0.05, wide
    assert not page.console_errors, page.console_errors


@pytest.mark.browser
def test_keyboard_train_pause_step_reset(page, site_url):
    root = _open(page, site_url)
    stats, status = root.locator("[data-pg=stats]"), root.locator("[data-pg=status]")
    assert _state(page)["frames"] == 1 and not _state(page)["running"]  # nothing moves on its own
    step = root.locator("[data-pg=step]")
    step.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert _state(page)["step"] == 2
    assert stats.inner_text().startswith("Step 2 ") and "Step 2 " in status.inner_text()
    train = root.locator("[data-pg=train]")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.pg") == "train"
    page.keyboard.press("Enter")
    assert _state(page)["running"] and train.inner_text() == "Pause"
    page.wait_for_function("document.querySelector('.playground').playground.state().step > 30")
    page.keyboard.press("Enter")
    assert not _state(page)["running"] and train.inner_text() == "Train"
    root.locator("[data-pg=reset]").focus()
    page.keyboard.press("Enter")
    assert _state(page)["step"] == 0
    depth = root.locator("[data-pg=depth]")
    depth.focus()
    page.keyboard.press("ArrowDown")  # 4 → 5 hidden layers: no chapter experiment has that
    assert depth.input_value() == "5" and root.locator("[data-pg=preset]").input_value() == "custom"
    root.locator("[data-pg=width]").select_option("8")
    note = root.locator("[data-pg=note]")
    assert note.is_visible() and "8" in note.inner_text()
    assert not page.console_errors, page.console_errors


@pytest.mark.browser
def test_reduced_motion_and_dark_palette(page, site_url):
    page.emulate_media(reduced_motion="reduce")
    root = _open(page, site_url, "ko")
    assert _state(page)["frames"] == 1 and not _state(page)["running"]  # no animation on load
    canvas = root.locator("[data-pg=regions]")
    light = page.evaluate("c => c.getContext('2d').getImageData(2, 2, 1, 1).data.join()", canvas.element_handle())
    root.locator("[data-pg=step]").click()
    assert _state(page)["step"] == 1 and _state(page)["frames"] == 2
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.wait_for_function("document.querySelector('.playground').playground.state().frames === 3")
    dark = page.evaluate("c => c.getContext('2d').getImageData(2, 2, 1, 1).data.join()", canvas.element_handle())
    assert light != dark
    assert sum(map(int, dark.split(",")[:3])) < sum(map(int, light.split(",")[:3]))  # a dark background
    assert not page.console_errors, page.console_errors


@pytest.mark.browser
def test_static_figure_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "en/topology/")
        fallback = page.locator(".playground-fallback img").first
        assert fallback.is_visible() and "tight_spirals" in fallback.get_attribute("src")
        assert not page.locator(".playground-ui").is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_a_diverging_run_stops_and_says_what_to_do(page, site_url):
    root = _open(page, site_url)
    root.locator("[data-pg=act]").select_option("relu")
    root.locator("[data-pg=optimizer]").select_option("sgd")
    page.evaluate("document.querySelector('.playground').playground.s.lr = 1e30")  # beyond the menu: the loss explodes
    root.locator("[data-pg=train]").click()
    page.wait_for_function("!document.querySelector('.playground').playground.state().running")
    assert "learning rate is too large" in root.locator("[data-pg=status]").inner_text()
    assert not page.console_errors, page.console_errors


@pytest.mark.browser
def test_relu_presses_the_plane_flat_as_the_prose_says(page, site_url):
    """The chapter's 1 × 2 network on the two curves, from the same initial weights, with ReLU:
    it ends no better than the network without a hidden layer (the prose says so)."""
    m = _metrics()
    root = _open(page, site_url)
    root.locator("[data-pg=preset]").select_option("curves_hidden")
    root.locator("[data-pg=act]").select_option("relu")
    page.evaluate(f"document.querySelector('.playground').playground.advance({m['curves_hidden.epochs']})")
    relu = _state(page)
    assert relu["test"] <= m["curves_linear.test_accuracy"] + 0.01 < m["curves_hidden.test_accuracy"], relu
