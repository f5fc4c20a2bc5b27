"""Accessibility of every page of both editions, in the light and the dark palette: axe-core
(npm, pinned in package-lock.json, installed by `npm ci`) runs inside Debian's Chromium on
the built site. No serious or critical violation is allowed; moderate and minor ones only
when listed in ALLOWED with the reason they stay. The confusion-matrix demo is also checked
for what a screen-reader user gets from it."""
from __future__ import annotations

import json
import os

import pytest

from conftest import ROOT
from test_browser import PAGES

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
# rule id → why a moderate or minor finding stays (never a serious or critical one).
ALLOWED: dict[str, str] = {
    "landmark-unique": "moderate, theme: Material's JavaScript bundle (not its templates) adds an "
                       "unnamed <nav class=md-code__nav> holding the copy button to every code "
                       "block, so a page with two or more code blocks has identical landmarks; the "
                       "copy buttons inside are named. Only a patch of Material's bundle fixes it.",
}
SCHEMES = ("light", "dark")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        msg = f"{AXE.relative_to(ROOT)} is missing: run `npm ci` in the repository root (or `make node`)"
        if os.environ.get("CI"):
            pytest.fail(msg + "; .ci/run must do it")
        pytest.skip("accessibility test skipped: " + msg)
    return AXE.read_text("utf-8")


@pytest.fixture(scope="module", params=SCHEMES)
def scheme_page(request, browser, site_url):
    context = browser.new_context(color_scheme=request.param, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20000)
    yield request.param, pg
    context.close()


def _open(pg, url):
    pg.goto(url)
    pg.wait_for_load_state("networkidle")
    # demos build themselves from JSON once they come near the screen: check them as a reader
    # meets them (inside.js marks a finished demo data-ready="yes", topology.js "true")
    for demo in pg.locator(".demo").all():
        demo.scroll_into_view_if_needed()
    pg.wait_for_function("[...document.querySelectorAll('.demo')].every(d => ['yes', 'true'].includes(d.dataset.ready))")


def _violations(pg, axe_source) -> list[dict]:
    pg.add_script_tag(content=axe_source)
    result = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def _describe(v: dict) -> str:
    nodes = "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
    return f"{v['impact']} {v['id']} ×{len(v['nodes'])} ({v['help']}): {nodes}"


@pytest.mark.parametrize("root", ["", "en/"])
@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(scheme_page, axe_source, site_url, root, path):
    scheme, pg = scheme_page
    _open(pg, site_url + root + path)
    assert pg.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    found = _violations(pg, axe_source)
    blocking = [_describe(v) for v in found if v["impact"] in BLOCKING]
    assert not blocking, f"{scheme} /{root}{path}:\n" + "\n".join(blocking)
    unexplained = [_describe(v) for v in found if v["id"] not in ALLOWED]
    assert not unexplained, f"{scheme} /{root}{path}: fix these or list them in ALLOWED with a reason:\n" + "\n".join(unexplained)


def _confusion_data(lang: str) -> dict:
    from book.core.paths import figures_dir

    return json.loads((figures_dir() / "inside" / f"confusion_demo.{lang}.json").read_text("utf-8"))


@pytest.mark.parametrize("root,lang", [("", "ko"), ("en/", "en")])
def test_confusion_matrix_speaks(scheme_page, site_url, root, lang):
    """A real table: headers name the true and predicted class, each cell button is named by
    its visible count and described by the count in words and its best sample's confidence;
    keyboard focus is visible."""
    scheme, pg = scheme_page
    data = _confusion_data(lang)
    _open(pg, site_url + root + "inside/")
    table = pg.locator(".inside-confusion table").first  # MNIST; CIFAR-10 follows
    n = len(data["labels"])
    assert table.locator("thead th[scope=col]").count() == n + 1
    assert table.locator("tbody th[scope=row]").count() == n
    assert table.locator("thead th[scope=col]").nth(1).text_content() == f"{data['text']['pred']} {data['labels'][0]}"
    assert table.locator("tbody th[scope=row]").nth(1).text_content() == f"{data['text']['true']} {data['labels'][1]}"
    # the most confused pair off the diagonal: a cell with samples
    t, p = max(((t, p) for t in range(n) for p in range(n) if t != p), key=lambda c: data["counts"][c[0]][c[1]])
    cell = table.locator(f"button[data-t='{t}'][data-p='{p}']")
    count = pg.evaluate("n => n.toLocaleString()", data["counts"][t][p])
    assert cell.inner_text() == count
    assert cell.get_attribute("aria-label") is None  # its name is what it shows
    description = pg.locator("#" + cell.get_attribute("aria-describedby")).text_content()
    best = round(100 * max(s["p"] for s in data["cells"][t][p]))
    T = data["text"]
    expected = (T["cell"].format(t=data["labels"][t], p=data["labels"][p], n=count) + ". "
                + T["prob"].format(q=f"{best}%"))
    assert description == expected
    # keyboard: Tab reaches the matrix, arrows move, focus shows and the live panel follows
    table.locator("button[tabindex='0']").focus()
    for _ in range(t):
        pg.keyboard.press("ArrowDown")
    for _ in range(p):
        pg.keyboard.press("ArrowRight")
    assert pg.evaluate("document.activeElement.dataset.t + ',' + document.activeElement.dataset.p") == f"{t},{p}"
    outline = pg.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    width = pg.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert outline == "solid" and width >= 2, f"{scheme}: no visible focus ({outline}, {width}px)"
    panel = pg.locator(".inside-confusion [aria-live=polite]").first.text_content()
    assert T["cell"].format(t=data["labels"][t], p=data["labels"][p], n=count) in panel
