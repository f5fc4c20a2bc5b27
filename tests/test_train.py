"""Training: deterministic, cached by content hash, and fast enough to be the real thing."""
from __future__ import annotations

import pytest
import torch

from book.nets import train as training
from book.nets.train import Spec

TOY = Spec("toy_curves", data="two_curves", arch="mlp", data_args={"n": 200},
           arch_args={"in_dim": 2, "out_dim": 2, "hidden": (8,), "act": "tanh"},
           epochs=20, batch_size=20, lr=0.1, optimizer="adam")


def _weights(trained):
    return [p.detach().clone() for p in trained.model.parameters()]


def test_same_spec_trains_to_identical_weights(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_CACHE_DIR", str(tmp_path / "a"))
    first = training.train(TOY, progress=False)
    monkeypatch.setenv("BOOK_CACHE_DIR", str(tmp_path / "b"))
    second = training.train(TOY, progress=False)
    assert first.history == second.history
    assert all(torch.equal(a, b) for a, b in zip(_weights(first), _weights(second)))
    assert first.metrics["test_accuracy"] > 0.8  # and it actually learned something


def test_second_request_comes_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_CACHE_DIR", str(tmp_path))
    first = training.train(TOY, progress=False)
    monkeypatch.setattr(training, "epochs_with_progress",
                        lambda *a, **k: pytest.fail("trained twice: the cache was not used"))
    again = training.train(TOY, progress=False)
    assert again.metrics == first.metrics
    assert all(torch.equal(a, b) for a, b in zip(_weights(first), _weights(again)))


def test_cache_key_changes_with_anything_that_changes_the_model():
    from dataclasses import replace

    keys = {TOY.key, replace(TOY, lr=0.2).key, replace(TOY, seed=1).key,
            replace(TOY, data_args={"n": 300}).key, replace(TOY, arch_args={**TOY.arch_args, "hidden": (9,)}).key}
    assert len(keys) == 5
    assert replace(TOY).key == TOY.key


@pytest.mark.data
def test_mnist_training_is_deterministic(tmp_path, monkeypatch):
    spec = Spec("mnist_tiny", data="mnist", arch="mlp", arch_args={"in_dim": 784, "out_dim": 10},
                epochs=1, batch_size=100, lr=0.5)
    runs = []
    for sub in ("a", "b"):
        monkeypatch.setenv("BOOK_CACHE_DIR", str(tmp_path / sub))
        runs.append(training.train(spec, progress=False))
    assert runs[0].history == runs[1].history
    assert runs[0].metrics["test_accuracy"] > 0.88
