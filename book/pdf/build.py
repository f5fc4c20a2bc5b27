"""Build the print edition of each language from the built site, in two passes.

Pass 1 prints with placeholder page numbers in the contents; the PDF's outline then says on
which page every chapter and section heading landed. Pass 2 prints again with those numbers.
The contents take the same room in both passes (numbers are set in a fixed column), so no
heading moves; the build checks that and stops if one did.
"""
from __future__ import annotations

import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bs4 import BeautifulSoup

from book.core.paths import LANGS
from book.pdf import assemble, pdfinfo
from book.pdf.edition import ROOT, Edition, load
from book.pdf.printer import Printer


class PageNumberError(RuntimeError):
    pass


def language_dir(site: Path, lang: str) -> Path:
    return site if lang == "ko" else site / lang


def commit() -> tuple[str | None, bool]:
    """The commit the edition is built from, and whether the working tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--"], cwd=ROOT).returncode != 0
    except (OSError, subprocess.CalledProcessError):
        return None, False
    return head, dirty


def _heading_ids(doc: str) -> list[str]:
    soup = BeautifulSoup(doc, "html.parser")
    return [h.get("id", "") for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def heading_pages(doc: str, pdf: Path) -> dict[str, int]:
    """Page of every heading id: Chromium makes one bookmark per heading, in document order."""
    ids, items = _heading_ids(doc), pdfinfo.outline(pdf)
    if len(ids) != len(items):
        raise PageNumberError(f"{pdf.name}: {len(ids)} headings but {len(items)} bookmarks; "
                              "a heading without text? Give every heading a title")
    return {i: item.page for i, item in zip(ids, items) if i}


def build_language(printer: Printer, site: Path, edition: Edition, built: str,
                   source: tuple[str | None, bool]) -> Path:
    folder = language_dir(site, edition.lang)
    chapters, entries = assemble.chapter_html(folder, edition)
    head, dirty = source
    label = edition.strings["no_git"] if head is None else \
        head + (f" {edition.strings['dirty']}" if dirty else "")
    cover = assemble.cover_html(edition, built, label)
    doc_path, out = folder / assemble.DOC_NAME, folder / edition.pdf_name
    try:
        with tempfile.TemporaryDirectory() as tmp:
            first = assemble.document(edition, folder, chapters,
                                      cover + assemble.contents_html(edition, entries, None))
            assemble.check_anchors(first)
            doc_path.write_text(first, "utf-8")
            draft = Path(tmp) / "draft.pdf"
            printer.print(folder, assemble.DOC_NAME, draft)
            pages = heading_pages(first, draft)
            final = assemble.document(edition, folder, chapters,
                                      cover + assemble.contents_html(edition, entries, pages))
            doc_path.write_text(final, "utf-8")
            partial = out.with_suffix(".part")
            printer.print(folder, assemble.DOC_NAME, partial)
            moved = {i: (p, q) for i, q in heading_pages(final, partial).items()
                     if (p := pages.get(i)) != q}
            if moved:
                partial.unlink()
                raise PageNumberError(f"{out.name}: headings moved between the passes: {moved}")
            partial.replace(out)
    finally:
        doc_path.unlink(missing_ok=True)
    return out


def build(site: Path, langs=LANGS) -> list[Path]:
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"no built site in {site}: run `make site` first")
    built = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    source = commit()
    outs = []
    with Printer() as printer:
        for lang in langs:
            t0 = time.perf_counter()
            out = build_language(printer, site, load(lang), built, source)
            n = len(pdfinfo.page_texts(out))
            print(f"{out}: {n} pages, {out.stat().st_size / 1e6:.1f} MB, "
                  f"{time.perf_counter() - t0:.0f} s")
            outs.append(out)
    return outs
