"""Decode raw MNIST/CIFAR-10 files into uint8 arrays, once; later loads read a .npy cache."""
from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from book.core.atomic import atomic_path
from book.data.files import FILES, DatasetError, locate
from book.core.paths import cache_dir


def _cached(key: str, md5: str, build) -> np.ndarray:
    """Load cache_dir/data/<key>-<md5>.npy, or build, save atomically and return it."""
    path = cache_dir() / "data" / f"{key}-{md5[:12]}.npy"
    if path.exists():
        return np.load(path)
    arr = build()
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as out:
            np.save(out, arr)
    return arr


def read_idx(path: Path) -> np.ndarray:
    """Parse an IDX file (the MNIST format): magic, dims, then raw uint8 data."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if raw[:2] != b"\x00\x00" or raw[2] != 0x08:
        raise DatasetError(f"{path} is not an unsigned-byte IDX file (bad magic number).")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise DatasetError(f"{path}: header says {dims} but holds {data.size} bytes.")
    return data.reshape(dims).copy()  # frombuffer is read-only


def mnist_split(split: str) -> tuple[np.ndarray, np.ndarray]:
    """(images N×28×28 uint8, labels N uint8) for split "train" or "test"."""
    prefix = "train" if split == "train" else "t10k"
    img_rel = f"mnist/{prefix}-images-idx3-ubyte.gz"
    lab_rel = f"mnist/{prefix}-labels-idx1-ubyte.gz"
    x = _cached(f"mnist-{split}-x", FILES[img_rel].md5, lambda: read_idx(locate(img_rel)))
    y = _cached(f"mnist-{split}-y", FILES[lab_rel].md5, lambda: read_idx(locate(lab_rel)))
    return x, y


def _read_cifar_batches(rels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    records = np.concatenate([
        np.fromfile(locate(rel), np.uint8).reshape(-1, 3073) for rel in rels
    ])
    y = records[:, 0].copy()
    x = records[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()  # NHWC
    return x, y


def cifar10_split(split: str) -> tuple[np.ndarray, np.ndarray]:
    """(images N×32×32×3 uint8, labels N uint8) for split "train" or "test"."""
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] if split == "train" else ["test_batch.bin"]
    rels = [f"cifar10/cifar-10-batches-bin/{n}" for n in names]
    key = "".join(FILES[r].md5[:4] for r in rels)
    pair = {}

    def build(part):
        if not pair:
            pair["x"], pair["y"] = _read_cifar_batches(rels)
        return pair[part]

    x = _cached(f"cifar10-{split}-x", key, lambda: build("x"))
    y = _cached(f"cifar10-{split}-y", key, lambda: build("y"))
    return x, y
