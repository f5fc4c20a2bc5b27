"""book/ is arranged in layers (book.pipeline.layers): no upward import, no import cycle, and
every package says in its docstring what it may import."""
from __future__ import annotations

import ast

import pytest

from book.core.paths import ROOT
from book.pipeline import layers


@pytest.fixture(scope="module")
def graph():
    return layers.imports()


def test_no_upward_import(graph):
    bad = layers.upward_imports(graph)
    assert not bad, "imports against the layering of book/ (lower layer → higher or sideways):\n" + "\n".join(
        f"  {a} imports {b}" for a, b in bad)


def test_no_import_cycle(graph):
    assert layers.cycles(graph) == []


def test_every_module_belongs_to_a_layer(graph):
    """A new package must be given its place in LAYERS; only the root's two modules stand apart."""
    loose = sorted(m for m in graph if layers.package_of(m) not in layers.LAYER)
    assert loose == ["book", "book.__main__"]


def test_every_package_says_what_it_may_import():
    for package, _ in layers.LAYERS:
        doc = ast.get_docstring(ast.parse((ROOT / "book" / package / "__init__.py").read_text("utf-8")))
        assert doc and "May import" in doc, f"book/{package}/__init__.py: say what lives here and what it may import"


def test_checker_catches_an_upward_import_and_a_cycle():
    """The checks above can fail: a data module importing the trainer, and two modules
    importing each other, are both reported."""
    fake = {"book.data.files": {"book.nets.train"}, "book.nets.train": {"book.data.files"},
            "book.pipeline.a": {"book.pipeline.b"}, "book.pipeline.b": {"book.pipeline.a"},
            "book.draw.x": {"book.demos.y"}, "book.demos.y": set()}
    assert ("book.data.files", "book.nets.train") in layers.upward_imports(fake)
    assert ("book.draw.x", "book.demos.y") in layers.upward_imports(fake)  # same layer, other package
    assert ["book.pipeline.a", "book.pipeline.b"] in layers.cycles(fake)
    assert ["book.data.files", "book.nets.train"] in layers.cycles(fake)


def test_imports_are_read_from_the_source(graph):
    assert "book.nets.train" in graph["book.pipeline.registry"]
    assert "book.core.paths" in graph["book.core.hashing"]


def test_the_package_diagram_goes_stale_with_any_source(tmp_path):
    """The diagram reads book/ and figures_src/ without importing them, so their files are
    among its inputs: a new module anywhere makes it stale."""
    from book.core.paths import FIGURES_SRC
    from book.pipeline.build import source_inputs

    inputs = source_inputs(FIGURES_SRC / "building.py")
    assert ROOT / "book" / "nets" / "train.py" in inputs and FIGURES_SRC / "inside.py" in inputs
    plain = tmp_path / "plain.py"
    plain.write_text("from book.pipeline.registry import figure\n", encoding="utf-8")
    assert source_inputs(plain) == []
