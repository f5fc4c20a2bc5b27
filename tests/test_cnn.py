"""The chapter "배치 정규화와 합성곱 신경망 / Batch normalization and CNNs": the worked example
is computed correctly, the committed metrics tell the story the prose tells, and the library
pieces behave."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from book.paths import figures_dir

CHAPTER = figures_dir() / "cnn"


def _metrics():
    return json.loads((CHAPTER / "metrics.json").read_text("utf-8"))


def test_worked_example_matches_a_hand_computation():
    from figures_src.cnn import IMAGE, _example

    conv, mx, avg, flat = _example()
    img = IMAGE.numpy()
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





def test_deep_mlp_and_small_cnn_shapes():
    from book.models_cnn import activation_inputs, deep_mlp, small_cnn

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
