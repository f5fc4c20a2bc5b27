"""The committed figures come from the code: rebuild every figure from scratch (no model
cache) into a temporary folder and compare the measurements with the committed ones. The
build runs in the pinned numerics mode (book/core/numerics.py), so this holds on any x86-64
machine, not only the one that committed the figures."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from book.core.paths import figures_dir
from conftest import ROOT

pytestmark = [pytest.mark.data, pytest.mark.slow]


def _close(a, b) -> bool:
    """Equal, up to 1e-6 relative for floats (which the pinned numerics mode makes bit-identical
    on any x86-64 machine; the slack only absorbs JSON rounding), exactly for everything else."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, float) or isinstance(b, float):
        return type(a) is type(b) and (math.isclose(a, b, rel_tol=1e-6, abs_tol=0.0) or a == b
                                       or (math.isnan(a) and math.isnan(b)))
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
