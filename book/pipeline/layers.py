"""The layering of book/: which package may import which, and the imports that are really there.

Data flows one way, data → nets → figures → pages, so the packages stand in layers and a module
may import only from its own layer or the ones below (`LAYERS`, lowest first). The imports are
read from the source with `ast`, never by importing it, so checking the whole of book/ is cheap.
tests/test_layers.py fails on an upward import or an import cycle; the building page draws the
package diagram from the same numbers (figures_src/building.py).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from book.core.hashing import imported_book_modules
from book.core.paths import ROOT

# (package, layer): lowest first. Packages in one layer do not import each other.
LAYERS = (
    ("core", 0),
    ("data", 1),
    ("nets", 2),
    ("experiments", 3),
    ("draw", 4),
    ("demos", 4),
    ("pipeline", 5),
    ("site", 6),
    ("pdf", 7),
)
LAYER = dict(LAYERS)
BOOK = ROOT / "book"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    """`book.nets.train` → "nets"; the root modules (book, book.__main__) → "book"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYER) else "book"


def imports() -> dict[str, set[str]]:
    """Every module of book/ → the book modules it imports (packages resolved to their files)."""
    return {module_name(path): _imported(path) for path in sorted(BOOK.rglob("*.py"))}


def _imported(path: Path) -> set[str]:
    """The book modules `path` imports. `from book.draw import grids` names both book.draw and
    book.draw.grids; only the module counts, the package is just the way to it."""
    names = imported_book_modules(path)
    return {n for n in names if not any(other.startswith(n + ".") for other in names)}


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(importer, imported) pairs where a lower layer imports a higher one. The root package's
    __init__ may import only book.core; book.__main__ (the command line) may import anything."""
    bad = []
    for module, deps in graph.items():
        if module == "book.__main__":
            continue
        if module == "book":  # importing the package runs this first: only the numerics mode
            bad += [(module, dep) for dep in deps if package_of(dep) != "core"]
            continue
        mine = LAYER.get(package_of(module), 0)
        for dep in deps:
            theirs = LAYER.get(package_of(dep), 0)
            same_layer_other_package = theirs == mine and package_of(dep) != package_of(module)
            if dep != "book" and (theirs > mine or same_layer_other_package):
                bad.append((module, dep))
    return sorted(bad)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles between modules (strongly connected components larger than one module,
    or a module importing itself), by Tarjan's algorithm."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def package_edges(graph: dict[str, set[str]]) -> Counter:
    """(importing package, imported package) → how many module-to-module imports."""
    edges = Counter()
    for module, deps in graph.items():
        for dep in deps:
            a, b = package_of(module), package_of(dep)
            if a != b and a in LAYER and b in LAYER:
                edges[a, b] += 1
    return edges


def figure_module_imports() -> Counter:
    """Package of book/ → how many imports of it the chapter modules in figures_src/ make.
    (They stand between the drawing packages and the pipeline: they declare figures with
    book.pipeline.registry, which the pipeline then builds.)"""
    counts = Counter()
    for path in sorted((ROOT / "figures_src").glob("*.py")):
        for dep in _imported(path):
            if package_of(dep) in LAYER:
                counts[package_of(dep)] += 1
    return counts


def module_counts() -> Counter:
    """Package → how many modules (files) it has, __init__ included."""
    return Counter(package_of(module_name(p)) for p in BOOK.rglob("*.py"))
