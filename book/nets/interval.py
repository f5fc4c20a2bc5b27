"""The 1-D analogue of the disk inside a ring (Olah 2014): class A is an interval on the line,
class B surrounds it on both sides. A tanh layer of one unit is monotonic, so it keeps the
order of the points and no threshold can take out the middle; two units can."""
from __future__ import annotations

import numpy as np
import torch

from book.data import Split
from book.nets.train import register_data


def interval_points(n: int, half_width: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n points uniform on [-1, 1]: class 0 inside [-half_width, half_width], class 1 outside."""
    x = np.random.default_rng(seed).uniform(-1, 1, size=(n, 1)).astype(np.float32)
    return x, (np.abs(x[:, 0]) > half_width).astype(np.int64)


@register_data("interval")
def interval(n: int = 300, half_width: float = 1 / 3, seed: int = 0) -> tuple[Split, Split]:
    """(train, test) splits; the test set has a seed of its own."""
    return tuple(Split(*map(torch.from_numpy, interval_points(n, half_width, s))) for s in (seed, seed + 1000))
