"""Pictures of the CNN chapter's trained networks: what enters each sigmoid of a deep net
before and after training, the first layer's maps for one digit, and what each channel of the
second convolution layer responds to."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from book.experiments import cnn_anatomy as anatomy


def input_histograms(ctx, rows, *, row_labels, start_label, end_label, title, xlabel):
    """One row of histograms per network, one panel per layer: the values entering that layer's
    activation at the start of training (outline) and after it (filled).

    rows: per network, (inputs at the start, inputs after training), each a list of N×width arrays."""
    fig, axes = plt.subplots(len(rows), len(rows[0][0]), figsize=(11, 4.2), sharey="row")
    for row, (start, end) in enumerate(rows):
        for layer, ax in enumerate(axes[row]):
            lo = min(np.percentile(start[layer], 0.5), np.percentile(end[layer], 0.5))
            hi = max(np.percentile(start[layer], 99.5), np.percentile(end[layer], 99.5))
            bins = np.linspace(lo, hi, 40)
            ax.hist(start[layer].ravel(), bins=bins, density=True, histtype="step", lw=1.4,
                    color=ctx.theme.muted, label=start_label)
            ax.hist(end[layer].ravel(), bins=bins, density=True, alpha=0.75, color=ctx.theme.palette[row],
                    label=end_label)
            ax.axvline(0, color=ctx.theme.faint, lw=0.8, zorder=0)
            ax.set_yticks([])
            ax.tick_params(labelsize=7)
            if row == 0:
                ax.set_title(title(layer + 1), fontsize=9)
        axes[row][0].set_ylabel(row_labels[row], fontsize=9)
    axes[0][-1].legend(fontsize=7, loc="upper right", frameon=False)
    fig.supxlabel(xlabel, fontsize=9)
    fig.tight_layout(pad=0.4)
    return fig


def first_layer_maps(ctx, image, maps, pooled, *, image_title, map_title, pooled_label):
    """The input digit, then each first-layer map (top row) and the same map pooled (below)."""
    n = len(maps)
    fig, axes = plt.subplots(2, n + 1, figsize=(1.45 * (n + 1), 3.3))
    for ax in axes.flat:
        ax.set_axis_off()
    axes[0][0].imshow(image, cmap="gray_r")
    axes[0][0].set_title(image_title, fontsize=8)
    for i in range(n):
        axes[0][i + 1].imshow(maps[i], cmap="viridis")
        axes[0][i + 1].set_title(map_title(i + 1), fontsize=8)
        axes[1][i + 1].imshow(pooled[i], cmap="viridis")
    axes[1][0].text(0.5, 0.5, pooled_label, ha="center", va="center", fontsize=8,
                    transform=axes[1][0].transAxes)
    fig.tight_layout(pad=0.3)
    return fig


def strongest_images(ctx, r: dict, images, kernel: int, k: int, *, channel_title, dead_label, maps_label,
                     images_label):
    """Per channel of the second convolution layer (columns): its map for one digit, then the
    k images it responds to most strongly, each with the window of input pixels its strongest
    unit sees. r: what book.experiments.cnn_anatomy.conv2_responses returns."""
    maps, channels = r["maps"], r["maps"].shape[0]
    fig, axes = plt.subplots(k + 1, channels, figsize=(0.78 * channels + 0.6, 0.8 * (k + 1) + 0.4))
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ax.spines.values():
            side.set_visible(False)
    vmax = float(maps.max())
    for c in range(channels):
        axes[0][c].imshow(maps[c], cmap="viridis", vmin=0, vmax=vmax)
        axes[0][c].set_title(channel_title(c + 1), fontsize=7)
        for row in range(k):
            ax = axes[row + 1][c]
            if c in r["dead"]:
                if row == 0:
                    ax.text(0.5, 0.5, dead_label, ha="center", va="top", fontsize=7,
                            transform=ax.transAxes, color=ctx.theme.ink)
                continue
            ax.imshow(images[r["order"][row, c], 0].numpy(), cmap="gray_r")
            top, left, size = anatomy.receptive_field(*r["where"][row, c].tolist(), kernel)
            ax.add_patch(Rectangle((left - 0.5, top - 0.5), size, size, fill=False, lw=1.2,
                                   edgecolor=ctx.theme.highlight))
    axes[0][0].set_ylabel(maps_label, fontsize=7)
    axes[1][0].set_ylabel(images_label, fontsize=7)
    fig.tight_layout(pad=0.2, h_pad=0.15, w_pad=0.15)
    return fig
