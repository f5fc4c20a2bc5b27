"""Chapter "신경망은 어떻게 배우는가 / How a network computes and learns" (figures_src/learning.py)."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest

import torch

from book.experiments import intro as nn1
from book.nets import numpy_mlp as nb
from book.core.paths import DOCS, ROOT, figures_dir
from pages import code_text, snippet_sections

CHAPTER = "learning"
FIG_RE = re.compile(r"!\[([^\]]*)\]\(fig:([a-z0-9_\-]+/[a-z0-9_\-]+)\)")


def _metrics():
    return json.loads((figures_dir() / CHAPTER / "metrics.json").read_text(encoding="utf-8"))


def test_worked_example_gradients_match_autograd():
    b = nn1.B3
    g = nn1.b3_gradients(b["W1"], b["v"], b["x"], b["target"])
    assert g["y_hat"] == 5.0 and g["loss"] == 2.0  # the source's numbers: prediction 5, target 3
    auto_w1, auto_v = nn1.b3_autograd(b["W1"], b["v"], b["x"], b["target"])
    np.testing.assert_allclose(g["d_W1"], auto_w1)
    np.testing.assert_allclose(g["d_v"], auto_v)


def test_one_gradient_step_lowers_the_loss_and_steps_converge():
    steps = nn1.b3_train(0.02, 30)
    losses = [s[2]["loss"] for s in steps]
    assert all(a > b for a, b in zip(losses, losses[1:]))
    assert abs(steps[-1][2]["y_hat"] - nn1.B3["target"]) < 1e-3


def test_linear_layers_collapse_and_relu_does_not():
    x, lin, one, rel, diff, slope, intercept = nn1.collapse_demo()
    assert diff < 1e-9
    np.testing.assert_allclose(lin, slope * x + intercept, atol=1e-9)
    bends = np.abs(np.diff(rel, 2)) > 1e-9
    assert bends.sum() >= 1  # ReLU makes the function bend somewhere


def test_learning_rate_regimes_on_w_squared():
    grad = lambda w: 2 * w  # noqa: E731
    assert abs(nn1.descend_1d(grad, 3.0, 0.3, 20)[-1]) < 1e-3
    assert abs(nn1.descend_1d(grad, 3.0, 0.05, 20)[-1]) > 0.1
    assert abs(nn1.descend_1d(grad, 3.0, 1.05, 20)[-1]) > 3.0


def _small_batch(n=8, sizes=nb.SIZES, seed=1):
    rng = np.random.default_rng(seed)
    params = nb.init_params(sizes, seed=seed)
    params = [(W, rng.normal(0.0, 0.5, b.shape)) for W, b in params]  # non-zero biases test BP3 too
    return params, rng.random((n, sizes[0])), rng.integers(0, sizes[-1], n)


def test_numpy_backprop_matches_torch_autograd():
    params, X, y = _small_batch()
    grads = nb.backward(params, nb.forward(params, X), y)
    tensors = [(torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)) for W, b in params]
    h = torch.tensor(X)
    for W, b in tensors[:-1]:
        h = torch.sigmoid(h @ W.T + b)
    W, b = tensors[-1]
    torch.nn.functional.cross_entropy(h @ W.T + b, torch.tensor(y)).backward()
    for (dW, db), (W, b) in zip(grads, tensors):
        np.testing.assert_allclose(dW, W.grad.numpy(), rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(db, b.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_numpy_backprop_matches_finite_differences():
    params, X, y = _small_batch(n=5, sizes=(6, 4, 3, 5))
    grads = nb.backward(params, nb.forward(params, X), y)
    eps = 1e-6
    for layer in range(len(params)):
        for which in (0, 1):  # 0: W, 1: b
            exact = grads[layer][which]
            for index in np.ndindex(exact.shape):
                def loss_at(shift):
                    moved = [(W.copy(), b.copy()) for W, b in params]
                    moved[layer][which][index] += shift
                    return nb.loss(nb.forward(moved, X)[-1], y)
                numeric = (loss_at(eps) - loss_at(-eps)) / (2 * eps)
                assert abs(numeric - exact[index]) < 1e-7, (layer, which, index, numeric, exact[index])


def test_softmax_is_the_formula_and_cross_entropy_gradient_is_p_minus_y():
    z = np.array([[2.0, -1.0, 0.5, 0.0], [800.0, 799.0, -3.0, 0.0]])  # the second would overflow exp
    np.testing.assert_allclose(nb.softmax(z[:1]), np.exp(z[:1]) / np.exp(z[:1]).sum(), rtol=1e-15)
    np.testing.assert_allclose(nb.softmax(z), torch.softmax(torch.tensor(z), 1).numpy(), rtol=1e-12)
    y = np.array([1, 0])
    onehot = np.eye(4)[y]
    eps = 1e-6
    for i, j in np.ndindex(z.shape):  # ∂(-log p_y)/∂z_j by central differences, one example at a time
        up, down = z[i:i + 1].copy(), z[i:i + 1].copy()
        up[0, j] += eps
        down[0, j] -= eps
        numeric = (nb.loss(nb.softmax(up), y[i:i + 1]) - nb.loss(nb.softmax(down), y[i:i + 1])) / (2 * eps)
        assert abs(numeric - (nb.softmax(z)[i, j] - onehot[i, j])) < 1e-8


def test_a_few_numpy_training_steps_lower_the_loss():
    rng = np.random.default_rng(0)
    X = rng.random((400, 784))
    y = (X[:, :392].sum(1) > X[:, 392:].sum(1)).astype(int) * 7  # a learnable rule: class 0 or 7
    params = nb.init_params()
    start = nb.loss(nb.forward(params, X)[-1], y)
    trained, losses = nb.train(params, X, y, lr=1.0, batch_size=50, epochs=5)
    assert len(losses) == 40
    assert nb.loss(nb.forward(trained, X)[-1], y) < 0.8 * start
    assert np.mean(losses[-8:]) < np.mean(losses[:8])


def test_measured_numbers_tell_the_chapter_story():
    m = _metrics()
    assert m["b3.after.loss"] < m["b3.loss"]
    assert m["b3.autograd_max_difference"] < 1e-12
    assert m["gd2d.good.final_cost"] < m["gd2d.too_small.final_cost"]
    assert m["gd2d.good.final_cost"] < m["gd2d.too_large.final_cost"]
    assert m["blame.corr_out_weights"] > 0.99  # outgoing-weight gradients ∝ activation
    assert m["curves.start_accuracy"] < 0.2 < 0.9 < m["mnist_16_16.test_accuracy"]
    # the NumPy network of the listing learns, and the page's error numbers agree with each other
    assert m["numpy.last_epoch_loss"] < 0.25 * m["numpy.first_loss"]
    assert m["numpy.test_accuracy"] > 0.9
    assert m["numpy.test_errors"] == round(m["numpy.test_error_rate"] * m["numpy.test_images"])
    assert m["numpy.gradient_check_exponent"] <= -7
    assert abs(m["ex.grad_z0"] + m["ex.grad_z1"] + m["ex.grad_z2"]) < 1e-5  # p - y sums to 0
    assert m["ex.params_layer1"] + m["ex.params_layer2"] + m["ex.params_layer3"] == m["mnist_16_16.parameters"]


def test_minibatch_runs_are_comparable_and_reproducible():
    from book.experiments.minibatch import sgd_run

    rng = np.random.default_rng(0)
    X = rng.random((64, 784))
    y = (X[:, :392].sum(1) > X[:, 392:].sum(1)).astype(int) * 7
    runs = {b: sgd_run(X, y, b, examples=256, lr=0.5, every=64, seed=3) for b in (1, 16, 64)}
    for b, run in runs.items():
        assert run.examples.tolist() == [0, 64, 128, 192, 256]  # same measurement points for all
        assert run.steps == 256 // b
        assert run.loss[0] == runs[1].loss[0]  # the same initial weights
    assert np.array_equal(sgd_run(X, y, 16, 256, 0.5, 64, seed=3).loss, runs[16].loss)  # seeded
    assert runs[1].loss[-1] < runs[1].loss[0]
    with pytest.raises(ValueError, match="must divide"):
        sgd_run(X, y, 32, examples=100, lr=0.5, every=32)


def test_minibatch_metrics_tell_the_page_story():
    m = _metrics()
    for key, batch in (("b1", 1), ("b32", 32), ("full", m["sgd.subset"])):
        assert m[f"sgd.{key}.batch_size"] == batch
        assert m[f"sgd.{key}.steps"] * batch == m["sgd.examples"] == m["sgd.passes"] * m["sgd.subset"]
        assert m[f"sgd.{key}.final_loss_min"] <= m[f"sgd.{key}.final_loss"] <= m[f"sgd.{key}.final_loss_max"]
    # "the smaller the batch, the more was learned per example, in all three seeds": the seed ranges do not overlap
    assert m["sgd.seeds"] >= 3
    assert m["sgd.b1.final_loss_max"] < m["sgd.b32.final_loss_min"]
    assert m["sgd.b32.final_loss_max"] < m["sgd.full.final_loss_min"]
    assert m["sgd.full.final_loss"] > 0.6 * np.log(10)  # "not far below where it started" (about log 10)
    assert m["numpy.steps_per_epoch"] * m["numpy.epochs"] == m["numpy.steps"]


def test_loss_table_covers_every_task():
    for lang, words in {"ko": ["이진 분류", "다중 분류", "다중 레이블", "회귀"],
                        "en": ["Binary", "multi-class", "Multi-label", "Regression"]}.items():
        text = (DOCS / lang / CHAPTER / "index.md").read_text(encoding="utf-8")
        table = "\n".join(line for line in text.splitlines() if line.startswith("|"))
        for w in words + ["CrossEntropyLoss", "BCEWithLogitsLoss", "MSELoss"]:
            assert w in table, f"{lang}: loss table lacks {w}"


def test_page_shows_the_numpy_code_from_the_module(built_site):
    """The listing is included from the module when the site is built (pymdownx.snippets): the
    page's code blocks hold every section verbatim, with no snippet line or marker left over."""
    sections = snippet_sections(ROOT / "book" / "nets" / "numpy_mlp.py")
    assert set(sections) == {"forward", "backward", "train"}
    for prefix in ("", "en/"):
        code = code_text((built_site / prefix / CHAPTER / "index.html").read_text(encoding="utf-8"))
        for name, text in sections.items():
            assert text.strip() in code, f"{prefix or 'ko/'}{CHAPTER}: section '{name}' is not shown verbatim"
        assert "--8<--" not in code


@pytest.mark.browser
def test_chapter_page_renders(page, site_url):
    for prefix in ("", "en/"):
        page.goto(f"{site_url}{prefix}{CHAPTER}/")
        body = page.inner_text("article")
        assert "{{" not in body and "fig:" not in body
        assert page.locator("article table").count() >= 1
        assert page.locator("article img").count() >= 30
        # Every formula is MathML, drawn by the browser (book/site/math.py), none left as LaTeX.
        assert page.locator(".arithmatex > math").count() == page.locator(".arithmatex").count() > 0
