"""Train small torch models on data held in memory, deterministically, and cache the result.

A `Spec` names everything that determines a trained model. Its `key` hashes that, plus the
source files that define its architecture, trainer and data, plus the data checksum; the
weights are cached on disk under that key, so several figures share one training run and
nothing is trained twice.

    spec = Spec("mnist_linear", data="mnist", arch="mlp", arch_args={"in_dim": 784, "out_dim": 10})
    trained = train(spec)        # cached after the first call
    trained.model, trained.metrics["test_accuracy"], trained.history

Other kinds of training (autoencoders, GANs, sequence models) plug in with
`@register_trainer("name")`, other data with `@register_data("name")`; a Spec names them
with `trainer=` and `data=`, and the files defining them are part of the cache key.
"""
from __future__ import annotations

import inspect
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import torch
from torch import nn

from book import data as datasets
from book.core import numerics
from book.core.atomic import atomic_path
from book.core.hashing import code_text, digest
from book.nets.mlp import ARCHITECTURES
from book.core.paths import cache_dir

@dataclass(frozen=True)
class Spec:
    name: str
    data: str  # "mnist", "cifar10", or a toy set from book.data.toy ("two_spirals", ...)
    arch: str  # a key of book.nets.mlp.ARCHITECTURES
    arch_args: dict = field(default_factory=dict)
    data_args: dict = field(default_factory=dict)  # for toy sets: n, seed, turns, ...
    epochs: int = 5
    batch_size: int = 100
    lr: float = 0.1
    optimizer: str = "sgd"  # "sgd" or "adam"
    momentum: float = 0.0
    weight_decay: float = 0.0
    seed: int = 0
    flat: bool = True  # images as vectors (MLPs) or as C×H×W (CNNs)
    trainer: str = "classify"  # a key of TRAINERS
    extra: dict = field(default_factory=dict)  # trainer-specific settings (noise level, ...)

    def __hash__(self):
        return hash(self.key)

    @property
    def key(self) -> str:
        return digest(
            asdict(self),
            _module_source(ARCHITECTURES[self.arch]),
            _module_source(TRAINERS[self.trainer]),
            _module_source(DATA_SOURCES[self.data]) if self.data in DATA_SOURCES else "",
            code_text(Path(__file__)),
            data_checksum(self.data),
            numerics.fingerprint(),  # weights trained in another numerics mode never mix in
        )


def _module_source(fn) -> str:
    """The whole file that defines `fn`: the helpers it calls usually live there too, and
    changing any of them must retrain the model."""
    return code_text(Path(inspect.getsourcefile(fn)))


TRAINERS: dict = {}
DATA_SOURCES: dict = {}


def register_trainer(name: str):
    """`fn(spec, model, train_split, test_split, progress) -> history` (list of per-epoch dicts;
    the last row, minus "epoch", becomes the model's metrics)."""
    def wrap(fn):
        TRAINERS[name] = fn
        return fn
    return wrap


def register_data(name: str):
    """`fn(**spec.data_args) -> (train Split, test Split)`, for data that is neither an image
    data set nor a toy set of book.data."""
    def wrap(fn):
        DATA_SOURCES[name] = fn
        return fn
    return wrap


def data_checksum(name: str) -> str:
    return datasets.checksum(name) if name in ("mnist", "cifar10") else name


def epochs_with_progress(spec: Spec, progress: bool):
    """range(1, epochs + 1), wrapped in a progress bar on stderr when asked."""
    epochs = range(1, spec.epochs + 1)
    if progress:
        from tqdm import tqdm
        return tqdm(epochs, desc=f"train {spec.name}", unit="epoch", file=sys.stderr, leave=False)
    return epochs


@dataclass
class Trained:
    spec: Spec
    model: nn.Module
    metrics: dict  # test_accuracy, final_train_loss, train_seconds, parameters, ...
    history: list[dict]  # one row per epoch: epoch, train_loss, test_loss, test_accuracy


@lru_cache(maxsize=8)
def load_data(name: str, flat: bool = True, args_json: str = "{}"):
    """(train, test) Splits for a named data set; toy sets get a held-out test set of their own."""
    if name in ("mnist", "cifar10"):
        return datasets.load(name, flat)
    args = json.loads(args_json)
    if name in DATA_SOURCES:
        return DATA_SOURCES[name](**args)
    make = getattr(datasets, name)
    train_x, train_y = make(**args)
    test_x, test_y = make(**{**args, "seed": args.get("seed", 0) + 1000})
    return (datasets.Split(torch.from_numpy(train_x), torch.from_numpy(train_y)),
            datasets.Split(torch.from_numpy(test_x), torch.from_numpy(test_y)))


def data_for(spec: Spec):
    return load_data(spec.data, spec.flat, json.dumps(spec.data_args, sort_keys=True))


def build(spec: Spec) -> nn.Module:
    torch.manual_seed(spec.seed)
    return ARCHITECTURES[spec.arch](**spec.arch_args)


@torch.no_grad()
def evaluate(model: nn.Module, split, batch: int = 5000) -> tuple[float, float]:
    """(mean cross-entropy loss, accuracy) of a classifier on a split."""
    model.eval()
    loss, correct = 0.0, 0
    for i in range(0, len(split), batch):
        out = model(split.x[i:i + batch])
        y = split.y[i:i + batch]
        loss += nn.functional.cross_entropy(out, y, reduction="sum").item()
        correct += (out.argmax(1) == y).sum().item()
    return loss / len(split), correct / len(split)


def optimizer_for(spec: Spec, params):
    if spec.optimizer == "adam":
        return torch.optim.Adam(params, lr=spec.lr, weight_decay=spec.weight_decay)
    return torch.optim.SGD(params, lr=spec.lr, momentum=spec.momentum, weight_decay=spec.weight_decay)


@register_trainer("classify")
def fit(spec: Spec, model: nn.Module, train_split, test_split, progress: bool = True) -> list[dict]:
    """Minibatch training on tensors in memory: one shuffled index permutation per epoch.

    One history row per epoch; with `extra={"log_every": k}` also a row before training and
    one every k minibatches, so learning curves can be drawn. A row's train_loss is the mean
    over the minibatches since the previous row.
    """
    opt = optimizer_for(spec, model.parameters())
    gen = torch.Generator().manual_seed(spec.seed)
    every = spec.extra.get("log_every")
    n = len(train_split)
    per_epoch = -(-n // spec.batch_size)
    history = []

    def log(epoch, train_loss):
        test_loss, test_acc = evaluate(model, test_split)
        history.append({"epoch": epoch, "train_loss": test_loss if train_loss is None else train_loss,
                        "test_loss": test_loss, "test_accuracy": test_acc})

    if every:
        log(0.0, None)  # before training: the loss of a random network
    step, running, seen = 0, 0.0, 0
    # --8<-- [start:train_loop]
    # --8<-- [start:train_step]
    for epoch in epochs_with_progress(spec, progress):
        order = torch.randperm(n, generator=gen)
        for i in range(0, n, spec.batch_size):
            model.train()
            idx = order[i:i + spec.batch_size]
            loss = nn.functional.cross_entropy(model(train_split.x[idx]), train_split.y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            # --8<-- [end:train_step]
            running, seen, step = running + loss.item() * len(idx), seen + len(idx), step + 1
            if every and step % every == 0 and step % per_epoch:
                log(round(step / per_epoch, 4), running / seen)
                running, seen = 0.0, 0
        log(epoch, running / seen)
        running, seen = 0.0, 0
        # --8<-- [end:train_loop]
    return history


def _cache_path(spec: Spec) -> Path:
    return cache_dir() / "models" / f"{spec.name}-{spec.key}.pt"


def is_cached(spec: Spec) -> bool:
    return _cache_path(spec).exists()


def train(spec: Spec, *, progress: bool = True) -> Trained:
    """The trained model for `spec`: from the cache if it is there, else trained and cached."""
    path = _cache_path(spec)
    if path.exists():
        saved = torch.load(path, weights_only=False)
        model = build(spec)
        model.load_state_dict(saved["state"])
        model.eval()
        return Trained(spec, model, saved["metrics"], saved["history"])
    numerics.activate()  # refuses to train outside the pinned mode (unless BOOK_NUMERICS=fast)
    train_split, test_split = data_for(spec)
    model = build(spec)
    start = time.perf_counter()
    history = TRAINERS[spec.trainer](spec, model, train_split, test_split, progress)
    seconds = time.perf_counter() - start
    model.eval()
    metrics = {k: v for k, v in history[-1].items() if k != "epoch"}
    if "train_loss" in metrics:
        metrics["final_train_loss"] = metrics.pop("train_loss")
    metrics.update({
        "parameters": sum(p.numel() for p in model.parameters()),
        "epochs": spec.epochs,
        "train_seconds": round(seconds, 2),
    })
    with atomic_path(path) as tmp:
        torch.save({"state": model.state_dict(), "metrics": metrics, "history": history,
                    "spec": asdict(spec)}, tmp)
    return Trained(spec, model, metrics, history)
