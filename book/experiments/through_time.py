"""What the recurrent networks chapter measures through time: how much of the loss's gradient
reaches each input step (vanishing and exploding), what an LSTM's forget gates do to a stored
value, and how gradient clipping changed a run that otherwise diverges."""
from __future__ import annotations

import numpy as np
import torch

from book.nets.gates import lstm_unrolled
from book.nets.recurrent import input_gradients
from book.nets.train import Spec, build


def gradient_profile(model, x, y) -> np.ndarray:
    """‖∂L/∂x_t‖ for every time step t (book.nets.recurrent.input_gradients) as an array."""
    return input_gradients(model, x, y).numpy()


def orders_of_magnitude(g: np.ndarray) -> dict:
    """How the gradient at the first step compares with the last: log10 of each, and the orders
    of magnitude lost (negative when the first step gets more) and gained from last to first."""
    return {"log10_first": float(np.log10(g[0])), "log10_last": float(np.log10(g[-1])),
            "orders_lost": float(np.log10(g[-1] / g[0])), "orders_gained": float(np.log10(g[0] / g[-1]))}


def forget_gates(model, x) -> dict:
    """An LSTM's forget gates on x: their mean, and the log10 of their product over every step
    after the first (mean over cells): what remains of a value stored at the first step."""
    _, forget = lstm_unrolled(model.rnn, x)
    return {"mean": float(forget.mean()), "log10_product": float(torch.log10(forget[1:]).sum(0).mean())}


def held_gate(bias: float, steps: int) -> tuple[float, float]:
    """A gate held at sigmoid(bias): its value, and log10 of that value to the power `steps`."""
    return (float(torch.sigmoid(torch.tensor(bias))),
            steps * float(torch.log10(torch.sigmoid(torch.tensor(bias)))))


def scaled_recurrence(spec: Spec, scale: float):
    """The untrained network of `spec` with its recurrent weights replaced by `scale` times a
    random orthogonal matrix, so that every singular value equals `scale`."""
    model = build(spec)
    with torch.no_grad():
        w = model.rnn.weight_hh_l0
        q, _ = torch.linalg.qr(torch.randn(w.shape, generator=torch.Generator().manual_seed(0)))
        w.copy_(scale * q)  # every singular value equals `scale`
    return model


def clip_exercise(norm: float):
    """The gradient (30, 40) clipped to `norm` by torch's own function: (norm before, clipped)."""
    g = torch.nn.Parameter(torch.zeros(2))
    g.grad = torch.tensor([30.0, 40.0])
    before = float(torch.nn.utils.clip_grad_norm_([g], norm))
    return before, float(g.grad[0]), float(g.grad[1])


def clipping_summary(off: list, on: list) -> dict:
    """Runs without (off) and with (on) clipping, trained models with .metrics and .history:
    how many diverged and when, the test MSE of the clipped runs, the gradient norms seen,
    and the total training time (a timing: differs between machines)."""
    off_m, on_m = [t.metrics for t in off], [t.metrics for t in on]
    norms = [h["grad_norm"] for t in on for h in t.history if "grad_norm" in h]
    return {"off.diverged_runs": sum("diverged_at" in m for m in off_m),
            "off.latest_divergence": max(m.get("diverged_at", 0) for m in off_m),
            "on.diverged_runs": sum("diverged_at" in m for m in on_m),
            "on.worst_test_mse": max(m.get("test_mse", float("inf")) for m in on_m),
            "on.best_test_mse": min(m.get("test_mse", float("inf")) for m in on_m),
            "on.largest_grad_norm": max(norms),
            "on.smallest_grad_norm": min(norms),
            "off.largest_grad_norm_log10": max(
                float(np.log10(h["grad_norm"])) for t in off for h in t.history if "grad_norm" in h),
            "train_seconds": sum(m["train_seconds"] for m in off_m + on_m)}
