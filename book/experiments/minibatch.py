"""Mini-batch stochastic gradient descent compared across batch sizes (learning chapter).

The NumPy 784-16-16-10 network of book.nets.numpy_mlp is trained by plain SGD with several
batch sizes for the same number of examples seen, so every run costs the same number of
gradient evaluations per image; what differs is how many steps those images are split into.
The loss on the whole training subset is measured at fixed counts of examples seen. Wall time
counts only the training steps (not the loss measurements) and varies between machines: it is
drawn, never compared by a test.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from book.data import mnist_arrays
from book.nets import numpy_mlp as nb


@dataclass
class Run:
    batch_size: int
    seed: int
    examples: np.ndarray  # examples seen at each measurement (0 first)
    loss: np.ndarray  # mean cross-entropy on the whole training subset at those points
    seconds: np.ndarray  # training wall time spent up to those points
    steps: int


def sgd_run(X, y, batch_size: int, examples: int, lr: float, every: int, seed: int = 0) -> Run:
    """Plain SGD on (X, y) until `examples` images have been used, reshuffling after each pass.

    `every` (examples between measurements) and `examples` must be multiples of `batch_size`,
    so every run is measured at the same points."""
    if examples % batch_size or every % batch_size or examples % every:
        raise ValueError(f"batch size {batch_size}, measurement interval {every} and examples seen "
                         f"{examples} must divide each other: choose every = a multiple of the batch size")
    rng = np.random.default_rng(seed)
    params = nb.init_params(seed=seed)
    seen, clock, steps = 0, 0.0, 0
    points, losses, times = [0], [nb.loss(nb.forward(params, X)[-1], y)], [0.0]
    order, at = rng.permutation(len(y)), 0
    while seen < examples:
        start = time.perf_counter()
        if at + batch_size > len(y):  # a new pass over the data
            order, at = rng.permutation(len(y)), 0
        idx = order[at:at + batch_size]
        at += batch_size
        grads = nb.backward(params, nb.forward(params, X[idx]), y[idx])
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
        clock += time.perf_counter() - start
        seen, steps = seen + batch_size, steps + 1
        if seen % every == 0:
            points.append(seen)
            losses.append(nb.loss(nb.forward(params, X)[-1], y))
            times.append(clock)
    return Run(batch_size, seed, np.array(points), np.array(losses), np.array(times), steps)


@lru_cache(maxsize=None)  # a figure is drawn four times (ko/en × light/dark); train once
def runs_by_batch_size(subset: int, passes: int, seeds: tuple, lrs: tuple) -> dict:
    """SGD runs on the first `subset` MNIST training images for every (batch size, learning
    rate) pair of `lrs`, each for `passes` passes' worth of examples, once per seed, measured
    after every pass: {batch size: [Run per seed]}."""
    images, labels = mnist_arrays("train")
    X = images[:subset].reshape(subset, -1) / 255.0
    y = labels[:subset].astype(np.int64)
    return {b: [sgd_run(X, y, b, passes * subset, lr, every=subset, seed=s)
                for s in seeds] for b, lr in lrs}


def final_loss_spread(runs: list[Run]) -> dict:
    """Mean, smallest and largest final loss over the seeds of one batch size, and the mean
    training wall time (a timing: differs between machines)."""
    final = [r.loss[-1] for r in runs]
    return {"final_loss": float(np.mean(final)), "final_loss_min": float(np.min(final)),
            "final_loss_max": float(np.max(final)),
            "train_seconds": float(np.mean([r.seconds[-1] for r in runs]))}
