"""Full-batch training for the small 2-D toy sets of the topology chapter.

The toy sets hold a few hundred points, so each step uses all of them (no shuffling, no
mini-batches): the run is a deterministic function of the seed, and a network that reaches
a low loss reaches it on every rebuild. `extra={"log_every": k}` sets how often a history
row is written (default: 100 steps); `spec.epochs` counts optimiser steps.
"""
from __future__ import annotations

import torch
from torch import nn

from book.nets.train import evaluate, optimizer_for, register_trainer


@torch.no_grad()
def _accuracy(model: nn.Module, split) -> float:
    return (model(split.x).argmax(1) == split.y).float().mean().item()


@register_trainer("toy_fullbatch")
def fit_fullbatch(spec, model: nn.Module, train_split, test_split, progress: bool = False) -> list[dict]:
    """Adam (or SGD) on the whole training set at every step; one history row every log_every steps."""
    opt = optimizer_for(spec, model.parameters())
    every = int(spec.extra.get("log_every", 100))
    history = []
    for step in range(1, spec.epochs + 1):
        model.train()
        loss = nn.functional.cross_entropy(model(train_split.x), train_split.y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % every == 0 or step == spec.epochs:
            model.eval()
            train_loss, train_acc = evaluate(model, train_split)
            test_loss, test_acc = evaluate(model, test_split)
            history.append({"epoch": step, "train_loss": train_loss, "train_accuracy": train_acc,
                            "test_loss": test_loss, "test_accuracy": test_acc})
    return history
