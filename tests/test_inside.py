"""The chapter "신경망의 내부 / Looking inside a neural network": its demo data agree with
the measured metrics, and both interactive demos work from the keyboard in both languages."""
from __future__ import annotations

import json

import pytest

from book.paths import LANGS, figures_dir

CHAPTER = figures_dir() / "inside"
MAX_DEMO_BYTES = 120_000  # per language and demo: the page must stay light


def _metrics():
    return json.loads((CHAPTER / "metrics.json").read_text("utf-8"))


def _demo(name, lang):
    return json.loads((CHAPTER / f"{name}.{lang}.json").read_text("utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_confusion_demo_data_matches_the_metrics(lang):
    m, d = _metrics(), _demo("confusion_demo", lang)
    counts = d["counts"]
    assert sum(map(sum, counts)) == m["mnist_linear.test_total"] == 10_000
    assert sum(counts[i][i] for i in range(10)) == m["mnist_linear.test_correct"]
    assert counts[m["mnist_linear.worst_true"]][m["mnist_linear.worst_predicted"]] == m["mnist_linear.worst_count"]
    for t in range(10):
        for p in range(10):
            samples = d["cells"][t][p]
            assert len(samples) == min(3, counts[t][p])
            probs = [s["p"] for s in samples]
            assert probs == sorted(probs, reverse=True)
    assert (CHAPTER / f"confusion_demo.{lang}.json").stat().st_size < MAX_DEMO_BYTES


@pytest.mark.parametrize("lang", LANGS)
def test_hidden_demo_data_is_complete_and_small(lang):
    m, d = _metrics(), _demo("hidden_demo", lang)
    assert len(d["hidden"]) == 10 and len(d["w2"]) == 10 and all(len(r) == 10 for r in d["w2"])
    top0 = max(range(10), key=lambda j: d["w2"][0][j])
    assert top0 + 1 == m["hidden.class0_top"]
    assert (CHAPTER / f"hidden_demo.{lang}.json").stat().st_size < MAX_DEMO_BYTES


def test_chapter_models_reach_their_accuracy():
    m = _metrics()
    assert m["mnist_linear.test_accuracy"] >= 0.91
    assert m["mnist_hidden10.test_accuracy"] > 0.9
    assert m["cifar_linear.test_accuracy"] > 0.3
    assert m["mnist_3layer.test_accuracy"] > m["mnist_linear.test_accuracy"]
    assert m["cifar_2layer.test_accuracy"] > m["cifar_linear.test_accuracy"]


# ---------------------------------------------------------------- in the browser

def _open(page, site_url, lang, demo):
    page.goto(site_url + ("" if lang == "ko" else "en/") + "inside/")
    root = page.locator(f".demo.{demo}")
    root.scroll_into_view_if_needed()
    page.wait_for_selector(f".demo.{demo}[data-ready=yes]")
    return root


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_confusion_demo_works_from_the_keyboard(page, site_url, lang):
    m, d = _metrics(), _demo("confusion_demo", lang)
    t, p, n = m["mnist_linear.worst_true"], m["mnist_linear.worst_predicted"], m["mnist_linear.worst_count"]
    root = _open(page, site_url, lang, "inside-confusion")
    cells = root.locator("button.ic-cell")
    assert cells.count() == 100
    assert root.locator("button.ic-cell[tabindex='0']").count() == 1  # one tab stop
    cells.first.focus()
    for _ in range(p):
        page.keyboard.press("ArrowRight")
    for _ in range(t):
        page.keyboard.press("ArrowDown")
    focused = page.evaluate("[document.activeElement.dataset.t, document.activeElement.dataset.p]")
    assert focused == [str(t), str(p)]
    detail = root.locator(".demo-detail")
    expected = d["text"]["cell"].format(t=d["labels"][t], p=d["labels"][p], n=f"{n:,}")
    assert detail.locator(".demo-count").inner_text() == expected
    imgs = detail.locator("img")
    assert imgs.count() == min(3, n)
    assert page.evaluate("el => el.naturalWidth", imgs.first.element_handle()) == 28
    assert imgs.first.get_attribute("alt")
    assert not page.console_errors, page.console_errors


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_hidden_layer_demo_works_from_the_keyboard(page, site_url, lang):
    m, d = _metrics(), _demo("hidden_demo", lang)
    root = _open(page, site_url, lang, "inside-hidden")
    classes = root.locator("button.ih-class")
    assert classes.count() == 10
    classes.first.focus()
    page.keyboard.press("ArrowRight")  # class 1
    assert page.evaluate("document.activeElement.dataset.i") == "1"
    detail = root.locator(".demo-detail")
    assert detail.locator(".demo-count").inner_text() == d["text"]["class_detail"].format(c=d["classes"][1])
    assert detail.locator("svg rect").count() == 10
    top = m["hidden.class1_top"] - 1
    assert "ih-plus" in root.locator("button.ih-neuron").nth(top).get_attribute("class")
    assert f"h{m['hidden.class1_top']}" in detail.locator(".ih-summary").inner_text()
    # the other group: Tab-free focus moves, arrows go from h1 to h3
    neurons = root.locator("button.ih-neuron")
    neurons.first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert detail.locator(".demo-count").inner_text() == d["text"]["neuron_detail"].format(h="h3")
    col = [row[2] for row in d["w2"]]
    assert f"{d['classes'][col.index(max(col))]} (" in detail.locator(".ih-summary").inner_text()
    assert not page.console_errors, page.console_errors


def test_the_prose_describes_the_trained_network():
    """The chapter describes particular hidden neurons and CIFAR-10 results in words; if a
    retrained model changes them, this test says the words must be checked again."""
    m = _metrics()
    assert (m["hidden.class0_top"], m["hidden.class0_bottom"]) == (6, 3)
    assert (m["hidden.class1_top"], m["hidden.class1_second"], m["hidden.class1_bottom"]) == (9, 7, 10)
    assert m["hidden.class3_top"] == 2 and m["hidden.class0_to_class3_top"] < 0
    assert m["mnist_2layer.test_accuracy"] - m["mnist_linear.test_accuracy"] > \
        m["mnist_3layer.test_accuracy"] - m["mnist_2layer.test_accuracy"]  # "a second adds much less"
    assert m["cifar_3layer.test_accuracy"] < 0.5  # "still far from" MNIST
    assert (m["cifar_linear.best_class"], m["cifar_linear.worst_class"]) == (7, 4)  # horse, deer
