"""Sequence data, recurrent models and their training loop (chapter "순환 신경망 / Recurrent networks").

    delayed_recall(length=100)   x[:, 0] is a value in [-1, 1] to remember; every later step is
                                 distracting noise; the target is x[:, 0] at the end
    recurrent(cell="lstm")       nn.RNN / nn.LSTM / nn.GRU + a linear read-out of the last state
    "sequence_regress"           Adam on mean squared error, logging test MSE every few steps

The trainer runs on one thread (book.threads.one_thread explains why).
"""
from __future__ import annotations

import time

import torch
from torch import nn

from book.data import Split
from book.models import register
from book.threads import one_thread
from book.train import register_data, register_trainer

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


@register_data("delayed_recall")
def delayed_recall(length: int = 100, n_train: int = 38_400, n_test: int = 1_000,
                   noise: float = 0.5, seed: int = 0):
    """(train, test) Splits: x is N×length×1, y (float) is the first value of each sequence."""
    def make(n, s):
        g = torch.Generator().manual_seed(s)
        x = torch.rand(n, length, 1, generator=g) * 2 - 1
        x[:, 1:] *= noise
        return Split(x, x[:, 0, 0].clone())
    return make(n_train, seed), make(n_test, seed + 1000)


class Recurrent(nn.Module):
    def __init__(self, cell: str, hidden: int, gate_bias: float):
        super().__init__()
        self.cell = cell
        self.rnn = CELLS[cell](1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)
        if cell in ("lstm", "gru") and gate_bias:
            # the second block of biases is the LSTM forget gate / the GRU update gate:
            # a positive bias starts them "keep what you hold" (Jozefowicz et al. 2015)
            with torch.no_grad():
                self.rnn.bias_ih_l0[hidden:2 * hidden].zero_()
                self.rnn.bias_hh_l0[hidden:2 * hidden].fill_(gate_bias)

    def forward(self, x):
        return self.head(self.rnn(x)[0][:, -1]).squeeze(-1)


@register("recurrent")
def recurrent(cell: str = "lstm", hidden: int = 32, gate_bias: float = 0.0) -> Recurrent:
    return Recurrent(cell, hidden, gate_bias)


@torch.no_grad()
def mse(model: nn.Module, split: Split) -> float:
    model.eval()
    return nn.functional.mse_loss(model(split.x), split.y).item()


def input_gradients(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """‖∂L/∂x_t‖ for every time step t (mean over the batch): how strongly the loss at the
    end reaches back to the input at step t — what backpropagation through time delivers."""
    model.eval()
    x = x.clone().requires_grad_(True)
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    return x.grad.abs().sum(-1).mean(0).detach()


@register_trainer("sequence_regress")
def fit_sequences(spec, model, train_split, test_split, progress: bool = True) -> list[dict]:
    """Adam on MSE over shuffled minibatches, gradients clipped to norm `extra["clip"]`;
    a row {"step", "train_loss", "test_mse"} every `extra["log_every"]` steps, the final
    metrics (test_mse, train_loss, per_step_seconds = median time of one step) last."""
    with one_thread():
        opt = torch.optim.Adam(model.parameters(), lr=spec.lr)
        gen = torch.Generator().manual_seed(spec.seed)
        log_every, clip = spec.extra.get("log_every", 25), spec.extra.get("clip", 1.0)
        history = [{"step": 0, "train_loss": float("nan"), "test_mse": mse(model, test_split)}]
        step, running, count, times = 0, 0.0, 0, []
        n = len(train_split)
        for _ in range(spec.epochs):
            order = torch.randperm(n, generator=gen)
            for i in range(0, n, spec.batch_size):
                idx = order[i:i + spec.batch_size]
                t0 = time.perf_counter()
                model.train()
                loss = nn.functional.mse_loss(model(train_split.x[idx]), train_split.y[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), clip)
                opt.step()
                times.append(time.perf_counter() - t0)
                step, running, count = step + 1, running + loss.item(), count + 1
                if step % log_every == 0:
                    history.append({"step": step, "train_loss": running / count,
                                    "test_mse": mse(model, test_split)})
                    running, count = 0.0, 0
        times.sort()
        history.append({"epoch": spec.epochs, "steps": step, "test_mse": history[-1]["test_mse"],
                        "train_loss": history[-1]["train_loss"],
                        "per_step_seconds": round(times[len(times) // 2], 5)})
        return history
