"""Content hashes see code, not the markers of page listings."""
from __future__ import annotations

from book.core.hashing import code_text


def test_snippet_markers_do_not_count(tmp_path):
    plain = tmp_path / "plain.py"
    marked = tmp_path / "marked.py"
    plain.write_text("def f(x):\n    return x + 1\n", encoding="utf-8")
    marked.write_text("# --8<-- [start:f]\ndef f(x):\n    return x + 1\n    # --8<-- [end:f]\n", encoding="utf-8")
    assert code_text(marked) == code_text(plain)


def test_a_code_change_counts(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("def f(x):\n    return x + 1\n", encoding="utf-8")
    b.write_text("def f(x):\n    return x + 2\n", encoding="utf-8")
    assert code_text(a) != code_text(b)
    # a comment that only mentions the marker syntax is code, not a marker
    b.write_text("def f(x):\n    return x + 1  # --8<-- [start:f]\n", encoding="utf-8")
    assert code_text(a) != code_text(b)
