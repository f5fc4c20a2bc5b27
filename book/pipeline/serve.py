"""A folder served on 127.0.0.1 for the duration of a `with` block (a free port), quietly:
what the print edition, the page-weight measurement and Lighthouse load the built site from.

With `gzip=True`, text (HTML, CSS, JavaScript, JSON, SVG) goes out gzip-compressed to a client
that accepts it, as any web host sends it: Lighthouse times the page from the bytes it sees."""
from __future__ import annotations

import functools
import gzip as gzip_module
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path


TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Gzip(_Quiet):
    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the folder redirect (…/inside → …/inside/)
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not (path.is_file() and kind.startswith(TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip_module.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(folder: Path, gzip: bool = False):
    """Yields the base URL ("http://127.0.0.1:PORT/"). The folder may be filled afterwards:
    files are looked up at each request."""
    handler = functools.partial(_Gzip if gzip else _Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
