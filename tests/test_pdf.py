"""The print edition (book/pdf, `make pdf`): one PDF per language, printed from a fresh build
of the site, with every chapter, the measured numbers as the site shows them, embedded fonts,
an outline, a contents page whose numbers are right, and no text off the printable area."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from conftest import CHROMIUM, ROOT, copy_tree
from book.core.paths import DOCS, LANGS, figures_dir
from book.pdf import pdfinfo
from book.pdf.build import build
from book.pdf.edition import STRINGS, load
from book.pdf.printer import Printer, PrintError
from book.pdf.print_link import ENV, add_print_link
from book.site.refs import FORMATS

pytestmark = pytest.mark.browser
MM = 72 / 25.4  # points per millimetre
PRINTABLE_INSET = 5 * MM  # what a printer may leave blank at every edge


def _needs(what: str, present: bool):
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: .ci/run must apt-get install it")
    pytest.skip(f"print-edition test skipped: install Debian's {what}")


@pytest.fixture(scope="session")
def pdfs(built_site, tmp_path_factory) -> dict:
    _needs("chromium and fonts-nanum", CHROMIUM.exists())
    _needs("poppler-utils", shutil.which("pdftotext") is not None)
    site = copy_tree(built_site, tmp_path_factory.mktemp("print") / "site")
    outs = build(site, LANGS)
    return {lang: out for lang, out in zip(LANGS, outs)}


def _text(pdf) -> str:
    return " ".join(" ".join(pdfinfo.page_texts(pdf)).split())


def _chapter_headings(site_lang_dir, lang) -> list[str]:
    """The title (h1) of the first page of each chapter, as the site shows it."""
    titles = []
    for chapter in load(lang).chapters:
        page = site_lang_dir / chapter.pages[0].html
        h1 = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article h1")
        for a in h1.select("a.headerlink"):
            a.decompose()
        titles.append(" ".join(h1.get_text(" ", strip=True).split()))
    return titles


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_pdf(pdfs, lang):
    pdf = pdfs[lang]
    assert pdf.name == load(lang).pdf_name and pdf.stat().st_size > 100_000
    assert len(pdfinfo.page_texts(pdf)) > 2 * len(load(lang).chapters)


@pytest.mark.parametrize("lang", LANGS)
def test_text_has_every_chapter_and_the_measured_accuracy(pdfs, lang):
    text = _text(pdfs[lang])
    missing = [c.title for c in load(lang).chapters if " ".join(c.title.split()) not in text]
    assert not missing, f"chapter titles missing from the {lang} PDF: {missing}"
    metrics = json.loads((figures_dir() / "inside" / "metrics.json").read_text("utf-8"))
    accuracy = FORMATS["pct"](metrics["mnist_linear.test_accuracy"])  # as the page writes it
    assert accuracy in text, f"the 784→10 test accuracy {accuracy} is not in the {lang} PDF"
    assert STRINGS[lang]["download"] not in text, "the PDF links to itself from its front page"


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded(pdfs, lang):
    fonts = pdfinfo.fonts(pdfs[lang])
    assert fonts, "no fonts at all: is the text an image?"
    assert not [f["name"] for f in fonts if f["emb"] != "yes"], fonts
    assert any("Nanum" in f["name"] for f in fonts), [f["name"] for f in fonts]


@pytest.mark.parametrize("lang", LANGS)
def test_outline_lists_every_chapter_with_its_sections(pdfs, lang):
    items = pdfinfo.outline(pdfs[lang])
    top = [i.title for i in items if i.depth == 0]
    headings = _chapter_headings(pdfs[lang].parent, lang)  # the PDF sits in its language's site
    assert top[:2] == [load(lang).site_name, "차례" if lang == "ko" else "Contents"]
    assert top[2:] == headings  # after the cover and the contents, one entry per chapter
    assert sum(i.depth == 1 for i in items) > len(headings), "no sections in the outline"


@pytest.mark.parametrize("lang", LANGS)
def test_contents_page_numbers_are_the_chapters_pages(pdfs, lang):
    pages = pdfinfo.page_texts(pdfs[lang])
    items = [i for i in pdfinfo.outline(pdfs[lang]) if i.depth == 0][2:]  # after cover, contents
    lines = pdfinfo.page_texts(pdfs[lang], layout=True)  # a title and its number on one line
    contents = " ".join(" ".join(p.split()) for p in lines[1:items[0].page - 1])
    for item in items:
        assert f"{item.title} {item.page}" in contents, f"contents: '{item.title}' not on page {item.page}"
        assert item.title.split()[0] in pages[item.page - 1], f"page {item.page} is not '{item.title}'"


def _drawing_piece(text: str) -> bool:
    """MathJax draws stretchy braces and bars (\\underbrace, long arrows) from private-use
    glyphs stretched by a transform; poppler reports such a glyph with its unstretched box
    times the stretch, far wider than the ink. They carry no text, so they are not checked."""
    return all(0xE000 <= ord(ch) <= 0xF8FF for ch in text)


def _outside(word: pdfinfo.Word) -> bool:
    (x0, y0, x1, y1), (width, height) = word.box, word.page_size
    return (x0 < PRINTABLE_INSET or y0 < PRINTABLE_INSET
            or x1 > width - PRINTABLE_INSET or y1 > height - PRINTABLE_INSET)


@pytest.mark.parametrize("lang", LANGS)
def test_no_text_outside_the_printable_area(pdfs, lang):
    off = [f"page {w.page}: {w.text!r} at {tuple(round(v) for v in w.box)}"
           for w in pdfinfo.words(pdfs[lang]) if _outside(w) and not _drawing_piece(w.text)]
    assert not off, f"{len(off)} words outside the printable area:\n" + "\n".join(off[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_cover_names_the_commit(pdfs, lang):
    head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT,
                          capture_output=True, text=True).stdout.strip()
    assert head and head in pdfinfo.page_texts(pdfs[lang])[0]


@pytest.mark.parametrize("lang", LANGS)
def test_front_page_links_to_its_pdf_only_under_make_pdf(monkeypatch, lang):
    """The print edition's hook (book.pdf.print_link, second in mkdocs.base.yml) adds the link
    when `make pdf` (BOOK_PRINT_EDITION=1) builds the site, and only to the front page."""
    from book.pdf import print_link

    base = (ROOT / "mkdocs.base.yml").read_text("utf-8")
    assert "hooks:\n  - book/site/hooks.py\n  - book/pdf/print_link.py" in base
    config = {"theme": {"language": lang}}
    front = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    other = SimpleNamespace(file=SimpleNamespace(src_uri="basics/index.md"))
    markdown = (DOCS / lang / "index.md").read_text("utf-8")
    link = f'href="{load(lang).pdf_name}"'
    monkeypatch.delenv(ENV, raising=False)
    assert link not in print_link.on_page_markdown(markdown, front, config, None)
    monkeypatch.setenv(ENV, "1")
    assert link not in print_link.on_page_markdown(markdown, other, config, None)
    page = print_link.on_page_markdown(markdown, front, config, None)
    head = page.splitlines()
    assert head[0].startswith("# ") and link in "\n".join(head[1:3]), "the link goes under the title"
    with pytest.raises(ValueError, match="# title"):
        add_print_link("no heading here\n", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_links_between_chapters_land_inside_the_pdf(pdfs, lang):
    used, defined = pdfinfo.internal_links(pdfs[lang])
    assert len(used) > 3 * len(load(lang).chapters), "hardly any internal links (contents, see …)"
    assert used <= defined, f"links to destinations the PDF does not have: {sorted(used - defined)[:10]}"


def test_printing_stops_at_text_wider_than_the_page(tmp_path):
    """Chromium would silently cut such text off the page; the printer refuses instead."""
    _needs("chromium and fonts-nanum", CHROMIUM.exists())
    _needs("poppler-utils", shutil.which("pdftotext") is not None)
    line = " ".join(f"word{i}" for i in range(60))
    for wrap in ("pre", "pre-wrap"):
        (tmp_path / f"{wrap}.html").write_text(
            f'<!doctype html><html><body><pre style="white-space: {wrap}">{line}</pre></body></html>')
    with Printer() as printer:
        printer.print(tmp_path, "pre-wrap.html", tmp_path / "wrapped.pdf")
        assert "word59" in " ".join(pdfinfo.page_texts(tmp_path / "wrapped.pdf"))
        with pytest.raises(PrintError, match="wider than the page"):
            printer.print(tmp_path, "pre.html", tmp_path / "cut.pdf")
