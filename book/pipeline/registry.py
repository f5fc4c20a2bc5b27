"""Declaring figures. A chapter module in figures_src/ lists its figures with @figure:

    MNIST_LINEAR = Spec("mnist_linear", data="mnist", arch="mlp", arch_args=...)

    @figure("weights_all", models=[MNIST_LINEAR], kind="png")
    def weights_all(ctx):
        net = ctx.model(MNIST_LINEAR)              # trained once, cached, shared
        ctx.metric("mnist_linear.test_accuracy", net.metrics["test_accuracy"])
        return draw.weight_templates(ctx, ...)     # a matplotlib Figure

The build calls the function once per language and theme (ko/en × light/dark) with a
`ctx` that knows both; `ctx.t(key)` gives text from the string catalog. A figure of kind
"json" is data for an interactive demo: it is called once per language, returns a
JSON-able object and is written as <name>.<lang>.json. A function may also return bytes
(an animation already encoded) for kinds such as "gif".
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from book.core.paths import LANGS

REGISTRY: dict[str, "FigureDef"] = {}

RASTER = {"png", "gif", "webp"}
KINDS = {"svg", "png", "json", "gif", "webp"}


@dataclass
class FigureDef:
    chapter: str
    name: str
    fn: Callable
    kind: str
    models: tuple = ()
    module_path: Path | None = None
    themed: bool = True  # drawn in light and dark; False for data (json)

    @property
    def id(self) -> str:
        return f"{self.chapter}/{self.name}"

    def outputs(self) -> list[tuple[str, str, str]]:
        """(lang, theme, relative path) for every file this figure writes."""
        out = []
        for lang in LANGS:
            if not self.themed:
                out.append((lang, "light", f"{self.chapter}/{self.name}.{lang}.{self.kind}"))
                continue
            out.append((lang, "light", f"{self.chapter}/{self.name}.{lang}.{self.kind}"))
            out.append((lang, "dark", f"{self.chapter}/{self.name}.{lang}.dark.{self.kind}"))
        return out


def figure(name: str, *, kind: str = "svg", models=(), themed: bool | None = None):
    """Register the decorated function as figure `name` of the calling chapter module."""
    if kind not in KINDS:
        raise ValueError(f"figure {name}: kind must be one of {sorted(KINDS)}")

    def wrap(fn):
        module = inspect.getmodule(fn)
        chapter = module.__name__.rsplit(".", 1)[-1]
        fd = FigureDef(chapter, name, fn, kind, tuple(models), Path(module.__file__).resolve(),
                       themed=(kind != "json") if themed is None else themed)
        if fd.id in REGISTRY and REGISTRY[fd.id].fn.__qualname__ != fn.__qualname__:
            raise ValueError(f"figure {fd.id} is declared twice")
        REGISTRY[fd.id] = fd
        return fn

    return wrap


@dataclass
class Context:
    """What a figure function gets: language, theme, strings, models and a place for metrics."""
    chapter: str
    lang: str
    theme: "object"  # book.draw.style.Theme
    metrics: dict = field(default_factory=dict)

    def __post_init__(self):
        from book.pipeline.strings import Catalog

        self.t = Catalog(self.chapter, self.lang)

    def model(self, spec):
        """The trained model for `spec`; its metrics are recorded as `<spec.name>.<metric>`."""
        from book.nets.train import train

        trained = train(spec)
        for key, value in trained.metrics.items():
            self.metric(f"{spec.name}.{key}", value)
        return trained

    def metric(self, key: str, value) -> None:
        """Record a number for the prose of this chapter (read by pages as {{ chapter.key }})."""
        if hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float):
            value = round(value, 6)
        self.metrics[key] = value
