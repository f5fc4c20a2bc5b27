"""Computations of the two introductory chapters ("basics" and "learning").

Everything here is small and deterministic: the 784-16-16-10 MNIST network (trained by
book.nets.train's classify loop, logging the test metrics several times per epoch), and
hand-sized experiments that run in milliseconds (a single neuron, the 2-2-1 worked example
of back-propagation, gradient descent on a real two-parameter cost surface).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch
from torch import nn

from book.nets.train import Spec

# The network of 3Blue1Brown's video: 784 pixels, two hidden layers of 16, ten digits.
# Sigmoid hidden units, so every activation is a number between 0 and 1 as in the video.
# --8<-- [start:mnist_16_spec]
MNIST_16 = Spec("mnist_16_16", data="mnist", arch="mlp",
                arch_args={"in_dim": 784, "out_dim": 10, "hidden": (16, 16), "act": "sigmoid"},
                epochs=4, batch_size=100, lr=0.01, optimizer="adam", seed=0,
                extra={"log_every": 100})
# --8<-- [end:mnist_16_spec]


def weight_count(model: nn.Module) -> dict:
    """Weights and biases of each linear layer of a trained model, counted from its tensors."""
    layers = [m for m in model.modules() if isinstance(m, nn.Linear)]
    out = {"weights": [int(m.weight.numel()) for m in layers],
           "biases": [int(m.bias.numel()) for m in layers]}
    out["total"] = sum(out["weights"]) + sum(out["biases"])
    return out


@torch.no_grad()
def layer_activations(model: nn.Sequential, x: torch.Tensor) -> list[np.ndarray]:
    """Input, each hidden layer's activations and the softmax output for one image."""
    acts = [x.numpy()]
    h = x
    for module in model:
        h = module(h)
        if not isinstance(module, nn.Linear):
            acts.append(h.numpy())
    acts.append(torch.softmax(h, -1).numpy())
    return acts


# ----- one neuron, and why the activation matters -----------------------------------------

def relu(z):
    return np.maximum(z, 0.0)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def neuron(x, w, b=0.0, act=relu):
    """(weighted sum z, activation a) of a single neuron."""
    z = float(np.dot(w, x) + b)
    return z, float(act(z))


@lru_cache(maxsize=None)
def collapse_demo(width: int = 16, depth: int = 3, seed: int = 0):
    """Stacked layers with and without an activation, as functions of one input.

    Returns x, the linear stack's output, the single matrix product that equals it, the
    ReLU stack's output, and the largest difference between the linear stack and its one
    collapsed matrix (rounding error only)."""
    g = torch.Generator().manual_seed(seed)
    sizes = [1] + [width] * depth + [1]
    ws = [torch.randn(b, a, generator=g, dtype=torch.float64) / a ** 0.5 for a, b in zip(sizes, sizes[1:])]
    bs = [torch.randn(b, 1, generator=g, dtype=torch.float64) * 0.5 for b in sizes[1:]]
    x = torch.linspace(-3, 3, 301, dtype=torch.float64).reshape(1, -1)
    lin, rel = x, x
    for i, (w, b) in enumerate(zip(ws, bs)):
        lin = w @ lin + b
        rel = w @ rel + b
        if i < len(ws) - 1:
            rel = torch.relu(rel)
    w_all, b_all = torch.eye(1, dtype=torch.float64), torch.zeros(1, 1, dtype=torch.float64)
    for w, b in zip(ws, bs):
        w_all, b_all = w @ w_all, w @ b_all + b
    one = w_all @ x + b_all
    return (x.ravel().numpy(), lin.ravel().numpy(), one.ravel().numpy(), rel.ravel().numpy(),
            float((lin - one).abs().max()), float(w_all.item()), float(b_all.item()))


# ----- the 2-2-1 worked example of back-propagation ---------------------------------------

# Inputs 2 and 1, a linear hidden layer that gives 4 and 2, output weights 1 and 0.5:
# prediction 1·4 + 0.5·2 = 5, target 3 (the example of the source, appendix B.3). The
# source's figure shows the input-to-hidden weights without listing them in the text; any
# weights that give hidden values 4 and 2 reproduce it, and these are the simplest.
B3 = {"x": [2.0, 1.0], "W1": [[1.0, 2.0], [0.5, 1.0]], "v": [1.0, 0.5], "target": 3.0}


def b3_forward(W1, v, x):
    h = np.asarray(W1) @ np.asarray(x)
    return h, float(np.asarray(v) @ h)


def b3_gradients(W1, v, x, target):
    """Chain rule by hand for L = ½(ŷ − y)²: every gradient comes from the one loss."""
    h, y_hat = b3_forward(W1, v, x)
    d_yhat = y_hat - target  # dL/dŷ
    d_v = d_yhat * h  # dL/dv_j = dL/dŷ · h_j
    d_h = d_yhat * np.asarray(v)  # dL/dh_j = dL/dŷ · v_j
    d_W1 = np.outer(d_h, x)  # dL/dW1_jk = dL/dh_j · x_k
    return {"h": h, "y_hat": y_hat, "loss": 0.5 * d_yhat ** 2, "d_yhat": d_yhat,
            "d_v": d_v, "d_h": d_h, "d_W1": d_W1}


def b3_autograd(W1, v, x, target):
    """The same gradients from torch.autograd."""
    W1t = torch.tensor(W1, dtype=torch.float64, requires_grad=True)
    vt = torch.tensor(v, dtype=torch.float64, requires_grad=True)
    y_hat = vt @ (W1t @ torch.tensor(x, dtype=torch.float64))
    loss = 0.5 * (y_hat - target) ** 2
    loss.backward()
    return W1t.grad.numpy(), vt.grad.numpy()


def b3_train(lr: float, steps: int):
    """Gradient descent on the worked example: a list of (W1, v, gradients) per step."""
    W1, v, x, t = np.array(B3["W1"]), np.array(B3["v"]), B3["x"], B3["target"]
    out = []
    for _ in range(steps + 1):
        g = b3_gradients(W1, v, x, t)
        out.append((W1.copy(), v.copy(), g))
        W1, v = W1 - lr * g["d_W1"], v - lr * g["d_v"]  # all weights at once, from one loss
    return out


# ----- gradient descent -------------------------------------------------------------------

def descend_1d(grad, w0: float, lr: float, steps: int) -> np.ndarray:
    w = [w0]
    for _ in range(steps):
        w.append(w[-1] - lr * grad(w[-1]))
    return np.array(w)


@lru_cache(maxsize=None)
def ink_data(digits=(1, 7), n_per_class: int = 1000, seed: int = 0):
    """A real one-feature problem: tell two MNIST digits apart by the amount of ink alone.

    Returns (x standardised, y in {0, 1}, mean, std of the raw ink)."""
    from book.data import mnist_arrays

    images, labels = mnist_arrays("train")
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for cls, d in enumerate(digits):
        idx = rng.choice(np.flatnonzero(labels == d), n_per_class, replace=False)
        xs.append(images[idx].reshape(n_per_class, -1).mean(1) / 255.0)
        ys.append(np.full(n_per_class, cls, dtype=np.float64))
    raw, y = np.concatenate(xs), np.concatenate(ys)
    mean, std = float(raw.mean()), float(raw.std())
    return (raw - mean) / std, y, mean, std


def logistic_cost(w, b, x, y):
    """Mean cross-entropy of p = σ(w·x + b); w and b may be arrays (a grid)."""
    w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    z = w[..., None] * x + b[..., None]
    # log(1 + e^z) − y·z, written stably
    return np.mean(np.logaddexp(0.0, z) - y * z, axis=-1)


def logistic_grad(w, b, x, y):
    p = sigmoid(w * x + b)
    return float(np.mean((p - y) * x)), float(np.mean(p - y))


def descend_2d(x, y, start, lr: float, steps: int) -> np.ndarray:
    path = [np.array(start, dtype=float)]
    for _ in range(steps):
        gw, gb = logistic_grad(*path[-1], x, y)
        path.append(path[-1] - lr * np.array([gw, gb]))
    return np.array(path)


# ----- the "blame game" with real gradients -------------------------------------------------

def blame(model: nn.Sequential, x: torch.Tensor, label: int) -> dict:
    """Gradients of one example's loss in the last hidden layer of a trained MLP.

    For each neuron j of the last hidden layer: its activation a_j, the error signal that
    reaches it, |∂L/∂a_j|, and the size of the gradient of the weights leaving it,
    ‖∂L/∂W[:, j]‖ = a_j · ‖δ‖ (δ = ∂L/∂z of the output layer)."""
    model.eval()
    *body, last = list(model)
    h = x.reshape(1, -1)
    for m in body:
        h = m(h)
    a = h.detach().requires_grad_(True)
    logits = last(a)
    loss = nn.functional.cross_entropy(logits, torch.tensor([label]))
    grads = torch.autograd.grad(loss, [a, last.weight])
    return {"activation": a.detach().numpy().ravel(),
            "d_activation": grads[0].abs().numpy().ravel(),
            "d_out_weights": grads[1].norm(dim=0).numpy(),
            "loss": float(loss), "predicted": int(logits.argmax())}


# ----- a small real network with five inputs ------------------------------------------------

@lru_cache(maxsize=None)
def band_data(digits=(3, 8), n_per_class: int = 1000, seed: int = 0):
    """Five features of real MNIST images: the mean ink in five vertical bands (left to
    right), for telling two digits apart (a 3 has little ink on the left, an 8 has more)."""
    from book.data import mnist_arrays

    images, labels = mnist_arrays("train")
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    cuts = np.linspace(0, 28, 6).round().astype(int)
    for cls, d in enumerate(digits):
        idx = rng.choice(np.flatnonzero(labels == d), n_per_class, replace=False)
        imgs = images[idx] / 255.0
        xs.append(np.stack([imgs[:, :, a:b].mean((1, 2)) for a, b in zip(cuts, cuts[1:])], 1))
        ys.append(np.full(n_per_class, cls))
    x = np.concatenate(xs)
    x = (x - x.mean(0)) / x.std(0)
    return x.astype(np.float32), np.concatenate(ys).astype(np.float32)


@lru_cache(maxsize=None)
def small_net(steps: int = 400, seed: int = 0):
    """A 5-2-2-1 sigmoid network trained on band_data() by full-batch gradient descent
    (Adam) on the binary cross-entropy. Returns (model, accuracy on its training data)."""
    torch.manual_seed(seed)
    x, y = (torch.from_numpy(a) for a in band_data())
    model = nn.Sequential(nn.Linear(5, 2), nn.Sigmoid(), nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(steps):
        loss = nn.functional.binary_cross_entropy_with_logits(model(x).ravel(), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        acc = float(((model(x).ravel() > 0).float() == y).float().mean())
    return model, acc
