"""Confusion matrices: counting them, and drawing them with every count written in."""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from book.draw.style import SEQUENTIAL


def confusion_matrix(y_true, y_pred, n_classes: int) -> np.ndarray:
    """cm[i, j] = how many samples of true class i were predicted as class j."""
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return cm


def draw_confusion(ctx, cm: np.ndarray, labels: list[str], *, size: float = 6.0):
    """Counts in every cell, colour on a log scale (the diagonal dwarfs the mistakes
    otherwise), the diagonal outlined in the theme's highlight colour."""
    n = len(labels)
    fig, ax = plt.subplots(figsize=(size, size * 0.92))
    shade = np.log1p(cm)
    ax.imshow(shade, cmap=SEQUENTIAL, vmin=0, vmax=shade.max())
    for i in range(n):
        for j in range(n):
            dark_cell = shade[i, j] < 0.6 * shade.max()  # viridis is dark at the low end
            ax.text(j, i, f"{cm[i, j]:,}", ha="center", va="center",
                    fontsize=7 if cm[i, j] >= 1000 else 8,
                    color="white" if dark_cell else "black")
        ax.add_patch(Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False,
                               edgecolor=ctx.theme.highlight, linewidth=2))
    ax.set_xticks(range(n), labels, rotation=45 if max(map(len, labels)) > 3 else 0, ha="right"
                  if max(map(len, labels)) > 3 else "center")
    ax.set_yticks(range(n), labels)
    ax.set_xlabel(ctx.t("predicted_class"))
    ax.set_ylabel(ctx.t("true_class"))
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    fig.tight_layout()
    return fig
