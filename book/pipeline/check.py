"""`python -m book check`: which figures and notebooks are stale, decided without rebuilding."""
from __future__ import annotations

from book.pipeline import notebooks
from book.pipeline.build import metrics_behind, plan
from book.pipeline.manifest import read_manifest


def stale_report() -> list[str]:
    """Names of stale figures/notebooks (for tests and `--check`), without rebuilding."""
    manifest = read_manifest()
    p = plan(manifest)
    return ([f"figures of figures_src/{m.name}" for m in p.stale_modules]
            + [f"removed chapter {r}" for r in p.removed]
            + [f"metrics.json of {c} (behind its manifest)" for c in metrics_behind(manifest)]
            + [f"notebook {n}" for n in notebooks.stale(manifest)])
