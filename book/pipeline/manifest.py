"""The committed manifests: which inputs (by hash) each figure and notebook was made from.

One file per chapter, docs/assets/figures/<chapter>/manifest.json, so that builds of different
chapters never collide; the figure build and the notebook runner both read and write them.
"""
from __future__ import annotations

import json
from pathlib import Path

from book.core.atomic import write_json
from book.core.paths import figures_dir


def manifest_path(chapter: str) -> Path:
    return figures_dir() / chapter / "manifest.json"


def read_manifest() -> dict:
    """All chapters' manifests as one {"figures": {id: entry}, "notebooks": {key: entry}}."""
    merged: dict = {"figures": {}, "notebooks": {}}
    for path in sorted(figures_dir().glob("*/manifest.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        for section in merged:
            merged[section].update(part.get(section, {}))
    return merged


def write_manifest(manifest: dict, chapter: str) -> None:
    """Write the part of `manifest` that belongs to `chapter` (ids and keys start with it)."""
    part = {section: {k: v for k, v in entries.items() if k.split("/")[0] == chapter}
            for section, entries in manifest.items()}
    path = manifest_path(chapter)
    if any(part.values()):
        write_json(path, part)
    else:
        path.unlink(missing_ok=True)
