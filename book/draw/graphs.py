"""Small computation graphs with their numbers written in: a neuron, a 2-2-1 network, the
shapes of a matrix product. Used for worked examples, where every number comes from code."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle


def _contrast(color: str) -> str:
    """Black or white, whichever reads better on `color`."""
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "#ffffff"


def layered_graph(ctx, ax, layers, edges=(), *, radius: float = 0.07, xs=None, fontsize: int = 10,
                  edge_fontsize: int = 9, label_pos: float = 0.35, width: float = 1.0):
    """Draw columns of nodes and labelled edges on `ax` (coordinates 0..width wide, 0..1 high).

    layers: list of columns; each column a list of dicts {"text", "color", "side", "below"}
        ("side" is written left of an input column or right of an output column,
        "below" under the node, in "below_color" if given).
    edges: ((layer, i), (layer, j), label, color[, position along the edge]), label may be "".
    Returns the node centres {(layer, i): (x, y)}.
    """
    xs = xs if xs is not None else np.linspace(0.08, width - 0.08, len(layers))
    pos = {}
    for li, (col, x) in enumerate(zip(layers, xs)):
        ys = np.linspace(0.85, 0.15, len(col)) if len(col) > 1 else [0.5]
        for ni, (node, y) in enumerate(zip(col, ys)):
            pos[(li, ni)] = (x, y)
    for a, b, label, color, *where in edges:
        (xa, ya), (xb, yb) = pos[a], pos[b]
        d = np.hypot(xb - xa, yb - ya)
        ux, uy = (xb - xa) / d, (yb - ya) / d
        ax.add_patch(FancyArrowPatch((xa + ux * radius, ya + uy * radius), (xb - ux * radius, yb - uy * radius),
                                     arrowstyle="-|>", mutation_scale=10, color=color or ctx.theme.muted,
                                     lw=1.2, zorder=1))
        if label:
            t = where[0] if where else label_pos
            ax.text(xa + (xb - xa) * t, ya + (yb - ya) * t + 0.035, label, ha="center", va="bottom",
                    fontsize=edge_fontsize, color=color or ctx.theme.ink, zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "fc": ctx.theme.page, "ec": "none", "alpha": 0.85})
    for (li, ni), (x, y) in pos.items():
        node = layers[li][ni]
        color = node.get("color", ctx.theme.faint)
        ax.add_patch(Circle((x, y), radius, facecolor=color, edgecolor=ctx.theme.ink, lw=1.0, zorder=2))
        ax.text(x, y, node.get("text", ""), ha="center", va="center", fontsize=fontsize,
                color=_contrast(color) if color.startswith("#") else ctx.theme.ink, zorder=3)
        if node.get("side"):
            left = li == 0
            ax.text(x + (-1 if left else 1) * (radius + 0.02), y, node["side"], ha="right" if left else "left",
                    va="center", fontsize=fontsize - 1, color=ctx.theme.ink)
        if node.get("below"):
            ax.text(x, y - radius - 0.02, node["below"], ha="center", va="top", fontsize=fontsize - 1,
                    color=node.get("below_color", ctx.theme.ink))
    ax.set_xlim(0, width)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return pos


def colored_text(ax, x: float, y: float, pieces, *, fontsize: int = 14, ha: str = "center"):
    """Write [(text, color), ...] side by side, starting (or centred) at (x, y) in axes
    coordinates: an equation whose symbols share the colours of the diagram above it."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    artists = [ax.text(0, y, t, color=c, fontsize=fontsize, va="center", ha="left",
                       transform=ax.transAxes) for t, c in pieces]
    widths = [a.get_window_extent(renderer).width for a in artists]
    ax_width = ax.get_window_extent(renderer).width
    total = sum(widths) / ax_width
    cur = x - total / 2 if ha == "center" else x
    for a, w in zip(artists, widths):
        a.set_x(cur)
        cur += w / ax_width
    return artists


def matrix(ctx, ax, values, x: float, y: float, *, cell: float = 0.07, color=None, fmt="{:.2f}",
           title: str = "", fontsize: int = 8):
    """A matrix as a grid of boxes with its numbers, top-left corner at (x, y) in data units.
    Returns (width, height)."""
    values = np.atleast_2d(values)
    rows, cols = values.shape
    w, h = cols * cell * 1.6, rows * cell
    for i in range(rows):
        for j in range(cols):
            ax.add_patch(Rectangle((x + j * cell * 1.6, y - (i + 1) * cell), cell * 1.6, cell,
                                   facecolor=color or ctx.theme.faint, edgecolor=ctx.theme.ink, lw=0.6,
                                   alpha=1.0))
            v = values[i, j]
            ax.text(x + (j + 0.5) * cell * 1.6, y - (i + 0.5) * cell, fmt.format(v) if not isinstance(v, str) else v,
                    ha="center", va="center", fontsize=fontsize,
                    color=_contrast(color) if color else ctx.theme.ink)
    if title:
        ax.text(x + w / 2, y + cell * 0.3, title, ha="center", va="bottom", fontsize=fontsize + 2,
                color=ctx.theme.ink)
    return w, h


def blank(width: float, height: float):
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_axis_off()
    return fig, ax
