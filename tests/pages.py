"""Reading the book's pages as data: which figures and demo data each page references."""
from __future__ import annotations

import json
import re
from pathlib import Path

from book.paths import DOCS, LANGS
from book.site.refs import CODE_RE, FIG_RE, FIGDATA_RE


def pages(lang: str) -> list[Path]:
    root = DOCS / lang
    return sorted(p for p in root.rglob("*") if p.suffix in (".md", ".ipynb"))


def relative_pages(lang: str) -> set[str]:
    return {p.relative_to(DOCS / lang).as_posix() for p in pages(lang)}


def prose(path: Path) -> str:
    """A page's text without code: for notebooks, the markdown cells."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text("utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return CODE_RE.sub("", path.read_text("utf-8"))


def figure_refs(path: Path) -> list[tuple[str, str]]:
    """(figure id, alt text) for every ![alt](fig:id) on a page."""
    return [(m["id"], m["alt"].strip()) for m in FIG_RE.finditer(prose(path))]


def data_refs(path: Path) -> list[str]:
    return [m["id"] for m in FIGDATA_RE.finditer(prose(path))]


def referenced_ids(lang: str) -> set[str]:
    ids: set[str] = set()
    for p in pages(lang):
        ids.update(i for i, _ in figure_refs(p))
        ids.update(data_refs(p))
    return ids


def hangul(text: str) -> bool:
    return bool(re.search(r"[\uac00-\ud7a3]", text))


__all__ = ["LANGS", "pages", "relative_pages", "prose", "figure_refs", "data_refs", "referenced_ids", "hangul"]
