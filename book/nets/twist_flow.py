"""A layer as a flow (after Olah 2014): instead of x → tanh(W x + b), move every point along a
vector field for a unit of time. The field here turns each point around the origin at a speed
proportional to its distance from it, v(x) = k |x| J x (J: rotation by 90°). |x| does not change
along the flow, so the flow is known in closed form: rotate x by the angle t·k·|x|. It is a
homeomorphism for every t (its inverse turns back by the same angle), one learned number k.
The field is chosen by hand for spirals; only k (and the linear classifier after it) is trained.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from book.nets.mlp import register


class Twist(nn.Module):
    """x → the flow of v(x) = k |x| J x after time 1."""

    def __init__(self):
        super().__init__()
        self.k = nn.Parameter(torch.zeros(()))

    def forward(self, x):
        angle = self.k * x.norm(dim=1)
        c, s = torch.cos(angle), torch.sin(angle)
        return torch.stack([c * x[:, 0] - s * x[:, 1], s * x[:, 0] + c * x[:, 1]], 1)


@register("twist_linear")
def twist_linear() -> nn.Sequential:
    """The twist flow, then a linear classifier on the plane it leaves."""
    return nn.Sequential(Twist(), nn.Linear(2, 2))


def flow(k: float, x: np.ndarray, t: float) -> np.ndarray:
    """The points x after time t of the flow with rate k (NumPy, for drawing)."""
    x = np.asarray(x, dtype=np.float64)
    angle = t * k * np.linalg.norm(x, axis=-1)
    c, s = np.cos(angle), np.sin(angle)
    return np.stack([c * x[..., 0] - s * x[..., 1], s * x[..., 0] + c * x[..., 1]], -1)
