"""What an interactive demo adds to the weight of its page, gzipped (the budgets of issue #13,
printed by `make bench`):

    demo_weight(site, "inside/", "draw-digit", ["assets/js/draw_digit.js", ...])
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path


def gzipped(data: bytes | Path) -> int:
    """Bytes after gzip -9 (what a server sending Content-Encoding: gzip would send, about)."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    return len(gzip.compress(raw, 9, mtime=0))


def without_section(html: str, demo_class: str) -> str:
    """The page without the <h2> section that holds the demo `<div class="demo {demo_class}"`."""
    at = html.index(f'class="demo {demo_class}"')
    start = html.rindex("<h2", 0, at)
    end = html.find("<h2", at)
    return html[:start] + (html[end:] if end >= 0 else "")


def demo_weight(site: Path, page: str, demo_class: str, assets: list[str], data: str) -> dict:
    """Gzipped bytes of the demo's assets and data, its section of the page's HTML, and their
    sum: how much heavier the page is with the demo than without it."""
    html = (site / page / "index.html").read_text("utf-8")
    out = {"code": sum(gzipped(site / a) for a in assets), "data": gzipped(site / data),
           "html": gzipped(html.encode()) - gzipped(without_section(html, demo_class).encode())}
    out["total"] = out["code"] + out["data"] + out["html"]
    return out
