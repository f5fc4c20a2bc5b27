"""Assemble one print document from the built site of one language.

Each chapter's built pages are read from site/<lang>/ (the article only, not the site's
navigation) and rewritten for paper: light-palette images only, loaded eagerly; ids made
short, ASCII and unique, and links between pages turned into links inside the document; collapsed
boxes (further reading) opened; interactive demos and animations replaced by a line pointing
to the web edition; notebook headings one level down, under their chapter. A cover and a
table of contents (page numbers filled in by the second pass, see book.pdf.build) come first.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from book.pdf.edition import Edition, Page
from book.pdf.printer import PAGE
from book.site.page_assets import MATH_CSS

PRINT_CSS = Path(__file__).with_name("print.css")
# The document sits at the root of the language's site, so its relative URLs are the
# site's own: assets/…, and the math font loads exactly as on the pages.
DOC_NAME = "print-edition.tmp.html"
BASE = "http://book.invalid/"  # a stand-in origin to resolve relative URLs against
PAGE_PLACEHOLDER = "000"  # as wide as a real page number: the contents keep their layout


class AssemblyError(Exception):
    pass


def _read_article(site: Path, page: Page) -> Tag:
    path = site / page.html
    if not path.exists():
        raise AssemblyError(f"{path} is missing: build the site first (`make site`)")
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    article = soup.select_one("article.md-content__inner")
    if article is None:
        raise AssemblyError(f"{path} has no <article class=md-content__inner>: not a page of this book")
    return article


def _rewrite_urls(article: Tag, page: Page, edition: Edition, ids: dict[str, dict[str, str]],
                  keys: dict[str, str]) -> None:
    page_url = urljoin(BASE, page.url)
    for a in article.find_all("a", href=True):
        target = urljoin(page_url, a["href"])
        if not target.startswith(BASE):
            continue  # another site: left as it is
        parts = urlsplit(target)
        path = unquote(parts.path[len(urlsplit(BASE).path):])
        path = re.sub(r"index\.html$", "", path)
        if path in keys:  # a page of this edition: jump inside the document
            frag = unquote(parts.fragment)
            if frag and frag not in ids[path]:
                raise AssemblyError(f"{page.src} links to #{frag} on {path or 'the front page'}, "
                                    "which has no such anchor: fix the link")
            a["href"] = "#" + (ids[path][frag] if frag else keys[path])
        else:  # a file of the site (a notebook download, …): the web edition has it
            a["href"] = urljoin(edition.site_url, path + (f"#{parts.fragment}" if parts.fragment else ""))
    for img in article.find_all(["img", "source"], src=True):
        target = urljoin(page_url, img["src"])
        if target.startswith(BASE):  # not data: URLs (notebook outputs)
            img["src"] = target[len(BASE):]


def _renumber_ids(article: Tag, key: str) -> dict[str, str]:
    """Give every id a short ASCII name unique in the document (pages repeat ids, and PDF
    destinations named after long Korean ids exceed the PDF's name limit); returns old → new."""
    for n, h in enumerate(article.find_all(re.compile(r"^h[1-6]$"))):
        h["id"] = h.get("id") or f"heading-{n}"  # every contents entry needs a target
    renamed = {}
    for n, el in enumerate(article.find_all(id=True)):
        renamed[el["id"]] = el["id"] = f"{key}-{n}"
    for label in article.find_all(["label", "output"], attrs={"for": True}):
        label["for"] = " ".join(renamed.get(i, i) for i in label["for"].split())
    return renamed


def _note(text: str, url: str) -> Tag:
    note = BeautifulSoup(
        f'<p class="print-web-note">{html.escape(text)} '
        f'<a href="{html.escape(url)}">{html.escape(url)}</a></p>', "html.parser")
    return note.p


def _for_paper(article: Tag, page: Page, edition: Edition) -> None:
    web_url = urljoin(edition.site_url, page.url)
    # permalinks, copy buttons, scripts and the front page's link to this very PDF
    for el in article.select("a.headerlink, a.anchor-link, clipboard-copy, .md-clipboard, script, "
                             ".md-source-file, .print-edition-link"):
        el.decompose()
    for img in article.find_all("img"):
        src = img.get("src", "")
        if src.endswith("#only-dark"):
            img.decompose()
            continue
        img["src"] = src.removesuffix("#only-light")
        img["loading"] = "eager"
        if img["src"].endswith(".gif"):  # paper cannot move: the caption stays, with a pointer
            img.replace_with(_note(edition.strings["animation"], web_url))
    for demo in article.select("div.demo"):
        demo.replace_with(_note(edition.strings["demo"], web_url))
    for details in article.find_all("details"):
        details["open"] = ""


def _demote_headings(article: Tag) -> None:
    for h in article.find_all(re.compile(r"^h[1-5]$")):
        h.name = f"h{int(h.name[1]) + 1}"


def _dedupe_styles(article: Tag, seen: set[str]) -> None:
    """Every notebook page carries the same half-megabyte of notebook CSS: keep it once."""
    for style in article.find_all("style"):
        text = style.string or ""
        if text in seen:
            style.decompose()
        else:
            seen.add(text)


def chapter_html(site: Path, edition: Edition) -> tuple[str, list[dict]]:
    """The chapters as HTML, and the contents entries: one per chapter and per section."""
    pages = [page for c in edition.chapters for page in c.pages]
    keys = {p.url: p.key for p in pages}
    articles = {p.url: _read_article(site, p) for p in pages}
    ids = {}
    for p in pages:  # all ids first: a page links to pages after it
        _for_paper(articles[p.url], p, edition)
        ids[p.url] = _renumber_ids(articles[p.url], p.key)
    parts, entries, seen_styles = [], [], set()
    for chapter in edition.chapters:
        body = []
        for i, page in enumerate(chapter.pages):
            article = articles[page.url]
            _rewrite_urls(article, page, edition, ids, keys)
            _dedupe_styles(article, seen_styles)
            if i > 0:  # a chapter's notebook is a section of it
                _demote_headings(article)
            for h in article.find_all(["h1", "h2"]):
                entries.append({"level": 1 if h.name == "h1" else 2, "id": h["id"],
                                "title": h.get_text(" ", strip=True), "chapter": chapter.number})
            cls = "print-page notebook" if page.is_notebook else "print-page"
            body.append(f'<div class="{cls}" id="{page.key}">{article.decode_contents()}</div>')
        parts.append(f'<section class="chapter" style="page: chapter-{chapter.number}">'
                     + "".join(body) + "</section>")
    return "".join(parts), entries


def _page_styles(edition: Edition) -> str:
    """The page box, and running headers: each chapter is a named page whose top margin box
    holds its title."""
    rules = [PAGE.css()]
    for c in edition.chapters:
        title = c.title.replace("\\", "\\\\").replace('"', '\\"')
        rules.append(f'@page chapter-{c.number} {{ @top-right {{ content: "{title}"; }} }}')
    return "\n".join(rules)


def cover_html(edition: Edition, built: str, commit: str) -> str:
    s = edition.strings
    return (f'<section class="cover" style="page: front">'
            f'<h1 class="cover-title">{html.escape(edition.site_name)}</h1>'
            f'<p class="cover-description">{html.escape(edition.description)}</p>'
            f'<p class="cover-edition">{s["edition"]}</p>'
            f'<dl class="cover-build"><dt>{s["built"]}</dt><dd>{html.escape(built)}</dd>'
            f'<dt>{s["commit"]}</dt><dd><code>{html.escape(commit)}</code></dd></dl>'
            f'<p class="cover-note">{s["print_note"]} '
            f'<a href="{html.escape(edition.site_url)}">{html.escape(edition.site_url)}</a></p>'
            f'</section>')


def contents_html(edition: Edition, entries: list[dict], pages: dict[str, int] | None) -> str:
    """The table of contents; `pages` maps a heading id to its page (None: first pass)."""
    rows = []
    for e in entries:
        number = str(pages[e["id"]]) if pages else PAGE_PLACEHOLDER
        rows.append(f'<li class="toc-{e["level"]}"><a href="#{html.escape(e["id"])}">'
                    f'<span class="toc-title">{html.escape(e["title"])}</span>'
                    f'<span class="toc-page">{number}</span></a></li>')
    return (f'<section class="contents" style="page: front"><h1 id="print-contents">'
            f'{edition.strings["contents"]}</h1><ol>{"".join(rows)}</ol></section>')


def document(edition: Edition, site: Path, chapters: str, front: str) -> str:
    """The whole print document: the site's own stylesheets, then the print ones."""
    index = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    sheets = "".join(str(link) for link in index.select('link[rel="stylesheet"]'))
    if (site / MATH_CSS).exists():  # the front page may have no formula, the chapters do
        sheets += f'<link rel="stylesheet" href="{MATH_CSS}">'
    lang_attr = index.html.get("lang", edition.lang)
    return (f'<!doctype html><html lang="{lang_attr}" class="print-edition print-{edition.lang}">'
            f'<head><meta charset="utf-8"><title>{html.escape(edition.site_name)}</title>{sheets}'
            f'<style>{PRINT_CSS.read_text("utf-8")}\n{_page_styles(edition)}</style></head>'
            f'<body data-md-color-scheme="default" data-md-color-primary="indigo" '
            f'data-md-color-accent="deep-orange"><div class="md-typeset">{front}{chapters}</div>'
            f'</body></html>')


def check_anchors(doc: str) -> None:
    """Chromium silently drops a link to an id that does not exist: catch it before printing."""
    soup = BeautifulSoup(doc, "html.parser")
    ids = {el["id"] for el in soup.find_all(id=True)}
    dangling = sorted({a["href"] for a in soup.select('a[href^="#"]') if a["href"][1:] not in ids})
    if dangling:
        raise AssemblyError(f"links to anchors the print document lacks: {dangling[:10]}")
