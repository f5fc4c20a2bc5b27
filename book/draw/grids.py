"""Grids of small images: digits, weight templates, samples with labels."""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from book.draw.style import DIVERGING


def _grid(n: int, ncols: int, cell: float, title_space: float):
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * cell, nrows * (cell + title_space)),
                             squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    return fig, axes.flat


def image_grid(ctx, images, titles=None, *, ncols: int = 10, cell: float = 1.0, cmap="gray",
               title_colors=None, suptitle: str | None = None):
    """Images (N×H×W grayscale or N×H×W×3 RGB, uint8 or [0,1]) in a grid with optional titles."""
    fig, axes = _grid(len(images), ncols, cell, 0.35 if titles else 0.0)
    for i, (ax, img) in enumerate(zip(axes, images)):
        ax.imshow(img, cmap=None if np.ndim(img) == 3 else cmap)
        if titles:
            color = title_colors[i] if title_colors else ctx.theme.ink
            ax.set_title(titles[i], fontsize=8, color=color, pad=3)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout(pad=0.3)
    return fig


def weight_templates(ctx, weights, titles, *, shape=(28, 28), ncols: int = 5, cell: float = 1.4,
                     colorbar: bool = True, suptitle: str | None = None):
    """Rows of a weight matrix drawn as images, one shared symmetric colour scale.

    Greyscale weights (shape H×W) use a diverging map centred on zero: red pixels push the
    neuron's output up, blue ones push it down. RGB weights (shape H×W×3) are rescaled
    to [0, 1] per template so their colours can be seen.
    """
    w = np.asarray(weights)
    fig, axes = _grid(len(w), ncols, cell, 0.35)
    limit = float(np.abs(w).max())
    im = None
    for ax, row, title in zip(axes, w, titles):
        img = row.reshape(shape)
        if img.ndim == 3:
            lo, hi = img.min(), img.max()
            ax.imshow((img - lo) / (hi - lo + 1e-12))
        else:
            im = ax.imshow(img, cmap=DIVERGING, vmin=-limit, vmax=limit)
        ax.set_title(title, fontsize=9, pad=3)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout(pad=0.3)
    if colorbar and im is not None:
        cbar = fig.colorbar(im, ax=list(fig.axes), shrink=0.8, pad=0.02)
        cbar.set_label(ctx.t("weight"))
        cbar.outline.set_edgecolor(ctx.theme.muted)
    return fig
