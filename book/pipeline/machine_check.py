"""`python -m book machine-check`: does this machine compute the same book?

Trains a representative subset of the book's own models from scratch (an MLP on MNIST, a
2-D toy network, the CNN, a recurrent network, the ring GAN) into a throw-away cache and
prints, per model, a digest of its trained weights and its measured metrics. Two machines,
or two environments on one machine, that print the same digests train bit-identical
weights. `tests/test_numerics.py` runs it under different instruction-set caps and thread
requests and requires identical output.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile

from book.core import numerics


def child_env(mode: str, **extra: str) -> dict:
    """The environment for a child process that runs in numerics `mode`. A pinned process has
    the pins in its own environment and a child would inherit them: a "fast" child must not."""
    env = {k: v for k, v in os.environ.items() if k not in numerics.PINNED_ENV}
    return {**env, numerics.MODE_VARIABLE: mode, **extra}


def subset():
    """The models checked: one of each family the book trains, as the chapters declare them."""
    from figures_src.cnn import CNN
    from figures_src.generative import GAN_RING
    from figures_src.inside import MNIST_LINEAR
    from figures_src.rnn import GRU
    from figures_src.topology import SPIRALS

    return [MNIST_LINEAR, SPIRALS, CNN, GRU, GAN_RING]


def weights_digest(model) -> str:
    h = hashlib.sha256()
    for name, tensor in sorted(model.state_dict().items()):
        h.update(name.encode())
        h.update(tensor.detach().contiguous().cpu().numpy().tobytes())
    return h.hexdigest()[:16]


def run(specs=None) -> dict:
    """{model name: {"weights": digest, "metrics": {...}}}, trained from scratch now."""
    from book.core.paths import ROOT

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BOOK_CACHE_DIR"] = tmp  # from scratch: nothing read from the model cache
        from book.nets.train import train

        out = {}
        for spec in specs or subset():
            trained = train(spec, progress=False)
            metrics = {k: v for k, v in trained.metrics.items() if not k.endswith("seconds")}
            out[spec.name] = {"weights": weights_digest(trained.model), "metrics": metrics}
    return out


def main() -> int:
    result = {"numerics": numerics.mode(), "models": run()}
    print(json.dumps(result, indent=1, sort_keys=True))
    return 0
