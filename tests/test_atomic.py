"""An interrupted write never leaves a half-written file, and never destroys the old one."""
from __future__ import annotations

import pytest

from book.core.atomic import atomic_path, write_json


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    dest = tmp_path / "figure.svg"
    dest.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(dest) as tmp:
            tmp.write_text("half of the new fig")
            raise KeyboardInterrupt  # e.g. Ctrl-C in the middle of savefig
    assert dest.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.svg"]


def test_successful_write_replaces_and_is_world_readable(tmp_path):
    dest = tmp_path / "sub" / "metrics.json"
    write_json(dest, {"b": 1, "a": 0.5})
    assert dest.read_text() == '{\n  "a": 0.5,\n  "b": 1\n}\n'
    assert dest.stat().st_mode & 0o644 == 0o644
    assert sorted(p.name for p in dest.parent.iterdir()) == ["metrics.json"]
