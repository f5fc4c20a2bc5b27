"""The site's math font: STIX Two Math (SIL Open Font License, shipped inside the `ziamath`
package, installed by `make venv`), cut down to the characters the built pages' formulas use.

MathML takes its stretchy brackets, big operators and fraction metrics from the font's
OpenType MATH table; a reader's own fonts may have none. The subset keeps that table and the
glyph variants it points to, and is written as WOFF next to a stylesheet that only pages with
math link (book.site.assets), so a page without a formula loads neither.
"""
from __future__ import annotations

import hashlib
import html
import io
import re
from importlib.util import find_spec
from pathlib import Path

from book.site.page_assets import MATH_CSS

_MATH_TEXT = re.compile(r"<math\b.*?</math>", re.S)
_TAG = re.compile(r"<[^>]+>")


class MathFontError(RuntimeError):
    pass


def source_font() -> Path:
    spec = find_spec("ziamath")
    path = Path(spec.submodule_search_locations[0], "fonts", "STIXTwoMath-Regular.ttf") if spec else None
    if path is None or not path.exists():
        raise MathFontError("the math font is missing: install ziamath (run `make venv`)")
    return path


def characters(page_html: str) -> set[str]:
    """The characters drawn by the page's <math> elements."""
    chars: set[str] = set()
    for m in _MATH_TEXT.finditer(page_html):
        chars.update(html.unescape(_TAG.sub("", m.group(0))))
    return {c for c in chars if not c.isspace()}


def subset(chars: set[str]) -> bytes:
    """WOFF of STIX Two Math holding `chars` (those it has), their MATH variants and parts."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]  # ssty (script-size forms), flac, dtls: MathML uses them
    options.name_IDs = ["*"]  # keeps the copyright and licence records
    font = TTFont(source_font())
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars] + [0x20])
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def write(site_dir: Path, chars: set[str]) -> None:
    """Write the font (named by its content hash) and the stylesheet that declares it."""
    font = subset(chars)
    name = f"stix-two-math-{hashlib.sha256(font).hexdigest()[:10]}.woff"
    (site_dir / "assets" / "fonts").mkdir(parents=True, exist_ok=True)
    (site_dir / "assets" / "fonts" / name).write_bytes(font)
    css = (f'@font-face {{ font-family: "STIX Two Math"; src: url("../fonts/{name}") format("woff"); '
           "font-display: swap; }\n"
           'math { font-family: "STIX Two Math", math; font-size: 1.1em; }\n'
           'math[display="block"] { margin: 1em 0; }\n'
           # a wide formula scrolls inside its focusable wrapper (book.site.math._formula)
           "div.arithmatex { overflow-x: auto; overflow-y: hidden; }\n")
    (site_dir / MATH_CSS).write_text(css, "utf-8")
