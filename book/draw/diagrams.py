"""Network diagrams drawn from a list of layer sizes, so the picture always matches the model."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def _visible(n: int, max_nodes: int) -> list[int | None]:
    """Indices of the nodes to draw; None marks the '⋮' gap of a layer too big to draw."""
    if n <= max_nodes:
        return list(range(n))
    head = max_nodes // 2
    return list(range(head)) + [None] + list(range(n - (max_nodes - head - 1), n))


def network(ctx, sizes: list[int], labels: list[str], *, node_labels: dict | None = None,
            max_nodes: int = 10, width: float = 6.5, height: float = 4.2, colors=None):
    """Columns of neurons, every neuron connected to every neuron of the next column.

    `sizes` are the real layer widths (e.g. [784, 10]); layers wider than `max_nodes` are
    drawn with a gap and their true size is printed under the column.
    """
    node_labels = node_labels or {}
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_axis_off()
    cols = np.linspace(0, 1, len(sizes))
    positions = []
    node_size = 140
    for li, (n, x) in enumerate(zip(sizes, cols)):
        vis = _visible(n, max_nodes)
        ys = np.linspace(0.92, 0.08, len(vis)) if len(vis) > 1 else [0.5]
        positions.append([(x, y, idx) for y, idx in zip(ys, vis)])
    for a, b in zip(positions, positions[1:]):
        for xa, ya, ia in a:
            for xb, yb, ib in b:
                if ia is not None and ib is not None:
                    ax.plot([xa, xb], [ya, yb], color=ctx.theme.muted, lw=0.4, alpha=0.5, zorder=1)
    for li, layer in enumerate(positions):
        color = (colors or ctx.theme.palette)[li % len(colors or ctx.theme.palette)]
        for x, y, idx in layer:
            if idx is None:
                ax.text(x, y, "⋮", ha="center", va="center", fontsize=14, color=ctx.theme.ink)
                continue
            # a scatter marker stays round whatever the axes' aspect ratio
            ax.scatter([x], [y], s=node_size, facecolor=color, edgecolor=ctx.theme.ink, lw=0.8, zorder=2)
            text = node_labels.get((li, idx))
            if text is not None:
                side = -1 if li == 0 else 1
                ax.text(x + side * 0.04, y, text, ha="right" if side < 0 else "left", va="center",
                        fontsize=8, color=ctx.theme.ink)
        ax.text(cols[li], 0.03, f"{labels[li]}\n({sizes[li]:,})", ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.08, 0.97)
    ax.set_aspect("auto")
    fig.tight_layout(pad=0.2)
    return fig
