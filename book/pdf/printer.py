"""Print an HTML document of the built site to PDF in Debian's Chromium (via Playwright).

The site folder is served on 127.0.0.1 so the document loads its stylesheets, images and
MathJax exactly as the site's pages do. Printing waits until every image is decoded, MathJax
has typeset every formula and the fonts are loaded; a request that fails stops the build.
Chromium writes the outline (bookmarks) from the headings and keeps links inside the document.
"""
from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
READY = """async () => {
  await Promise.all([...document.images].map(img => img.decode().catch(() => {
    throw new Error('image did not load: ' + img.getAttribute('src').slice(0, 120)); })));
  if (window.MathJax) { await MathJax.startup.promise; await MathJax.typesetPromise(); }
  await document.fonts.ready;
  return document.querySelectorAll('mjx-container').length;
}"""


class PrintError(RuntimeError):
    pass


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def _serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class Printer:
    """One headless Chromium for all the documents of a build."""

    def __enter__(self):
        if not CHROMIUM.exists():
            raise PrintError("no /usr/bin/chromium: install Debian's chromium and fonts-nanum "
                             "(apt-get install chromium fonts-nanum)")
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        return self

    def __exit__(self, *exc):
        self._browser.close()
        self._pw.stop()

    def print(self, folder: Path, document: str, out: Path) -> None:
        """Print folder/document (a file in the served folder) to `out`."""
        with _serve(folder) as url:
            page = self._browser.new_page()
            failed: list[str] = []
            page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
            page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}"))
            page.on("pageerror", lambda e: failed.append(f"script error: {e}"))
            page.set_default_timeout(120_000)
            try:
                page.goto(url + document, wait_until="load")
                page.emulate_media(media="print")
                page.evaluate(READY)
                if failed:
                    raise PrintError(f"{document}: " + "; ".join(failed[:10]))
                page.pdf(path=str(out), prefer_css_page_size=True, print_background=True,
                         outline=True, tagged=True)
            finally:
                page.close()
