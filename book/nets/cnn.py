"""Models and a training loop for the chapter on batch normalization and convolutional networks.

    deep_mlp(bn=True)   a deep fully connected net with batch normalization before every activation
    small_cnn()         conv → ReLU → max-pool, twice, then one linear layer (LeNet-like, tiny)
    "classify_logged"   the classify loop of book.nets.train, plus a log every few steps: training
                        loss, and percentiles of what goes into every activation function on a
                        fixed probe batch (how the input distribution of each layer drifts)
"""
from __future__ import annotations

import torch
from torch import nn

from book.nets.mlp import ACTIVATIONS, register
from book.nets.train import epochs_with_progress, evaluate, optimizer_for, register_trainer


@register("deep_mlp")
def deep_mlp(in_dim: int = 784, out_dim: int = 10, width: int = 100, depth: int = 6,
             act: str = "sigmoid", bn: bool = False) -> nn.Sequential:
    """`depth` hidden layers of `width` units; with `bn`, Linear → BatchNorm1d → activation."""
    layers: list[nn.Module] = []
    d = in_dim
    for _ in range(depth):
        layers.append(nn.Linear(d, width, bias=not bn))  # BN's β replaces the bias
        if bn:
            layers.append(nn.BatchNorm1d(width))
        layers.append(ACTIVATIONS[act]())
        d = width
    layers.append(nn.Linear(d, out_dim))
    return nn.Sequential(*layers)


# --8<-- [start:small_cnn]
@register("small_cnn")
def small_cnn(channels: tuple[int, ...] = (6, 12), kernel: int = 5, size: int = 28,
              out_dim: int = 10) -> nn.Sequential:
    """(conv k×k → ReLU → 2×2 max-pool) per entry of `channels`, flatten, one linear layer."""
    layers: list[nn.Module] = []
    c = 1
    for ch in channels:
        layers += [nn.Conv2d(c, ch, kernel), nn.ReLU(), nn.MaxPool2d(2)]
        c, size = ch, (size - kernel + 1) // 2
    layers += [nn.Flatten(), nn.Linear(c * size * size, out_dim)]
    return nn.Sequential(*layers)
# --8<-- [end:small_cnn]


def activation_inputs(model: nn.Module, x: torch.Tensor) -> list[torch.Tensor]:
    """What enters each activation function of `model` for input x (one tensor per layer), in
    the model's current mode; batch-norm running statistics are left as they were."""
    saved = {k: v.clone() for k, v in model.state_dict().items() if "running" in k or "num_batches" in k}
    seen: list[torch.Tensor] = []
    hooks = [m.register_forward_pre_hook(lambda _m, args: seen.append(args[0].detach()))
             for m in model.modules() if isinstance(m, tuple(ACTIVATIONS.values()))]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in hooks:
            h.remove()
        model.load_state_dict(saved, strict=False)
    return seen


@register_trainer("classify_logged")
def fit_logged(spec, model, train_split, test_split, progress: bool = True) -> list[dict]:
    """Minibatch training like book.nets.train.fit. Every `extra["log_every"]` steps
    a row {"step", "train_loss"} is logged; with `extra["probe"]` = n > 0 the row also holds
    "act_p15"/"act_p50"/"act_p85": per layer, percentiles of what enters the activation
    functions for the first n training images (in training mode: for BN the probe's own
    batch statistics, which is what a layer sees while it learns). `extra["limit"]` trains
    on the first N training images only. The last row holds the final metrics."""
    extra = spec.extra
    log_every, n_probe = extra.get("log_every", 50), extra.get("probe", 0)
    limit = extra.get("limit", len(train_split))
    x_train, y_train = train_split.x[:limit], train_split.y[:limit]
    q = torch.tensor([0.15, 0.50, 0.85])
    opt = optimizer_for(spec, model.parameters())
    gen = torch.Generator().manual_seed(spec.seed)
    history = []

    def log(step, loss):
        row = {"step": step, "train_loss": loss}
        if n_probe:
            stats = [torch.quantile(a.flatten()[:200_000], q).tolist()
                     for a in activation_inputs(model, x_train[:n_probe])]
            for j, name in enumerate(("act_p15", "act_p50", "act_p85")):
                row[name] = [s[j] for s in stats]
        history.append(row)

    step, running, count = 0, 0.0, 0
    log(0, float("nan"))
    # --8<-- [start:loop]
    for _ in epochs_with_progress(spec, progress):
        order = torch.randperm(limit, generator=gen)
        for i in range(0, limit, spec.batch_size):
            model.train()
            idx = order[i:i + spec.batch_size]
            loss = nn.functional.cross_entropy(model(x_train[idx]), y_train[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step, running, count = step + 1, running + loss.item(), count + 1
            if step % log_every == 0:
                log(step, running / count)
                running, count = 0.0, 0
    # --8<-- [end:loop]
    test_loss, test_acc = evaluate(model, test_split)
    return history + [{"epoch": spec.epochs, "steps": step, "train_images": limit,
                       "train_loss": history[-1]["train_loss"],
                       "test_loss": test_loss, "test_accuracy": test_acc}]
