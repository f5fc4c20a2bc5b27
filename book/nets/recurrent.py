"""Sequence data, recurrent models and their training loop (chapter "순환 신경망 / Recurrent networks").

    delayed_recall(length=100)   x[:, 0] is a value in [-1, 1] to remember; every later step is
                                 distracting noise; the target is x[:, 0] at the end
    recurrent(cell="lstm")       nn.RNN / nn.LSTM / nn.GRU + a linear read-out of the last state
    "sequence_regress"           Adam on mean squared error, logging test MSE every few steps
"""
from __future__ import annotations

import copy
import time

import torch
from torch import nn

from book.data import Split
from book.nets.mlp import register
from book.nets.train import register_data, register_trainer

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


# --8<-- [start:recurrent]
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
# --8<-- [end:recurrent]


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
    metrics (test_mse, train_loss, per_step_seconds = median time of one step) last.

    The step times are measured after training on a copy (only the clock sees it), with the
    portable kernels of the pinned numerics mode and with oneDNN's kernels switched on, in
    alternation so that both see the same machine load: per_step_seconds and
    per_step_onednn_seconds."""
    # --8<-- [start:fit_sequences]
    opt = torch.optim.Adam(model.parameters(), lr=spec.lr)
    gen = torch.Generator().manual_seed(spec.seed)
    log_every, clip = spec.extra.get("log_every", 25), spec.extra.get("clip", 1.0)
    history = [{"step": 0, "train_loss": float("nan"), "test_mse": mse(model, test_split)}]
    step, running, count = 0, 0.0, 0
    n = len(train_split)
    for _ in range(spec.epochs):
        order = torch.randperm(n, generator=gen)
        for i in range(0, n, spec.batch_size):
            idx = order[i:i + spec.batch_size]
            model.train()
            loss = nn.functional.mse_loss(model(train_split.x[idx]), train_split.y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), clip)
            opt.step()
            # --8<-- [end:fit_sequences]
            step, running, count = step + 1, running + loss.item(), count + 1
            if step % log_every == 0:
                history.append({"step": step, "train_loss": running / count,
                                "test_mse": mse(model, test_split)})
                running, count = 0.0, 0
    portable, onednn = step_seconds(model, train_split, spec)
    history.append({"epoch": spec.epochs, "steps": step, "test_mse": history[-1]["test_mse"],
                    "train_loss": history[-1]["train_loss"],
                    "per_step_seconds": round(portable, 5), "per_step_onednn_seconds": round(onednn, 5)})
    return history


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def step_seconds(model: nn.Module, train_split, spec, steps: int = 40) -> tuple[float, float]:
    """Median time of one training step of a copy of `model`: (portable kernels, oneDNN on).
    oneDNN has its own LSTM kernel (torch uses it for nn.LSTM on the CPU when enabled), none
    for GRU or plain RNN cells. The two are timed in alternation, after a warm-up."""
    twin = copy.deepcopy(model)
    opt = torch.optim.Adam(twin.parameters(), lr=spec.lr)
    x, y = train_split.x[:spec.batch_size], train_split.y[:spec.batch_size]
    times: dict[bool, list[float]] = {False: [], True: []}
    for i in range(2 * (steps + 5)):
        onednn = bool(i % 2)
        with torch.backends.mkldnn.flags(enabled=onednn):
            t0 = time.perf_counter()
            loss = nn.functional.mse_loss(twin(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if i >= 10:  # the first five of each are the warm-up
                times[onednn].append(time.perf_counter() - t0)
    return _median(times[False]), _median(times[True])
