"""k-nearest neighbours as the final layer (after Olah 2014): a tanh trunk maps the plane to a
learned 2-D representation, and a point's class is a vote of the training points near it there.

The vote is made differentiable as in neighbourhood components analysis: point i gives its
neighbour j the weight softmax_j(-|z_i - z_j|² / τ), and the probability of class c is the
weight that falls on training points of class c. Trained full-batch on the whole (small) toy
set, each point voting on by all the others, never by itself. The classes then only need to
form clusters in the representation, not to lie on the two sides of a line.
"""
from __future__ import annotations

import torch
from torch import nn

from book.nets.mlp import register
from book.nets.train import optimizer_for, register_trainer


@register("tanh_trunk")
def tanh_trunk(in_dim: int, hidden: tuple[int, ...]) -> nn.Sequential:
    """Linear → tanh layers and nothing after them: the output is the last hidden layer."""
    layers: list[nn.Module] = []
    width = in_dim
    for h in hidden:
        layers += [nn.Linear(width, h), nn.Tanh()]
        width = h
    return nn.Sequential(*layers)


# --8<-- [start:vote]
def soft_vote(z, ref_z, ref_y, tau: float, *, exclude_self: bool = False):
    """log P(class c) for each row of z: softmax-weighted vote of the reference points."""
    logits = -torch.cdist(z, ref_z) ** 2 / tau
    if exclude_self:  # a training point may not vote for itself
        logits = logits.masked_fill(torch.eye(len(z), dtype=torch.bool), float("-inf"))
    weights = torch.log_softmax(logits, 1)
    return torch.stack([torch.logsumexp(weights.masked_fill(ref_y[None] != c, float("-inf")), 1)
                        for c in (0, 1)], 1)
# --8<-- [end:vote]


def knn_vote(z, ref_z, ref_y, k: int):
    """Hard majority vote of the k nearest reference points (k odd, two classes)."""
    nearest = torch.cdist(z, ref_z).topk(k, largest=False).indices
    return (ref_y[nearest].float().mean(1) > 0.5).long()


@torch.no_grad()
def _scores(model, split, train_split, tau: float) -> tuple[float, float]:
    """(loss, accuracy) of the soft vote on a split, the training points voting."""
    model.eval()
    own = split is train_split
    logp = soft_vote(model(split.x), model(train_split.x), train_split.y, tau, exclude_self=own)
    return nn.functional.nll_loss(logp, split.y).item(), (logp.argmax(1) == split.y).float().mean().item()


@torch.no_grad()
def knn_accuracy(model, split, train_split, k: int) -> float:
    model.eval()
    pred = knn_vote(model(split.x), model(train_split.x), train_split.y, k)
    return (pred == split.y).float().mean().item()


# --8<-- [start:train]
@register_trainer("toy_softknn")
def fit_softknn(spec, model: nn.Module, train_split, test_split, progress: bool = False) -> list[dict]:
    """Full-batch Adam on the soft-vote loss; extra: tau (vote temperature), k (hard vote
    reported on the test set), log_every."""
    tau, k = float(spec.extra.get("tau", 0.05)), int(spec.extra.get("k", 5))
    opt = optimizer_for(spec, model.parameters())
    every = int(spec.extra.get("log_every", 100))
    history = []
    for step in range(1, spec.epochs + 1):
        model.train()
        z = model(train_split.x)
        logp = soft_vote(z, z, train_split.y, tau, exclude_self=True)
        loss = nn.functional.nll_loss(logp, train_split.y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        # --8<-- [end:train]
        if step % every == 0 or step == spec.epochs:
            train_loss, train_acc = _scores(model, train_split, train_split, tau)
            test_loss, test_acc = _scores(model, test_split, train_split, tau)
            history.append({"epoch": step, "train_loss": train_loss, "train_accuracy": train_acc,
                            "test_loss": test_loss, "test_accuracy": test_acc,
                            "knn_test_accuracy": knn_accuracy(model, test_split, train_split, k)})
    return history
