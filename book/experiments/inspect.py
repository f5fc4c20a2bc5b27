"""Looking inside trained classifiers: which samples land in which confusion-matrix cell,
which mistakes to show, and small base64 PNGs for the interactive demos.

    probs = predict_proba(model, test.x).numpy()
    best = cell_champions(test.y.numpy(), probs, k=3)   # {(true, pred): [index, ...]}
"""
from __future__ import annotations

import base64
import io

import numpy as np

HESITANT_BELOW = 0.6  # a "hesitant" mistake: the winning class got less than this probability


def cell_champions(y_true, probs, k: int = 1) -> dict:
    """For every (true, predicted) cell, the indices of its `k` samples the network was most
    confident about (highest probability of the predicted class), most confident first."""
    y_true = np.asarray(y_true)
    pred = probs.argmax(1)
    conf = probs.max(1)
    out: dict = {}
    for t in np.unique(y_true):
        for p in np.unique(pred):
            idx = np.flatnonzero((y_true == t) & (pred == p))
            if len(idx):
                out[(int(t), int(p))] = idx[np.argsort(-conf[idx], kind="stable")][:k].tolist()
    return out


def pick_mistakes(y_true, probs, n: int = 6) -> dict:
    """Two kinds of mistakes, chosen by rule rather than by eye:
    "hesitant": wrong, but the true class came second and the winner had under HESITANT_BELOW
    (a reader may well hesitate too), the least confident first;
    "confident": wrong with the highest probability given to the wrong class."""
    y_true = np.asarray(y_true)
    pred = probs.argmax(1)
    conf = probs.max(1)
    wrong = np.flatnonzero(pred != y_true)
    second = np.argsort(-probs, axis=1, kind="stable")[:, 1]
    hesitant = wrong[(second[wrong] == y_true[wrong]) & (conf[wrong] < HESITANT_BELOW)]
    hesitant = hesitant[np.argsort(conf[hesitant], kind="stable")]
    confident = wrong[np.argsort(-conf[wrong], kind="stable")]
    # spread the examples over different (true, predicted) pairs so the row is not all 5↔3
    return {"hesitant": _distinct_pairs(hesitant, y_true, pred, n),
            "confident": _distinct_pairs(confident, y_true, pred, n)}


def _distinct_pairs(order, y_true, pred, n):
    seen, out = set(), []
    for i in order:
        pair = (int(y_true[i]), int(pred[i]))
        if pair not in seen:
            seen.add(pair)
            out.append(int(i))
        if len(out) == n:
            break
    return out


def png_base64(img: np.ndarray) -> str:
    """A small image (H×W grey or H×W×3, uint8) as a base64 PNG for a JSON demo file."""
    return image_base64(img, "PNG", optimize=True)


def image_base64(img: np.ndarray, fmt: str, **save_args) -> str:
    """A small image as base64 in any format Pillow writes; lossy WebP keeps a demo of a few
    hundred colour photos small (a 32×32 CIFAR image: about 3 kB as PNG, under 1 kB as WebP)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(img)).save(buf, format=fmt, **save_args)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def diverging_rgb(w: np.ndarray, limit: float, cmap: str = "RdBu_r") -> np.ndarray:
    """Weights mapped to RGB uint8 with a colour scale symmetric around zero."""
    import matplotlib

    rgba = matplotlib.colormaps[cmap]((np.asarray(w) / limit + 1) / 2)
    return (rgba[..., :3] * 255).round().astype(np.uint8)


def cifar_hwc(rows: np.ndarray) -> np.ndarray:
    """Flat CIFAR vectors (C×H×W order, as book.data stores them) → N×32×32×3."""
    return np.asarray(rows).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
