"""Gradient descent on a real two-parameter cost (learning chapter): telling 1s from 7s by
the amount of ink (book.experiments.intro.ink_data), with runs at a few learning rates and a
sweep over many. Everything is deterministic and takes milliseconds.
"""
from __future__ import annotations

import numpy as np

from book.experiments import intro


def cost_surface():
    """The ink problem and its cost on a 121×121 grid of (w, b) in [−6, 6]².

    Returns (x, y, mean, std, W, B, cost)."""
    x, y, mean, std = intro.ink_data()
    ws, bs = np.linspace(-6, 6, 121), np.linspace(-6, 6, 121)
    W, B = np.meshgrid(ws, bs)
    return x, y, mean, std, W, B, intro.logistic_cost(W, B, x, y)


def steps_to_within(values, target: float, tol: float = 0.01) -> int:
    """The first step whose value lies within `tol` of `target`, or −1 if none does."""
    close = np.flatnonzero(np.abs(values - target) < tol)
    return int(close[0]) if len(close) else -1


def descent_run(x, y, start, lr: float, steps: int):
    """One run of gradient descent from `start`: its path of (w, b), the final cost and the
    accuracy of the final classifier w·x + b > 0 on the same data."""
    path = intro.descend_2d(x, y, start, lr, steps)
    cost = intro.logistic_cost(path[-1][0], path[-1][1], x, y)
    acc = float(((x * path[-1][0] + path[-1][1] > 0) == (y > 0.5)).mean())
    return path, float(cost), acc


def lr_sweep(start, lrs: np.ndarray, steps: int) -> dict:
    """Final cost after `steps` steps from `start` for every learning rate in `lrs`, the best
    one, and the range of learning rates whose cost is within 1% of the best."""
    x, y = intro.ink_data()[:2]
    final = [intro.logistic_cost(*intro.descend_2d(x, y, start, lr, steps)[-1], x, y) for lr in lrs]
    best = int(np.argmin(final))
    good = lrs[np.asarray(final) <= 1.01 * final[best]]  # within 1% of the best cost
    return {"final": final, "best_lr": float(lrs[best]), "best_cost": float(final[best]),
            "good_lo": float(good.min()), "good_hi": float(good.max())}
