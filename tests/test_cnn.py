"""The chapter "배치 정규화와 합성곱 신경망 / Batch normalization and CNNs": the worked example
is computed correctly, the committed metrics tell the story the prose tells, and the library
pieces behave."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from book.experiments import cnn_anatomy as anatomy
from book.core.paths import DOCS, ROOT, figures_dir
from book.site.refs import FORMATS, METRIC_RE
from pages import code_text, snippet_sections

CHAPTER = figures_dir() / "cnn"


def _metrics():
    return json.loads((CHAPTER / "metrics.json").read_text("utf-8"))


def test_worked_example_matches_a_hand_computation():
    conv, mx, avg, flat = anatomy.worked_example()
    img = anatomy.EXAMPLE_IMAGE.numpy()
    by_hand = np.array([[img[r, c] + img[r + 1, c + 1] for c in range(4)] for r in range(4)])
    assert np.array_equal(conv, by_hand)
    assert mx.tolist() == [[2, 2], [3, 2]]
    assert avg.tolist() == [[1.0, 0.75], [1.0, 0.75]]
    assert flat.tolist() == [2, 2, 3, 2]


def test_metrics_tell_the_chapter_story():
    m = _metrics()
    assert m["deep_sigmoid_bn.test_accuracy"] > 0.85 > m["deep_sigmoid.test_accuracy"] + 0.3
    assert abs(m["deep_sigmoid_bn.layer6_end_std"] - 1) < 0.5
    assert m["cnn.test_accuracy"] > m["mlp_100.test_accuracy"] > m["mlp_16_16.test_accuracy"]
    assert m["cnn.parameters"] < m["mlp_16_16.parameters"] < m["mlp_100.parameters"]
    assert m["example.conv_max"] == 3 and m["example.flat_length"] == 4


def test_output_size_formula_matches_conv2d_and_pooling():
    import torch.nn.functional as F

    checked = 0
    for n in range(1, 13):
        for k in range(1, 7):
            for s in (1, 2, 3):
                for p in (0, 1, 2):
                    if k > n + 2 * p:
                        with pytest.raises(ValueError, match="does not fit"):
                            anatomy.conv_output_size(n, k, s, p)
                        continue
                    out = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p)
                    assert out.shape[-1] == anatomy.conv_output_size(n, k, s, p), (n, k, s, p)
                    checked += 1
    assert checked > 500
    for n in (24, 8, 7):  # 2×2 max pooling is a window of 2 with stride 2
        assert F.max_pool2d(torch.zeros(1, 1, n, n), 2).shape[-1] == anatomy.conv_output_size(n, 2, 2)
    with pytest.raises(ValueError, match="stride"):
        anatomy.conv_output_size(5, 2, stride=0)


def test_sizes_through_the_trained_cnn_follow_the_formula():
    from book.nets.cnn import small_cnn

    m = _metrics()
    sizes = [28]
    for _ in range(2):  # conv 5×5, then 2×2 pooling, twice
        sizes += [anatomy.conv_output_size(sizes[-1], 5), anatomy.conv_output_size(sizes[-1] - 4, 2, 2)]
    assert sizes[1:] == [m["cnn.map_size"], m["cnn.pooled_size"], m["cnn.conv2_map_size"], m["cnn.conv2_pooled_size"]]
    net = small_cnn()
    with torch.no_grad():
        assert net[:3](torch.zeros(1, 1, 28, 28)).shape[-1] == m["cnn.pooled_size"]
    assert m["cnn.flat_length"] == 12 * m["cnn.conv2_pooled_size"] ** 2 == net[7].in_features
    assert m["example.pad1_size"] == m["example.formula_pad1"] and m["example.stride2_size"] == m["example.formula_stride2"]


def test_parameter_breakdown_sums_to_the_trained_models_count():
    from book.nets.cnn import small_cnn

    m = _metrics()
    layers = ("conv2d_0", "conv2d_3", "linear_7")
    for name in layers:
        assert m[f"cnn.params.{name}.weights"] + m[f"cnn.params.{name}.biases"] == m[f"cnn.params.{name}.total"]
    assert sum(m[f"cnn.params.{name}.total"] for name in layers) == m["cnn.parameters"]
    # the table's products: out × k × k × in weights and one bias per filter
    assert m["cnn.params.conv2d_0.weights"] == 6 * 5 * 5 * 1 and m["cnn.params.conv2d_3.weights"] == 12 * 5 * 5 * 6
    assert m["cnn.params.linear_7.weights"] == 10 * m["cnn.flat_length"]
    rows = anatomy.parameter_breakdown(small_cnn())
    assert [r["layer"] for r in rows] == ["0", "3", "7"]
    assert sum(r["weights"] + r["biases"] for r in rows) == sum(p.numel() for p in small_cnn().parameters())
    assert m["ex.rgb_conv_params"] == 16 * 3 * 3 * 3 + 16 == m["ex.rgb_conv_weights"] + 16
    assert anatomy.conv_output_size(28, 5, padding=m["ex.same_padding_k5"]) == 28


def test_receptive_field_is_the_window_a_second_layer_unit_sees():
    """Changing pixels outside the window leaves the unit unchanged; each edge of the window matters."""
    from book.nets.cnn import small_cnn

    torch.manual_seed(0)
    net = small_cnn()[:5]
    with torch.no_grad():
        for conv in (net[0], net[3]):  # all-positive weights: every change of ink inside shows
            conv.weight.abs_()
            conv.bias.zero_()
    row, col = 2, 3
    top, left, size = anatomy.receptive_field(row, col)
    assert size == 14
    x = torch.rand(1, 1, 28, 28)
    inside = torch.zeros(28, 28, dtype=torch.bool)
    inside[top:top + size, left:left + size] = True
    unit = lambda img: net(img)[0, :, row, col]  # noqa: E731
    with torch.no_grad():
        outside = x.clone()
        outside[0, 0][~inside] = torch.rand(int((~inside).sum())) * 10
        assert torch.equal(unit(outside), unit(x))
        for edge in ((slice(top, top + 1), slice(left, left + size)),
                     (slice(top + size - 1, top + size), slice(left, left + size)),
                     (slice(top, top + size), slice(left, left + 1)),
                     (slice(top, top + size), slice(left + size - 1, left + size))):
            moved = x.clone()
            moved[0, 0][edge] += 100.0
            assert not torch.equal(unit(moved), unit(x)), edge


def test_top_activating_finds_the_strongest_images():
    torch.manual_seed(1)
    layers = torch.nn.Sequential(torch.nn.Conv2d(1, 3, 3), torch.nn.ReLU())
    x = torch.randn(50, 1, 9, 9)
    order, values, where = anatomy.top_activating(layers, x, k=4, batch=7)  # batches split the set
    with torch.no_grad():
        maps = layers(x)
    peaks = maps.flatten(2).max(2).values  # 50 × 3
    for c in range(3):
        assert order[:, c].tolist() == peaks[:, c].argsort(descending=True)[:4].tolist()
        for r in range(4):
            i, (y, xx) = order[r, c], where[r, c].tolist()
            # batches of 7 and one batch of 50 may round differently in the last bit
            assert float(maps[i, c, y, xx]) == pytest.approx(float(peaks[i, c]), rel=1e-5)
            assert float(values[r, c]) == pytest.approx(float(peaks[i, c]), rel=1e-5)


def test_weight_change_and_gradient_norms():
    torch.manual_seed(2)
    net = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Sigmoid(), torch.nn.Linear(3, 2))
    moved = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Sigmoid(), torch.nn.Linear(3, 2))
    moved.load_state_dict(net.state_dict())
    with torch.no_grad():
        moved[2].weight.mul_(3.0)
    assert anatomy.relative_weight_change(net, moved) == pytest.approx([0.0, 2.0])
    x, y = torch.randn(8, 4), torch.randint(0, 2, (8,))
    norms = anatomy.weight_gradient_norms(net, x, y)
    torch.nn.functional.cross_entropy(net(x), y).backward()
    assert norms == pytest.approx([float(net[0].weight.grad.norm()), float(net[2].weight.grad.norm())])


def test_layer_learning_metrics_tell_the_page_story():
    m = _metrics()
    plain = [m[f"deep_sigmoid.layer{i}_start_grad_norm"] for i in range(1, 8)]
    assert plain == sorted(plain)  # the gradient grows from the first layer to the output
    assert m["deep_sigmoid.layer1_weight_change"] < 0.01 * m["deep_sigmoid.layer6_weight_change"]
    assert min(m[f"deep_sigmoid_bn.layer{i}_weight_change"] for i in range(1, 8)) > 0.1
    # "less than a ten-thousandth of the first layer's" image-to-image spread in layer 6
    assert m["deep_sigmoid.layer6_end_image_std"] < 1e-4 * m["deep_sigmoid.layer1_end_image_std"]
    # the second layer: the dead channel is 0 on every test image and silent for the digit too
    assert m["cnn.conv2_dead_channels"] == 1  # the page is written for one dead channel ("channel N does nothing")
    assert 1 <= m["cnn.conv2_dead_channel"] <= m["cnn.conv2_channels"]
    assert m["cnn.conv2_digit_silent_maps"] >= m["cnn.conv2_dead_channels"]
    assert m["cnn.conv2_one_digit_channels"] == 2  # the page names two such channels
    assert m["cnn.conv2_window"] == anatomy.receptive_field(0, 0)[2]
    # the filters caption: filter 3 mostly positive, the edge detectors roughly half and half
    assert m["cnn.filter3_positive_cells"] >= 0.7 * m["cnn.filter_cells"]
    assert all(0.4 * 25 <= m[f"cnn.filter{i}_positive_cells"] <= 0.6 * 25 for i in (1, 4, 5, 6))


def test_tiny_numbers_keep_their_magnitude_on_the_page():
    """A metric shown with a fixed-decimals format must not round to zero (0.0000 for 1e-5):
    such numbers use the `sci` format, which writes 1×10⁻⁵."""
    assert FORMATS["sci"](1e-05) == "1×10⁻⁵" and FORMATS["sci"](0.000405) == "4×10⁻⁴"
    m = _metrics()
    for lang in ("ko", "en"):
        text = (DOCS / lang / "cnn" / "index.md").read_text("utf-8")
        for ref in METRIC_RE.finditer(text):
            fmt = ref["filters"].split("|")[1].strip() if ref["filters"] else ""
            if ref["chapter"] == "cnn" and fmt in ("f1", "f2", "f3", "f4", "pct", "pct2"):
                value = m[ref["key"]]
                assert value == 0 or float(FORMATS[fmt](abs(value)).rstrip("%")) > 0, \
                    f"{lang}: {ref['key']} = {value} prints as {FORMATS[fmt](value)}; use | sci"


def test_page_shows_the_experiments_code_from_the_modules(built_site):
    sections = {**snippet_sections(ROOT / "book" / "nets" / "cnn.py"),
                **snippet_sections(ROOT / "figures_src" / "cnn.py")}
    assert set(sections) == {"small_cnn", "loop", "spec"}
    assert all(10 <= len(body.strip().splitlines()) <= 30 for name, body in sections.items() if name != "spec")
    for prefix in ("", "en/"):
        code = code_text((built_site / prefix / "cnn" / "index.html").read_text("utf-8"))
        for name, body in sections.items():
            assert body.strip() in code, f"{prefix or 'ko/'}cnn: section '{name}' is not shown verbatim"
        assert "--8<--" not in code


def test_deep_mlp_and_small_cnn_shapes():
    from book.nets.cnn import activation_inputs, deep_mlp, small_cnn

    net = deep_mlp(depth=3, width=8, bn=True)
    x = torch.randn(32, 784)
    assert net(x).shape == (32, 10)
    before = {k: v.clone() for k, v in net.state_dict().items()}
    ins = activation_inputs(net.train(), x)
    assert len(ins) == 3 and all(a.shape == (32, 8) for a in ins)
    assert all(torch.equal(before[k], v) for k, v in net.state_dict().items())  # BN stats untouched
    assert small_cnn(channels=(2, 3))(torch.zeros(4, 1, 28, 28)).shape == (4, 10)


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_chapter_page_shows_its_figures(page, site_url, prefix):
    page.goto(site_url + prefix + "cnn/")
    images = page.locator("figure img")
    assert images.count() >= 13
    for i in range(images.count()):
        assert images.nth(i).get_attribute("alt")
    assert "{{" not in page.content()
