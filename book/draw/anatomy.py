"""Figures that take a trained classifier apart: one neuron's weighted sum drawn unrolled
and rolled up, sample grids arranged by confusion-matrix cell, hidden-layer weights with
their outgoing bars, and accuracy-by-depth charts."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle

from book.draw.style import DIVERGING


def _off(ax):
    ax.set_axis_off()
    return ax


def unrolled_neuron(ctx, digit, w, b, *, z_label: str, pixels_label: str, weights_label: str):
    """A digit (28×28) unrolled into a column of 784 input pixels, each connected to one
    output neuron by a line coloured by its weight: the picture behind z = b + Σ wᵢxᵢ."""
    x = np.asarray(digit, dtype=float).reshape(-1)
    w = np.asarray(w, dtype=float).reshape(-1)
    z = b + float(w @ x)
    limit = float(np.abs(w).max())
    cmap, norm = plt.get_cmap(DIVERGING), Normalize(-limit, limit)
    fig = plt.figure(figsize=(6.4, 3.8))
    ax_img = _off(fig.add_axes([0.0, 0.3, 0.2, 0.4]))
    ax_img.imshow(x.reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
    ax_img.set_title(pixels_label, fontsize=9)
    ax_col = _off(fig.add_axes([0.3, 0.04, 0.035, 0.9]))
    ax_col.imshow(x.reshape(-1, 1), cmap="gray_r", vmin=0, vmax=1, aspect="auto")
    ax_col.add_patch(Rectangle((-0.5, -0.5), 1, 784, fill=False, edgecolor=ctx.theme.muted, lw=0.8))
    ax_col.text(-1.2, 0, "$x_1$", ha="right", va="center", fontsize=9)
    ax_col.text(-1.2, 783, "$x_{784}$", ha="right", va="center", fontsize=9)
    ax = _off(fig.add_axes([0.335, 0.04, 0.5, 0.9]))
    ax.set_xlim(0, 1)
    ax.set_ylim(783.5, -0.5)
    order = np.argsort(np.abs(w))  # strongest lines drawn last, on top
    for i in order[np.abs(w[order]) > 0.02 * limit]:  # the rest would be invisible anyway
        a = abs(w[i]) / limit
        ax.plot([0, 0.9], [i, 391.5], color=cmap(norm(w[i])), lw=0.3 + 1.2 * a, alpha=0.15 + 0.7 * a)
    ax.plot([0.9], [391.5], "o", ms=24, color=ctx.theme.palette[0], mec=ctx.theme.ink, zorder=3)
    ax.text(0.9, 391.5, "z", ha="center", va="center", color="white", fontsize=11, zorder=4)
    ax.text(0.5, 820, f"{weights_label}: $w_1, \\ldots, w_{{784}}$", ha="center", va="top", fontsize=9,
            color=ctx.theme.ink, clip_on=False)
    ax_txt = _off(fig.add_axes([0.84, 0.3, 0.16, 0.4]))
    ax_txt.text(0.0, 0.5, f"$z = b + \\Sigma\\, w_i x_i$\n$= {z:.2f}$\n\n{z_label}", va="center", fontsize=9,
                linespacing=1.6)
    cax = fig.add_axes([0.42, 0.955, 0.3, 0.025])
    cb = fig.colorbar(plt.cm.ScalarMappable(norm, cmap), cax=cax, orientation="horizontal")
    cb.ax.tick_params(labelsize=7)
    cb.outline.set_edgecolor(ctx.theme.muted)
    return fig


def rolled_product(ctx, digit, w, b, *, titles: list[str], z_label: str):
    """The same sum with the weights folded back onto the 28×28 grid: x, w, their
    pixel-by-pixel product, and the total."""
    x = np.asarray(digit, dtype=float).reshape(28, 28)
    w = np.asarray(w, dtype=float).reshape(28, 28)
    prod = w * x
    z = b + float(prod.sum())
    limit = float(np.abs(w).max())
    fig, axes = plt.subplots(1, 4, figsize=(7.6, 2.4), gridspec_kw={"width_ratios": [1, 1, 1, 0.9]})
    panels = [(x, "gray_r", 0, 1), (w, DIVERGING, -limit, limit), (prod, DIVERGING, -limit, limit)]
    for ax, (img, cmap, lo, hi), title in zip(axes, panels, titles):
        _off(ax).imshow(img, cmap=cmap, vmin=lo, vmax=hi)
        ax.add_patch(Rectangle((-0.5, -0.5), 28, 28, fill=False, edgecolor=ctx.theme.muted, lw=0.8))
        ax.set_title(title, fontsize=9)
    for ax, sym in zip(axes[:2], ["×", "="]):
        ax.text(1.1, 0.5, sym, transform=ax.transAxes, ha="center", va="center", fontsize=16)
    _off(axes[3]).text(0.05, 0.5, f"$z = b + \\Sigma\\,(w \\cdot x)$\n$= {b:.2f} {'+' if z - b >= 0 else '-'} "
                       f"{abs(z - b):.2f}$\n$= {z:.2f}$\n\n{z_label}", va="center", fontsize=9,
                       transform=axes[3].transAxes, linespacing=1.6)
    fig.tight_layout(w_pad=1.5)
    return fig


def labelled_rows(ctx, rows, *, cell: float = 1.15):
    """Rows of small images, each row with a heading: rows = [(heading, images, titles)]."""
    ncols = max(len(r[1]) for r in rows)
    fig, axes = plt.subplots(len(rows), ncols, figsize=(ncols * cell, len(rows) * (cell + 0.95)),
                             squeeze=False)
    for r, (heading, images, titles) in enumerate(rows):
        for c in range(ncols):
            ax = _off(axes[r, c])
            if c < len(images):
                ax.imshow(images[c], cmap="gray_r", vmin=0, vmax=255)
                ax.set_title(titles[c], fontsize=7.5, pad=2)
        axes[r, 0].text(0, 1.6, heading, transform=axes[r, 0].transAxes, fontsize=9.5,
                        fontweight="bold", va="bottom")
    fig.tight_layout(h_pad=2.2, w_pad=0.4)
    return fig


def samples_by_cell(ctx, images, champions: dict, labels: list[str], *, cmap="gray_r",
                    cell: float = 0.62):
    """A confusion-matrix-shaped grid: in cell (true, predicted) the sample the network was
    most confident about; empty cells stay blank; the diagonal is outlined."""
    n = len(labels)
    fig, axes = plt.subplots(n, n, figsize=(n * cell + 0.8, n * cell + 0.8), squeeze=False)
    for t in range(n):
        for p in range(n):
            ax = axes[t, p]
            ax.set_xticks([])
            ax.set_yticks([])
            for side in ax.spines.values():
                side.set_visible(t == p)
                side.set_edgecolor(ctx.theme.highlight)
                side.set_linewidth(2)
            if (t, p) in champions:
                img = images[champions[(t, p)][0]]
                ax.imshow(img, cmap=None if np.ndim(img) == 3 else cmap, vmin=0, vmax=255)
            else:
                ax.set_facecolor("none")
            if p == 0:
                ax.set_ylabel(labels[t], rotation=0, ha="right", va="center", fontsize=9)
            if t == n - 1:
                ax.set_xlabel(labels[p], fontsize=9)
    fig.supxlabel(ctx.t("predicted_class"), fontsize=10)
    fig.supylabel(ctx.t("true_class"), fontsize=10)
    fig.tight_layout(pad=0.3, h_pad=0.15, w_pad=0.15)
    return fig


def hidden_layer(ctx, w1, w2, *, class_labels: list[str], hidden_titles: list[str],
                 shape=(28, 28)):
    """Top row: the first-layer weights of each hidden neuron as an image. Below, one row per
    output class: bars of that class's weights to the hidden neurons, each bar under its image."""
    w1, w2 = np.asarray(w1), np.asarray(w2)
    h, c = w1.shape[0], w2.shape[0]
    fig = plt.figure(figsize=(8.4, 1.5 + 0.42 * c))
    gs = fig.add_gridspec(1 + c, h + 1, height_ratios=[3.0] + [1] * c, width_ratios=[0.4] + [1] * h,
                          hspace=0.3, wspace=0.08)
    limit = float(np.abs(w1).max())
    for j in range(h):
        ax = _off(fig.add_subplot(gs[0, j + 1]))
        ax.imshow(w1[j].reshape(shape), cmap=DIVERGING, vmin=-limit, vmax=limit)
        ax.set_title(hidden_titles[j], fontsize=8, pad=2)
    blim = float(np.abs(w2).max()) * 1.05
    tick = np.floor(blim * 0.95 * 2) / 2 or round(blim * 0.9, 1)  # a round value inside the range
    # the images' colour scale for the bars too: red positive, blue negative, in every panel
    cmap = plt.get_cmap(DIVERGING)
    pos, neg = cmap(0.88), cmap(0.12)
    for i in range(c):
        ax = fig.add_subplot(gs[i + 1, 1:])
        ax.bar(np.arange(h), w2[i], width=0.6, color=[pos if v >= 0 else neg for v in w2[i]])
        ax.axhline(0, color=ctx.theme.muted, lw=0.6)
        ax.set_xlim(-0.5, h - 0.5)
        ax.set_ylim(-blim, blim)
        for side in ("top", "bottom", "left"):
            ax.spines[side].set_visible(False)
        ax.set_xticks([])
        ax.yaxis.tick_right()  # the same value scale on every row
        ax.set_yticks([-tick, 0, tick], [f"{-tick:+.1f}", "0", f"{tick:+.1f}"], fontsize=6)
        ax.tick_params(axis="y", length=2, pad=1, colors=ctx.theme.muted)
        lab = _off(fig.add_subplot(gs[i + 1, 0]))
        lab.text(0.5, 0.5, class_labels[i], ha="center", va="center", fontsize=9, fontweight="bold")
    return fig


def accuracy_by_depth(ctx, groups: list[str], depth_labels: list[str], acc, *, ylabel: str,
                      seed_label: str, range_label: str):
    """One panel per data set (group), each on its own accuracy scale so that the spread over
    seeds shows: a dot per seed, and for each depth the mean (bar) with its min–max range.
    `acc[g][d]` is the list of per-seed test accuracies of group g and depth d."""
    fig, axes = plt.subplots(1, len(groups), figsize=(6.4, 3.0))
    for ax, name, rows in zip(np.atleast_1d(axes), groups, acc):
        for d, seeds in enumerate(rows):
            seeds = 100 * np.asarray(seeds)
            colour = ctx.theme.palette[d]
            ax.errorbar([d], [seeds.mean()], yerr=[[seeds.mean() - seeds.min()], [seeds.max() - seeds.mean()]],
                        fmt="_", markersize=22, mew=2.2, capsize=7, color=colour, ecolor=colour, lw=1.2,
                        label=range_label if d == 0 else None)
            jitter = np.linspace(-0.12, 0.12, len(seeds))
            ax.plot(d + jitter, seeds, "o", ms=3.5, mfc="none", mec=ctx.theme.ink, mew=0.8,
                    label=seed_label if d == 0 else None)
        ax.set_xticks(range(len(depth_labels)), depth_labels, fontsize=8)
        ax.set_xlim(-0.6, len(depth_labels) - 0.4)
        ax.margins(y=0.15)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.1f}%")
        ax.set_title(name, fontsize=10)
        ax.grid(axis="y", color=ctx.theme.muted, lw=0.4, alpha=0.4)
    np.atleast_1d(axes)[0].set_ylabel(ylabel)
    np.atleast_1d(axes)[0].legend(frameon=False, fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig
