"""Lighthouse performance, accessibility and SEO scores of a few pages, for `make bench`.

The site is built into a temporary folder for the address it is then served at (canonical
and alternate links must match it), and Lighthouse (npm, pinned in package-lock.json,
installed by `make node`; its default, mobile preset: a throttled phone) drives Debian's
/usr/bin/chromium. Printed, never asserted: the accessibility rules themselves are asserted
page by page by tests/test_a11y.py (axe-core), and a performance score depends on the machine.

A performance score is noisy on a busy machine (Lighthouse simulates a slow phone from the
main-thread time it measures), so every page is measured RUNS times, the pages taking turns,
and the median of each number is printed, with the largest contentful paint (LCP) and the
total blocking time (TBT) it comes from.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from book.core.paths import CHROMIUM, ROOT
from book.pipeline.serve import serve

PAGES = ["", "inside/", "topology/", "en/generative/"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "seo")
TIMINGS = {"lcp": "largest-contentful-paint", "tbt": "total-blocking-time"}  # ms
RUNS = 3


def _build(site: Path, base: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BOOK_SITE_URL": base, "BOOK_SITE_URL_EN": base + "en/"}
    for config, out in (("mkdocs.yml", site), ("mkdocs.en.yml", site / "en")):
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config, "-d", str(out)],
                       cwd=ROOT, env=env, check=True, capture_output=True)


def _scores(url: str) -> dict[str, float]:
    out = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--no-enable-error-reporting", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, check=True, capture_output=True, text=True)
    report = json.loads(out.stdout)
    failed = [a["id"] for a in report["audits"].values()
              if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0]
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}  # None: Lighthouse failed it
    timings = {k: report["audits"][audit].get("numericValue", float("nan")) for k, audit in TIMINGS.items()}
    return {**{c: float("nan") if v is None else v * 100 for c, v in scores.items()}, **timings, "failed": failed}


def report(site: Path | None = None, runs: int = RUNS) -> list[str]:
    """One line per page: the median of `runs` measurements of its scores, LCP and TBT, and
    the audits any run failed. `site`: an already built site to serve as it is (e.g. an older
    build, for a comparison); default: build this one."""
    if not LIGHTHOUSE.exists() or not CHROMIUM.exists():
        return ["  skipped: needs `make node` (Lighthouse from npm) and Debian's chromium"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = site or Path(tmp) / "site"
        with serve(folder, gzip=True) as base:  # compressed, as a web host sends it
            if site is None:
                _build(folder, base)
            measured: dict[str, list[dict]] = {page: [] for page in PAGES}
            for _ in range(runs):  # pages take turns: a busy spell of the machine hits them all
                for page in PAGES:
                    measured[page].append(_scores(base + page))
    return [f"  median of {runs} runs per page"] + [_line(page, _median(m)) for page, m in measured.items()]


def _median(runs: list[dict]) -> dict:
    numbers = {k: statistics.median(r[k] for r in runs) for k in (*CATEGORIES, *TIMINGS)}
    return {**numbers, "failed": sorted({a for r in runs for a in r["failed"]})}


def _line(page: str, s: dict) -> str:
    failed = f"  fails: {', '.join(s['failed'])}" if s["failed"] else ""
    return (f"  /{page:<16} performance {s['performance']:5.0f}   accessibility {s['accessibility']:5.0f}"
            f"   SEO {s['seo']:5.0f}   LCP {s['lcp'] / 1000:4.1f} s   TBT {s['tbt']:4.0f} ms{failed}")


if __name__ == "__main__":
    print("\n".join(report(Path(sys.argv[1]) if len(sys.argv) > 1 else None)))
