"""Small matrices drawn cell by cell with their numbers written in: worked examples of
convolution, pooling and flattening. Several matrices share one canvas whose unit is one cell,
so windows, arrows and formulas can be placed between them.

    fig, ax = canvas(16, 6)
    matrix(ax, ctx, image, (0, 0), box=(0, 0, 2, 2), title="image")
    matrix(ax, ctx, result, (10, 0.5), box=(0, 0, 1, 1), hide=not_yet_computed)
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle


def canvas(width: float, height: float, *, scale: float = 0.42):
    """A figure whose data units are cells (y grows downwards), axes hidden."""
    fig, ax = plt.subplots(figsize=(width * scale, height * scale))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.subplots_adjust(0, 0, 1, 1)
    return fig, ax


def fmt_number(v: float) -> str:
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}".rstrip("0")


def matrix(ax, ctx, values, origin, *, box=None, box_color=None, hide=None, blocks=None,
           title: str | None = None, vmax: float | None = None, fontsize: float = 11):
    """Draw `values` (2-D) with its top-left corner at `origin` = (x, y).

    box: (row, col, height, width) outlined thickly (a sliding window, a chosen cell);
    hide: boolean mask of cells drawn empty (not computed yet);
    blocks: (bh, bw) tints alternate blocks in palette colours (pooling regions);
    shading: the larger a value, the stronger the tint (scale up to `vmax`).
    """
    v = np.asarray(values, dtype=float)
    x0, y0 = origin
    vmax = vmax if vmax is not None else max(float(np.abs(v).max()), 1e-9)
    theme = ctx.theme
    for r in range(v.shape[0]):
        for c in range(v.shape[1]):
            hidden = hide is not None and hide[r, c]
            if blocks is not None:
                k = (r // blocks[0]) * (v.shape[1] // blocks[1]) + c // blocks[1]
                face, alpha = theme.palette[k % len(theme.palette)], 0.35
            else:
                face, alpha = theme.palette[0], 0.08 + 0.5 * abs(v[r, c]) / vmax
            ax.add_patch(Rectangle((x0 + c, y0 + r), 1, 1, facecolor=theme.faint, edgecolor="none"))
            if not hidden:
                ax.add_patch(Rectangle((x0 + c, y0 + r), 1, 1, facecolor=face, alpha=alpha,
                                       edgecolor="none"))
            ax.add_patch(Rectangle((x0 + c, y0 + r), 1, 1, fill=False, edgecolor=theme.muted, lw=0.8))
            if not hidden:
                ax.text(x0 + c + 0.5, y0 + r + 0.52, fmt_number(v[r, c]), ha="center", va="center",
                        fontsize=fontsize, color=theme.ink)
    if box is not None:
        r, c, h, w = box
        ax.add_patch(Rectangle((x0 + c, y0 + r), w, h, fill=False, lw=2.6,
                               edgecolor=box_color or theme.highlight, zorder=5))
    if title:
        ax.text(x0 + v.shape[1] / 2, y0 - 0.35, title, ha="center", va="bottom", fontsize=10,
                color=theme.ink)


def arrow(ax, ctx, start, end, label: str | None = None):
    """A plain arrow between two canvas points, with an optional label above its middle."""
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, lw=1.4,
                                 color=ctx.theme.ink))
    if label:
        ax.text((start[0] + end[0]) / 2, min(start[1], end[1]) - 0.25, label, ha="center",
                va="bottom", fontsize=9, color=ctx.theme.muted)


def symbol(ax, ctx, at, text: str, size: float = 18):
    ax.text(at[0], at[1], text, ha="center", va="center", fontsize=size, color=ctx.theme.ink)
