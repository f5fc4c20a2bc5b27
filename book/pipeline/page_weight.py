"""Page weight, for `make bench`: what a reader's browser downloads on a first view of each page.

Every page of a built site (both editions) is opened in Debian's headless Chromium (Playwright)
with an empty cache and a phone-sized window (Lighthouse's mobile preset: 412 × 823), and
left until the network is idle, so lazy images below the first screen are not counted, but
what the page fetches after loading (the search index) is. Each response is counted as a
server would send it: text (HTML, CSS, JavaScript, JSON, SVG) gzip-compressed, already
compressed formats (PNG, JPEG, WOFF) as they are.

    python -m book.pipeline.page_weight [SITE_DIR [PAGE …]]   # default: site/ (run `make site` first);
                                                     # pages named (/inside/): what each loads
"""
from __future__ import annotations

import gzip
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from book.core.paths import CHROMIUM, ROOT
from book.pipeline.serve import TEXT_TYPES, serve

VIEWPORT = {"width": 412, "height": 823}


@dataclass(frozen=True)
class PageWeight:
    path: str  # "/inside/", "/en/generative/"
    bytes: int  # as transferred: text gzipped
    requests: int
    files: dict[str, int]  # URL → bytes


def transferred(body: bytes, content_type: str) -> int:
    if content_type.startswith(TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6, mtime=0))
    return len(body)


def page_paths(site: Path) -> list[str]:
    """URL paths of every page of the site (folders with an index.html, not the 404 page)."""
    folders = (p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
               if "assets" not in p.parts and "search" not in p.parts)
    return sorted("/" if f == "." else f"/{f}/" for f in folders)


def measure(site: Path, paths: list[str] | None = None) -> list[PageWeight]:
    from playwright.sync_api import sync_playwright

    weights = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            for path in paths or page_paths(site):
                context = browser.new_context(viewport=VIEWPORT)  # a fresh, empty cache
                page = context.new_page()
                responses = []
                page.on("response", lambda r: responses.append(r))
                page.goto(base.rstrip("/") + path, wait_until="networkidle")
                sizes = {r.url: transferred(r.body(), r.headers.get("content-type", ""))
                         for r in responses if r.url.startswith(base) and r.status == 200}
                weights.append(PageWeight(path, sum(sizes.values()), len(sizes), sizes))
                context.close()
        finally:
            browser.close()
    return weights


def report(site: Path, heaviest: int = 5) -> list[str]:
    """Lines for `make bench`: median, maximum, and the heaviest pages."""
    if not CHROMIUM.exists():
        return ["  skipped: needs Debian's chromium"]
    weights = measure(site)
    sizes = [w.bytes for w in weights]
    lines = [f"  {len(weights)} pages: median {statistics.median(sizes) / 1000:6.0f} KB, "
             f"max {max(sizes) / 1000:6.0f} KB  (goals: median ≤ 250 KB, max ≤ 600 KB)"]
    for w in sorted(weights, key=lambda w: -w.bytes)[:heaviest]:
        lines.append(f"    {w.path:<24} {w.bytes / 1000:6.0f} KB  ({w.requests} requests)")
    return lines


def main(argv: list[str]) -> None:
    site = Path(argv[0]) if argv else ROOT / "site"
    if len(argv) < 2:
        print("\n".join(report(site)))
    for w in measure(site, argv[1:]) if len(argv) > 1 else []:  # pages named: what each loads
        print(f"{w.path}: {w.bytes / 1000:.0f} KB")
        for url, size in sorted(w.files.items(), key=lambda kv: -kv[1]):
            print(f"  {size / 1000:8.1f} KB  {url}")


if __name__ == "__main__":
    main(sys.argv[1:])
