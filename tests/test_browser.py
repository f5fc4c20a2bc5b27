"""The book in a real browser (headless Debian Chromium driven by Playwright): pages load
with every image and formula, the language selector keeps the reader on the same page,
search stays within a language, dark mode swaps figures, and no request leaves the site."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

from pages import relative_pages


def _url_path(rel: str) -> str:
    """docs/<lang>/inside/index.md → "inside/", inside/try_it.ipynb → "inside/try_it/"."""
    stem = rel.rsplit(".", 1)[0]
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


PAGES = sorted(_url_path(rel) for rel in relative_pages("ko"))


def _load_everything(page):
    """Lazy images load only when near the viewport: scroll through, then wait for them."""
    page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.images].every(i => i.complete)")


def _assert_clean(page, site_url):
    hosts = {urlparse(u).netloc for u in page.requested if not u.startswith(("data:", "blob:"))}
    assert hosts <= {urlparse(site_url).netloc}, f"requests to other hosts: {hosts}"
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("root", ["", "en/"])
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_all_images_and_no_errors(page, site_url, root, path):
    page.goto(site_url + root + path)
    _load_everything(page)
    broken = page.evaluate("[...document.images].filter(i => i.naturalWidth === 0).map(i => i.src)")
    assert not broken, f"images that did not load: {broken}"
    assert page.evaluate("document.documentElement.lang") == ("en" if root else "ko")
    _assert_clean(page, site_url)


@pytest.mark.parametrize("root", ["", "en/"])
def test_math_is_rendered(page, site_url, root):
    """Formulas are MathML made at build time, drawn by the browser with the site's math font:
    a fraction is laid out as a fraction (taller than a line of text), nothing is left raw."""
    page.goto(site_url + root + "learning/")
    formulas = page.locator(".arithmatex > math")
    assert formulas.count() >= 20 and formulas.count() == page.locator(".arithmatex").count()
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px \"STIX Two Math\"'))")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('STIX Two Math') && f.status === 'loaded')")
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).lineHeight)")
    fraction = page.locator('math[display="block"] mfrac').first
    fraction.scroll_into_view_if_needed()
    assert fraction.bounding_box()["height"] > 0.9 * line
    assert "\\frac" not in page.inner_text("article")
    _assert_clean(page, site_url)


@pytest.mark.parametrize("start,other", [("", "en/"), ("en/", "")])
@pytest.mark.parametrize("path", ["inside/", "building/", "inside/try_it/"])
def test_language_selector_keeps_the_same_page(page, site_url, start, other, path):
    page.goto(site_url + start + path)
    page.locator(".md-header__option .md-select").hover()
    target = "en" if other else "ko"
    page.locator(f".md-select__link[hreflang={target}]").click()
    page.wait_for_load_state("load")
    assert page.url == site_url + other + path
    assert page.evaluate("document.documentElement.lang") == target


def _search(page, text):
    page.keyboard.press("s")  # Material's keyboard shortcut opens search
    box = page.locator("input.md-search__input")
    box.fill(text)
    box.press("End")
    page.wait_for_selector(".md-search-result__item")
    return page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")


def test_korean_search_finds_korean_pages_only(page, site_url):
    page.goto(site_url + "inside/")
    links = _search(page, "가중치")
    assert links and all("/en/" not in link for link in links), links
    assert page.locator(".md-search-result__item").first.inner_text()
    _assert_clean(page, site_url)


def test_english_search_finds_english_pages_only(page, site_url):
    page.goto(site_url + "en/inside/")
    links = _search(page, "weights")
    assert links and all("/en/" in link for link in links), links


def test_dark_mode_shows_the_dark_figures(page, site_url):
    page.goto(site_url + "inside/")

    def visible_srcs():
        return page.eval_on_selector_all(
            "article img", "els => els.filter(e => e.offsetParent !== null).map(e => e.src)")

    light = visible_srcs()
    assert light and all(".dark." not in s for s in light)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = visible_srcs()
    assert dark and all(".dark." in s for s in dark if "/figures/" in s)
