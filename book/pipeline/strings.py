"""The ko/en string catalogs for text inside figures.

`figures_src/strings/common.yaml` holds words every chapter uses (class names, axis
labels); `figures_src/strings/<chapter>.yaml` holds a chapter's own. Each entry maps a key
to {ko: ..., en: ...}; values may hold `{placeholders}` filled by keyword arguments.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from book.core.paths import FIGURES_SRC, LANGS

STRINGS_DIR = FIGURES_SRC / "strings"


class MissingString(KeyError):
    pass


@lru_cache(maxsize=None)
def load_catalog(path: Path) -> dict:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key, entry in data.items():
        missing = [lang for lang in LANGS if not isinstance(entry, dict) or lang not in entry]
        if missing:
            raise MissingString(f"{path}: string '{key}' has no {', '.join(missing)} text")
    return data


def catalog_files(chapter: str) -> list[Path]:
    return [STRINGS_DIR / "common.yaml", STRINGS_DIR / f"{chapter}.yaml"]


class Catalog:
    """`t = Catalog("inside", "ko"); t("predicted")` → "예측"; `t.list("digits")` for lists."""

    def __init__(self, chapter: str, lang: str):
        self.chapter, self.lang = chapter, lang
        self.entries: dict = {}
        for f in catalog_files(chapter):
            self.entries.update(load_catalog(f))

    def __call__(self, key: str, **fmt):
        if key not in self.entries:
            files = " or ".join(str(f.relative_to(FIGURES_SRC.parent)) for f in catalog_files(self.chapter))
            raise MissingString(f"figure text '{key}' is not in {files}: add it with ko and en")
        value = self.entries[key][self.lang]
        if isinstance(value, str):
            return value.format(**fmt) if fmt else value
        return value

    def list(self, key: str) -> list[str]:
        value = self(key)
        if not isinstance(value, list):
            raise MissingString(f"figure text '{key}' should be a list")
        return value
