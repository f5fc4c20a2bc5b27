"""The committed figures come from the code: rebuild every figure from scratch (no model
cache) into a temporary folder and compare the measurements with the committed ones."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from book.paths import figures_dir
from conftest import ROOT

pytestmark = [pytest.mark.data, pytest.mark.slow]


def _close(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-4)  # float noise across CPUs
    return a == b


def test_rebuild_from_scratch_reproduces_committed_metrics(tmp_path):
    env = {**os.environ, "BOOK_FIGURES_DIR": str(tmp_path / "figures"),
           "BOOK_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "book", "figures", "--force", "--no-notebooks"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    committed = sorted(p.relative_to(figures_dir()).as_posix() for p in figures_dir().rglob("*.*"))
    rebuilt = sorted(p.relative_to(tmp_path / "figures").as_posix() for p in (tmp_path / "figures").rglob("*.*"))
    assert rebuilt == committed, "the rebuild made a different set of files"
    differences = []
    for path in figures_dir().glob("*/metrics.json"):
        chapter = path.parent.name
        old = json.loads(path.read_text("utf-8"))
        new = json.loads((tmp_path / "figures" / chapter / "metrics.json").read_text("utf-8"))
        assert old.keys() == new.keys(), f"{chapter}: metric keys differ"
        differences += [f"{chapter}.{k}: committed {old[k]!r}, rebuilt {new[k]!r}"
                        for k in old if not k.endswith("_seconds") and not _close(old[k], new[k])]
    assert not differences, "\n".join(differences)
