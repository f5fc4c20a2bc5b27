"""Lighthouse accessibility and SEO scores of a few pages, for `make bench`.

The site is built into a temporary folder for the address it is then served at (canonical
and alternate links must match it), and Lighthouse (npm, pinned in package-lock.json,
installed by `make node`) drives Debian's /usr/bin/chromium. Printed, never asserted: the
accessibility rules themselves are asserted page by page by tests/test_a11y.py (axe-core).
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from book.paths import ROOT

PAGES = ["", "inside/", "topology/", "en/generative/"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
CATEGORIES = ("accessibility", "seo")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    return {**{c: report["categories"][c]["score"] * 100 for c in CATEGORIES}, "failed": failed}


def report() -> list[str]:
    """One line per page: its accessibility and SEO scores, and the audits it fails."""
    if not LIGHTHOUSE.exists() or not CHROMIUM.exists():
        return ["  skipped: needs `make node` (Lighthouse from npm) and Debian's chromium"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        _build(site, base)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            for page in PAGES:
                s = _scores(base + page)
                failed = f"  fails: {', '.join(s['failed'])}" if s["failed"] else ""
                lines.append(f"  /{page:<16} accessibility {s['accessibility']:5.0f}   SEO {s['seo']:5.0f}{failed}")
        finally:
            httpd.shutdown()
    return lines


if __name__ == "__main__":
    print("\n".join(report()))
