"""Chapter "신경망이란 무엇인가 / What is a neural network" (figures_src/basics.py)."""
from __future__ import annotations

import json
import re

import pytest

from book.core.paths import figures_dir

CHAPTER = "basics"
FIG_RE = re.compile(r"!\[([^\]]*)\]\(fig:([a-z0-9_\-]+/[a-z0-9_\-]+)\)")


def _metrics():
    return json.loads((figures_dir() / CHAPTER / "metrics.json").read_text(encoding="utf-8"))


def test_parameter_count_matches_the_formula_and_the_model():
    from book.nets.mlp import parameter_count
    from book.experiments.intro import MNIST_16, weight_count
    from book.nets.train import build

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


def test_exercise_numbers():
    from book.nets.mlp import mlp, parameter_count

    m = _metrics()
    assert m["ex.params_784_32_10"] == parameter_count(mlp(784, 10, (32,))) == 784 * 32 + 32 + 32 * 10 + 10
    assert m["ex.neuron_b0.z"] == pytest.approx(0.9) and m["ex.neuron_bm1.z"] == pytest.approx(-0.1)
    assert m["ex.neuron_b0.relu"] == pytest.approx(0.9) and m["ex.neuron_bm1.relu"] == 0.0  # the bias switched it off
    assert m["ex.neuron_bm1.sigmoid"] < 0.5 < m["ex.neuron_b0.sigmoid"]
    assert m["ex.two_sigmoid_layers_slope"] == pytest.approx(m["sigmoid.max_slope"] ** 2)


def test_listings_name_the_code_that_ran():
    """Line ranges (section markers in these files would change the cache key of every model
    of the book) must still cover the model definition, the MLP builder and the training loop."""
    import inspect

    from book.nets.mlp import mlp
    from snippets import included, snippets

    specs = snippets(CHAPTER, "en")
    assert specs == snippets(CHAPTER, "ko")
    spec, builder, loop = (included(s) for s in specs)
    assert spec.startswith('MNIST_16 = Spec("mnist_16_16"') and spec.rstrip().endswith("})")
    assert builder == inspect.getsource(mlp).rstrip("\n")
    assert loop.lstrip().startswith("for epoch in epochs_with_progress")
    assert loop.rstrip().endswith("opt.step()") and "cross_entropy" in loop


def test_page_shows_the_code_from_the_modules(built_site):
    from snippets import assert_page_shows_snippets

    assert_page_shows_snippets(built_site, CHAPTER)
