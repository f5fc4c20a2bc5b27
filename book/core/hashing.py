"""Content hashes: the keys of the model cache and of figure staleness."""
from __future__ import annotations

import ast
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from book.core.paths import ROOT


def digest(*parts) -> str:
    """A short, stable hash of strings, bytes and JSON-able values."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8")
        else:
            data = json.dumps(part, sort_keys=True, default=str).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:20]


# `# --8<-- [start:name]` / `[end:name]`: where a page's code listing begins and ends
# (pymdownx.snippets). Marking a listing changes no result, so it must not retrain a model or
# redraw a figure.
_SNIPPET_MARKER = re.compile(r"^[ \t]*# --8<-- \[(?:start|end):[\w-]+\][ \t]*\n?", re.M)


def code_text(path: Path) -> str:
    """The source of a Python file as its content hashes see it: without snippet markers."""
    return _SNIPPET_MARKER.sub("", Path(path).read_text(encoding="utf-8"))


def file_digest(path: Path) -> str:
    return digest(Path(path).read_bytes())


def md5_of(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.md5()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def _module_file(name: str) -> Path | None:
    """The source file of a `book.*` module, or None for anything outside the book."""
    if name != "book" and not name.startswith("book."):
        return None
    rel = Path(*name.split("."))
    for candidate in (ROOT / rel.with_suffix(".py"), ROOT / rel / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def imported_book_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name == "__init__.py":
        package = package.rsplit(".", 1)[0] + "." if "." in package else package
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against this module's package
                base = package.split(".")
                base = base[: len(base) - node.level]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            names.add(mod)
            names.update(f"{mod}.{alias.name}" for alias in node.names)
    return {n for n in names if _module_file(n)}


@lru_cache(maxsize=None)
def book_code_closure(path: Path) -> tuple[Path, ...]:
    """Every `book/` source file that `path` imports, directly or indirectly.

    A figure is stale when any of these change, and only then: editing the site hooks
    does not rebuild figures, editing the drawing code of a figure does.
    """
    seen: set[Path] = set()
    todo = [Path(path)]
    while todo:
        current = todo.pop()
        for name in imported_book_modules(current):
            # `import book.draw.grids` also runs book/__init__.py and book/draw/__init__.py
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                f = _module_file(".".join(parts[:i]))
                if f and f not in seen:
                    seen.add(f)
                    todo.append(f)
    return tuple(sorted(seen))
