"""Shared fixtures: the built site, a local server for it, and a headless browser.

- Tests marked `data` are skipped (with a note in the summary) when MNIST/CIFAR-10 are
  neither in $BOOK_DATA_DIR nor ./data and cannot be downloaded.
- `built_site`: both editions built once per session with `mkdocs build --strict` into a
  temporary folder (the build itself is a test: a failure stops every site test).
- `site_url`: that folder served on 127.0.0.1 (Korean at /, English at /en/).
- `page`: a fresh Playwright page in Debian's /usr/bin/chromium (never a downloaded browser).
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Before any test module imports torch or numpy: the tests compute in the book's pinned
# numerics mode (book/core/numerics.py), like the build.
from book.core import numerics  # noqa: E402
from book.core.paths import CHROMIUM  # noqa: E402

numerics.activate()


def _data_reachable() -> tuple[bool, str]:
    """True when both data sets are here, or could be fetched now (with internet the loader
    downloads them, checksum-verified, exactly as it would for a reader)."""
    from book.data import DatasetError, available
    from book.data.files import FILES, locate

    missing = [d for d in ("mnist", "cifar10") if not available(d)]
    if not missing:
        return True, ""
    try:
        for rel in FILES:
            if rel.split("/")[0] in missing:
                locate(rel)
        return True, ""
    except DatasetError as e:
        return False, (f"{', '.join(missing)} not in $BOOK_DATA_DIR or ./data and not downloadable "
                       f"({str(e)[:120]}...): set BOOK_DATA_DIR, e.g. ../shared/datasets")


def pytest_collection_modifyitems(config, items):
    if not any("data" in item.keywords for item in items):
        return
    ok, why = _data_reachable()
    if ok:
        return
    for item in items:
        if "data" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=f"data-dependent test skipped: {why}"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mkdocs_build(config: str, site_dir: Path, env_extra: dict | None = None):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                           "-f", config, "-d", str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def server_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, server_port) -> Path:
    """Both editions, built with --strict for the address they are served at."""
    site = tmp_path_factory.mktemp("site")
    env = {"BOOK_SITE_URL": f"http://127.0.0.1:{server_port}/",
           "BOOK_SITE_URL_EN": f"http://127.0.0.1:{server_port}/en/"}
    for config, out in (("mkdocs.yml", site), ("mkdocs.en.yml", site / "en")):
        result = mkdocs_build(config, out, env)
        if result.returncode != 0:
            pytest.fail(f"mkdocs build --strict -f {config} failed:\n{result.stderr[-4000:]}")
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site, server_port):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", server_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server_port}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("no /usr/bin/chromium: .ci/run must `apt-get install chromium fonts-nanum`")
        pytest.skip("browser test skipped: install Debian's chromium and fonts-nanum to run it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser, site_url):
    """A new page. Its console errors and every requested URL are recorded on it as
    `page.console_errors` and `page.requested` for tests to assert on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.console_errors = []
    pg.requested = []
    pg.on("console", lambda msg: msg.type == "error" and pg.console_errors.append(msg.text))
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
    pg.on("request", lambda req: pg.requested.append(req.url))
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def isolated_data(tmp_path, monkeypatch):
    """An empty data setup: BOOK_DATA_DIR, ./data and the cache all point into tmp_path."""
    data_dir = tmp_path / "data_dir"
    data_dir.mkdir()
    monkeypatch.setenv("BOOK_DATA_DIR", str(data_dir))
    monkeypatch.setenv("BOOK_CACHE_DIR", str(tmp_path / "cache"))
    import book.core.paths

    monkeypatch.setattr(book.core.paths, "local_data_dir", lambda: tmp_path / "local")
    import book.data.files

    monkeypatch.setattr(book.data.files, "local_data_dir", lambda: tmp_path / "local")
    return data_dir


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
