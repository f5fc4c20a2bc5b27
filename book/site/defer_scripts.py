"""Every script a page loads from a file (the theme's bundle, a demo's script) gets `defer`:
the browser downloads it while it parses the page and runs it once the page is parsed, in the
order of the page, just before DOMContentLoaded, which is when both the theme and the demos
start (Material's `document$`, book demos' `init`).

Why: a script at the end of <body> without `defer` holds the parser, and the first paint of
a long page then waited for the theme's bundle to run. On the inside page (median of 3
Lighthouse runs, mobile preset, the same busy machine) that lifted the performance score from
82 to 98 and moved the largest contentful paint (the first paragraph) from 3.5 s to 2.0 s.
"""
from __future__ import annotations

import re

_EXTERNAL_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')


def defer(page_html: str) -> str:
    """`<script src="…">` → `<script defer src="…">`; inline scripts and data blocks stay."""
    return _EXTERNAL_SCRIPT.sub(r'<script defer src="\1"></script>', page_html)
