"""Drawings for autoencoders and GANs: block diagrams with real images, rows of images,
latent maps, GAN progress on 2-D data and loss curves."""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, Polygon, FancyBboxPatch

from book.draw.style import DIVERGING

# Ten colours for ten digits. No ten-colour scheme is safe for every colour-vision
# deficiency, so the latent map draws each point *as its digit*; colour only helps.
# Paul Tol's "muted" (light pages) and "light" (dark pages) schemes, plus the ink colour.
TOL_MUTED = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99",
             "#999933", "#AA4499"]
TOL_LIGHT = ["#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33",
             "#AAAA00", "#DDDDDD"]


def digit_colors(ctx) -> list[str]:
    return (TOL_LIGHT if ctx.theme.name == "dark" else TOL_MUTED) + [ctx.theme.ink]


def _arrow(ax, a, b, ctx, color=None, lw=1.4, style="-|>", ls="-"):
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle=style, mutation_scale=12, lw=lw, ls=ls,
                                 color=color or ctx.theme.ink, zorder=3))


def _image(ax, img, centre, size, ctx, cmap="gray"):
    x, y = centre
    ax.imshow(img, cmap=cmap, vmin=0, vmax=1, extent=(x - size / 2, x + size / 2, y - size / 2, y + size / 2),
              zorder=2)
    ax.add_patch(FancyBboxPatch((x - size / 2, y - size / 2), size, size, boxstyle="square,pad=0",
                                fill=False, ec=ctx.theme.muted, lw=0.8, zorder=3))


def _trapezoid(ax, x0, x1, h0, h1, y, ctx, color, label, sizes_text):
    pts = [(x0, y - h0 / 2), (x1, y - h1 / 2), (x1, y + h1 / 2), (x0, y + h0 / 2)]
    ax.add_patch(Polygon(pts, closed=True, fc=color, ec=ctx.theme.ink, lw=1.0, alpha=0.85, zorder=2))
    ax.text((x0 + x1) / 2, y, label, ha="center", va="center", fontsize=11, color="#000000",
            fontweight="bold", zorder=4)
    ax.text((x0 + x1) / 2, y - max(h0, h1) / 2 - 0.08, sizes_text, ha="center", va="top", fontsize=8.5)


def autoencoder_diagram(ctx, sizes, image_in, image_out, *, t):
    """Input image → encoder (sizes[0] … sizes[-1]) → code z → decoder (mirror) → output image."""
    fig, ax = plt.subplots(figsize=(8.2, 3.0))
    ax.set_axis_off()
    y = 0.5
    _image(ax, image_in, (0.35, y), 0.55, ctx)
    ax.text(0.35, y + 0.36, t["input"], ha="center", va="bottom", fontsize=9.5)
    enc_sizes = " → ".join(f"{s:,}" for s in sizes)
    dec_sizes = " → ".join(f"{s:,}" for s in sizes[::-1])
    _trapezoid(ax, 0.9, 2.2, 0.9, 0.28, y, ctx, ctx.theme.palette[0], t["encoder"], enc_sizes)
    ax.add_patch(FancyBboxPatch((2.42, y - 0.16), 0.36, 0.32, boxstyle="round,pad=0.02",
                                fc=ctx.theme.palette[2], ec=ctx.theme.ink, lw=1.0, zorder=2))
    ax.text(2.6, y, "z", ha="center", va="center", fontsize=12, color="#000000", fontstyle="italic", zorder=4)
    ax.text(2.6, y + 0.24, t["code"], ha="center", va="bottom", fontsize=9.5)
    _trapezoid(ax, 3.0, 4.3, 0.28, 0.9, y, ctx, ctx.theme.palette[1], t["decoder"], dec_sizes)
    _image(ax, image_out, (4.85, y), 0.55, ctx)
    ax.text(4.85, y + 0.36, t["output"], ha="center", va="bottom", fontsize=9.5)
    for a, b in [((0.65, y), (0.88, y)), ((2.22, y), (2.4, y)), ((2.8, y), (2.98, y)), ((4.32, y), (4.55, y))]:
        _arrow(ax, a, b, ctx)
    # the loss compares output with input
    low = y - 0.82
    ax.plot([0.35, 0.35, 4.85, 4.85], [y - 0.3, low, low, y - 0.3], color=ctx.theme.highlight, lw=1.2)
    ax.text(2.6, low - 0.06, t["ae_loss"], ha="center", va="top", fontsize=9.5, color=ctx.theme.ink)
    ax.set_xlim(0, 5.2)
    ax.set_ylim(-0.55, 1.05)
    ax.set_aspect("equal")
    fig.tight_layout(pad=0.1)
    return fig


def image_rows(ctx, rows, labels, *, side=28, cell=0.62, label_width=2.2, gap=0.0):
    """Rows of small greyscale images with a label to the left of each row."""
    rows = [np.asarray(r).reshape(len(r), side, side) for r in rows]
    ncols = max(len(r) for r in rows)
    fig, axes = plt.subplots(len(rows), ncols, figsize=(label_width + ncols * cell, len(rows) * (cell + gap)),
                             squeeze=False)
    for r, (imgs, label) in enumerate(zip(rows, labels)):
        for c, ax in enumerate(axes[r]):
            ax.set_xticks([])
            ax.set_yticks([])
            for s in ax.spines.values():
                s.set_visible(False)
            if c < len(imgs):
                ax.imshow(imgs[c], cmap="gray", vmin=0, vmax=1)
        axes[r][0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=9.5, labelpad=8)
    fig.subplots_adjust(left=label_width / (label_width + ncols * cell), right=0.995, top=0.99, bottom=0.01,
                        wspace=0.06, hspace=0.08)
    return fig


def label_spots(points: np.ndarray, min_dist: float) -> np.ndarray:
    """Where to put one label per point so that no two labels lie closer than `min_dist`: at the
    point itself if there is room, else at the nearest free spot on rings around it (a leader
    line joins them). Labels also keep min_dist/2 away from the other points. Greedy, in order."""
    angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    offsets = [np.zeros(2)] + [r * min_dist * np.array([np.cos(a), np.sin(a)])
                               for r in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0) for a in angles]
    placed: list[np.ndarray] = []
    for k, p in enumerate(points):
        others = np.delete(points, k, 0)
        for off in offsets:
            spot = p + off
            if (all(np.linalg.norm(spot - q) >= min_dist for q in placed)
                    and np.all(np.linalg.norm(others - spot, axis=1) >= min_dist / 2)):
                break
        else:
            raise ValueError(f"no room for label {k}: lower min_dist ({min_dist:g})")
        placed.append(spot)
    return np.array(placed)


def latent_map(ctx, codes, labels, *, xlabel, ylabel, size=5.6):
    """2-D codes drawn as their digits (identity by shape, colour only as a help)."""
    colors = digit_colors(ctx)
    fig, ax = plt.subplots(figsize=(size, size))
    for d in range(10):
        pts = codes[labels == d]
        ax.scatter(pts[:, 0], pts[:, 1], marker=f"${d}$", s=26, lw=0.2, color=colors[d], alpha=0.8)
    medians = np.array([np.median(codes[labels == d], 0) for d in range(10)])
    span = float(np.ptp(codes, 0).max())
    spots = label_spots(medians, min_dist=0.085 * span)
    for d in range(10):  # a large circled label per class, moved off its median when crowded
        (mx, my), (lx, ly) = medians[d], spots[d]
        if (lx, ly) != (mx, my):
            ax.plot([mx, lx], [my, ly], color=ctx.theme.ink, lw=1.0, zorder=3)
        ax.plot([mx], [my], "o", ms=6, color=colors[d], mec=ctx.theme.ink, mew=1.0, zorder=4)
        ax.text(lx, ly, str(d), fontsize=14, fontweight="bold", ha="center", va="center", color=colors[d],
                zorder=5, bbox=dict(boxstyle="circle,pad=0.15", fc=ctx.theme.page, ec=colors[d], lw=1.5))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_aspect("equal", adjustable="datalim")
    fig.tight_layout(pad=0.3)
    return fig


def decoded_grid(ctx, images, extent, *, xlabel, ylabel, side=28, size=5.6):
    """A k×k mosaic of decoded images, placed at their latent coordinates."""
    k = int(round(np.sqrt(len(images))))
    imgs = np.asarray(images).reshape(k, k, side, side)  # row 0 = lowest z2
    mosaic = np.concatenate([np.concatenate(list(row), 1) for row in imgs[::-1]], 0)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(mosaic, cmap="gray", vmin=0, vmax=1, extent=extent)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout(pad=0.3)
    return fig


def blur_profile(ctx, profiles, labels, bars, bar_labels, *, t):
    """Left: pixel values along one image row for the original and reconstructions.
    Right: mean neighbour-pixel difference (sharpness) over the test set."""
    fig, (a, b) = plt.subplots(1, 2, figsize=(8.6, 3.2), gridspec_kw={"width_ratios": [1.6, 1]})
    styles = ["-", "--", ":"]
    for i, (p, lab) in enumerate(zip(profiles, labels)):
        a.plot(np.arange(len(p)), p, styles[i % 3], color=ctx.theme.palette[i], lw=2, label=lab, marker="o", ms=2.5)
    a.set_xlabel(t["column"])
    a.set_ylabel(t["brightness"])
    a.set_ylim(-0.05, 1.08)
    a.legend(fontsize=8.5, frameon=False, loc="upper right")
    a.set_title(t["profile_title"], fontsize=10)
    colors = [ctx.theme.palette[i] for i in range(len(bars))]
    b.bar(range(len(bars)), bars, color=colors, edgecolor=ctx.theme.ink, lw=0.6)
    for i, v in enumerate(bars):
        b.text(i, v, f"{v:.4f}", ha="center", va="bottom", fontsize=8.5)
    b.set_xticks(range(len(bars)), bar_labels, fontsize=8.5)
    b.set_ylabel(t["sharpness"])
    b.set_title(t["sharpness_title"], fontsize=10)
    fig.tight_layout(pad=0.4)
    return fig


def gan_diagram(ctx, noise, fake, real, *, t, side=14):
    """z → G → fake; real and fake → D → probability "real"; the two losses and who they train."""
    fig, ax = plt.subplots(figsize=(8.6, 3.9))
    ax.set_axis_off()
    g_col, d_col = ctx.theme.palette[0], ctx.theme.palette[1]
    # noise vector
    for i, v in enumerate(noise):
        ax.add_patch(FancyBboxPatch((0.15, 2.45 - i * 0.16), 0.22, 0.14, boxstyle="square,pad=0",
                                    fc=plt.get_cmap(DIVERGING)((v + 2.5) / 5), ec=ctx.theme.muted, lw=0.5))
    ax.text(0.26, 2.75, t["noise"], ha="center", va="bottom", fontsize=9.5)
    # generator
    ax.add_patch(Polygon([(0.75, 1.55), (1.85, 1.3), (1.85, 2.9), (0.75, 2.65)], fc=g_col, ec=ctx.theme.ink, alpha=0.9))
    ax.text(1.3, 2.1, t["generator"], ha="center", va="center", fontsize=10, fontweight="bold", color="#000000")
    _arrow(ax, (0.42, 2.1), (0.73, 2.1), ctx)
    _image(ax, fake.reshape(side, side), (2.55, 2.1), 0.7, ctx)
    ax.text(2.55, 2.5, t["fake"], ha="center", va="bottom", fontsize=9.5)
    _arrow(ax, (1.87, 2.1), (2.18, 2.1), ctx)
    _image(ax, real.reshape(side, side), (2.55, 0.55), 0.7, ctx)
    ax.text(2.55, 0.95, t["real"], ha="center", va="bottom", fontsize=9.5)
    # discriminator
    ax.add_patch(Polygon([(3.4, 0.55), (4.75, 1.05), (4.75, 1.65), (3.4, 2.15)], fc=d_col, ec=ctx.theme.ink, alpha=0.9))
    ax.text(3.98, 1.35, t["discriminator"], ha="center", va="center", fontsize=10, fontweight="bold", color="#000000")
    _arrow(ax, (2.93, 2.1), (3.38, 1.9), ctx)
    _arrow(ax, (2.93, 0.55), (3.38, 0.8), ctx)
    ax.text(5.4, 1.35, t["d_out"], ha="center", va="center", fontsize=9.5)
    _arrow(ax, (4.77, 1.35), (4.98, 1.35), ctx)
    # the two losses
    ax.text(7.55, 2.45, t["d_step"], ha="center", va="center", fontsize=9, color=ctx.theme.ink,
            bbox=dict(boxstyle="round,pad=0.35", fc="none", ec=d_col, lw=1.5))
    ax.text(7.55, 0.3, t["g_step"], ha="center", va="center", fontsize=9, color=ctx.theme.ink,
            bbox=dict(boxstyle="round,pad=0.35", fc="none", ec=g_col, lw=1.5))
    _arrow(ax, (5.8, 1.5), (6.35, 2.2), ctx, color=d_col)
    _arrow(ax, (5.8, 1.2), (6.35, 0.55), ctx, color=g_col)
    # the generator's gradient goes back from L_G through D and the fake image into G
    ax.add_patch(FancyArrowPatch((6.3, 0.15), (4.1, 0.72), connectionstyle="arc3,rad=-0.25", arrowstyle="-|>",
                                 mutation_scale=12, lw=1.3, ls="--", color=g_col, zorder=1))
    ax.add_patch(FancyArrowPatch((3.7, 2.25), (1.45, 2.95), connectionstyle="arc3,rad=0.35", arrowstyle="-|>",
                                 mutation_scale=12, lw=1.3, ls="--", color=g_col, zorder=1))
    ax.text(4.4, 3.05, t["g_grad"], ha="left", va="center", fontsize=8.5, color=ctx.theme.ink)
    ax.set_xlim(0, 9.2)
    ax.set_ylim(-0.2, 3.45)
    ax.set_aspect("equal")
    fig.tight_layout(pad=0.1)
    return fig


def gan_2d_progress(ctx, steps, samples, critic, extent, centres, radius_3sd, titles, *, cbar_label, ncols=3):
    """One panel per snapshot: D(x) as a pale background (blue = "fake", red = "real"),
    the true modes as rings of radius 3σ, the generator's samples as dots. The panels are
    opaque and pale in both themes, so black dots read on every background colour."""
    from matplotlib.colors import ListedColormap

    base = plt.get_cmap(DIVERGING)(np.linspace(0, 1, 256))
    pale = ListedColormap(0.55 * base + 0.45 * np.ones_like(base))
    n = len(steps)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.7 * ncols + 0.6, 2.95 * nrows), squeeze=False)
    im = None
    for ax, s, pts, crit, title in zip(axes.flat, steps, samples, critic, titles):
        im = ax.imshow(crit, origin="lower", extent=(-extent, extent, -extent, extent), cmap=pale,
                       vmin=0, vmax=1, interpolation="bilinear")
        for c in centres:
            ax.add_patch(Circle(c, radius_3sd, fill=False, ec="#000000", lw=1.0))
        ax.scatter(pts[:, 0], pts[:, 1], s=2.5, color="#000000", alpha=0.7, lw=0)
        ax.set_xlim(-extent, extent)
        ax.set_ylim(-extent, extent)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title, fontsize=9.5)
    for ax in list(axes.flat)[n:]:
        ax.set_axis_off()
    fig.tight_layout(pad=0.3)
    cbar = fig.colorbar(im, ax=list(axes.flat), shrink=0.7, pad=0.02)
    cbar.set_label(cbar_label)
    cbar.outline.set_edgecolor(ctx.theme.muted)
    return fig


def gan_losses(ctx, history, *, t, ideal):
    """Left: both losses per step with their equilibrium values; right: mean D on real and fake."""
    steps = [r["step"] for r in history]
    fig, (a, b) = plt.subplots(1, 2, figsize=(8.6, 3.1))
    d_col, g_col = ctx.theme.palette[1], ctx.theme.palette[0]
    a.plot(steps, [r["d_loss"] for r in history], color=d_col, lw=1.6, label=t["d_loss"])
    a.plot(steps, [r["g_loss"] for r in history], color=g_col, lw=1.6, ls="--", label=t["g_loss"])
    for v, col in zip(ideal, (d_col, g_col)):
        a.axhline(v, color=col, lw=0.8, ls=":")
    a.text(steps[-1], ideal[0], "2 ln 2", ha="right", va="bottom", fontsize=8, color=ctx.theme.muted)
    a.text(steps[-1], ideal[1], "ln 2", ha="right", va="bottom", fontsize=8, color=ctx.theme.muted)
    a.set_xlabel(t["step"])
    a.set_ylabel(t["loss"])
    a.legend(fontsize=8.5, frameon=False)
    b.plot(steps, [r["d_real"] for r in history], color=d_col, lw=1.6, label=t["d_real"])
    b.plot(steps, [r["d_fake"] for r in history], color=g_col, lw=1.6, ls="--", label=t["d_fake"])
    b.axhline(0.5, color=ctx.theme.muted, lw=0.8, ls=":")
    b.set_ylim(0, 1)
    b.set_xlabel(t["step"])
    b.set_ylabel(t["d_mean"])
    b.legend(fontsize=8.5, frameon=False)
    fig.tight_layout(pad=0.4)
    return fig
