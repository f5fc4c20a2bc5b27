"""Reading the book's pages as data: which figures and demo data each page references."""
from __future__ import annotations

import json
import re
from pathlib import Path

from book.core.paths import DOCS, LANGS
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


# --- code listings included into pages (pymdownx.snippets sections) ---
SECTION_RE = re.compile(r"^[ \t]*# --8<-- \[start:(\w+)\]\n(.*?)^[ \t]*# --8<-- \[end:\1\]", re.S | re.M)


def snippet_sections(source: Path) -> dict[str, str]:
    """The sections of a source file between `# --8<-- [start:name]` and `[end:name]`, dedented
    as the site shows them (dedent_subsections in mkdocs.base.yml)."""
    import textwrap

    return {name: textwrap.dedent(body) for name, body in SECTION_RE.findall(source.read_text("utf-8"))}


def code_text(html_page: str) -> str:
    """The text of every <code> element of a built page, tags removed and entities decoded."""
    import html

    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block))
                     for block in re.findall(r"<code>(.*?)</code>", html_page, re.S))
