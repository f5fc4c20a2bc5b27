"""Intrinsic display size of a figure file, in CSS pixels, for the width/height attributes
of its <img>: with both set, the browser reserves the figure's box before the (lazy) image
arrives, so the text below does not jump (Lighthouse: cumulative layout shift)."""
from __future__ import annotations

import re
from pathlib import Path

# CSS pixels per unit (CSS Values 3); matplotlib writes SVG sizes in pt.
_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.S)
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*([a-z]*)\s*$")


class ImageSizeError(Exception):
    pass


def _svg_length(tag: str, name: str, path: Path) -> float:
    m = re.search(rf'\s{name}="([^"]+)"', tag)
    length = _LENGTH.match(m.group(1)) if m else None
    if not length or length.group(2) not in _UNITS:
        raise ImageSizeError(f"{path}: the <svg> element needs an absolute {name} (e.g. {name}=\"300pt\")")
    return float(length.group(1)) * _UNITS[length.group(2)]


def image_size(path: Path) -> tuple[int, int]:
    """(width, height) in CSS pixels, as the browser shows the file at its natural size."""
    if path.suffix == ".svg":
        tag = _SVG_TAG.search(path.read_text("utf-8"))
        if not tag:
            raise ImageSizeError(f"{path}: no <svg> element")
        return round(_svg_length(tag.group(0), "width", path)), round(_svg_length(tag.group(0), "height", path))
    from PIL import Image

    with Image.open(path) as im:
        return im.size


def size_attrs(path: Path, width: int | None = None) -> str:
    """'width="W" height="H"' keeping the file's aspect ratio; `width` set by the page wins."""
    w, h = image_size(path)
    if width is None:
        return f'width="{w}" height="{h}"'
    return f'width="{width}" height="{round(width * h / w)}"'
