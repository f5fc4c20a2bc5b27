"""The topology playground's budgets, for `make bench` (printed, never asserted):
its JavaScript and data gzipped, and how fast it trains in headless Chromium while redrawing.

Speed is measured on the built site in Debian's /usr/bin/chromium: for the default (narrow)
and the widest chapter network, switched to SGD, the page trains for a few seconds and the
playground's own counters give SGD steps and redrawn frames per second.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from book.pipeline.demo_weight import gzipped
from book.pipeline.lighthouse import CHROMIUM, _build
from book.core.paths import ROOT, figures_dir
from book.pipeline.serve import serve

ASSETS = ROOT / "docs" / "assets"
NETWORKS = ("tight_narrow", "tight_wide")
SECONDS = 5.0


def gzipped_kb(*paths: Path) -> float:
    return sum(gzipped(p) for p in paths) / 1024


def _browser_cpu_seconds() -> float:
    """CPU time used so far by this process's descendants (the Playwright driver and Chromium)."""
    parent, ticks = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has ended
            continue
        pid = int(stat.parent.name)
        parent[pid], ticks[pid] = int(fields[1]), int(fields[11]) + int(fields[12])  # ppid, utime + stime
    mine, grew = {os.getpid()}, True
    while grew:
        new = {pid for pid, pp in parent.items() if pp in mine} - mine
        mine |= new
        grew = bool(new)
    return sum(ticks[pid] for pid in mine - {os.getpid()}) / os.sysconf("SC_CLK_TCK")


def _speed(page, preset: str) -> tuple[float, float, float]:
    """(SGD steps per second, frames per second, browser CPU seconds per second) while the
    playground trains `preset` with SGD. On a shared machine the wall-clock rates fall with
    the load; steps and frames per browser CPU-second show what the page itself costs."""
    root = page.locator(".playground")
    root.locator("[data-pg=preset]").select_option(preset)
    root.locator("[data-pg=optimizer]").select_option("sgd")
    page.evaluate("document.querySelector('.playground').playground.target = Infinity")  # no auto-stop
    state = "document.querySelector('.playground').playground.state()"
    root.locator("[data-pg=train]").click()
    page.wait_for_timeout(1000)  # warm-up: the JIT compiles the training loop
    a, t0, c0 = page.evaluate(state), time.perf_counter(), _browser_cpu_seconds()
    page.wait_for_timeout(SECONDS * 1000)
    b, t1, c1 = page.evaluate(state), time.perf_counter(), _browser_cpu_seconds()
    root.locator("[data-pg=train]").click()
    wall = t1 - t0
    return (b["step"] - a["step"]) / wall, (b["frames"] - a["frames"]) / wall, (c1 - c0) / wall


def report() -> list[str]:
    js = gzipped_kb(ASSETS / "js" / "playground.js")
    css = gzipped_kb(ASSETS / "css" / "playground.css")
    data = gzipped_kb(figures_dir() / "topology" / "playground.en.json")
    lines = [f"  JavaScript {js:5.1f} KB gzipped (goal ≤ 30), CSS {css:4.1f} KB; data {data:5.1f} KB gzipped (goal ≤ 100)"]
    if not CHROMIUM.exists():
        return lines + ["  speed skipped: needs Debian's chromium"]
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "site") as base:
        site = Path(tmp) / "site"
        _build(site, base)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "en/topology/")
            page.locator(".playground").scroll_into_view_if_needed()
            page.wait_for_selector(".playground[data-ready=true]")
            load = os.getloadavg()[0]  # the machine is shared: a busy one trains slower
            lines.append(f"  load average {load:.1f} on {os.cpu_count()} cores while measuring")
            for preset in NETWORKS:
                steps, fps, cpu = _speed(page, preset)
                lines.append(f"  {preset:<13} {steps:6.0f} SGD steps/s while redrawing at {fps:4.1f} frames/s "
                             f"(goal ≥ 200 steps/s at ≥ 30 frames/s); browser busy {cpu:.2f} CPU-s/s, i.e. "
                             f"{steps / cpu:.0f} steps and {fps / cpu:.1f} frames per CPU-second")
            browser.close()
    return lines


if __name__ == "__main__":
    print("\n".join(report()))
