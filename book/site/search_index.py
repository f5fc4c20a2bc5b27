"""The search index every page downloads (Material's search, `search/search_index.json`), made
lighter without losing a word of prose.

Material fetches the whole index on every first view, so it is most of a typical page's weight
(#14). Two things in it cost bytes and find nothing a reader searches for:
- Korean written as `\\uXXXX` escapes (six bytes a syllable instead of three): rewritten as UTF-8,
  the same JSON;
- in the notebook pages ("직접 해보기 / Try it yourself"), every code cell twice: once as the
  text of the cell and once more as the hidden source of its copy button ("Copied! <pre>…</pre>").
  The second copy goes; the cell's code, its output and all prose stay searchable.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from book.core.atomic import write_text

NOTEBOOK_PAGE = re.compile(r"(^|/)try_it/")
COPY_BUTTON_SOURCE = re.compile(r"Copied!\s*<pre>.*?</pre>\s*", re.S)


def slim(index: dict) -> dict:
    """The index without the copy-button duplicates of the notebook pages' code cells."""
    docs = []
    for doc in index["docs"]:
        if NOTEBOOK_PAGE.search(doc["location"]):
            doc = {**doc, "text": COPY_BUTTON_SOURCE.sub("", doc["text"]).strip()}
        docs.append(doc)
    return {**index, "docs": docs}


def rewrite(site_dir: Path) -> None:
    """Rewrite `site_dir/search/search_index.json` in place (atomically), if the build wrote one."""
    path = Path(site_dir) / "search" / "search_index.json"
    if path.exists():
        index = json.loads(path.read_text(encoding="utf-8"))
        write_text(path, json.dumps(slim(index), ensure_ascii=False, separators=(",", ":")))
