"""Backpropagation by hand: the 784-16-16-10 network in plain NumPy (shown in the learning chapter).

Row convention: a batch X is (n, 784), layer l computes Z = A_prev @ W.T + b with W of shape
(n_out, n_in), as torch.nn.Linear does, so the gradients can be compared with autograd.
Sigmoid hidden layers, softmax + cross-entropy output. The page includes the marked sections.
"""
from __future__ import annotations

import numpy as np

SIZES = (784, 16, 16, 10)


def init_params(sizes=SIZES, seed=0):
    """One (W, b) per layer; W ~ N(0, 1/n_in) keeps the first sigmoid inputs near 0."""
    rng = np.random.default_rng(seed)
    return [(rng.normal(0.0, n_in ** -0.5, (n_out, n_in)), np.zeros(n_out))
            for n_in, n_out in zip(sizes, sizes[1:])]


# --8<-- [start:forward]
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))  # subtracting the max avoids overflow
    return e / e.sum(axis=1, keepdims=True)


def forward(params, X):
    """Activations of every layer: [X, a1, a2, p]; the last is the softmax output."""
    acts = [X]
    for W, b in params[:-1]:
        acts.append(sigmoid(acts[-1] @ W.T + b))
    W, b = params[-1]
    acts.append(softmax(acts[-1] @ W.T + b))
    return acts


def loss(p, y):
    """Mean cross-entropy, -log of the probability given to the true class."""
    return float(-np.log(p[np.arange(len(y)), y]).mean())
# --8<-- [end:forward]


# --8<-- [start:backward]
def backward(params, acts, y):
    """Gradients (dW, db) of the mean cross-entropy for every layer, by BP1-BP4."""
    n = len(y)
    delta = acts[-1].copy()
    delta[np.arange(n), y] -= 1.0                     # BP1: δ at the logits is p - y
    grads = []
    for l in range(len(params) - 1, -1, -1):
        grads.append((delta.T @ acts[l] / n,          # BP4: ∂L/∂W = δ a_prevᵀ
                      delta.mean(axis=0)))            # BP3: ∂L/∂b = δ
        if l > 0:
            a = acts[l]                               # BP2: δ_prev = (Wᵀ δ) ⊙ σ'(z)
            delta = (delta @ params[l][0]) * a * (1.0 - a)
    return grads[::-1]
# --8<-- [end:backward]


# --8<-- [start:train]
def train(params, X, y, lr=0.5, batch_size=100, epochs=1, seed=0):
    """Mini-batch gradient descent; returns the loss of every step."""
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            idx = order[start:start + batch_size]
            acts = forward(params, X[idx])
            losses.append(loss(acts[-1], y[idx]))
            grads = backward(params, acts, y[idx])
            params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
    return params, losses
# --8<-- [end:train]


def accuracy(params, X, y):
    """Fraction of images whose most probable class is the label."""
    return float((forward(params, X)[-1].argmax(axis=1) == y).mean())
