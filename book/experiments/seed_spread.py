"""Summaries of one measurement repeated over several seeds, and the rule the book uses before
it writes "A beats B": every seed of A above every seed of B (the two ranges do not overlap).

    s = spread([0.962, 0.965, 0.960])   # {"n": 3, "mean": ..., "min": ..., "max": ..., "std": ...}
    beats([0.97, 0.971, 0.969], [0.96, 0.965, 0.962])   # True
"""
from __future__ import annotations

import numpy as np

MIN_SEEDS = 3  # fewer runs cannot show how far a result moves with the seed


def spread(values) -> dict:
    """n, mean, min, max and sample standard deviation of per-seed results."""
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or len(v) < MIN_SEEDS:
        raise ValueError(f"spread() needs a flat list of at least {MIN_SEEDS} per-seed results, "
                         f"got shape {v.shape}: train the comparison with more seeds")
    return {"n": int(len(v)), "mean": float(v.mean()), "min": float(v.min()), "max": float(v.max()),
            "std": float(v.std(ddof=1))}


def beats(a, b) -> bool:
    """True when every seed of `a` scored above every seed of `b`."""
    return spread(a)["min"] > spread(b)["max"]
