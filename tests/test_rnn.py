"""The chapter "순환 신경망 / Recurrent networks": the task data, the recurrent models and the
committed metrics that the prose relies on."""
from __future__ import annotations

import json

import pytest
import torch

from book.core.paths import figures_dir

CHAPTER = figures_dir() / "rnn"


def _metrics():
    return json.loads((CHAPTER / "metrics.json").read_text("utf-8"))


def test_delayed_recall_targets_are_the_first_values():
    from book.nets.recurrent import delayed_recall

    train, test = delayed_recall(length=12, n_train=50, n_test=20, noise=0.5)
    assert train.x.shape == (50, 12, 1) and test.x.shape == (20, 12, 1)
    assert torch.equal(train.y, train.x[:, 0, 0])
    assert train.x[:, 1:].abs().max() <= 0.5
    again, _ = delayed_recall(length=12, n_train=50, n_test=20, noise=0.5)
    assert torch.equal(again.x, train.x)  # seeded


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_recurrent_models_and_gate_bias(cell):
    from book.nets.recurrent import input_gradients, recurrent

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


# ---- the gate equations as the page writes them (book/nets/gates.py) against torch's own cells

def _copy_weights(layer, cell):
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(getattr(layer, f"{name}_l0"))


def test_lstm_equations_reproduce_torch_lstm_cell():
    from book.nets.gates import lstm_step, lstm_unrolled

    torch.manual_seed(0)
    layer, cell = torch.nn.LSTM(3, 5, batch_first=True), torch.nn.LSTMCell(3, 5)
    _copy_weights(layer, cell)
    x, h, c = torch.randn(7, 3), torch.randn(7, 5), torch.randn(7, 5)
    with torch.no_grad():
        h_ref, c_ref = cell(x, (h, c))
        h_new, c_new, f = lstm_step(layer, x, h, c)
    assert torch.allclose(h_new, h_ref, atol=1e-6) and torch.allclose(c_new, c_ref, atol=1e-6)
    assert torch.all((f > 0) & (f < 1))
    # swapping two gates (the forget gate read from the input gate's rows) must be caught
    with torch.no_grad():
        for p in (layer.weight_ih_l0, layer.weight_hh_l0, layer.bias_ih_l0, layer.bias_hh_l0):
            p.copy_(torch.cat([p[5:10], p[0:5], p[10:]]))
        assert not torch.allclose(lstm_step(layer, x, h, c)[0], h_ref, atol=1e-3)
    seq = torch.randn(4, 6, 3)
    layer = torch.nn.LSTM(3, 5, batch_first=True)
    with torch.no_grad():
        last, forget = lstm_unrolled(layer, seq)
        assert torch.allclose(last, layer(seq)[0][:, -1], atol=1e-6)
    assert forget.shape == (6, 4, 5)


def test_gru_equations_reproduce_torch_gru_cell_and_differ_from_cho():
    from book.nets.gates import _blocks, gru_step

    torch.manual_seed(1)
    layer, cell = torch.nn.GRU(3, 5, batch_first=True), torch.nn.GRUCell(3, 5)
    _copy_weights(layer, cell)
    x, h = torch.randn(7, 3), torch.randn(7, 5)
    with torch.no_grad():
        h_ref = cell(x, h)
        h_new, z = gru_step(layer, x, h)
        assert torch.allclose(h_new, h_ref, atol=1e-6)
        # the diagram's form (Cho et al. 2014): reset gate applied before the matrix U_h
        (r_wx, r_wh, r_bx, r_bh), (z_wx, z_wh, z_bx, z_bh), (n_wx, n_wh, n_bx, n_bh) = _blocks(layer, 3)
        r = torch.sigmoid(x @ r_wx.T + r_bx + h @ r_wh.T + r_bh)
        cand = torch.tanh(x @ n_wx.T + n_bx + (r * h) @ n_wh.T + n_bh)
        cho = z * h + (1 - z) * cand
    assert not torch.allclose(cho, h_ref, atol=1e-4)  # what the page says: the numbers differ


# ---- gradient clipping (book/nets/clipping.py) and what the chapter reads from its metrics

def test_clipping_caps_the_step_and_keeps_its_direction():
    from book.nets.clipping import rescaled_rnn, sgd_step

    x, y = torch.randn(16, 20, 1), torch.randn(16)
    moves = {}
    for clip in (None, 1.0):
        torch.manual_seed(0)
        model = rescaled_rnn(hidden=8, scale=2.0)
        before = torch.cat([p.detach().flatten().clone() for p in model.parameters()])
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        _, norm = sgd_step(model, opt, x, y, clip)
        moves[clip] = torch.cat([p.detach().flatten() for p in model.parameters()]) - before
    assert norm > 1.0  # the gradient of this model is large enough for the cap to act
    assert moves[1.0].norm() <= 0.1 * 1.0 + 1e-5 < moves[None].norm()
    assert torch.nn.functional.cosine_similarity(moves[1.0], moves[None], dim=0) > 0.999


def test_rescaled_rnn_has_every_singular_value_at_the_scale():
    from book.nets.clipping import rescaled_rnn

    s = torch.linalg.svdvals(rescaled_rnn(hidden=6, scale=2.0).rnn.weight_hh_l0.detach())
    assert torch.allclose(s, torch.full((6,), 2.0), atol=1e-5)


def test_clipping_experiment_diverges_without_and_converges_with():
    m = _metrics()
    assert m["clip.seeds"] >= 3
    assert m["clip.off.diverged_runs"] == m["clip.seeds"]  # every unclipped run went to NaN
    assert m["clip.on.diverged_runs"] == 0
    assert m["clip.on.worst_test_mse"] < 0.25 * m["task.baseline_mse"]  # every clipped run learned
    assert m["clip.on.largest_grad_norm"] > m["clip.norm"]  # the cap was really used
    assert m["ex.clip_norm_before"] == pytest.approx(50.0)
    assert (m["ex.clip_g0"], m["ex.clip_g1"]) == pytest.approx((0.6, 0.8), abs=1e-5)


def test_default_lstm_forgets_as_the_page_says():
    m = _metrics()
    assert 0.4 < m["forget.seq_lstm_nobias.init.mean"] < 0.6  # "near 0.5"
    assert m["forget.seq_lstm_nobias.init.log10_product"] < -20
    assert m["forget.seq_lstm.init.mean"] > 0.99  # forget bias 5: gates start open
    assert m["grad.seq_lstm_nobias.init.orders_lost"] > 10
    # the gated cells lose a few orders untrained (not "flat") and gain after training
    for cell in ("seq_lstm", "seq_gru"):
        assert 0 < m[f"grad.{cell}.init.orders_lost"] < 3
        assert m[f"grad.{cell}.trained.orders_gained"] > 1
    lstm = torch.nn.LSTM(1, 32, batch_first=True)
    assert lstm.bias_hh_l0.numel() == 4 * 32 and m["seq_lstm.parameters"] == 4 * (32 + 32 * 32 + 64) + 33


# ---- the code on the page

def test_listings_name_the_code_that_ran():
    """Line-range listings of book/nets/recurrent.py (section markers there would change the cache
    key of every trained RNN) must still cover exactly the model class and the training loop."""
    import inspect

    from book.nets.recurrent import Recurrent
    from snippets import included, snippets

    specs = snippets("rnn", "en")
    assert specs == snippets("rnn", "ko")
    model, loop = (included(s) for s in specs if s.startswith("book/nets/recurrent.py"))
    assert model == inspect.getsource(Recurrent).rstrip("\n")
    assert loop.lstrip().startswith("opt = torch.optim.Adam") and loop.rstrip().endswith("opt.step()")
    assert "clip_grad_norm_" in loop


def test_page_shows_the_code_from_the_modules(built_site):
    from snippets import assert_page_shows_snippets

    assert_page_shows_snippets(built_site, "rnn")
