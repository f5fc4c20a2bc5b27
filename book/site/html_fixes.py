"""Post-process each built page (hooks.on_post_page) so it is valid HTML and accessible.

Each fix is small, named after what it repairs, and found by the outside checkers the tests
run (tests/test_html.py: the Nu Html Checker; tests/test_a11y.py: axe-core):

- the theme (Material 9.8): `tabindex=""` on section toggles, `autocomplete` on checkboxes,
  `autocorrect` on the search box, a search dialog without a name, section landmarks named
  by icon-only labels (so all of them have the same, empty name), a table-of-contents title
  pointing at a toggle that pages without headings do not have;
- notebook pages (mkdocs-jupyter/nbconvert): `<script src="">`, `<style>` elements inside
  `<article>` (one of them a Python list printed as CSS), code cells that scroll sideways
  but cannot be reached with the keyboard;
- the `<head>` alternates: absolute `hreflang` links built from `site_url`.

The notebook stylesheet (JupyterLab's, the same for every notebook), cut down to the rules the
page uses (book.site.notebook_lean), is written to assets/css/notebook-<hash>.css and linked
from `<head>`, where a stylesheet may live.
"""
from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from urllib.parse import urljoin

from book.site import notebook_lean

CODE_CELL_LABEL = {"ko": "코드 셀 {n}", "en": "Code cell {n}"}

_EMPTY_TABINDEX = re.compile(r'\s+tabindex=""')
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*type="checkbox"[^>]*?)\s+autocomplete="off"')
_AUTOCORRECT = re.compile(r'\s+autocorrect="off"')
_SEARCH_DIALOG = re.compile(r'<div class="md-search" data-md-component="search" role="dialog">')
_SEARCH_INPUT_LABEL = re.compile(r'<input type="text" class="md-search__input"[^>]*aria-label="([^"]+)"')
_SECTION_TOGGLE = re.compile(r'(<label class="md-nav__link[^"]*" for="(__nav_[\d_]+)" id="\2_label")(>)(.*?</label>)', re.S)
_TAG = re.compile(r"<[^>]+>")
_EMPTY_SCRIPT = re.compile(r'<script src="">\s*</script>\n?')
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>\n?", re.S)
_CODE_CELL = re.compile(r'<div class="highlight-ipynb hl-(\w+)">')
_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="([a-z-]+)">')


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def fix_theme(page_html: str) -> str:
    page_html = _EMPTY_TABINDEX.sub("", page_html)
    page_html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", page_html)
    page_html = _AUTOCORRECT.sub("", page_html)
    label = _SEARCH_INPUT_LABEL.search(page_html)
    if label:
        page_html = _SEARCH_DIALOG.sub(lambda m: m.group(0)[:-1] + f' aria-label="{label.group(1)}">', page_html)
    # A section's <nav> is named by its toggle label, which holds only an icon: name it by
    # the section's title label instead (the one that shows the section's name).
    textless = {m.group(2) for m in _SECTION_TOGGLE.finditer(page_html) if not _text(m.group(4))}
    for section in textless:
        title = f'<label class="md-nav__title" for="{section}">'
        if title in page_html:
            page_html = page_html.replace(title, f'<label class="md-nav__title" for="{section}" id="{section}_title">', 1)
            page_html = page_html.replace(f'aria-labelledby="{section}_label"', f'aria-labelledby="{section}_title"')
    if 'id="__toc"' not in page_html:  # a page without headings has no toc toggle to point at
        page_html = page_html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return page_html


def fix_alternates(page_html: str, site_url: str, alternates: list[dict]) -> str:
    """`<link rel="alternate" hreflang>` to each edition's root, absolute (search engines
    ignore relative ones). They must stay the roots: Material's language selector fetches
    `<alternate>/sitemap.xml` to find the same page in the other edition.
    `alt.link` is relative to this edition's root, `site_url`."""
    targets = {alt["lang"]: urljoin(site_url, alt["link"]) for alt in alternates}

    def absolute(m: re.Match) -> str:
        lang = m.group(1)
        if lang not in targets:
            return m.group(0)
        return f'<link rel="alternate" href="{html.escape(targets[lang])}" hreflang="{lang}">'

    return _ALTERNATE.sub(absolute, page_html)


def fix_notebook(page_html: str, lang: str, site_dir: Path, page_url: str) -> str:
    """Notebook pages: move the stylesheets out of the article into one linked file, drop the
    empty script, and make every code cell (it scrolls sideways) a named keyboard stop."""
    page_html = _EMPTY_SCRIPT.sub("", page_html)
    article = _ARTICLE.search(page_html)
    if not article:
        return page_html
    css: list[str] = []

    def take_style(m: re.Match) -> str:
        body = m.group(1).strip()
        if not body.startswith("["):  # nbconvert also prints a Python list of the CSS: not CSS
            css.append(body)
        return ""

    counter = iter(range(1, 1_000_000))
    label = CODE_CELL_LABEL[lang]

    def focusable(m: re.Match) -> str:
        name = label.format(n=next(counter))
        return m.group(0)[:-1] + f' tabindex="0" role="region" aria-label="{name}">'

    body = _STYLE.sub(take_style, article.group(0))
    body = _CODE_CELL.sub(focusable, body)
    page_html = page_html[: article.start()] + body + page_html[article.end():]
    if css:  # only the rules that can match something on this page (≈ 590 KB → a few KB)
        pruned = notebook_lean.prune_css("\n".join(css), notebook_lean.used_classes(page_html))
        href = _write_stylesheet(pruned, site_dir)
        depth = page_url.count("/")
        link = f'<link rel="stylesheet" href="{"../" * depth}{href}">\n'
        page_html = page_html.replace("</head>", link + "</head>", 1)
    return page_html


def _write_stylesheet(css: str, site_dir: Path) -> str:
    rel = f"assets/css/notebook-{hashlib.sha256(css.encode()).hexdigest()[:10]}.css"
    path = site_dir / rel
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(css, "utf-8")
    return rel
