"""Data: real MNIST and CIFAR-10, checksum-verified, plus seeded 2-D toy sets.

    from book.data import load_mnist
    train, test = load_mnist()          # Split(x=float32 tensor N×784 in [0,1], y=int64 tensor)
    images, labels = mnist_arrays("test")  # the raw uint8 arrays

May import book.core only.
"""
from __future__ import annotations

from dataclasses import dataclass

from book.data.decode import cifar10_split, mnist_split
from book.data.files import DatasetError, available, checksum, locate
from book.data.toy import circles, two_curves, two_spirals

__all__ = [
    "DatasetError", "Split", "available", "checksum", "circles", "cifar10_arrays", "load",
    "load_cifar10", "load_mnist", "locate", "mnist_arrays", "two_curves", "two_spirals",
]

mnist_arrays = mnist_split
cifar10_arrays = cifar10_split


@dataclass
class Split:
    """One split of a data set as tensors held in memory: x (float32 in [0, 1]) and y (int64)."""
    x: "torch.Tensor"  # noqa: F821
    y: "torch.Tensor"  # noqa: F821

    def __len__(self) -> int:
        return len(self.y)


def _to_split(x, y, flat: bool) -> Split:
    import torch

    xt = torch.from_numpy(x).float().div_(255.0)
    if xt.ndim == 4:  # CIFAR NHWC → NCHW, the layout torch layers expect
        xt = xt.permute(0, 3, 1, 2).contiguous()
    if flat:
        xt = xt.reshape(len(xt), -1)
    return Split(xt, torch.from_numpy(y.astype("int64")))


def load_mnist(flat: bool = True) -> tuple[Split, Split]:
    """MNIST train (60,000) and test (10,000) as tensors; `flat` gives N×784, else N×1×28×28."""
    splits = []
    for name in ("train", "test"):
        x, y = mnist_split(name)
        s = _to_split(x, y, flat)
        if not flat:
            s.x = s.x.unsqueeze(1)
        splits.append(s)
    return splits[0], splits[1]


def load_cifar10(flat: bool = True) -> tuple[Split, Split]:
    """CIFAR-10 train (50,000) and test (10,000); `flat` gives N×3072, else N×3×32×32."""
    return tuple(_to_split(*cifar10_split(name), flat) for name in ("train", "test"))


def load(name: str, flat: bool = True) -> tuple[Split, Split]:
    return {"mnist": load_mnist, "cifar10": load_cifar10}[name](flat)
