"""Generated 2-D data sets for the topology chapter: each is a pure function of its seed."""
from __future__ import annotations

import numpy as np


def _shuffle(rng, x, y):
    order = rng.permutation(len(y))
    return x[order].astype(np.float32), y[order].astype(np.int64)


def two_curves(n: int = 400, *, noise: float = 0.05, seed: int = 0):
    """Two interleaved sine-shaped curves, one per class (Olah's first example)."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(-1.0, 1.0, size=n)
    y = np.arange(n) % 2
    x1 = t
    x2 = 0.5 * np.sin(np.pi * t) + np.where(y == 0, 0.25, -0.25)
    pts = np.stack([x1, x2], 1) + rng.normal(0, noise, size=(n, 2))
    return _shuffle(rng, pts, y)


def two_spirals(n: int = 400, *, turns: float = 1.0, noise: float = 0.03, seed: int = 0):
    """Two spirals wound `turns` times around the origin, offset by half a turn."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    r = np.sqrt(rng.uniform(0.02, 1.0, size=n))  # uniform density along the arm
    theta = 2 * np.pi * turns * r + np.pi * y
    pts = np.stack([r * np.cos(theta), r * np.sin(theta)], 1) + rng.normal(0, noise, size=(n, 2))
    return _shuffle(rng, pts, y)


def circles(n: int = 400, *, inner: float = 0.35, ring: tuple[float, float] = (0.65, 1.0), seed: int = 0):
    """A disk (class 0) inside a ring (class 1): impossible to separate with 2-unit layers."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    r = np.where(y == 0, inner * np.sqrt(rng.uniform(0, 1, n)),
                 np.sqrt(rng.uniform(ring[0] ** 2, ring[1] ** 2, n)))
    theta = rng.uniform(0, 2 * np.pi, n)
    pts = np.stack([r * np.cos(theta), r * np.sin(theta)], 1)
    return _shuffle(rng, pts, y)
