"""The "draw a digit" demo of the chapter "신경망의 내부 / Looking inside a neural network"
(docs/assets/js/draw_digit.js, data from figures_src/inside.py via book/demos/digit_demo.py).

The JavaScript forward pass must agree with PyTorch on 1,000 real test images (every argmax,
every probability within 1e-5); a mouse stroke must give a processed 28×28 input and ten bars;
a test digit loaded from the keyboard must be classified as PyTorch classifies it."""
from __future__ import annotations

import base64
import gzip
import json

import numpy as np
import pytest

from book.core.paths import DOCS, LANGS, figures_dir

CHAPTER = figures_dir() / "inside"
TOLERANCE = 1e-5
DATA_BUDGET = 100_000  # bytes gzipped, per language (issue #13); `make bench` reports the size


def _json(name, lang):
    return json.loads((CHAPTER / f"{name}.{lang}.json").read_text("utf-8"))


def _floats(b64):
    return np.frombuffer(base64.b64decode(b64), dtype="<f4")


def _bytes(b64):
    return np.frombuffer(base64.b64decode(b64), dtype=np.uint8)


def _reference(lang="en"):
    """(images N×784 uint8, labels, {net: PyTorch probabilities N×10}) of the check set."""
    check = _json("draw_digit_check", lang)
    n = check["count"]
    probs = {k: _floats(v).reshape(n, 10) for k, v in check["probs"].items()}
    return _bytes(check["images"]).reshape(n, 784), np.array(check["labels"]), probs


def _numpy_forward(layers, x):
    for k, layer in enumerate(layers):
        w = _floats(layer["w"]).astype(np.float64).reshape(layer["rows"], layer["cols"])
        x = x @ w.T + _floats(layer["b"])
        if k < len(layers) - 1:
            x = np.maximum(x, 0)
    e = np.exp(x - x.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


# ---------------------------------------------------------------- the exported data

@pytest.mark.parametrize("lang", LANGS)
def test_exported_weights_reproduce_pytorch_on_the_check_set(lang):
    demo = _json("draw_digit_demo", lang)
    images, _, probs = _reference(lang)
    assert len(images) == 1000 and [len(demo["linear"]), len(demo["hidden"])] == [1, 2]
    for name in ("linear", "hidden"):
        ours = _numpy_forward(demo[name], images / 255.0)
        assert np.abs(ours - probs[name]).max() < TOLERANCE, name
        assert (ours.argmax(1) == probs[name].argmax(1)).all(), name


@pytest.mark.parametrize("lang", LANGS)
def test_demo_digits_are_real_test_images_and_data_is_small(lang):
    demo = _json("draw_digit_demo", lang)
    images, labels, _ = _reference(lang)
    ex = demo["examples"]
    shown = _bytes(ex["images"]).reshape(-1, 784)
    assert (shown == images[ex["index"]]).all() and ex["labels"] == labels[ex["index"]].tolist()
    assert sorted(set(ex["labels"])) == list(range(10))
    assert len(demo["colormap"]) == 256 * 6
    raw = (CHAPTER / f"draw_digit_demo.{lang}.json").read_bytes()
    assert len(gzip.compress(raw, 9)) <= DATA_BUDGET


def test_no_page_loads_the_check_set():
    """The 1,000 check images are for the tests only: no page may reference them."""
    for lang in LANGS:
        for page in (DOCS / lang).rglob("*.md"):
            assert "draw_digit_check" not in page.read_text("utf-8"), page


# ---------------------------------------------------------------- in the browser

def _root(lang):
    return "" if lang == "ko" else "en/"


def _open(page, site_url, lang):
    page.goto(site_url + _root(lang) + "inside/")
    page.locator(".demo.draw-digit").scroll_into_view_if_needed()  # its data load when it nears the screen
    page.wait_for_selector(".demo.draw-digit[data-ready=yes]")
    page.locator(".draw-digit .dd-pad").scroll_into_view_if_needed()


JS_AGREEMENT = """async (checkUrl) => {
  const D = window.bookDrawDigit;
  const demo = await (await fetch(document.querySelector('.demo.draw-digit').dataset.src)).json();
  const check = await (await fetch(checkUrl)).json();
  const images = D.bytes(check.images), out = {};
  for (const name of ['linear', 'hidden']) {
    const net = D.network(demo[name]), ref = D.floats(check.probs[name]);
    let worst = 0, disagree = 0;
    for (let i = 0; i < check.count; i++) {
      const x = Array.from(images.subarray(i * 784, (i + 1) * 784), v => v / 255);
      const p = D.forward(net, x).probs;
      let a = 0, r = 0;
      for (let k = 0; k < 10; k++) {
        worst = Math.max(worst, Math.abs(p[k] - ref[i * 10 + k]));
        if (p[k] > p[a]) a = k;
        if (ref[i * 10 + k] > ref[i * 10 + r]) r = k;
      }
      if (a !== r) disagree++;
    }
    out[name] = {worst: worst, disagree: disagree, count: check.count};
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_javascript_agrees_with_pytorch_on_1000_test_images(page, site_url, lang):
    _open(page, site_url, lang)
    url = site_url + _root(lang) + f"assets/figures/inside/draw_digit_check.{lang}.json"
    result = page.evaluate(JS_AGREEMENT, url)
    for name in ("linear", "hidden"):
        r = result[name]
        assert r["count"] == 1000, result
        assert r["disagree"] == 0, f"{name}: {r['disagree']} argmax disagreements with PyTorch"
        assert r["worst"] <= TOLERANCE, f"{name}: a probability differs from PyTorch's by {r['worst']:.2e}"
    assert not page.console_errors, page.console_errors


PROCESSED = """() => {
  const c = document.querySelector('.dd-processed'), d = c.getContext('2d').getImageData(0, 0, 28, 28).data;
  let mass = 0, mx = 0, my = 0, x0 = 28, x1 = -1, y0 = 28, y1 = -1;
  for (let i = 0; i < 784; i++) {
    const v = 1 - d[4 * i] / 255, x = i % 28, y = Math.floor(i / 28);
    if (v <= 0) continue;
    mass += v; mx += v * x; my += v * y;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  return {mass: mass, cx: mx / mass, cy: my / mass, w: x1 - x0 + 1, h: y1 - y0 + 1};
}"""


def _stroke(page, points):
    box = page.locator(".draw-digit .dd-pad").bounding_box()
    at = [(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in points]
    page.mouse.move(*at[0])
    page.mouse.down()
    for p in at[1:]:
        page.mouse.move(*p, steps=8)
    page.mouse.up()


def _visible_bars(page, net):
    return page.locator(f".draw-digit .dd-{net} .dd-bars").first.locator("li:visible").count()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_mouse_stroke_gives_a_processed_input_and_ten_bars(page, site_url, lang):
    _open(page, site_url, lang)
    assert _visible_bars(page, "linear") == 0  # nothing drawn yet: no bars
    _stroke(page, [(0.1, 0.1), (0.35, 0.1), (0.2, 0.4)])  # a small 7 in the top-left corner
    digit = page.evaluate(PROCESSED)
    assert digit["mass"] > 5
    assert max(digit["w"], digit["h"]) == 20  # fitted into 20×20 ...
    assert abs(digit["cx"] - 13.5) <= 1 and abs(digit["cy"] - 13.5) <= 1  # ... and centred
    assert _visible_bars(page, "linear") == 10 and _visible_bars(page, "hidden") == 10
    status = page.locator(".draw-digit [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    said = page.locator(".draw-digit").get_attribute("data-linear")
    assert said is not None and f" {said} (" in status.inner_text()
    # without the MNIST steps the digit stays small and in its corner
    processed_label = page.locator(".draw-digit .dd-processed").get_attribute("aria-label")
    page.locator(".draw-digit .dd-steps").click()
    assert page.locator(".draw-digit .dd-processed").get_attribute("aria-label") != processed_label
    raw = page.evaluate(PROCESSED)
    assert max(raw["w"], raw["h"]) <= 14 and raw["cx"] < 9 and raw["cy"] < 9
    assert not page.console_errors, page.console_errors


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_test_digits_load_from_the_keyboard_and_are_classified_as_pytorch_does(page, site_url, lang):
    _open(page, site_url, lang)
    _, labels, probs = _reference(lang)
    examples = _json("draw_digit_demo", lang)["examples"]["index"]
    demo = page.locator(".draw-digit")
    page.locator(".draw-digit .dd-load").focus()
    for i in examples:
        page.keyboard.press("Enter")
        assert demo.get_attribute("data-linear") == str(probs["linear"][i].argmax()), i
        assert demo.get_attribute("data-hidden") == str(probs["hidden"][i].argmax()), i
        assert str(i) in page.locator(".draw-digit .dd-source").inner_text()
    # Tab reaches Clear; Enter empties the input and says so in the live region
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('dd-clear')")
    page.keyboard.press("Enter")
    assert demo.get_attribute("data-linear") is None and _visible_bars(page, "linear") == 0
    assert page.locator(".draw-digit [role=status]").inner_text()


@pytest.mark.browser
def test_class_buttons_work_from_the_keyboard(page, site_url):
    _open(page, site_url, "en")
    page.locator(".draw-digit .dd-load").click()  # the first demo digit, a 0
    picks = page.locator(".draw-digit .dd-pick[data-i]")
    winner = page.locator(".draw-digit").get_attribute("data-linear")
    assert picks.nth(int(winner)).get_attribute("aria-pressed") == "true"  # follows the prediction
    assert [picks.nth(i).get_attribute("tabindex") for i in range(10)].count("0") == 1
    picks.nth(0).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    assert picks.nth(2).get_attribute("aria-pressed") == "true"
    assert "2-neuron" in page.locator(".draw-digit .dd-product").get_attribute("aria-label")


@pytest.mark.browser
@pytest.mark.parametrize("motion,moves", [("reduce", False), ("no-preference", True)])
def test_bars_animate_only_when_motion_is_welcome(browser, site_url, motion, moves):
    context = browser.new_context(reduced_motion=motion)
    pg = context.new_page()
    try:
        _open(pg, site_url, "en")
        pg.locator(".draw-digit .dd-load").click()
        duration = pg.evaluate("getComputedStyle(document.querySelector('.dd-fill')).transitionDuration")
        assert (duration not in ("0s", "")) == moves, duration
    finally:
        context.close()


@pytest.mark.browser
def test_dark_palette_inverts_the_pad(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    pg = context.new_page()
    try:
        _open(pg, site_url, "en")
        assert pg.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert pg.evaluate("getComputedStyle(document.querySelector('.dd-pad')).filter") == "invert(1)"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_page_says_so_and_keeps_its_figures(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    try:
        pg.goto(site_url + _root(lang) + "inside/")
        fallback = pg.locator(".demo.draw-digit p")
        assert fallback.count() == 1 and fallback.inner_text().strip()
        assert pg.locator("img[src*='weights_rolled']").count() >= 1
    finally:
        context.close()


# ---------------------------------------------------------------- the page-weight measure of `make bench`

def test_page_weight_counts_the_demo_section_assets_and_data(tmp_path):
    from book.pipeline.demo_weight import demo_weight, gzipped, without_section

    html = ('<h1>T</h1><p>intro</p><h2 id="a">A</h2><p>a</p><h2 id="d">Draw</h2><p>' + "try it " * 50 +
            '</p><div class="demo draw-digit" data-src="x"></div><h2 id="b">B</h2><p>b</p>')
    assert without_section(html, "draw-digit") == '<h1>T</h1><p>intro</p><h2 id="a">A</h2><p>a</p><h2 id="b">B</h2><p>b</p>'
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(html, "utf-8")
    (tmp_path / "demo.js").write_bytes(b"var x = 1;\n" * 100)
    (tmp_path / "demo.json").write_bytes(np.random.default_rng(0).bytes(2000))  # incompressible
    w = demo_weight(tmp_path, "page", "draw-digit", ["demo.js"], "demo.json")
    assert w["code"] == gzipped(tmp_path / "demo.js") and w["data"] > 1000 and w["html"] > 0
    assert w["total"] == w["code"] + w["data"] + w["html"]


# ---------------------------------------------------------------- lazy data (demos.js)

@pytest.mark.browser
def test_demo_data_load_only_when_the_reader_nears_them(browser, site_url):
    """A reader who stays at the top of the inside page downloads none of its demos' JSON;
    scrolling to a demo loads and builds it."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    pg = context.new_page()
    fetched = []
    pg.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".json") and "/figures/" in r.url else None)
    try:
        pg.goto(site_url + "inside/")
        pg.wait_for_load_state("networkidle")
        assert not fetched, f"fetched before any scrolling: {fetched}"
        assert pg.locator(".demo.draw-digit").get_attribute("data-ready") == "waiting"
        pg.locator(".demo.draw-digit").scroll_into_view_if_needed()
        pg.wait_for_selector(".demo.draw-digit[data-ready=yes]")
        assert any("draw_digit_demo" in u for u in fetched)
    finally:
        context.close()
