"""`python -m book figures`: rebuild the figures whose inputs changed.

Staleness is decided without importing anything heavy: a chapter module's hash covers its
own source, every book/ file it imports (found by reading import statements), its string
catalogs and the versions of torch/matplotlib/numpy. The hash and outputs of each figure
are recorded in each chapter's committed manifest (docs/assets/figures/<chapter>/
manifest.json; one file per chapter, so builds of different chapters never collide). When
nothing changed, the build reads a few files and exits.

When something did: (1) the modules of stale figures are imported, (2) every model they
declare is trained once (or read from the cache), (3) the figures are drawn in parallel
across cores, each output written atomically, (4) the manifest and each chapter's
metrics.json are updated.
"""
from __future__ import annotations

import importlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from book.core.atomic import atomic_path, write_json
from book.core import numerics
from book.core.hashing import book_code_closure, code_text, digest
from book.core.paths import FIGURES_SRC, ROOT, figures_dir
from book.pipeline.manifest import read_manifest, write_manifest
from book.pipeline.strings import catalog_files

LIBRARIES = ("torch", "matplotlib", "numpy")


def chapter_modules() -> list[Path]:
    return sorted(p for p in FIGURES_SRC.glob("*.py") if not p.name.startswith("_"))


def module_hash(path: Path) -> str:
    chapter = path.stem
    parts = [code_text(path)]
    for dep in book_code_closure(path):
        parts += [str(dep.relative_to(ROOT)), code_text(dep)]
    for cat in catalog_files(chapter):
        parts.append(cat.read_text(encoding="utf-8") if cat.exists() else "")
    parts += [f"{lib}=={version(lib)}" for lib in LIBRARIES]
    parts.append(numerics.fingerprint())  # built in another numerics mode = stale
    return digest(*parts)


@dataclass
class Plan:
    stale: list[str]  # figure ids to rebuild (or chapter modules whose figures are unknown)
    stale_modules: list[Path]
    removed: list[str]  # manifest entries whose chapter module is gone


def plan(manifest: dict, *, force: bool = False, chapters=None) -> Plan:
    """Which chapter modules have figures to rebuild, decided without importing them."""
    out_dir = figures_dir()
    figs = manifest.get("figures", {})
    stale_modules = []
    modules = [m for m in chapter_modules() if not chapters or m.stem in chapters]
    for path in modules:
        entries = {k: v for k, v in figs.items() if k.split("/")[0] == path.stem}
        h = module_hash(path)
        if force or not entries or any(
            e["hash"] != h or not all((out_dir / o).exists() for o in e["outputs"])
            for e in entries.values()
        ):
            stale_modules.append(path)
    names = {p.stem for p in chapter_modules()}
    removed = [k for k in figs if k.split("/")[0] not in names]
    return Plan([], stale_modules, removed)


def import_chapter(path: Path):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(f"figures_src.{path.stem}")


def figure_exists(name: str) -> bool:
    """Is there a figure called `name` or `chapter/name`? (Imports the chapter modules.)"""
    return any(name in (fd.name, fd.id) for path in chapter_modules() for fd in figures_of(path))


def figures_of(path: Path):
    from book.pipeline.registry import REGISTRY

    import_chapter(path)
    return [fd for fd in REGISTRY.values() if fd.chapter == path.stem]


# ---------------------------------------------------------------- drawing (in workers)

def _save(result, kind: str, dest: Path) -> None:
    import matplotlib.pyplot as plt

    with atomic_path(dest) as tmp:
        if isinstance(result, (bytes, bytearray)):
            tmp.write_bytes(result)
        elif kind == "json":
            tmp.write_text(json.dumps(result, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                           encoding="utf-8")
        else:
            meta = {"Date": None, "Creator": None} if kind == "svg" else {"Software": None}
            result.savefig(tmp, format=kind, metadata=meta, bbox_inches="tight", pad_inches=0.05)
            plt.close(result)


def render(module_path: str, fig_id: str) -> tuple[str, list[str], dict]:
    """Draw every language/theme variant of one figure. Runs in a worker process."""
    import torch

    from book.draw import style
    from book.pipeline.registry import REGISTRY, Context

    numerics.activate()
    # One thread per worker in every mode: the workers already fill the cores, and a forked
    # child must not enter OpenMP regions its parent started (GNU OpenMP hangs there).
    torch.set_num_threads(1)
    import_chapter(Path(module_path))
    fd = REGISTRY[fig_id]
    style.setup()
    metrics: dict = {}
    outputs = []
    for lang, theme_name, rel in fd.outputs():
        theme = style.THEMES[theme_name]
        ctx = Context(fd.chapter, lang, theme)
        with style.themed(theme):
            result = fd.fn(ctx)
        _save(result, fd.kind, figures_dir() / rel)
        outputs.append(rel)
        for k, v in ctx.metrics.items():
            if k in metrics and metrics[k] != v:
                raise ValueError(f"{fig_id}: metric {k} differs between languages/themes "
                                 f"({metrics[k]!r} vs {v!r}); it must not depend on them")
            metrics[k] = v
    return fig_id, outputs, metrics


# ---------------------------------------------------------------- orchestration

def merge_chapter_metrics(manifest: dict, chapters) -> None:
    """metrics.json of each of `chapters` = union of its figures' metrics (a key must agree
    everywhere). Only those chapters are written: a build of one chapter must not rewrite
    another's file from a manifest it read before that chapter was rebuilt elsewhere."""
    by_chapter: dict[str, dict] = {}
    sources: dict[str, str] = {}
    for fig_id, entry in sorted(manifest["figures"].items()):
        chapter = fig_id.split("/")[0]
        merged = by_chapter.setdefault(chapter, {})
        for k, v in entry.get("metrics", {}).items():
            if k in merged and merged[k] != v:
                raise ValueError(f"metric {chapter}.{k} is {merged[k]!r} in {sources[chapter + k]} "
                                 f"but {v!r} in {fig_id}")
            merged[k] = v
            sources[chapter + k] = fig_id
    for chapter, metrics in by_chapter.items():
        if chapter not in chapters:
            continue
        path = figures_dir() / chapter / "metrics.json"  # what pages read
        current = json.loads(path.read_text("utf-8")) if path.exists() else None
        if current != metrics:
            write_json(path, metrics)


def build_figures(*, force: bool = False, only: str | None = None, jobs: int | None = None,
                  chapters=None, log=print) -> dict:
    """Rebuild stale figures (of `chapters`, default all); returns {"rebuilt": [...], "seconds": ...}."""
    start = time.perf_counter()
    manifest = read_manifest()
    p = plan(manifest, force=force or bool(only), chapters=chapters)
    for fig_id in p.removed:
        _forget(manifest, fig_id)

    todo = []  # (module path, FigureDef, module hash)
    for path in p.stale_modules:
        h = module_hash(path)
        defs = figures_of(path)
        known = {fd.id for fd in defs}
        for fig_id in [k for k in manifest["figures"] if k.split("/")[0] == path.stem and k not in known]:
            _forget(manifest, fig_id)
        for fd in defs:
            if only and only not in (fd.name, fd.id):
                continue
            entry = manifest["figures"].get(fd.id)
            if not force and not only and entry and entry["hash"] == h and all(
                    (figures_dir() / o).exists() for o in entry["outputs"]):
                continue
            todo.append((path, fd, h))

    if todo:
        numerics.activate()  # before anything is trained or written: refuse if not pinned
        if numerics.mode() == numerics.FAST:
            log(f"{numerics.MODE_VARIABLE}=fast: the machine's own kernels, for iterating only; "
                "`make check` reports these outputs as stale until `make figures` rebuilds them")
        _train_models([fd for _, fd, _ in todo], log)
        jobs = jobs or min(len(todo), os.cpu_count() or 1)
        log(f"drawing {len(todo)} figure(s) on {jobs} process(es)")
        if jobs == 1:
            results = (render(str(path), fd.id) for path, fd, _ in todo)
            _collect(results, todo, manifest, log)
        else:
            import multiprocessing as mp
            with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
                futures = [pool.submit(render, str(path), fd.id) for path, fd, _ in todo]
                _collect((f.result() for f in as_completed(futures)), todo, manifest, log)
    touched = {k.split("/")[0] for k in p.removed} | {m.stem for m in p.stale_modules}
    merge_chapter_metrics(manifest, touched)
    for chapter in touched:
        write_manifest(manifest, chapter)
        if not any(k.split("/")[0] == chapter for k in manifest["figures"]):
            (figures_dir() / chapter / "metrics.json").unlink(missing_ok=True)
    return {"rebuilt": [fd.id for _, fd, _ in todo], "seconds": time.perf_counter() - start}


def _collect(results, todo, manifest, log) -> None:
    hashes = {fd.id: h for _, fd, h in todo}
    for fig_id, outputs, metrics in results:
        manifest["figures"][fig_id] = {"hash": hashes[fig_id], "outputs": outputs, "metrics": metrics}
        write_manifest(manifest, fig_id.split("/")[0])  # progress survives an interrupted build
        log(f"  ✓ {fig_id}")


def _forget(manifest: dict, fig_id: str) -> None:
    entry = manifest["figures"].pop(fig_id, None)
    for rel in (entry or {}).get("outputs", []):
        (figures_dir() / rel).unlink(missing_ok=True)


def _train_models(defs, log) -> None:
    from book.nets.train import is_cached, train

    specs = {}
    for fd in defs:
        for spec in fd.models:
            specs.setdefault(spec.key, spec)
    missing = [s for s in specs.values() if not is_cached(s)]
    if missing:
        log(f"training {len(missing)} model(s): {', '.join(s.name for s in missing)}")
    for spec in missing:
        t = train(spec)
        log(f"  ✓ {spec.name}: {t.metrics}")
