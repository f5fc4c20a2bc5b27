"""Back-propagation measured (learning chapter): the worked 2-2-1 example checked against
autograd, one layer's forward pass as a matrix product, the gradients of a trained network's
first mistake, and the NumPy 784-16-16-10 network of book.nets.numpy_mlp (its training run on
MNIST, a finite-difference gradient check, the softmax exercise).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

from book.data import mnist_arrays
from book.experiments import intro
from book.nets import numpy_mlp as nb


def worked_example_gradients():
    """Gradients of the worked example by the chain rule, and their largest gap to autograd."""
    x, t = intro.B3["x"], intro.B3["target"]
    g = intro.b3_gradients(intro.B3["W1"], intro.B3["v"], x, t)
    auto_W1, auto_v = intro.b3_autograd(intro.B3["W1"], intro.B3["v"], x, t)
    return g, float(max(np.abs(auto_W1 - g["d_W1"]).max(), np.abs(auto_v - g["d_v"]).max()))


def layer_product(layer, xi):
    """One linear layer on one input, as matrices: W, b, z = W·x + b and σ(z)."""
    W, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    z = W @ xi + b
    return W, b, z, intro.sigmoid(z)


def first_mistake(model):
    """The first test image the trained model gets wrong: (input vector, label, image)."""
    images, labels = mnist_arrays("test")
    x = torch.from_numpy(images.reshape(len(images), -1) / 255.0).float()
    with torch.no_grad():
        wrong = np.flatnonzero(model(x).argmax(1).numpy() != labels)
    i = int(wrong[0])
    return x[i], int(labels[i]), images[i]


def blame_statistics(g: dict) -> dict:
    """How the last hidden layer's activations go with the gradients of intro.blame: their
    correlations with the outgoing weights' and the neurons' gradients, and the neurons that
    are nearly silent (activation below 0.05)."""
    return {"corr_out_weights": float(np.corrcoef(g["activation"], g["d_out_weights"])[0, 1]),
            "corr_neuron": float(np.corrcoef(g["activation"], g["d_activation"])[0, 1]),
            "lazy_neurons": int((g["activation"] < 0.05).sum())}


@lru_cache(maxsize=None)  # a figure is drawn four times (ko/en × light/dark); train once
def numpy_run(lr: float, batch_size: int, epochs: int):
    """Train the NumPy 784-16-16-10 network of book/nets/numpy_mlp.py on MNIST.

    Returns (parameters, loss of every step, test accuracy, number of test images)."""
    images, labels = mnist_arrays("train")
    test_images, test_labels = mnist_arrays("test")
    X, y = images.reshape(len(images), -1) / 255.0, labels.astype(np.int64)
    X_test, y_test = test_images.reshape(len(test_images), -1) / 255.0, test_labels.astype(np.int64)
    params, losses = nb.train(nb.init_params(), X, y, lr=lr, batch_size=batch_size, epochs=epochs)
    return params, np.array(losses), nb.accuracy(params, X_test, y_test), len(y_test)


def gradient_check():
    """Largest gap between backprop and central differences over all weights of a small net."""
    rng = np.random.default_rng(1)
    params, X, y = nb.init_params((6, 4, 3, 5), seed=1), rng.random((5, 6)), rng.integers(0, 5, 5)
    grads = nb.backward(params, nb.forward(params, X), y)
    worst, eps = 0.0, 1e-6
    for layer, (W, _) in enumerate(params):
        for index in np.ndindex(W.shape):
            diffs = []
            for shift in (eps, -eps):
                moved = [(w.copy(), b) for w, b in params]
                moved[layer][0][index] += shift
                diffs.append(nb.loss(nb.forward(moved, X)[-1], y))
            worst = max(worst, abs((diffs[0] - diffs[1]) / (2 * eps) - grads[layer][0][index]))
    return worst


def softmax_exercise(z=(2.0, 1.0, 0.0)):
    """Softmax of the exercise's scores with true class 0: the probabilities, the gradient of
    the cross-entropy with respect to each score (p_j − [j = 0]) and the loss."""
    p = nb.softmax(np.array([z]))[0]
    return ([float(p[j]) for j in range(len(z))], [float(p[j] - (j == 0)) for j in range(len(z))],
            float(-np.log(p[0])))


def moving_average(values: np.ndarray, window: int) -> np.ndarray:
    """Mean of every `window` consecutive values (len(values) − window + 1 of them)."""
    return np.convolve(values, np.ones(window) / window, mode="valid")
