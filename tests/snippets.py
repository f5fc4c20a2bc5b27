"""Code listings on the pages: the `--8<--` lines of a chapter (pymdownx.snippets) and the
source text each one includes, by section (`path:name`) or by line range (`path:first:last`)."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

from book.core.paths import DOCS, ROOT
from pages import code_text

SNIPPET_RE = re.compile(r'^--8<-- "([^"]+)"$', re.M)
SECTION_MARKER = re.compile(r"^\s*# --8<-- \[(start|end):[\w-]+\]\s*$")


def snippets(chapter: str, lang: str) -> list[str]:
    return SNIPPET_RE.findall((DOCS / lang / chapter / "index.md").read_text(encoding="utf-8"))


def included(spec: str) -> str:
    """The text pymdownx.snippets puts in place of `--8<-- "spec"`: a line range or a section,
    dedented as the site shows it (dedent_subsections in mkdocs.base.yml)."""
    path, *where = spec.split(":")
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    if len(where) == 2:
        first, last = map(int, where)
        return textwrap.dedent("\n".join(lines[first - 1:last]))
    stripped = [line.strip() for line in lines]  # markers inside a function are indented
    start = stripped.index(f"# --8<-- [start:{where[0]}]")
    end = stripped.index(f"# --8<-- [end:{where[0]}]")
    # pymdownx.snippets leaves out the markers of sections nested in this one
    inner = [line for line in lines[start + 1:end] if not SECTION_MARKER.match(line)]
    return textwrap.dedent("\n".join(inner))


def page_code(built_site: Path, prefix: str, chapter: str) -> str:
    """The text of every code block of a built page."""
    return code_text((built_site / prefix / chapter / "index.html").read_text(encoding="utf-8"))


def assert_page_shows_snippets(built_site: Path, chapter: str) -> None:
    """Both editions list the same snippets, and each built page shows each one verbatim."""
    specs = snippets(chapter, "ko")
    assert specs and specs == snippets(chapter, "en"), f"{chapter}: the editions list different code"
    for prefix in ("", "en/"):
        code = page_code(built_site, prefix, chapter)
        for spec in specs:
            assert included(spec).strip() in code, f"{prefix or 'ko/'}{chapter}: '{spec}' is not shown verbatim"
        assert "--8<--" not in code
