"""Where things live. Every path the pipeline reads or writes is derived here."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FIGURES_SRC = ROOT / "figures_src"
NOTEBOOK_SRC = ROOT / "notebooks"
LANGS = ("ko", "en")
THEMES = ("light", "dark")
# Debian's Chromium (apt `chromium`), the one browser the tests, the print edition and the
# measurements drive: a browser is never downloaded.
CHROMIUM = Path("/usr/bin/chromium")


def figures_dir() -> Path:
    """Where generated figures and metrics go (BOOK_FIGURES_DIR lets CI rebuild elsewhere)."""
    return Path(os.environ.get("BOOK_FIGURES_DIR", DOCS / "assets" / "figures"))


def cache_dir() -> Path:
    """Decoded datasets and trained weights. Safe to delete: everything in it is rebuilt."""
    return Path(os.environ.get("BOOK_CACHE_DIR", ROOT / ".cache"))


def local_data_dir() -> Path:
    """`./data`: the second place datasets are looked for, and where downloads land."""
    return ROOT / "data"
