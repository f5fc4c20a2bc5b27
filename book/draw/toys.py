"""Composite figures for 2-D toy classifiers (topology chapter): decision regions side by side,
input vs hidden plane, a network's best attempt, a 3-D lift, k-NN, PCA spectra, a link."""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from book.draw import beyond, planes


def _score(ctx, trained) -> str:
    m = trained.metrics
    return ctx.t("acc_loss", acc=f"{100 * m['test_accuracy']:.1f}", loss=f"{m['final_train_loss']:.3g}")


def regions_panels(ctx, nets, titles, x, y, lim, *, with_history: bool = False, cell: float = 3.0):
    """Decision regions of several trained nets on the same test points (+ their loss curves)."""
    n = len(nets) + (1 if with_history else 0)
    fig, axes = plt.subplots(1, n, figsize=(cell * n + (0.6 if with_history else 0), cell + 0.6), squeeze=False)
    for ax, trained, title in zip(axes[0], nets, titles):
        planes.regions(ctx, ax, trained.model, lim)
        planes.scatter(ctx, ax, x, y, size=6)
        ax.set_title(f"{title}\n{_score(ctx, trained)}", fontsize=9)
    if with_history:
        ax = axes[0][-1]
        for i, (trained, title) in enumerate(zip(nets, titles)):
            h = trained.history
            ax.plot([r["epoch"] for r in h], [r["train_loss"] for r in h], color=ctx.theme.palette[2 + i],
                    ls=("-", "--")[i % 2], label=title)
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # no mathtext minus
        ax.set_xlabel(ctx.t("steps"))
        ax.set_ylabel(ctx.t("train_loss"))
        ax.legend(fontsize=8, frameon=False)
        ax.set_box_aspect(1)
    fig.tight_layout(pad=0.4, w_pad=2.5)
    return fig


def input_and_hidden(ctx, kf, y, abc, *, cell: float = 3.2):
    """The input plane with its grid, and the same grid and points in the hidden layer."""
    boxes = planes.view_box(kf)
    last = len(kf["points"]) - 1
    fig, axes = plt.subplots(1, 2, figsize=(2 * cell, cell + 0.4))
    planes.frame(ctx, axes[0], kf, y, 0, boxes, title=ctx.t("input_space"))
    planes.frame(ctx, axes[1], kf, y, last, boxes, abc=abc, title=ctx.t("hidden_space"))
    fig.tight_layout(pad=0.4)
    return fig


def layer_kinds(ctx, weights, b, *, lim: float = 1.0, cell: float = 2.6):
    """A grid, then tanh(Wx + b) for each W: invertible W bends the grid, singular W flattens it."""
    def panels(p):
        return np.stack([p] + [np.tanh(p @ w.T + b) for w in weights])
    lines = planes.dense_lines(lim, 9, panels, 0.006 * 2.2)  # 2.2: the side of every panel
    fig, axes = plt.subplots(1, 1 + len(weights), figsize=(cell * (1 + len(weights)), cell + 0.5))
    titles = [ctx.t("grid_before")] + [ctx.t("grid_after", det=f"{np.linalg.det(w):.2f}") for w in weights]
    for i, (ax, title) in enumerate(zip(axes, titles)):
        out = [line[i] for line in lines]
        planes.warped_grid(ctx, ax, out, lw=0.8)
        # one coloured line to follow: the middle vertical line of the grid
        mid = out[len(out) // 4]
        ax.plot(mid[:, 0], mid[:, 1], color=ctx.theme.highlight, lw=1.8)
        planes.square_axes(ax, (-1.1, 1.1, -1.1, 1.1))
        ax.set_title(title, fontsize=9)
    fig.tight_layout(pad=0.4)
    return fig


def attempt(ctx, trained, kf, y, lim, abc, *, cell: float = 3.0):
    """A 2-unit network's best try at a disk inside a ring: input regions, its last layer, and
    how hard it stretches the plane where (local stretch over the input plane)."""
    fig, axes = plt.subplots(1, 3, figsize=(3 * cell + 0.6, cell + 0.6))
    planes.regions(ctx, axes[0], trained.model, lim)
    planes.scatter(ctx, axes[0], kf["points"][0], y, size=5)
    axes[0].set_title(f"{ctx.t('input_space')}\n{_score(ctx, trained)}", fontsize=9)
    planes.frame(ctx, axes[1], kf, y, len(kf["points"]) - 1, kf["boxes"], abc=abc, size=5)
    axes[1].set_title(ctx.t("last_hidden"), fontsize=9)
    beyond.stretch_map(ctx, axes[2], trained.model, kf["points"][0], y, lim)
    axes[2].set_title(ctx.t("stretch_title"), fontsize=9)
    fig.tight_layout(pad=0.4)
    return fig


def lift_3d(ctx, trained, x, y, lim, *, cell: float = 3.2):
    """Input regions of a 3-unit network, and its hidden layer in 3-D with the separating plane."""
    fig = plt.figure(figsize=(2 * cell + 0.4, cell + 0.6))
    ax0 = fig.add_subplot(1, 2, 1)
    planes.regions(ctx, ax0, trained.model, lim)
    planes.scatter(ctx, ax0, x, y, size=5)
    ax0.set_title(f"{ctx.t('input_space')}\n{_score(ctx, trained)}", fontsize=9)
    ax = fig.add_subplot(1, 2, 2, projection="3d")
    h = planes.hidden_states(trained.model, x)[1]
    pal = ctx.theme.palette
    for c in (0, 1):
        s = y == c
        ax.scatter(h[s, 0], h[s, 1], h[s, 2], s=5, color=pal[c], marker=planes.MARKERS[c], depthshade=False)
    a = planes.boundary(trained.model)  # a[0:3]·h + a[3] = 0
    k = int(np.argmax(np.abs(a[:3])))
    u, v = np.meshgrid(np.linspace(-1, 1, 8), np.linspace(-1, 1, 8))
    free = [i for i in range(3) if i != k]
    coords = [None] * 3
    coords[free[0]], coords[free[1]] = u, v
    coords[k] = np.clip(-(a[free[0]] * u + a[free[1]] * v + a[3]) / a[k], -1.05, 1.05)
    ax.plot_wireframe(*coords, color=ctx.theme.muted, lw=0.5)
    for setter in (ax.set_xlim, ax.set_ylim, ax.set_zlim):
        setter(-1, 1)
    ax.set_xticks([]), ax.set_yticks([]), ax.set_zticks([])
    ax.xaxis.pane.fill = ax.yaxis.pane.fill = ax.zaxis.pane.fill = False
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.pane.set_edgecolor(ctx.theme.muted)
        axis.line.set_color(ctx.theme.muted)
    ax.view_init(elev=18, azim=-60)
    ax.set_title(ctx.t("hidden_3d"), fontsize=9)
    fig.tight_layout(pad=0.4)
    return fig


def hopf_link(ctx, *, size: float = 3.4):
    """Two rings, each through the other's hole: no continuous motion in 3-D pulls them apart."""
    t = np.linspace(0, 2 * np.pi, 200)
    a = np.stack([np.cos(t), np.sin(t), 0 * t], 1)
    b = np.stack([1 + np.cos(t), 0 * t, np.sin(t)], 1)
    fig = plt.figure(figsize=(size, size * 0.8))
    ax = fig.add_subplot(projection="3d")
    for ring, c in ((a, 0), (b, 1)):
        ax.plot(*ring.T, color=ctx.theme.palette[c], lw=3)
    ax.set_axis_off()
    ax.set_box_aspect((3, 2, 2))
    ax.view_init(elev=25, azim=-70)
    fig.subplots_adjust(0, 0, 1, 1)
    return fig


def explained(a: np.ndarray) -> np.ndarray:
    """Cumulative fraction of variance held by the first k principal directions."""
    s = np.linalg.svd(a - a.mean(0), compute_uv=False) ** 2
    return np.cumsum(s) / s.sum()


def explained_plot(ctx, curves: dict, *, size=(5.2, 3.2)):
    fig, ax = plt.subplots(figsize=size)
    for i, (name, c) in enumerate(curves.items()):
        k = np.arange(1, len(c) + 1)
        ax.plot(k, c, color=ctx.theme.palette[i], ls=("-", "--")[i], lw=2, label=ctx.t(f"pca_{name}"))
        k90 = int(np.searchsorted(c, 0.9) + 1)
        ax.plot([k90], [c[k90 - 1]], "o", color=ctx.theme.palette[i])
        ax.annotate(str(k90), (k90, c[k90 - 1]), textcoords="offset points", xytext=(6, -12), fontsize=9)
    ax.axhline(0.9, color=ctx.theme.muted, lw=0.8, ls=":")
    ax.set_xscale("log")
    ax.set_xlabel(ctx.t("pca_components"))
    ax.set_ylabel(ctx.t("pca_variance"))
    ax.legend(frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def knn_predict(xtr, ytr, x, k: int) -> np.ndarray:
    """Majority vote of the k nearest training points (ties go to class 1; k is odd here)."""
    d = ((x[:, None, :] - xtr[None, :, :]) ** 2).sum(-1)
    nearest = np.argsort(d, axis=1, kind="stable")[:, :k]
    return (ytr[nearest].mean(1) > 0.5).astype(int)


def knn_panels(ctx, xtr, ytr, xte, yte, ks, accs, lim, *, cell: float = 2.5, res: int = 160):
    cmap = planes.region_cmap(ctx)
    s = np.linspace(-lim, lim, res)
    xx, yy = np.meshgrid(s, s)
    plane = np.stack([xx.ravel(), yy.ravel()], 1)
    fig, axes = plt.subplots(1, len(ks), figsize=(cell * len(ks), cell + 0.5))
    for ax, k, acc in zip(axes, ks, accs):
        p = knn_predict(xtr, ytr, plane, k).reshape(res, res)
        ax.imshow(p, extent=(-lim, lim, -lim, lim), origin="lower", cmap=cmap, vmin=0, vmax=1)
        planes.scatter(ctx, ax, xte, yte, size=4)
        planes.square_axes(ax, (-lim, lim, -lim, lim))
        ax.set_title(ctx.t("knn_title", k=k, acc=f"{100 * acc:.1f}"), fontsize=9)
    fig.tight_layout(pad=0.4)
    return fig
