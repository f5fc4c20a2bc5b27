"""Print an HTML document of the built site to PDF in Debian's Chromium (via Playwright).

The site folder is served on 127.0.0.1 so the document loads its stylesheets, images and
fonts (the math font too) exactly as the site's pages do. Formulas are MathML, made when the
site was built (book/site/math.py). Printing waits until every image is decoded and the fonts
are loaded; a request that fails, a formula without its MathML or anything wider than the
text column (Chromium would cut it off) stops the build.
Chromium writes the outline (bookmarks) from the headings and keeps links inside the document.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from book.core.paths import CHROMIUM
from book.pipeline.serve import serve as _serve



@dataclass(frozen=True)
class PageBox:
    width_mm: float = 210.0  # A4
    height_mm: float = 297.0
    margins_mm: tuple[float, float, float, float] = (22.0, 18.0, 20.0, 18.0)  # top right bottom left

    def css(self) -> str:
        return (f"@page {{ size: {self.width_mm}mm {self.height_mm}mm; "
                f"margin: {' '.join(f'{m}mm' for m in self.margins_mm)}; }}")

    @property
    def content_width_px(self) -> int:
        """CSS pixels (1/96 in) across the text column: the width Chromium lays pages out at."""
        return int((self.width_mm - self.margins_mm[1] - self.margins_mm[3]) / 25.4 * 96)


PAGE = PageBox()
# Chromium cuts whatever runs past the text column of a printed page, silently: the text is
# not in the PDF at all. So before printing, with the window exactly as wide as that column,
# list every piece of text, formula, image or table that reaches past it.
OVERFLOW = """() => {
  const limit = document.documentElement.clientWidth + 1, out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node; (node = walker.nextNode()) && out.length < 20; ) {
    if (!node.textContent.trim()) continue;
    range.selectNodeContents(node);
    if ([...range.getClientRects()].some(r => r.width > 0 && (r.right > limit || r.left < -1)))
      out.push(node.textContent.trim().slice(0, 80));
  }
  for (const el of document.querySelectorAll('img, svg, canvas, table, pre, math')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > limit && out.length < 40)
      out.push('<' + el.tagName.toLowerCase() + '> ' + (el.getAttribute('src') || el.textContent).trim().slice(0, 80));
  }
  return out;
}"""
READY = """async () => {
  await Promise.all([...document.images].map(img => img.decode().catch(() => {
    throw new Error('image did not load: ' + img.getAttribute('src').slice(0, 120)); })));
  await document.fonts.ready;
  return [document.querySelectorAll('.arithmatex').length,
          document.querySelectorAll('.arithmatex > math').length];
}"""


class PrintError(RuntimeError):
    pass


class Printer:
    """One headless Chromium for all the documents of a build.

    Playwright's sync API runs on a thread of its own here: it refuses to start on a thread
    where another Playwright (e.g. the browser tests' session) is already running, and must
    then be used from the thread that started it."""

    def __enter__(self):
        if not CHROMIUM.exists():
            raise PrintError("no /usr/bin/chromium: install Debian's chromium and fonts-nanum "
                             "(apt-get install chromium fonts-nanum)")
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer")
        self._thread.submit(self._start).result()
        return self

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])

    def __exit__(self, *exc):
        def stop():
            self._browser.close()
            self._pw.stop()
        try:
            self._thread.submit(stop).result()
        finally:
            self._thread.shutdown()

    def print(self, folder: Path, document: str, out: Path) -> None:
        """Print folder/document (a file in the served folder) to `out`."""
        self._thread.submit(self._print, folder, document, out).result()

    def _print(self, folder: Path, document: str, out: Path) -> None:
        with _serve(folder) as url:
            page = self._browser.new_page(viewport={"width": PAGE.content_width_px, "height": 1000})
            failed: list[str] = []
            page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
            page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}"))
            page.on("pageerror", lambda e: failed.append(f"script error: {e}"))
            page.set_default_timeout(120_000)
            try:
                page.goto(url + document, wait_until="load")
                page.emulate_media(media="print")
                formulas, typeset = page.evaluate(READY)
                if typeset < formulas:
                    failed.append(f"only {typeset} of {formulas} formulas are MathML")
                if failed:
                    raise PrintError(f"{document}: " + "; ".join(failed[:10]))
                cut = page.evaluate(OVERFLOW)
                if cut:
                    raise PrintError(f"{document}: wider than the page, would be cut off in print "
                                     "(wrap it or make it narrower): " + " | ".join(cut))
                page.pdf(path=str(out), prefer_css_page_size=True, print_background=True,
                         outline=True, tagged=True)
            finally:
                page.close()
