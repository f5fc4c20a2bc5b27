"""`make bench`: the performance numbers of the pipeline, measured on this machine.

Prints (never asserts):
  1. seconds to train the 784→10 classifier to ≥ 91% test accuracy
  2. its epoch throughput against an idiomatic torchvision-style Dataset + DataLoader loop
     (a PIL image built per item, ToTensor/Normalize, batch 64) over the same data, same run
  3. `make figures` with nothing changed, and `make site` with warm caches, then the weight
     of every page of that site as a phone's first view downloads it (book/pipeline/page_weight.py)
     and the Lighthouse performance, accessibility and SEO scores of four pages, each the
     median of 3 runs (book/pipeline/lighthouse.py)
  4. the cost of the pinned numerics mode (book/core/numerics.py): one 784→10 epoch and a whole
     `make figures --force` from scratch (empty model cache, figures into a temporary
     folder) in the pinned mode and in the machine's default ("fast") mode, side by side,
     and every model's training time in both
  5. the topology playground: its JavaScript and data gzipped, SGD steps and frames per second
     in headless Chromium (book/pipeline/bench_playground.py)
  6. what the "draw a digit" demo adds to the inside page, gzipped (book/pipeline/demo_weight.py)
  7. the models issue #10 added (the depth runs of "inside", topology's NEW) trained cold:
     CPU and wall seconds, against the budget of 90 s
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from book.core import numerics
from book.pipeline.machine_check import child_env
from book.core.paths import ROOT


def _timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def figures_from_scratch(mode: str) -> tuple[float, dict]:
    """(seconds, {model: training seconds}) of a full figure build in numerics `mode`."""
    import torch

    with tempfile.TemporaryDirectory() as tmp:
        seconds = _timed([sys.executable, "-m", "book", "figures", "--force", "--no-notebooks"],
                         child_env(mode, BOOK_FIGURES_DIR=f"{tmp}/figures",
                                            BOOK_CACHE_DIR=f"{tmp}/cache"))
        trained = {}
        for path in sorted((Path(tmp) / "cache" / "models").glob("*.pt")):
            saved = torch.load(path, weights_only=False)
            trained[saved["spec"]["name"]] = saved["metrics"]["train_seconds"]
        return seconds, trained


def figures_noop() -> float:
    return min(_timed([sys.executable, "-m", "book", "figures"]) for _ in range(3))


def site_warm() -> float:
    _timed(["make", "site"])  # warm-up
    return _timed(["make", "site"])


def time_to_accuracy(target: float = 0.91):
    """Seconds of training (data already in memory) until the test accuracy reaches target."""
    import torch
    from torch import nn

    from book.nets.train import build, data_for, evaluate, optimizer_for
    from figures_src.inside import MNIST_LINEAR as spec

    numerics.activate()
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


def dataloader_epoch() -> float:
    """Seconds for one epoch of the idiomatic Dataset + DataLoader loop (batch 64)."""
    import numpy as np
    import torch
    from PIL import Image
    from torch import nn
    from torch.utils.data import DataLoader, Dataset

    from book.data import mnist_arrays
    from book.nets.train import build
    from figures_src.inside import MNIST_LINEAR as spec

    numerics.activate()
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
    return time.perf_counter() - start


def book_epoch() -> float:
    """Seconds for one epoch of book.nets.train.fit on tensors in memory (best of three)."""
    from book.nets.train import build, data_for, fit
    from figures_src.inside import MNIST_LINEAR as spec

    numerics.activate()
    train, test = data_for(spec)
    one_epoch = type(spec)(**{**spec.__dict__, "epochs": 1})
    fit(one_epoch, build(spec), train, test, progress=False)  # warm-up (allocator, kernels)
    runs = []
    for _ in range(3):  # best of three: the loop is short enough for scheduler noise to show
        start = time.perf_counter()
        fit(one_epoch, build(spec), train, test, progress=False)
        runs.append(time.perf_counter() - start)
    return min(runs)


def epoch_seconds_in(mode: str) -> float:
    """book_epoch() in a fresh process running in numerics `mode` (set before torch loads)."""
    code = "from book.pipeline.bench import book_epoch; print(book_epoch())"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True,
                         text=True, env=child_env(mode))
    return float(out.stdout.split()[-1])


def train_new_models() -> dict:
    """{group: models, CPU and wall seconds} of training the models issue #10 added (the depth
    runs of "inside", topology's NEW) in this process; cold only with an empty model cache."""
    from book.nets.train import train
    from figures_src.inside import DEPTH_MODELS
    from figures_src.topology import NEW

    times = {}
    for group, specs in (("inside, depth runs", list(DEPTH_MODELS.values())), ("topology, NEW", NEW)):
        cpu, wall = time.process_time(), time.perf_counter()
        for spec in specs:
            train(spec, progress=False)
        times[group] = {"models": len(specs), "cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}
    return times


def new_models_cold() -> dict:
    """train_new_models() in a pinned child process with an empty model cache (the decoded data
    sets linked in, so none is decoded again). CPU time is what the budget counts: on a busy
    machine a single-threaded run takes longer by the clock, not in CPU seconds."""
    import json

    from book.core.paths import cache_dir

    code = "import json; from book.pipeline.bench import train_new_models; print(json.dumps(train_new_models()))"
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "data").symlink_to(cache_dir() / "data")
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True,
                             env=child_env(numerics.PINNED, BOOK_CACHE_DIR=tmp))
    return json.loads(out.stdout.splitlines()[-1])


def print_new_models_cold() -> None:
    groups = new_models_cold()
    print("\nnew models of issue #10, trained cold (pinned, 1 thread, empty model cache):")
    for group, t in groups.items():
        label = f"{group} ({t['models']})"
        print(f"  {label:<26} CPU {t['cpu']:6.1f} s   wall {t['wall']:6.1f} s")
    cpu, wall = (sum(t[k] for t in groups.values()) for k in ("cpu", "wall"))
    print(f"  {'together':<26} CPU {cpu:6.1f} s   wall {wall:6.1f} s  (goal ≤ 90 s)")


def print_draw_digit_weight(site: Path = ROOT / "site") -> None:
    """Budgets of issue #13, part 1, on the Korean page that `make site` just built."""
    from book.pipeline.demo_weight import demo_weight, gzipped

    code = ["assets/js/draw_digit.js", "assets/js/demos.js", "assets/css/draw_digit.css"]  # demos.js: shared
    w = demo_weight(site, "inside", "draw-digit", code, "assets/figures/inside/draw_digit_demo.ko.json")
    check = gzipped(site / "assets/figures/inside/draw_digit_check.ko.json")
    print("\n\"draw a digit\" on the inside page, gzipped:")
    print(f"  JavaScript + CSS:             {w['code'] / 1000:7.1f} KB  (goal ≤ 30 KB for the JavaScript)")
    print(f"  data (weights, 20 digits):    {w['data'] / 1000:7.1f} KB  (goal ≤ 100 KB)")
    print(f"  page growth (+ its section):  {w['total'] / 1000:7.1f} KB  (goal ≤ 150 KB)")
    print(f"  1,000 check images (tests only, never loaded by the page): {check / 1000:.1f} KB")


def main() -> int:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from figures_src.inside import MNIST_LINEAR

    print(f"machine: {os.cpu_count()} cores; numerics mode: {numerics.mode()} "
          f"({numerics.THREADS} torch thread in the pinned mode)")
    seconds, epochs, acc = time_to_accuracy()
    print(f"train 784→10 to ≥91% test accuracy:   {seconds:6.2f} s  ({epochs:.2f} epochs, reached {acc:.2%}; goal ≤ 10 s)")
    baseline, ours = dataloader_epoch(), book_epoch()
    print(f"epoch, Dataset+DataLoader (bs 64):    {baseline:6.2f} s")
    print(f"epoch, in-memory tensors (bs {MNIST_LINEAR.batch_size}):    {ours:6.2f} s  (book.nets.train.fit, incl. test evaluation)")
    print(f"epoch throughput ratio:               {baseline / ours:6.1f}×  (goal ≥ 20×)")
    print(f"make figures, nothing changed:        {figures_noop():6.2f} s  (goal ≤ 1 s)")
    print(f"make site, caches warm:               {site_warm():6.2f} s  (goal ≤ 20 s)")
    from book.pipeline import lighthouse, page_weight

    print("\npage weight, first view, gzipped (site/, both editions):")
    print("\n".join(page_weight.report(ROOT / "site")))
    print("\nLighthouse, mobile (goals: performance ≥ 95, accessibility 100, SEO ≥ 95):")
    print("\n".join(lighthouse.report()))
    from book.pipeline import bench_playground

    print("\ntopology playground (headless Chromium):")
    print("\n".join(bench_playground.report()))

    print_draw_digit_weight()
    print_new_models_cold()

    print("\ncost of the pinned numerics mode (pinned | machine default, i.e. BOOK_NUMERICS=fast):")
    modes = (numerics.PINNED, numerics.FAST)
    epoch = {m: epoch_seconds_in(m) for m in modes}
    print(f"  784→10 epoch:                {epoch['pinned']:7.2f} s | {epoch['fast']:7.2f} s  "
          f"({epoch['pinned'] / epoch['fast']:.2f}×)")
    built = {m: figures_from_scratch(m) for m in modes}
    print(f"  make figures --force:        {built['pinned'][0]:7.1f} s | {built['fast'][0]:7.1f} s  "
          f"({built['pinned'][0] / built['fast'][0]:.2f}×, training included, notebooks not)")
    pinned, fast = built["pinned"][1], built["fast"][1]
    for name in sorted(pinned, key=lambda n: -pinned[n]):
        ratio = pinned[name] / fast[name] if fast.get(name) else float("nan")
        flag = "  > 2×" if ratio > 2 else ""
        print(f"    train {name:<22} {pinned[name]:7.2f} s | {fast.get(name, float('nan')):7.2f} s  ({ratio:.2f}×){flag}")
    return 0
