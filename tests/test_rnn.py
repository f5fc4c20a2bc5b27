"""The chapter "순환 신경망 / Recurrent networks": the task data, the recurrent models and the
committed metrics that the prose relies on."""
from __future__ import annotations

import json

import pytest
import torch

from book.paths import figures_dir

CHAPTER = figures_dir() / "rnn"


def _metrics():
    return json.loads((CHAPTER / "metrics.json").read_text("utf-8"))


def test_delayed_recall_targets_are_the_first_values():
    from book.sequences import delayed_recall

    train, test = delayed_recall(length=12, n_train=50, n_test=20, noise=0.5)
    assert train.x.shape == (50, 12, 1) and test.x.shape == (20, 12, 1)
    assert torch.equal(train.y, train.x[:, 0, 0])
    assert train.x[:, 1:].abs().max() <= 0.5
    again, _ = delayed_recall(length=12, n_train=50, n_test=20, noise=0.5)
    assert torch.equal(again.x, train.x)  # seeded


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_recurrent_models_and_gate_bias(cell):
    from book.sequences import input_gradients, recurrent

    model = recurrent(cell=cell, hidden=8, gate_bias=2.0)
    x = torch.randn(5, 7, 1)
    assert model(x).shape == (5,)
    assert input_gradients(model, x, torch.zeros(5)).shape == (7,)
    if cell != "rnn":
        assert torch.all(model.rnn.bias_hh_l0[8:16] == 2.0)


def test_metrics_tell_the_chapter_story():
    m = _metrics()
    baseline = m["task.baseline_mse"]
    assert m["seq_rnn.test_mse"] > 0.8 * baseline  # the plain RNN fails
    assert m["seq_lstm_nobias.test_mse"] > 0.8 * baseline  # so does a default-initialized LSTM
    assert m["seq_lstm.test_mse"] < 0.05 * baseline and m["seq_gru.test_mse"] < 0.05 * baseline
    assert m["grad.seq_rnn.trained.orders_lost"] > 10  # vanishing, by many orders of magnitude
    assert m["grad.scale_20.orders_gained"] > 0 > m["grad.scale_05.orders_gained"]
    assert m["seq_gru.parameters"] < m["seq_lstm.parameters"]
    # what the "Is the GRU faster?" section says of the committed timings: with the portable
    # kernels the LSTM and GRU are about as fast; with oneDNN only the LSTM speeds up, past the GRU
    lstm, gru = m["seq_lstm.per_step_seconds"], m["seq_gru.per_step_seconds"]
    assert 0.75 < lstm / gru < 1.33
    assert m["seq_lstm.per_step_onednn_seconds"] < 0.75 * lstm
    assert m["seq_lstm.per_step_onednn_seconds"] < 0.75 * m["seq_gru.per_step_onednn_seconds"]
    assert 0.75 < m["seq_gru.per_step_onednn_seconds"] / gru < 1.33


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_chapter_page_shows_its_figures(page, site_url, prefix):
    page.goto(site_url + prefix + "rnn/")
    images = page.locator("figure img")
    assert images.count() >= 8
    for i in range(images.count()):
        assert images.nth(i).get_attribute("alt")
    assert "{{" not in page.content()
