"""Figures for the second half of Olah's essay (topology chapter): where a network that cannot
untangle stretches the plane, k-NN as the final layer, the 1-D interval, a flow that untwists
spirals, and k-NN on raw pixels."""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
import torch
from matplotlib.colors import LogNorm
from matplotlib.ticker import FuncFormatter, NullFormatter

from book.draw import planes
from book.nets.soft_knn import soft_vote
from book.nets.twist_flow import flow


def _plane(lim: float, res: int):
    s = np.linspace(-lim, lim, res)
    xx, yy = np.meshgrid(s, s)
    return xx, yy, np.stack([xx.ravel(), yy.ravel()], 1)


def stretch_map(ctx, ax, model, x, y, lim: float, *, res: int = 200):
    """Heat map of the local stretch (largest singular value of the Jacobian, log colour scale)
    over the input plane, the data on top and the decision boundary as a line."""
    xx, yy, plane = _plane(lim, res)
    sigma = planes.stretch(model, plane).reshape(res, res)
    im = ax.imshow(sigma, extent=(-lim, lim, -lim, lim), origin="lower", cmap="cividis",
                   norm=LogNorm(vmin=sigma.min(), vmax=sigma.max()), zorder=0)
    p = planes.probability(model, plane).reshape(res, res)
    ax.contour(xx, yy, p, levels=[0.5], colors=[ctx.theme.page], linewidths=0.9, linestyles="--", zorder=2)
    planes.scatter(ctx, ax, x, y, size=4, alpha=0.8)
    planes.square_axes(ax, (-lim, lim, -lim, lim))
    cb = ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.03)
    cb.set_label(ctx.t("stretch_label"), fontsize=8)
    cb.ax.tick_params(labelsize=7)
    cb.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"1e{np.log10(v):.0f}"))
    cb.ax.yaxis.set_minor_formatter(NullFormatter())
    return sigma


@torch.no_grad()
def knn_head(ctx, trained, train_split, x, y, lim: float, *, res: int = 160, cell: float = 3.0):
    """Soft k-NN as the final layer: its regions over the input plane, and over the learned
    representation with the training points (the voters) in it."""
    model, tau = trained.model, float(trained.spec.extra.get("tau", 0.05))
    ref = model(train_split.x)

    def vote(z):
        return soft_vote(torch.as_tensor(z, dtype=torch.float32), ref, train_split.y, tau).argmax(1).numpy()

    cmap = planes.region_cmap(ctx)
    fig, axes = plt.subplots(1, 2, figsize=(2 * cell, cell + 0.6))
    _, _, plane = _plane(lim, res)
    axes[0].imshow(vote(model(torch.as_tensor(plane, dtype=torch.float32))).reshape(res, res),
                   extent=(-lim, lim, -lim, lim), origin="lower", cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    planes.scatter(ctx, axes[0], x, y, size=5)
    planes.square_axes(axes[0], (-lim, lim, -lim, lim))
    acc = f"{100 * trained.metrics['test_accuracy']:.1f}"
    axes[0].set_title(f"{ctx.t('input_space')}\n{ctx.t('test_accuracy', acc=acc)}", fontsize=9)
    z = ref.numpy()
    lo, hi = z.min(0), z.max(0)
    pad = 0.08 * (hi - lo).max()
    box = (lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad)
    s0, s1 = np.linspace(box[0], box[1], res), np.linspace(box[2], box[3], res)
    zz = np.stack(np.meshgrid(s0, s1), -1).reshape(-1, 2)
    axes[1].imshow(vote(zz).reshape(res, res), extent=box, origin="lower", cmap=cmap, vmin=0, vmax=1,
                   interpolation="nearest", aspect="auto")
    planes.scatter(ctx, axes[1], z, train_split.y.numpy(), size=5)
    axes[1].set_xlim(box[0], box[1]), axes[1].set_ylim(box[2], box[3])
    axes[1].set_xticks([]), axes[1].set_yticks([])
    axes[1].set_title(ctx.t("knn_representation"), fontsize=9)
    fig.tight_layout(pad=0.4)
    return fig


def interval_panels(ctx, narrow, wide, x, y, *, cell: float = 3.0):
    """Left: P(class B) along the line for 1-unit layers (monotone pieces cannot carve out the
    middle). Right: the 2-unit hidden layer bends the line into the plane, where a line separates."""
    fig, axes = plt.subplots(1, 2, figsize=(2 * cell + 0.6, cell + 0.4))
    line = np.linspace(-1, 1, 400)[:, None]
    ax = axes[0]
    ax.plot(line[:, 0], planes.probability(narrow.model, line), color=ctx.theme.ink, lw=1.5)
    for c in (0, 1):
        s = y == c
        ax.scatter(x[s, 0], np.full(s.sum(), -0.08), s=9, marker=planes.MARKERS[c], color=ctx.theme.palette[c],
                   linewidths=0)
    ax.axhline(0.5, color=ctx.theme.muted, lw=0.8, ls=":")
    ax.set_ylim(-0.15, 1.05)
    ax.set_xlabel("x")
    ax.set_ylabel(ctx.t("p_class_b"))
    acc = f"{100 * narrow.metrics['test_accuracy']:.1f}"
    ax.set_title(f"{ctx.t('interval_narrow')}\n{ctx.t('test_accuracy', acc=acc)}", fontsize=9)
    ax = axes[1]
    curve = planes.hidden_states(wide.model, line)[1]
    ax.plot(curve[:, 0], curve[:, 1], color=ctx.theme.muted, lw=1)
    planes.scatter(ctx, ax, planes.hidden_states(wide.model, x)[1], y, size=9)
    box = planes.view_box({"points": [curve]})[0]
    planes.line(ctx, ax, planes.boundary(wide.model), box)
    planes.square_axes(ax, box)
    acc = f"{100 * wide.metrics['test_accuracy']:.1f}"
    ax.set_title(f"{ctx.t('interval_wide')}\n{ctx.t('test_accuracy', acc=acc)}", fontsize=9)
    fig.tight_layout(pad=0.4)
    return fig


def flow_panels(ctx, trained, x, y, lim: float, times, *, cell: float = 2.3, max_chord: float = 0.006):
    """The twist flow at several times: grid lines (densely sampled) and points; at the end the
    linear classifier's boundary."""
    k = float(trained.model[0].k.detach())
    lines = planes.dense_lines(lim, 9, lambda p: np.stack([flow(k, p, t) for t in times]), 2 * lim * max_chord)
    fig, axes = plt.subplots(1, len(times), figsize=(cell * len(times), cell + 0.4))
    box = (-lim, lim, -lim, lim)
    for i, (ax, t) in enumerate(zip(axes, times)):
        planes.warped_grid(ctx, ax, [line[i] for line in lines])
        planes.scatter(ctx, ax, flow(k, x, t), y, size=5)
        if i == len(times) - 1:
            w, b = (p.detach().double().numpy() for p in trained.model[1].parameters())
            planes.line(ctx, ax, np.concatenate([w[1] - w[0], [b[1] - b[0]]]), box)
        planes.square_axes(ax, box)
        ax.set_title(ctx.t("flow_time", t=f"{t:.2f}".rstrip("0").rstrip(".")), fontsize=9)
    fig.tight_layout(pad=0.4)
    return fig


def accuracy_bars(ctx, groups: list[str], ks: list[int], accs: dict, *, size=(5.0, 3.0)):
    """Grouped bars: accuracy of k-NN on raw pixels per data set and k, with chance (10%)."""
    fig, ax = plt.subplots(figsize=size)
    width = 0.8 / len(ks)
    for j, k in enumerate(ks):
        xs = np.arange(len(groups)) + (j - (len(ks) - 1) / 2) * width
        vals = [accs[(g, k)] for g in groups]
        ax.bar(xs, vals, width * 0.9, color=ctx.theme.palette[j], label=f"k = {k}",
               hatch=("", "//")[j % 2], edgecolor=ctx.theme.page)
        for xv, v in zip(xs, vals):
            ax.annotate(f"{100 * v:.1f}%", (xv, v), textcoords="offset points", xytext=(0, 3), ha="center", fontsize=8)
    ax.axhline(0.1, color=ctx.theme.muted, lw=0.8, ls=":")
    ax.annotate(ctx.t("chance"), (len(groups) - 0.5, 0.1), textcoords="offset points", xytext=(0, 3),
                ha="right", fontsize=8, color=ctx.theme.ink)
    ax.set_xticks(np.arange(len(groups)), [ctx.t(f"data_{g}") for g in groups])
    ax.set_ylim(0, 1.08)
    ax.set_ylabel(ctx.t("test_accuracy_axis"))
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{100 * v:.0f}%"))
    ax.legend(frameon=False, fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig
