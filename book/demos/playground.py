"""Data for the topology chapter's in-page playground (docs/assets/js/playground.js).

The page trains small MLPs in JavaScript. So that its defaults are the chapter's own
experiments, the build exports what the JavaScript needs to start exactly where PyTorch
started: every 2-D set (train and test split, from the chapter's seeds) and every chapter
network's initial weights. Full-batch training has no batch order to export beyond the order
of the training points, which the export keeps.

A second export holds PyTorch's loss at each of 50 full-batch steps from those same starting
points (SGD and Adam; tanh, ReLU and sigmoid): the browser test replays them in JavaScript.
Numbers are rounded before export, and the PyTorch traces are computed from the rounded
values, so both sides start from identical inputs.
"""
from __future__ import annotations

import torch
from torch import nn

from book.nets.mlp import mlp
from book.nets.train import Spec, build, data_for

DATA_DIGITS = 4  # data coordinates: far below the sets' noise (0.03 and more)
WEIGHT_DIGITS = 6  # initial weights: about float32 precision at their size (|w| < 1)
CHECK_STEPS = 50


def _round(values, digits: int) -> list[float]:
    return [round(float(v), digits) for v in values]


def _split(split) -> dict:
    return {"x": _round(split.x.reshape(-1), DATA_DIGITS), "y": [int(v) for v in split.y]}


def data_set(spec: Spec, lim: float) -> dict:
    """One 2-D set as the page uses it: flattened (x1, x2) pairs, labels and the plot range."""
    train, test = data_for(spec)
    return {"lim": lim, "train": _split(train), "test": _split(test)}


def initial_weights(spec: Spec) -> list[dict]:
    """Each Linear layer of the spec's network before training: W (out×in, row-major) and b."""
    layers = [m for m in build(spec) if isinstance(m, nn.Linear)]
    return [{"w": _round(m.weight.detach().reshape(-1), WEIGHT_DIGITS),
             "b": _round(m.bias.detach(), WEIGHT_DIGITS)} for m in layers]


def preset(spec: Spec, data_key: str) -> dict:
    """A chapter experiment as the playground's starting settings."""
    return {"id": spec.name, "data": data_key, "hidden": list(spec.arch_args["hidden"]),
            "act": spec.arch_args["act"], "optimizer": spec.optimizer, "lr": spec.lr,
            "steps": spec.epochs, "weights": initial_weights(spec)}


def _network(hidden: list[int], act: str, weights: list[dict]) -> nn.Sequential:
    net = mlp(2, 2, tuple(hidden), act)
    linears = [m for m in net if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for m, layer in zip(linears, weights):
            m.weight.copy_(torch.tensor(layer["w"], dtype=torch.float32).reshape(m.weight.shape))
            m.bias.copy_(torch.tensor(layer["b"], dtype=torch.float32))
    return net


def loss_trace(data: dict, hidden: list[int], act: str, weights: list[dict], optimizer: str,
               lr: float, steps: int = CHECK_STEPS) -> list[float]:
    """Full-batch training loss before each of `steps` steps and after the last one."""
    net = _network(hidden, act, weights)
    x = torch.tensor(data["train"]["x"], dtype=torch.float32).reshape(-1, 2)
    y = torch.tensor(data["train"]["y"], dtype=torch.int64)
    make = torch.optim.Adam if optimizer == "adam" else torch.optim.SGD
    opt = make(net.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        loss = nn.functional.cross_entropy(net(x), y)
        losses.append(loss.item())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    with torch.no_grad():
        losses.append(nn.functional.cross_entropy(net(x), y).item())
    return losses


def reference_case(page: dict, preset_id: str, optimizer: str, lr: float, act: str | None = None) -> dict:
    """One replayable case: a preset's data and initial weights, trained by PyTorch."""
    p = next(p for p in page["presets"] if p["id"] == preset_id)
    act = act or p["act"]
    trace = loss_trace(page["datasets"][p["data"]], p["hidden"], act, p["weights"], optimizer, lr)
    return {"preset": preset_id, "act": act, "optimizer": optimizer, "lr": lr, "losses": trace}
