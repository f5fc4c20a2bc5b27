"""`make bench`: the performance numbers of the pipeline, measured on this machine.

Prints (never asserts):
  1. `make figures` from scratch (empty model cache, figures into a temporary folder)
  2. `make figures` with nothing changed
  3. `make site` with warm caches
  4. seconds to train the 784→10 classifier to ≥ 91% test accuracy
  5. its epoch throughput against an idiomatic torchvision-style Dataset + DataLoader loop
     (a PIL image built per item, ToTensor/Normalize, batch 64) over the same data, same run
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from book.paths import ROOT


def _timed(cmd: list[str], env_extra: dict | None = None) -> float:
    env = {**os.environ, **(env_extra or {})}
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def figures_from_scratch() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        return _timed([sys.executable, "-m", "book", "figures", "--force", "--no-notebooks"],
                      {"BOOK_FIGURES_DIR": f"{tmp}/figures", "BOOK_CACHE_DIR": f"{tmp}/cache"})


def figures_noop() -> float:
    return min(_timed([sys.executable, "-m", "book", "figures"]) for _ in range(3))


def site_warm() -> float:
    _timed(["make", "site"])  # warm-up
    return _timed(["make", "site"])


def time_to_accuracy(target: float = 0.91):
    """Seconds of training (data already in memory) until the test accuracy reaches target."""
    import torch
    from torch import nn

    from book.train import TRAIN_THREADS, build, data_for, evaluate, optimizer_for
    from figures_src.inside import MNIST_LINEAR as spec

    torch.set_num_threads(TRAIN_THREADS)
    train, test = data_for(spec)
    model = build(spec)
    opt = optimizer_for(spec, model.parameters())
    gen = torch.Generator().manual_seed(spec.seed)
    start, seen, check_every = time.perf_counter(), 0, 10_000
    for epoch in range(1, 21):
        order = torch.randperm(len(train), generator=gen)
        for i in range(0, len(train), spec.batch_size):
            idx = order[i:i + spec.batch_size]
            loss = nn.functional.cross_entropy(model(train.x[idx]), train.y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            seen += len(idx)
            if seen % check_every == 0 and evaluate(model, test)[1] >= target:
                return time.perf_counter() - start, seen / len(train), evaluate(model, test)[1]
    return float("nan"), float("nan"), evaluate(model, test)[1]


def epoch_ratio():
    """(baseline s/epoch, ours s/epoch) over the same 60,000 MNIST training images."""
    import numpy as np
    import torch
    from PIL import Image
    from torch import nn
    from torch.utils.data import DataLoader, Dataset

    from book.data import mnist_arrays
    from book.train import TRAIN_THREADS, build, data_for, fit
    from figures_src.inside import MNIST_LINEAR as spec

    torch.set_num_threads(TRAIN_THREADS)
    images, labels = mnist_arrays("train")

    class MnistDataset(Dataset):  # the torchvision.datasets.MNIST way: a PIL image per item
        def __len__(self):
            return len(labels)

        def __getitem__(self, i):
            img = Image.fromarray(images[i], mode="L")
            x = torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0)  # ToTensor
            x = (x - 0.1307) / 0.3081  # Normalize
            return x.reshape(-1), int(labels[i])

    model = build(spec)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loader = DataLoader(MnistDataset(), batch_size=64, shuffle=True,
                        generator=torch.Generator().manual_seed(0))
    start = time.perf_counter()
    for x, y in loader:
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    baseline = time.perf_counter() - start

    train, test = data_for(spec)
    one_epoch = type(spec)(**{**spec.__dict__, "epochs": 1})
    fit(one_epoch, build(spec), train, test, progress=False)  # warm-up (allocator, kernels)
    runs = []
    for _ in range(3):  # best of three: the loop is short enough for scheduler noise to show
        start = time.perf_counter()
        fit(one_epoch, build(spec), train, test, progress=False)
        runs.append(time.perf_counter() - start)
    return baseline, min(runs)


def main() -> int:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    print(f"machine: {os.cpu_count()} cores; torch threads for training: 2")
    seconds, epochs, acc = time_to_accuracy()
    print(f"train 784→10 to ≥91% test accuracy:   {seconds:6.2f} s  ({epochs:.2f} epochs, reached {acc:.2%}; goal ≤ 10 s)")
    baseline, ours = epoch_ratio()
    print(f"epoch, Dataset+DataLoader (bs 64):    {baseline:6.2f} s")
    from figures_src.inside import MNIST_LINEAR

    print(f"epoch, in-memory tensors (bs {MNIST_LINEAR.batch_size}):    {ours:6.2f} s  (book.train.fit, incl. test evaluation)")
    print(f"epoch throughput ratio:               {baseline / ours:6.1f}×  (goal ≥ 20×)")
    print(f"make figures, nothing changed:        {figures_noop():6.2f} s  (goal ≤ 1 s)")
    print(f"make site, caches warm:               {site_warm():6.2f} s  (goal ≤ 20 s)")
    print(f"make figures from scratch:            {figures_from_scratch():6.1f} s  (training included)")
    return 0
