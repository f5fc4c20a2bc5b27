"""Drawing 2-D classifiers and what their layers do to the plane (topology chapter).

A tanh layer h = tanh(W x + b) is shown as three continuous steps, after Olah (2014):
the linear map (x → W x), the translation (→ W x + b) and the pointwise tanh. Each step is
a straight-line interpolation between two states, so a few *keyframes* (the states between
steps) describe the whole deformation exactly; `keyframes` computes them for a grid of lines
and a set of data points, `at(frames, s)` interpolates, and the GIF animation and the page's
interactive viewer (docs/assets/js/topology.js) both read the same keyframes.
"""
from __future__ import annotations

import io

import numpy as np
import matplotlib.pyplot as plt
import torch
from torch import nn

MARKERS = ("o", "^")  # class 0, class 1: shape as well as colour


# ---------------------------------------------------------------- the network as maps

def layers(model: nn.Sequential) -> tuple[list[tuple[np.ndarray, np.ndarray]], tuple[np.ndarray, np.ndarray]]:
    """(hidden [(W, b), ...], (W_out, b_out)) of an mlp with tanh hidden layers."""
    lin = [m for m in model if isinstance(m, nn.Linear)]
    wb = [(m.weight.detach().double().numpy(), m.bias.detach().double().numpy()) for m in lin]
    return wb[:-1], wb[-1]


def hidden_states(model: nn.Sequential, x: np.ndarray) -> list[np.ndarray]:
    """[x, h1, h2, ...]: the points as each hidden layer represents them."""
    out = [np.asarray(x, dtype=np.float64)]
    for w, b in layers(model)[0]:
        out.append(np.tanh(out[-1] @ w.T + b))
    return out


def boundary(model: nn.Sequential) -> np.ndarray:
    """(a, c) with a·h + c = 0 the decision boundary in the last hidden layer (two logits)."""
    w, b = layers(model)[1]
    return np.concatenate([w[1] - w[0], [b[1] - b[0]]])


@torch.no_grad()
def probability(model: nn.Module, x: np.ndarray) -> np.ndarray:
    """P(class 1 | x) for an array of 2-D points."""
    model.eval()
    return torch.softmax(model(torch.as_tensor(x, dtype=torch.float32)), 1)[:, 1].numpy()


def grid_lines(lim: float, n_lines: int = 11, n_pts: int = 41) -> np.ndarray:
    """Lines of a square grid over [-lim, lim]²: array (2·n_lines, n_pts, 2)."""
    ticks = np.linspace(-lim, lim, n_lines)
    run = np.linspace(-lim, lim, n_pts)
    vert = [np.stack([np.full_like(run, t), run], 1) for t in ticks]
    horiz = [np.stack([run, np.full_like(run, t)], 1) for t in ticks]
    return np.array(vert + horiz)


def keyframes(model: nn.Sequential, points: np.ndarray, lim: float, n_lines: int = 11,
              n_pts: int = 41) -> dict:
    """The states between the steps of every hidden layer, for grid lines and data points.

    Returns {"stages": ["input", "linear 1", "shift 1", "tanh 1", ...] (names of the step
    that *ends* at each keyframe), "grid": (K, L, P, 2), "points": (K, N, 2)}.
    """
    g = grid_lines(lim, n_lines, n_pts)
    shape = g.shape
    cur = np.concatenate([g.reshape(-1, 2), np.asarray(points, dtype=np.float64)])
    frames, stages = [cur], [("input", 0)]
    for i, (w, b) in enumerate(layers(model)[0], 1):
        if w.shape != (2, 2):
            raise ValueError("continuous views need 2-unit layers")
        for name, step in (("linear", lambda v: v @ w.T), ("shift", lambda v: v + b), ("tanh", np.tanh)):
            cur = step(cur)
            frames.append(cur)
            stages.append((name, i))
    frames = np.array(frames)
    n = shape[0] * shape[1]
    return {"stages": stages, "grid": frames[:, :n].reshape(len(frames), *shape),
            "points": frames[:, n:]}


def at(frames: np.ndarray, s: float) -> np.ndarray:
    """The state at position s ∈ [0, K-1] along the keyframes (linear between them: exact)."""
    k = min(int(np.floor(s)), len(frames) - 2)
    t = s - k
    return (1 - t) * frames[k] + t * frames[k + 1]


def view_box(kf: dict, pad: float = 0.08) -> np.ndarray:
    """Per keyframe [xmin, xmax, ymin, ymax] around the points, squared and padded."""
    boxes = []
    for pts in kf["points"]:
        lo, hi = pts.min(0), pts.max(0)
        c, half = (lo + hi) / 2, (hi - lo).max() / 2 * (1 + pad) + 1e-6
        boxes.append([c[0] - half, c[0] + half, c[1] - half, c[1] + half])
    return np.array(boxes)


# ---------------------------------------------------------------- drawing

def scatter(ctx, ax, x, y, *, size: float = 9, alpha: float = 0.9, labels=None):
    pal = ctx.theme.palette
    for c in (0, 1):
        sel = np.asarray(y) == c
        ax.scatter(x[sel, 0], x[sel, 1], s=size, marker=MARKERS[c], color=pal[c], alpha=alpha,
                   linewidths=0, label=labels[c] if labels else None, zorder=3)


def square_axes(ax, box=None, *, ticks: bool = False):
    if box is not None:
        ax.set_xlim(box[0], box[1])
        ax.set_ylim(box[2], box[3])
    ax.set_aspect("equal")
    if not ticks:
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ax.spines.values():
            side.set_visible(False)


def region_cmap(ctx):
    """Two pale tints of the classes' colours, mixed into the page colour (light or dark)."""
    from matplotlib.colors import LinearSegmentedColormap, to_rgb

    page = np.array(to_rgb(ctx.theme.page))
    tint = [tuple(0.7 * page + 0.3 * np.array(to_rgb(ctx.theme.palette[c]))) for c in (0, 1)]
    return LinearSegmentedColormap.from_list("regions", tint)


def regions(ctx, ax, model, lim: float, *, res: int = 240):
    """Decision regions over the input plane: the classes' colours, pale, and the p = 0.5 line."""
    cmap = region_cmap(ctx)
    s = np.linspace(-lim, lim, res)
    xx, yy = np.meshgrid(s, s)
    p = probability(model, np.stack([xx.ravel(), yy.ravel()], 1)).reshape(res, res)
    ax.imshow((p > 0.5).astype(float), extent=(-lim, lim, -lim, lim), origin="lower", cmap=cmap,
              vmin=0, vmax=1, interpolation="nearest", zorder=0)
    ax.contour(xx, yy, p, levels=[0.5], colors=[ctx.theme.ink], linewidths=1.2, zorder=2)
    square_axes(ax, (-lim, lim, -lim, lim))


def warped_grid(ctx, ax, grid: np.ndarray, *, lw: float = 0.6):
    for line in grid:
        ax.plot(line[:, 0], line[:, 1], color=ctx.theme.muted, lw=lw, alpha=0.7, zorder=1)


def line(ctx, ax, abc, box, *, lw: float = 1.5):
    """The line a·x + b·y + c = 0 inside box, dashed in the theme's ink."""
    a, b, c = abc
    xs = np.linspace(box[0], box[1], 2)
    if abs(b) > abs(a):
        ax.plot(xs, -(a * xs + c) / b, color=ctx.theme.ink, lw=lw, ls="--", zorder=4)
    else:
        ys = np.linspace(box[2], box[3], 2)
        ax.plot(-(b * ys + c) / a, ys, color=ctx.theme.ink, lw=lw, ls="--", zorder=4)


def frame(ctx, ax, kf: dict, y, s: float, boxes, *, abc=None, title: str | None = None, size: float = 9):
    """One moment of the continuous deformation: warped grid, data points, zoom to fit."""
    box = at(boxes, s)
    warped_grid(ctx, ax, at(kf["grid"], s))
    scatter(ctx, ax, at(kf["points"], s), y, size=size)
    if abc is not None:
        line(ctx, ax, abc, box)
    square_axes(ax, box)
    if title:
        ax.set_title(title, fontsize=10)


def stage_title(ctx, stage) -> str:
    name, i = stage
    return ctx.t("stage_input") if name == "input" else ctx.t(f"stage_{name}", i=i)


def stages_row(ctx, kf: dict, y, idx, *, abc=None, cell: float = 2.4):
    """Small multiples: the keyframes `idx`, side by side with their step names."""
    boxes = view_box(kf)
    fig, axes = plt.subplots(1, len(idx), figsize=(cell * len(idx), cell + 0.3), squeeze=False)
    for ax, k in zip(axes[0], idx):
        frame(ctx, ax, kf, y, k, boxes, abc=abc if k == len(kf["points"]) - 1 else None,
              title=stage_title(ctx, kf["stages"][k]), size=6)
    fig.tight_layout(pad=0.4)
    return fig


def animate(ctx, kf: dict, y, *, abc=None, per_step: int = 8, hold: int = 6, px: int = 300,
            ms: int = 80, colors: int = 16) -> bytes:
    """The deformation as an animated GIF (bytes), on the theme's page colour (GIFs have no
    partial transparency). Frames: `per_step` per step, held `hold` frames at both ends."""
    from PIL import Image

    n = len(kf["points"]) - 1
    positions = [0.0] * hold + [k / per_step for k in range(n * per_step + 1)] + [float(n)] * (hold * 2)
    boxes = view_box(kf)
    dpi = 100
    fig, ax = plt.subplots(figsize=(px / dpi, (px + 24) / dpi), dpi=dpi)
    fig.patch.set_facecolor(ctx.theme.page)
    images, last = [], None
    for s in positions:
        if s == last and images:
            images.append(images[-1])
            continue
        ax.clear()
        stage = kf["stages"][min(int(np.ceil(s - 1e-9)), n)]  # the step under way
        frame(ctx, ax, kf, y, s, boxes, abc=abc if s == n else None, title=stage_title(ctx, stage), size=7)
        fig.subplots_adjust(0.02, 0.02, 0.98, 0.9)
        fig.canvas.draw()
        rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3]
        images.append(Image.fromarray(rgb.copy()))
        last = s
    plt.close(fig)
    palette_src = images[-1].quantize(colors=colors, method=Image.Quantize.MEDIANCUT)
    frames = [im.quantize(palette=palette_src, dither=Image.Dither.NONE) for im in images]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=ms, loop=0,
                   optimize=True, disposal=1)
    return buf.getvalue()


def viewer_data(ctx, kf: dict, y, *, abc=None, scale: int = 1000) -> dict:
    """Keyframes for the page's viewer, as integers (coordinate × scale) to keep the JSON small."""
    def ints(a):
        return np.round(np.asarray(a) * scale).astype(int).tolist()

    return {
        "scale": scale,
        "stages": [stage_title(ctx, s) for s in kf["stages"]],
        "grid": ints(kf["grid"]),
        "points": ints(kf["points"]),
        "classes": np.asarray(y).astype(int).tolist(),
        "boxes": ints(view_box(kf)),
        "boundary": None if abc is None else [round(float(v), 5) for v in abc],
        "class_names": [ctx.t("class_a"), ctx.t("class_b")],
    }
