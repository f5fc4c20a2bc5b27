"""Chapter "신경망이란 무엇인가 / What is a neural network" (figures_src/basics.py)."""
from __future__ import annotations

import json
import re

import pytest

from book.paths import figures_dir

CHAPTER = "basics"
FIG_RE = re.compile(r"!\[([^\]]*)\]\(fig:([a-z0-9_\-]+/[a-z0-9_\-]+)\)")


def _metrics():
    return json.loads((figures_dir() / CHAPTER / "metrics.json").read_text(encoding="utf-8"))


def test_parameter_count_matches_the_formula_and_the_model():
    from book.models import parameter_count
    from book.nn_intro import MNIST_16, weight_count
    from book.train import build

    model = build(MNIST_16)  # same architecture as the trained one, no training needed
    counts = weight_count(model)
    assert counts["weights"] == [784 * 16, 16 * 16, 16 * 10]
    assert counts["biases"] == [16, 16, 10]
    assert counts["total"] == parameter_count(model) == 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10
    m = _metrics()
    assert m["params.total"] == counts["total"] == m["mnist_16_16.parameters"]


def test_the_network_reads_digits():
    m = _metrics()
    assert m["mnist_16_16.test_accuracy"] > 0.9
    assert m["example.answer"] == 3 and m["example.confidence"] > 0.5


@pytest.mark.browser
def test_chapter_page_renders_figures_and_numbers(page, site_url):
    for prefix in ("", "en/"):
        page.goto(f"{site_url}{prefix}{CHAPTER}/")
        body = page.inner_text("article")
        assert "{{" not in body and "fig:" not in body
        assert f"{_metrics()['params.total']:,}" in body
        assert page.locator("article img").count() >= 18  # light + dark of every figure
