"""Figures' PNGs as the site serves them: recompressed without loss by oxipng (the `pyoxipng`
wheel), about a fifth smaller than matplotlib writes them, the same pixels.

The committed figures stay as the figure build wrote them (so this never makes a figure
stale); the site build (hooks.on_files) publishes the optimised copy. Optimising takes a few
seconds per figure, so the result is cached by the source's content hash under
$BOOK_CACHE_DIR/png/ (atomic writes: safe to share between worktrees and parallel builds).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from book.core.atomic import write_bytes
from book.core.paths import cache_dir

LEVEL = 2  # oxipng's default: higher levels take several times longer for < 1 % on these figures


def optimise(data: bytes) -> bytes:
    """The smallest of oxipng's lossless encodings of `data` (a PNG) and `data` itself."""
    import oxipng

    # No chunk is stripped: pHYs (the resolution) and the colour chunks stay as written.
    out = oxipng.optimize_from_memory(data, level=LEVEL)
    return out if len(out) < len(data) else data


def optimised_copy(src: Path) -> Path:
    """Path of the optimised copy of `src` (made now if the cache does not have it yet)."""
    data = src.read_bytes()
    dest = cache_dir() / "png" / f"{hashlib.sha256(data).hexdigest()}-l{LEVEL}.png"
    if not dest.exists():
        write_bytes(dest, optimise(data))
    return dest
