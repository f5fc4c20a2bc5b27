"""k-nearest neighbours on raw pixels: how far Euclidean distance in pixel space gets on its own."""
from __future__ import annotations

import numpy as np
import torch

from book.data.decode import cifar10_split, mnist_split

SPLITS = {"mnist": mnist_split, "cifar10": cifar10_split}


def _flat(x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(x.reshape(len(x), -1).astype(np.float32) / 255)


@torch.no_grad()
def nearest_labels(name: str, n_test: int, k: int, chunk: int = 250) -> tuple[np.ndarray, np.ndarray]:
    """(labels of the k nearest training images, true label) for the first n_test test images,
    against the whole training set; |a - b|² = |a|² + |b|² - 2 a·b, one chunk of tests at a time."""
    if name not in SPLITS:
        raise ValueError(f"pixel k-NN: unknown data set {name!r}; use one of {sorted(SPLITS)}")
    xtr, ytr = SPLITS[name]("train")
    xte, yte = SPLITS[name]("test")
    if not 0 < n_test <= len(xte):
        raise ValueError(f"pixel k-NN: n_test must be in 1..{len(xte)}, got {n_test}")
    a, b = _flat(xtr), _flat(xte[:n_test])
    a2 = (a * a).sum(1)
    out = []
    for i in range(0, n_test, chunk):
        q = b[i:i + chunk]
        d = a2[None, :] - 2 * q @ a.T  # + |q|², the same for every neighbour of a row
        out.append(d.topk(k, largest=False).indices)
    return ytr[torch.cat(out).numpy()], yte[:n_test]


def vote_accuracy(neighbour_labels: np.ndarray, truth: np.ndarray, k: int) -> float:
    """Accuracy of the majority vote of the first k neighbours (ties: the nearest tied class)."""
    correct = 0
    for row, y in zip(neighbour_labels[:, :k], truth):
        counts = np.bincount(row, minlength=10)
        top = np.flatnonzero(counts == counts.max())
        winner = next(label for label in row if label in top)  # nearest among the tied
        correct += int(winner == y)
    return correct / len(truth)
