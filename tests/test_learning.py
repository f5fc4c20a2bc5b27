"""Chapter "신경망은 어떻게 배우는가 / How a network computes and learns" (figures_src/learning.py)."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest

from book import nn_intro as nn1
from book.paths import DOCS, figures_dir

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


def test_measured_numbers_tell_the_chapter_story():
    m = _metrics()
    assert m["b3.after.loss"] < m["b3.loss"]
    assert m["b3.autograd_max_difference"] < 1e-12
    assert m["gd2d.good.final_cost"] < m["gd2d.too_small.final_cost"]
    assert m["gd2d.good.final_cost"] < m["gd2d.too_large.final_cost"]
    assert m["blame.corr_out_weights"] > 0.99  # outgoing-weight gradients ∝ activation
    assert m["curves.start_accuracy"] < 0.2 < 0.9 < m["mnist_16_16.test_accuracy"]


def test_loss_table_covers_every_task():
    for lang, words in {"ko": ["이진 분류", "다중 분류", "다중 레이블", "회귀"],
                        "en": ["Binary", "multi-class", "Multi-label", "Regression"]}.items():
        text = (DOCS / lang / CHAPTER / "index.md").read_text(encoding="utf-8")
        table = "\n".join(line for line in text.splitlines() if line.startswith("|"))
        for w in words + ["CrossEntropyLoss", "BCEWithLogitsLoss", "MSELoss"]:
            assert w in table, f"{lang}: loss table lacks {w}"


@pytest.mark.browser
def test_chapter_page_renders(page, site_url):
    for prefix in ("", "en/"):
        page.goto(f"{site_url}{prefix}{CHAPTER}/")
        body = page.inner_text("article")
        assert "{{" not in body and "fig:" not in body
        assert page.locator("article table").count() >= 1
        assert page.locator("article img").count() >= 30
