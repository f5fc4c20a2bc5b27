"""Scripts and stylesheets that only some pages need, linked from those pages only.

A demo is `<div class="demo KIND" data-src="figdata:…">`; `extra.demo_assets` in
mkdocs.base.yml maps each KIND to the files its page needs:

    extra:
      demo_assets:
        topo-viewer: [assets/js/topology.js, assets/css/topology.css]

A page with math (MathML from book.site.math) links the math font's stylesheet. A page that
has neither loads none of these: nothing else is listed under extra_javascript/extra_css.
"""
from __future__ import annotations

import re

MATH_CSS = "assets/css/math.css"
_DEMO = re.compile(r'<div class="demo ([^"]+)"')


class PageAssetError(ValueError):
    pass


def needed(page_html: str, demo_assets: dict[str, list[str]]) -> list[str]:
    """The site paths (assets/…) this page needs, in a stable order, each once."""
    files: list[str] = []
    if "<math" in page_html:
        files.append(MATH_CSS)
    for m in _DEMO.finditer(page_html):
        kinds = [k for k in m.group(1).split() if k in demo_assets]
        if not kinds:
            raise PageAssetError(f'<div class="demo {m.group(1)}">: no entry for its kind under '
                                 "extra.demo_assets in mkdocs.base.yml (list the files its script needs)")
        for kind in kinds:
            files += demo_assets[kind]
    return list(dict.fromkeys(files))


def link(page_html: str, files: list[str], page_url: str) -> str:
    """Stylesheets into <head>, scripts at the end of <body>, relative to the page."""
    up = "../" * page_url.count("/")
    css = "".join(f'<link rel="stylesheet" href="{up}{f}">\n' for f in files if f.endswith(".css"))
    js = "".join(f'<script src="{up}{f}"></script>\n' for f in files if f.endswith(".js"))
    if css:
        page_html = page_html.replace("</head>", css + "</head>", 1)
    if js:
        head, sep, tail = page_html.rpartition("</body>")
        page_html = head + js + sep + tail
    return page_html
