"""The model architectures the book trains. Each builder takes plain keyword arguments, so
that a training spec (book.nets.train.Spec) can name it and its hash can cover its source."""
from __future__ import annotations

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}


# --8<-- [start:mlp]
def mlp(in_dim: int, out_dim: int, hidden: tuple[int, ...] = (), act: str = "relu") -> nn.Sequential:
    """A fully connected network; with no hidden layers it is softmax regression (the 1-layer net)."""
    layers: list[nn.Module] = []
    width = in_dim
    for h in hidden:
        layers += [nn.Linear(width, h), ACTIVATIONS[act]()]
        width = h
    layers.append(nn.Linear(width, out_dim))
    return nn.Sequential(*layers)
# --8<-- [end:mlp]


ARCHITECTURES = {"mlp": mlp}


def register(name: str):
    """Add a builder to ARCHITECTURES (used by chapter-specific model modules)."""
    def wrap(fn):
        ARCHITECTURES[name] = fn
        return fn
    return wrap


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def linear_layers(model: nn.Module) -> list[nn.Linear]:
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


@torch.no_grad()
def predict_proba(model: nn.Module, x: torch.Tensor, batch: int = 4096) -> torch.Tensor:
    model.eval()
    return torch.cat([torch.softmax(model(x[i:i + batch]), 1) for i in range(0, len(x), batch)])
