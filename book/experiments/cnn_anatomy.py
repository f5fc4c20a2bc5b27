"""Looking inside the CNN chapter's networks: convolution arithmetic, where the parameters sit,
what the second convolution layer responds to, and how much each layer of a deep net learned.

    conv_output_size(28, 5)                  -> 24
    parameter_breakdown(model)               -> [{"layer", "weights", "biases", "shape"}, ...]
    top_activating(model[:5], x, k)          -> per channel: the k images it responds to most
    relative_weight_change(before, after)    -> per layer ‖W_after − W_before‖ / ‖W_before‖
    worked_example()                         -> the chapter's 5×5 image through conv, pooling, flatten
    conv2_responses(model, x, index, k)      -> what each second-layer channel responds to
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from book.nets.cnn import activation_inputs

# The worked example: a 5×5 image with values 0–2 and a 2×2 filter that adds a pixel to its
# lower-right neighbour.
EXAMPLE_IMAGE = torch.tensor([[0, 1, 0, 0, 1], [1, 0, 1, 0, 2], [0, 1, 0, 0, 0], [0, 0, 2, 0, 1],
                              [1, 0, 1, 0, 0]], dtype=torch.float32)
EXAMPLE_FILTER = torch.tensor([[1, 0], [0, 1]], dtype=torch.float32)


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


def worked_example():
    """The worked example computed by torch: conv2d is cross-correlation (the filter is not
    flipped), then 2×2 max and average pooling, then flattening of the max-pooled map.
    Returns (convolution, max-pooled, average-pooled, flattened) as arrays."""
    conv = F.conv2d(EXAMPLE_IMAGE[None, None], EXAMPLE_FILTER[None, None])[0, 0]
    mx = F.max_pool2d(conv[None, None], 2)[0, 0]
    avg = F.avg_pool2d(conv[None, None], 2)[0, 0]
    return conv.numpy(), mx.numpy(), avg.numpy(), torch.flatten(mx).numpy()


def stride_pad_example():
    """The worked example's image and filter with padding 1 (stride 1) and with stride 2 (no
    padding): (padded image, result with padding, result with stride)."""
    image, kernel = EXAMPLE_IMAGE[None, None], EXAMPLE_FILTER[None, None]
    padded = F.pad(EXAMPLE_IMAGE, (1, 1, 1, 1))
    with_pad = F.conv2d(image, kernel, padding=1)[0, 0].numpy()
    with_stride = F.conv2d(image, kernel, stride=2)[0, 0].numpy()
    return padded.numpy(), with_pad, with_stride


def same_padding(n: int, kernel: int) -> int:
    """The smallest padding that keeps an n×n input at n×n under a kernel×kernel convolution."""
    return next(p for p in range(kernel) if conv_output_size(n, kernel, padding=p) == n)


def sigmoid_inputs(model: nn.Module, x: torch.Tensor) -> list[np.ndarray]:
    """What enters each sigmoid, in training mode (BN uses the batch's own statistics)."""
    model.train()
    out = [a.numpy() for a in activation_inputs(model, x)]  # one N×width array per layer
    model.eval()
    return out


def input_statistics(start: np.ndarray, end: np.ndarray) -> dict:
    """Spread of one layer's activation inputs (N×width) before and after training; image_std
    is how much one neuron's input varies from image to image (not from neuron to neuron)."""
    return {"start_std": float(start.std()), "end_std": float(end.std()), "end_mean": float(end.mean()),
            "end_image_std": float(end.std(0).mean())}


@torch.no_grad()
def first_layer_maps(model: nn.Module, x: torch.Tensor):
    """The small CNN's first layer for one image: its maps after conv1 → ReLU, and after pooling."""
    maps = model[1](model[0](x))[0].numpy()  # conv1 then ReLU: 6 maps of 24×24
    pooled = model[2](model[1](model[0](x)))[0].numpy()
    return maps, pooled


def conv2_responses(model: nn.Module, x: torch.Tensor, y: torch.Tensor, index: int, k: int) -> dict:
    """The second convolution layer of the small CNN: its maps for image `index` of x, and per
    channel the k images of x it responds to most strongly (see top_activating), with what
    that says: channels that never respond (dead), channels whose k images all show one digit,
    and the channel image `index` excites most with the digits of its k images."""
    upto_conv2 = model[:5]  # conv → ReLU → pool → conv → ReLU
    with torch.no_grad():
        maps = upto_conv2(x[index:index + 1])[0].numpy()
    order, peaks, where = top_activating(upto_conv2, x, k)
    channels = maps.shape[0]
    dead = [c for c in range(channels) if float(peaks[0, c]) == 0.0]
    labels = y[order].numpy()  # k × channels
    same = [c for c in range(channels) if c not in dead and len(set(labels[:, c])) == 1]
    strongest = int(maps.reshape(channels, -1).max(1).argmax())  # the channel the image excites most
    digits, counts = np.unique(labels[:, strongest], return_counts=True)
    return {"maps": maps, "order": order, "where": where, "labels": labels, "dead": dead, "same": same,
            "strongest": strongest, "strongest_top_digit": int(digits[counts.argmax()]),
            "strongest_top_count": int(counts.max())}
