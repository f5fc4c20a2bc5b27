"""Gradient clipping against exploding gradients (chapter "순환 신경망 / Recurrent networks").

    rescaled_rnn(scale=2.0)   a plain RNN (book.nets.recurrent.Recurrent) whose recurrent matrix is
                              `scale` times a random orthogonal one: every singular value is
                              `scale`, so gradients grow by about that factor per step back
    "sgd_clip"                plain SGD on mean squared error, the gradient norm clipped to
                              `extra["clip"]` (None: no clipping); stops at the first
                              non-finite loss and says at which step
"""
from __future__ import annotations

import math

import torch
from torch import nn

from book.nets.mlp import register
from book.nets.recurrent import Recurrent, mse
from book.nets.train import optimizer_for, register_trainer


@register("rescaled_rnn")
def rescaled_rnn(hidden: int = 32, scale: float = 2.0) -> Recurrent:
    model = Recurrent("rnn", hidden, 0.0)
    with torch.no_grad():
        w = model.rnn.weight_hh_l0
        q, _ = torch.linalg.qr(torch.randn(w.shape))  # seeded by book.nets.train.build
        w.copy_(scale * q)
    return model


# --8<-- [start:clip_step]
def sgd_step(model, opt, x, y, clip):
    """One SGD step; returns (loss, gradient norm before clipping)."""
    loss = nn.functional.mse_loss(model(x), y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    # rescales all gradients together so that their joint norm is at most `clip`:
    # the direction of the step is kept, only an exploding length is cut
    norm = nn.utils.clip_grad_norm_(model.parameters(), clip if clip else math.inf)
    opt.step()
    return loss.item(), norm.item()
# --8<-- [end:clip_step]


@register_trainer("sgd_clip")
def fit_clipped(spec, model, train_split, test_split, progress: bool = True) -> list[dict]:
    """One row {"step", "train_loss", "grad_norm"} per step; the last row holds either
    test_mse (training stayed finite) or diverged_at (the step whose loss was not finite)."""
    opt = optimizer_for(spec, model.parameters())
    gen = torch.Generator().manual_seed(spec.seed)
    clip = spec.extra.get("clip")
    history: list[dict] = []
    order = torch.randperm(len(train_split), generator=gen)
    for step, i in enumerate(range(0, len(train_split), spec.batch_size), start=1):
        idx = order[i:i + spec.batch_size]
        model.train()
        loss, norm = sgd_step(model, opt, train_split.x[idx], train_split.y[idx], clip)
        if not (math.isfinite(loss) and math.isfinite(norm)):
            history.append({"epoch": 1, "steps": step, "diverged_at": step})
            return history
        history.append({"step": step, "train_loss": loss, "grad_norm": norm})
    history.append({"epoch": 1, "steps": step, "test_mse": mse(model, test_split),
                    "train_loss": history[-1]["train_loss"]})
    return history
