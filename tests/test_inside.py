"""The chapter "신경망의 내부 / Looking inside a neural network": its demo data agree with
the measured metrics, and both interactive demos work from the keyboard in both languages."""
from __future__ import annotations

import html
import inspect
import json
import re
import textwrap

import pytest

from book.core.paths import DOCS, LANGS, ROOT, figures_dir
from book.nets.subsets import first_images
from book.experiments.seed_spread import beats, spread
from book.nets.mlp import mlp
from figures_src.inside import CONVERGED, DEPTH_DATA, DEPTH_HIDDEN, DEPTH_MODELS, DEPTH_SEEDS
from snippets import included, snippets

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
    for data in DEPTH_DATA:
        for layers in DEPTH_HIDDEN:
            assert m[f"depth.{data}_{layers}.mean"] > 0.3


@pytest.mark.parametrize("lang", LANGS)
def test_cifar_confusion_demo_matches_its_figure(lang):
    """The CIFAR-10 demo counts the same test set as the metrics, and stays light."""
    m, d = _metrics(), _demo("confusion_cifar_demo", lang)
    counts = d["counts"]
    assert sum(map(sum, counts)) == 10_000
    assert sum(counts[i][i] for i in range(10)) == m["cifar_linear.test_correct"]
    assert counts[3][5] == m["cifar_linear.cat_as_dog"]
    assert d["mime"] == "image/webp" and len(d["labels"]) == 10
    assert all(len(d["cells"][t][p]) == min(d["k"], counts[t][p]) for t in range(10) for p in range(10))
    assert (CHAPTER / f"confusion_cifar_demo.{lang}.json").stat().st_size < MAX_DEMO_BYTES


# ---------------------------------------------------------------- the depth experiment

def test_seed_spread_refuses_too_few_seeds_and_compares_ranges():
    with pytest.raises(ValueError, match="at least 3"):
        spread([0.9, 0.91])
    assert beats([0.95, 0.96, 0.97], [0.90, 0.93, 0.949])
    assert not beats([0.95, 0.96, 0.97], [0.90, 0.93, 0.951])  # overlapping ranges: no claim
    s = spread([0.1, 0.2, 0.3])
    assert (s["n"], s["min"], s["max"]) == (3, 0.1, 0.3) and abs(s["mean"] - 0.2) < 1e-12


def test_depth_models_differ_only_by_seed_within_a_depth():
    for data in DEPTH_DATA:
        for layers in DEPTH_HIDDEN:
            specs = [DEPTH_MODELS[data, layers, s] for s in DEPTH_SEEDS]
            assert len(specs) >= 3 and len({s.seed for s in specs}) == len(specs)
            assert len({(len(s.arch_args["hidden"]), s.lr, s.epochs, s.optimizer, s.data, str(s.data_args))
                        for s in specs}) == 1
            assert len(specs[0].arch_args["hidden"]) == layers - 1


def test_depth_metrics_are_a_spread_over_the_seeds():
    m = _metrics()
    assert m["depth.seeds"] == len(DEPTH_SEEDS) >= 3
    for data in DEPTH_DATA:
        for layers in DEPTH_HIDDEN:
            k = f"depth.{data}_{layers}"
            assert m[f"{k}.n"] == len(DEPTH_SEEDS)
            assert m[f"{k}.min"] <= m[f"{k}.mean"] <= m[f"{k}.max"]
            assert m[f"{k}.max"] > m[f"{k}.min"]  # the seeds really changed the run
            assert m[f"{k}.std"] > 0


def test_depth_runs_train_on_the_first_images_and_test_on_all():
    train, test = first_images("mnist", 7)
    assert len(train) == 7 and len(test) == 10_000 and train.x.shape[1] == 784
    with pytest.raises(ValueError, match="give 1 to 60000"):
        first_images("mnist", 0)
    m = _metrics()
    for data, recipe in DEPTH_DATA.items():
        assert m[f"depth.{data}.train_images"] == recipe["train_images"]
        assert all(s.data_args == {"name": data, "n": recipe["train_images"]}
                   for (d, _, _), s in DEPTH_MODELS.items() if d == data)


def test_depth_runs_levelled_off():
    """The page says every depth run had levelled off by the criterion it states (mean slope of the
    test accuracy over the last epochs at most `CONVERGED` per epoch), the three-layer CIFAR-10
    networks coming closest to the limit; and that the CIFAR-10 accuracies jump more from epoch
    to epoch than the MNIST ones, at every depth."""
    m = _metrics()
    assert m["depth.converged_below"] == CONVERGED
    trends = {f"{d}_{n}": m[f"depth.{d}_{n}.trend"] for d in DEPTH_DATA for n in DEPTH_HIDDEN}
    assert max(trends.values()) == m["depth.max_trend"] <= CONVERGED
    assert max(trends, key=trends.get) == "cifar10_3"
    for data in DEPTH_DATA:
        jitter = [m[f"depth.{data}_{n}.jitter"] for n in DEPTH_HIDDEN]
        assert (min(jitter), max(jitter)) == (m[f"depth.{data}.jitter_min"], m[f"depth.{data}.jitter_max"])
    assert m["depth.cifar10.jitter_min"] > m["depth.mnist.jitter_max"]


def test_depth_prose_claims_only_what_the_seeds_support():
    """What the chapter says about depth, checked against the per-seed results. MNIST: one hidden
    layer beats none on every seed, and so do two; the second hidden layer's seeds overlap the
    first's (no claim, and exercise 5 says a single pair could come out either way). CIFAR-10:
    no depth beats another on every seed, every pair of ranges overlaps."""
    m = _metrics()
    assert m["depth.mnist_2_beats_1"] == 1 and m["depth.mnist_3_beats_1"] == 1
    assert m["depth.mnist_3_beats_2"] == 0 and m["depth.mnist_2_beats_3"] == 0
    assert m["depth.mnist_3.min"] < m["depth.mnist_2.max"] and m["depth.mnist_2.min"] < m["depth.mnist_3.max"]
    for deeper, shallower in ((2, 1), (3, 2), (3, 1)):
        assert m[f"depth.cifar10_{deeper}_beats_{shallower}"] == 0
        assert m[f"depth.cifar10_{shallower}_beats_{deeper}"] == 0
    assert max(m[f"depth.cifar10_{n}.mean"] for n in DEPTH_HIDDEN) < 0.5  # "far from" digits


# ---------------------------------------------------------------- in the browser

def _open(page, site_url, lang, demo, nth=0):
    """The page's `nth` demo of a kind (the chapter has two confusion matrices: MNIST, CIFAR-10)."""
    page.goto(site_url + ("" if lang == "ko" else "en/") + "inside/")
    root = page.locator(f".demo.{demo}").nth(nth)
    root.scroll_into_view_if_needed()
    root.and_(page.locator("[data-ready=yes]")).wait_for()
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
def test_cifar_confusion_demo_shows_photos_from_the_keyboard(page, site_url, lang):
    m, d = _metrics(), _demo("confusion_cifar_demo", lang)
    root = _open(page, site_url, lang, "inside-confusion", nth=1)
    cells = root.locator("button.ic-cell")
    assert cells.count() == 100
    root.locator("button.ic-cell[tabindex='0']").focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # true cat, predicted dog
    detail = root.locator(".demo-detail")
    expected = d["text"]["cell"].format(t=d["labels"][3], p=d["labels"][5], n=f"{m['cifar_linear.cat_as_dog']:,}")
    assert detail.locator(".demo-count").inner_text() == expected
    imgs = detail.locator("img")
    assert imgs.count() == d["k"]
    assert imgs.first.get_attribute("src").startswith("data:image/webp;base64,")
    assert page.evaluate("el => el.naturalWidth", imgs.first.element_handle()) == 32  # the WebP decoded
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
    assert m["hidden.class3_top_favourite"] == 3  # "the class that relies on it most is 3"
    assert (m["cifar_linear.best_class"], m["cifar_linear.worst_class"]) == (7, 4)  # horse, deer


# ---------------------------------------------------------------- the code on the page

@pytest.mark.parametrize("lang", LANGS)
def test_snippets_name_the_code_they_show(lang):
    """The page lists the whole `mlp` function and the epoch loop of `fit`, by named sections
    that move with the code (a line range would drift when the file changes)."""
    assert snippets("inside", lang) == ["book/nets/mlp.py:mlp", "figures_src/inside.py:depth",
                                        "book/nets/train.py:train_loop"]
    assert included("book/nets/mlp.py:mlp").strip() == textwrap.dedent(inspect.getsource(mlp)).strip()
    loop = included("book/nets/train.py:train_loop").strip().splitlines()
    assert loop[0].startswith("for epoch in epochs_with_progress(")
    assert loop[-2].strip() == "log(epoch, running / seen)"


def test_page_shows_the_depth_experiment_code(built_site):
    """The built pages hold the listed code verbatim, and no snippet marker is left over."""
    source = (ROOT / "figures_src" / "inside.py").read_text(encoding="utf-8")
    depth = re.search(r"# --8<-- \[start:depth\]\n(.*?)# --8<-- \[end:depth\]", source, re.S).group(1)
    loop = included("book/nets/train.py:train_loop")
    for prefix in ("", "en/"):
        page = (built_site / prefix / "inside" / "index.html").read_text(encoding="utf-8")
        code = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block))
                         for block in re.findall(r"<code>(.*?)</code>", page, re.S))
        for name, text in (("depth", depth), ("mlp", inspect.getsource(mlp)), ("fit loop", loop)):
            # the site dedents included sections (dedent_subsections), so compare dedented text
            assert textwrap.dedent(text).strip() in code, f"{prefix or 'ko/'}inside: '{name}' is not shown verbatim"
        assert "--8<--" not in code


@pytest.mark.parametrize("lang", LANGS)
def test_parameter_exercise_arithmetic_matches_the_trained_networks(lang):
    """Exercise 1 works the parameter count out by hand, in LaTeX: its width, its terms and its
    sums must be those of the depth experiment's networks (a change of width must show here)."""
    m = _metrics()
    page = (DOCS / lang / "inside" / "index.md").read_text(encoding="utf-8")
    width = m["depth.hidden_width"]
    first = re.search(r"\$3072 \\cdot (\d+) \+ (\d+)\$", page)
    assert first and int(first.group(1)) == int(first.group(2)) == width
    second_layer = f"{width * width + width:,}".replace(",", "{,}")  # 1,056 → 1{,}056 in LaTeX
    assert f"${width} \\cdot {width} + {width} = {second_layer}$" in page
    assert 3072 * width + width + width * width + width + width * 10 + 10 == m["depth.cifar10_3.parameters"]
