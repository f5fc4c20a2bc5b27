"""Execute the companion notebooks ("직접 해보기 / Try it yourself") with a content-hash cache.

Sources live in notebooks/<chapter>/<name>.<lang>.ipynb without outputs. The build runs
each one top to bottom in a fresh kernel (cwd = repository root, so `import book` works)
and writes the executed copy to docs/<lang>/<chapter>/<name>.ipynb, which MkDocs renders
as a page. The hash of the source, of the book/ code it imports and of the library
versions is kept in the manifest, so an unchanged notebook is not run again.
"""
from __future__ import annotations

import ast
import json
import time
from pathlib import Path

from book.core import numerics
from book.core.atomic import write_text
from book.core.hashing import book_code_closure, code_text, digest
from book.core.paths import DOCS, LANGS, NOTEBOOK_SRC, ROOT
from book.pipeline.manifest import write_manifest

LIBRARIES = ("torch", "matplotlib", "numpy")


def sources() -> list[Path]:
    return sorted(NOTEBOOK_SRC.glob("*/*.ipynb"))


def target(src: Path) -> Path:
    """notebooks/inside/try_it.ko.ipynb → docs/ko/inside/try_it.ipynb"""
    stem, lang = src.stem.rsplit(".", 1)
    if lang not in LANGS:
        raise ValueError(f"{src}: name it <name>.<lang>.ipynb with lang in {LANGS}")
    return DOCS / lang / src.parent.name / f"{stem}.ipynb"


def _code_closure(src: Path) -> list[Path]:
    """book/ files that the notebook's code cells import (to rerun it when they change)."""
    nb = json.loads(src.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    tmp = ROOT / ".cache" / "nb-imports" / f"{src.parent.name}-{src.stem}.py"
    tmp.parent.mkdir(parents=True, exist_ok=True)
    # only the import lines: notebook code may use IPython syntax that ast cannot parse
    lines = [ln for ln in code.splitlines() if ln.lstrip().startswith(("import ", "from "))]
    text = "\n".join(ln.strip() for ln in lines)
    ast.parse(text)
    if not tmp.exists() or tmp.read_text() != text:
        tmp.write_text(text)
    book_code_closure.cache_clear()
    return list(book_code_closure(tmp))


def notebook_hash(src: Path) -> str:
    from importlib.metadata import version

    parts = [src.read_text(encoding="utf-8")]
    for dep in _code_closure(src):
        parts += [str(dep.relative_to(ROOT)), code_text(dep)]
    parts += [f"{lib}=={version(lib)}" for lib in LIBRARIES]
    parts.append(numerics.fingerprint())
    return digest(*parts)


def key(src: Path) -> str:
    return str(src.relative_to(NOTEBOOK_SRC))


def notebook_exists(name: str) -> bool:
    return any(name == key(s) for s in sources())


def stale(manifest: dict, *, force: bool = False) -> list[str]:
    done = manifest.get("notebooks", {})
    out = []
    for src in sources():
        entry = done.get(key(src))
        if force or not entry or entry["hash"] != notebook_hash(src) or not target(src).exists():
            out.append(key(src))
    return out


def execute(src: Path, timeout: int = 600) -> float:
    """Run one notebook and write its executed copy atomically; returns seconds taken."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(src, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    write_text(target(src), nbformat.writes(nb) + "\n")
    return seconds


def build_notebooks(manifest: dict, *, force: bool = False, only: str | None = None,
                    chapters=None, log=print) -> list[str]:
    manifest.setdefault("notebooks", {})
    todo = [k for k in stale(manifest, force=force) if not chapters or k.split("/")[0] in chapters]
    if only:
        todo = [only]
    known = {key(s) for s in sources()}
    for k in [k for k in manifest["notebooks"] if k not in known]:
        manifest["notebooks"].pop(k)
        write_manifest(manifest, k.split("/")[0])
    if todo:
        numerics.activate()  # the kernels inherit this process's pinned environment
    for k in todo:
        src = NOTEBOOK_SRC / k
        seconds = execute(src)
        manifest["notebooks"][k] = {"hash": notebook_hash(src)}
        write_manifest(manifest, k.split("/")[0])
        log(f"  ✓ notebook {k} ({seconds:.1f} s)")
    return todo
