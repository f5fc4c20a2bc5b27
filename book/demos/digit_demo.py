"""Data for the "draw a digit" demo (docs/assets/js/draw_digit.js): the trained weights of the
784→10 and 784→10→10 MNIST networks, a few real test digits for its buttons, and a check set
of test images with PyTorch's probabilities, against which the browser's forward pass is tested.

Arrays travel as base64 of their raw little-endian bytes: float32 weights arrive in the browser
bit for bit as PyTorch holds them, and uint8 images cost one byte a pixel before base64.

    demo = {"linear": net_arrays(linear_model), "hidden": net_arrays(hidden_model), ...}
"""
from __future__ import annotations

import base64

import numpy as np
import torch

from book.nets.mlp import linear_layers, predict_proba


def raw_base64(array: np.ndarray, dtype: str) -> str:
    """`array` as little-endian `dtype` ("<f4" or "u1"), flattened row by row, in base64."""
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def net_arrays(model: torch.nn.Module) -> list[dict]:
    """Every linear layer as {"rows", "cols", "w", "b"} (w is rows×cols, as torch stores it)."""
    out = []
    for layer in linear_layers(model):
        w, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
        out.append({"rows": int(w.shape[0]), "cols": int(w.shape[1]),
                    "w": raw_base64(w, "<f4"), "b": raw_base64(b, "<f4")})
    return out


def colormap_hex(name: str, steps: int = 256) -> str:
    """A matplotlib colour map as one string of `steps` RRGGBB codes (index 0 = most negative)."""
    import matplotlib

    rgb = (matplotlib.colormaps[name](np.linspace(0, 1, steps))[:, :3] * 255).round().astype(int)
    return "".join(f"{r:02x}{g:02x}{b:02x}" for r, g, b in rgb)


def first_of_each_class(labels: np.ndarray, per_class: int) -> list[int]:
    """Test-set indices: the first `per_class` images of every class, interleaved 0–9, 0–9, …"""
    firsts = [np.flatnonzero(labels == c)[:per_class] for c in range(10)]
    return [int(firsts[c][k]) for k in range(per_class) for c in range(10)]


def check_set(models: dict, images: np.ndarray, labels: np.ndarray) -> dict:
    """Images (uint8, N×784) with the probabilities each model in `models` gives them in
    PyTorch, from exactly the input the browser will compute (pixel / 255 in float32)."""
    x = torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / np.float32(255))
    return {"count": len(images), "labels": [int(v) for v in labels],
            "images": raw_base64(images, "u1"),
            "probs": {name: raw_base64(predict_proba(m, x).numpy(), "<f4") for name, m in models.items()}}
