"""Looking inside the CNN chapter's networks: convolution arithmetic, where the parameters sit,
what the second convolution layer responds to, and how much each layer of a deep net learned.

    conv_output_size(28, 5)                  -> 24
    parameter_breakdown(model)               -> [{"layer", "weights", "biases", "shape"}, ...]
    top_activating(model[:5], x, k)          -> per channel: the k images it responds to most
    relative_weight_change(before, after)    -> per layer ‖W_after − W_before‖ / ‖W_before‖
"""
from __future__ import annotations

import torch
from torch import nn


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0) -> int:
    """Side length of a convolution's (or pooling's) output for an n×n input:
    ⌊(n + 2·padding − kernel) / stride⌋ + 1, the number of places the window fits."""
    if min(n, kernel, stride) < 1 or padding < 0:
        raise ValueError(f"need n, kernel, stride ≥ 1 and padding ≥ 0, got n={n}, kernel={kernel}, "
                         f"stride={stride}, padding={padding}")
    if kernel > n + 2 * padding:
        raise ValueError(f"a {kernel}×{kernel} window does not fit a {n}×{n} input with padding "
                         f"{padding}: use a smaller kernel or more padding")
    return (n + 2 * padding - kernel) // stride + 1


def parameter_breakdown(model: nn.Module) -> list[dict]:
    """One row per layer that has parameters, counted from its tensors, in forward order."""
    rows = []
    for name, module in model.named_modules():
        own = dict(module.named_parameters(recurse=False))
        if own:
            rows.append({"layer": name, "kind": type(module).__name__,
                         "shape": tuple(own["weight"].shape),
                         "weights": int(own["weight"].numel()),
                         "biases": int(own["bias"].numel()) if "bias" in own else 0})
    return rows


def receptive_field(row: int, col: int, kernel: int = 5, pool: int = 2) -> tuple[int, int, int]:
    """(top, left, size) in input pixels of the window that one second-layer unit of
    conv(k) → pool(p) → conv(k) sees: k cells of the pooled map are k·p first-layer cells,
    which see k·p + k − 1 pixels."""
    return row * pool, col * pool, kernel * pool + kernel - 1


@torch.no_grad()
def top_activating(layers: nn.Module, x: torch.Tensor, k: int, batch: int = 2000):
    """For every output channel of `layers` (e.g. conv → ReLU → pool → conv → ReLU): the k
    inputs whose strongest response anywhere in the map is largest, that response, and where
    in the map it is. Returns (indices k×C, values k×C, positions k×C×2)."""
    peaks, where = [], []
    for i in range(0, len(x), batch):
        maps = layers(x[i:i + batch])  # N × C × H × W
        flat = maps.flatten(2)
        value, arg = flat.max(2)
        peaks.append(value)
        where.append(torch.stack([arg // maps.shape[-1], arg % maps.shape[-1]], -1))
    peaks, where = torch.cat(peaks), torch.cat(where)
    values, order = peaks.topk(k, dim=0)  # k × C
    positions = torch.stack([where[order[:, c], c] for c in range(peaks.shape[1])], 1)
    return order, values, positions


@torch.no_grad()
def relative_weight_change(before: nn.Module, after: nn.Module) -> list[float]:
    """For each layer with a weight matrix (Linear, Conv), how far training moved it:
    ‖W_after − W_before‖ / ‖W_before‖ (Frobenius norms)."""
    kinds = (nn.Linear, nn.Conv2d)
    pairs = zip([m for m in before.modules() if isinstance(m, kinds)],
                [m for m in after.modules() if isinstance(m, kinds)])
    return [float((b.weight - a.weight).norm() / a.weight.norm()) for a, b in pairs]


def weight_gradient_norms(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> list[float]:
    """‖∂L/∂W‖ of every weight matrix for the mean cross-entropy on (x, y), in training mode."""
    model.train()
    model.zero_grad(set_to_none=True)
    nn.functional.cross_entropy(model(x), y).backward()
    norms = [float(m.weight.grad.norm()) for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]
    model.zero_grad(set_to_none=True)
    model.eval()
    return norms
