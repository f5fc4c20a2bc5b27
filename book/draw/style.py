"""How figures look: one light and one dark theme, colour-blind-safe palettes, Korean font.

Figures have transparent backgrounds and are drawn twice, once per theme, so that every
line and label has enough contrast on Material's light (white) and dark (slate) pages.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

# Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
DIVERGING = "RdBu_r"  # weights: blue negative, red positive (ColorBrewer, colour-blind safe)
SEQUENTIAL = "viridis"  # counts and intensities (perceptually uniform, colour-blind safe)


@dataclass(frozen=True)
class Theme:
    name: str
    ink: str  # text, axes, outlines
    muted: str  # secondary text, grid lines
    faint: str  # backgrounds of panels and cells
    page: str  # the page colour behind the transparent figure (for contrast decisions)
    palette: tuple[str, ...]
    highlight: str  # the one accent colour (diagonals, selected items)


LIGHT = Theme("light", ink="#1f2328", muted="#6e7781", faint="#eaeef2", page="#ffffff",
              palette=tuple(OKABE_ITO), highlight="#D55E00")
DARK = Theme("dark", ink="#e6edf3", muted="#8b949e", faint="#2d333b", page="#1e2129",
             palette=("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442"),
             highlight="#E69F00")
THEMES = {"light": LIGHT, "dark": DARK}


def _korean_font_files() -> list[Path]:
    # koreanize-matplotlib ships NanumGothic; we take its fonts but not its import-time side
    # effects (it calls `distutils`, which newer Pythons lack).
    spec = find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("koreanize-matplotlib is missing: run `make venv` to install it.")
    return sorted(Path(spec.submodule_search_locations[0], "fonts").glob("NanumGothic*.ttf"))


_fonts_ready = False


def setup() -> None:
    """Register the Korean font and the settings that make output byte-for-byte repeatable."""
    global _fonts_ready
    if not _fonts_ready:
        for f in _korean_font_files():
            font_manager.fontManager.addfont(str(f))
        _fonts_ready = True
    plt.rcParams.update({
        "font.family": ["NanumGothic", "DejaVu Sans"],
        "axes.unicode_minus": False,  # NanumGothic has no U+2212
        "svg.fonttype": "path",  # text as outlines: readers need no Korean font
        "svg.hashsalt": "inside-neural-networks",  # stable ids → stable SVG bytes
        "savefig.transparent": True,
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "image.interpolation": "nearest",
    })


@contextlib.contextmanager
def themed(theme: Theme):
    with plt.rc_context({
        "text.color": theme.ink,
        "axes.labelcolor": theme.ink,
        "axes.edgecolor": theme.muted,
        "axes.titlecolor": theme.ink,
        "xtick.color": theme.muted,
        "ytick.color": theme.muted,
        "xtick.labelcolor": theme.ink,
        "ytick.labelcolor": theme.ink,
        "grid.color": theme.faint,
        "axes.facecolor": "none",
        "figure.facecolor": "none",
        "legend.facecolor": "none",
        "legend.edgecolor": theme.muted,
        "legend.labelcolor": theme.ink,
        "axes.prop_cycle": matplotlib.cycler(color=list(theme.palette)),
    }):
        yield
