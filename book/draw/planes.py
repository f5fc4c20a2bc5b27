"""Drawing 2-D classifiers and what their layers do to the plane (topology chapter).

A tanh layer h = tanh(W x + b) is shown as continuous steps, after Olah (2014): the linear
map (x → W x), the translation (→ W x + b) and the pointwise tanh. Each step is a
straight-line interpolation between two states, so a few *keyframes* (the states between
steps) describe the whole deformation exactly; `keyframes` computes them for a grid of lines
and a set of data points, `at(frames, s)` interpolates. Every frame is a homeomorphism:
layers with det W < 0 have their two neurons swapped (`oriented_layers`, same function),
and a linear map whose straight path nears a singular matrix is split into a stretch and
rotations (`linear_path`). The GIF animation draws the keyframes; the page's viewer
(docs/assets/js/topology.js) gets the steps and recomputes the same keyframes.
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


def oriented_layers(model: nn.Sequential):
    """layers(model) with the two neurons of every 2-unit hidden layer whose det W < 0 swapped.

    The order of a layer's neurons is arbitrary: swapping rows of (W, b) and the matching
    columns of the next layer's W computes the same function, and flips the sign of det W.
    Done layer by layer from the input, it leaves every 2×2 hidden W with det W > 0, which
    is what the isotopy argument needs (Olah 2014)."""
    hidden, out = layers(model)
    hidden = [(w.copy(), b.copy()) for w, b in hidden]
    out = (out[0].copy(), out[1].copy())
    for i, (w, b) in enumerate(hidden):
        if w.shape == (2, 2) and np.linalg.det(w) < 0:
            w[:], b[:] = w[::-1].copy(), b[::-1].copy()
            nxt = hidden[i + 1][0] if i + 1 < len(hidden) else out[0]
            nxt[:] = nxt[:, ::-1].copy()
    return hidden, out


def hidden_states(model: nn.Sequential, x: np.ndarray) -> list[np.ndarray]:
    """[x, h1, h2, ...]: the points as each hidden layer represents them."""
    out = [np.asarray(x, dtype=np.float64)]
    for w, b in layers(model)[0]:
        out.append(np.tanh(out[-1] @ w.T + b))
    return out


def boundary(model: nn.Sequential) -> np.ndarray:
    """(a, c) with a·h + c = 0 the decision boundary in the last hidden layer (two logits),
    in the neuron order of oriented_layers (the order the deformation figures use)."""
    w, b = oriented_layers(model)[1]
    return np.concatenate([w[1] - w[0], [b[1] - b[0]]])


def stretch(model: nn.Sequential, x: np.ndarray) -> np.ndarray:
    """Largest singular value of the Jacobian of input → last hidden layer at each point:
    how much the learned map stretches the plane there (chain rule through each tanh)."""
    h = np.asarray(x, dtype=np.float64)
    jac = np.broadcast_to(np.eye(h.shape[1]), (len(h), h.shape[1], h.shape[1]))
    for w, b in layers(model)[0]:
        h = np.tanh(h @ w.T + b)
        jac = (1 - h ** 2)[:, :, None] * np.einsum("ij,njk->nik", w, jac)
    return np.linalg.svd(jac, compute_uv=False)[:, 0]


@torch.no_grad()
def probability(model: nn.Module, x: np.ndarray) -> np.ndarray:
    """P(class 1 | x) for an array of 2-D points."""
    model.eval()
    return torch.softmax(model(torch.as_tensor(x, dtype=torch.float32)), 1)[:, 1].numpy()


# ---------------------------------------------------------------- a path that stays invertible

def straight_path_min_det(m: np.ndarray, n: int = 401) -> float:
    """min over t ∈ [0, 1] of det((1 - t) I + t m): the straight path I → m is a homeomorphism
    at every moment iff this is > 0."""
    t = np.linspace(0, 1, n)[:, None, None]
    return float(np.linalg.det((1 - t) * np.eye(2) + t * m).min())


def linear_path(w: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """The linear map x → W x (det W > 0) as steps whose straight paths stay invertible.

    If (1 - t) I + t W is safely invertible for all t, one step. Otherwise the polar
    decomposition W = R S: first the stretch S (symmetric positive definite, so (1 - t) I + t S
    is too), then the rotation R in pieces of at most 90° ((1 - t) I + t R is a rotation times
    a scale ≥ cos 45° for such a piece)."""
    if np.linalg.det(w) <= 0:
        raise ValueError("linear_path needs det W > 0: orient the layer first (oriented_layers)")
    if straight_path_min_det(w) > 0.2 * min(1.0, np.linalg.det(w)):
        return [("linear", w)]
    u, sig, vt = np.linalg.svd(w)
    rot, sym = u @ vt, vt.T @ np.diag(sig) @ vt
    angle = float(np.arctan2(rot[1, 0], rot[0, 0]))
    pieces = max(1, int(np.ceil(abs(angle) / (np.pi / 2) - 1e-9)))
    a = angle / pieces
    piece = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return [("stretch", sym)] + [("rotate", piece)] * pieces


def steps(model: nn.Sequential) -> list[tuple[str, int, np.ndarray | None, np.ndarray | None]]:
    """(name, layer, matrix, shift) for every step of the deformation; tanh has neither."""
    out = []
    for i, (w, b) in enumerate(oriented_layers(model)[0], 1):
        if w.shape != (2, 2):
            raise ValueError("continuous views need 2-unit layers")
        out += [(name, i, m, None) for name, m in linear_path(w)]
        out += [("shift", i, None, b), ("tanh", i, None, None)]
    return out


def states(model_steps, x: np.ndarray) -> np.ndarray:
    """(K, N, 2): the points after each step (the first row is the input)."""
    cur = np.asarray(x, dtype=np.float64)
    frames = [cur]
    for _, _, m, b in model_steps:
        cur = cur @ m.T if m is not None else (cur + b if b is not None else np.tanh(cur))
        frames.append(cur)
    return np.array(frames)


# ---------------------------------------------------------------- grid lines, sampled densely

def dense_lines(lim: float, n_lines: int, transform, max_chord, *, boxes=None, n_start: int = 41,
                rounds: int = 14) -> list[np.ndarray]:
    """The lines of a square grid over [-lim, lim]² (n_lines each way), each mapped by
    `transform` ((P, 2) → (K, P, 2)) and sampled adaptively: a segment whose image is longer
    than max_chord (scalar or one bound per row K) in any row is halved, until none is (or
    after `rounds` halvings). With `boxes` ((K, 4) view boxes) only segments that touch the
    box of their row count: what is drawn outside it is never seen. Saturated tanh bends a
    line sharply over a short stretch; 41 even samples drew such bends as straight chords
    that looked like folds. Returns one (K, P_line, 2) array per line."""
    ticks = np.linspace(-lim, lim, n_lines)
    bound = np.reshape(max_chord, (-1, 1))
    out = []
    for vertical in (True, False):
        for tick in ticks:
            u = np.linspace(-lim, lim, n_start)
            for _ in range(rounds + 1):
                pts = np.stack([np.full_like(u, tick), u] if vertical else [u, np.full_like(u, tick)], 1)
                img = transform(pts)
                long = np.linalg.norm(np.diff(img, axis=1), axis=-1) > bound  # (K, P-1)
                if boxes is not None:
                    long &= _touches(img, boxes)
                long = long.any(0)
                if not long.any():
                    break
                u = np.sort(np.concatenate([u, ((u[:-1] + u[1:]) / 2)[long]]))
            out.append(img)
    return out


def _touches(img: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(K, P-1): does segment j of row k have an end inside box k?"""
    b = boxes[:, None, :]
    inside = ((img[..., 0] >= b[..., 0]) & (img[..., 0] <= b[..., 1])
              & (img[..., 1] >= b[..., 2]) & (img[..., 1] <= b[..., 3]))
    return inside[:, :-1] | inside[:, 1:]


def longest_chord(lines: list[np.ndarray], boxes: np.ndarray) -> float:
    """The longest segment of any grid line that touches the view box of its keyframe, as a
    fraction of that box's side."""
    side = boxes[:, 1] - boxes[:, 0]
    return max(float(np.where(_touches(line, boxes), np.linalg.norm(np.diff(line, axis=1), axis=-1)
                              / side[:, None], 0).max()) for line in lines)


def keyframes(model: nn.Sequential, points: np.ndarray, lim: float, n_lines: int = 11,
              n_pts: int = 41, max_chord: float = 0.006) -> dict:
    """The states between the steps of every hidden layer, for grid lines and data points.

    Returns {"stages": [("input", 0), ("linear", 1), ("shift", 1), ("tanh", 1), ...] (the step
    that *ends* at each keyframe), "steps": steps(model), "grid": one (K, P, 2) array per line,
    "points": (K, N, 2), "boxes": (K, 4)}. Grid segments are at most max_chord × the box side in every keyframe,
    hence in every frame between them too (a straight interpolation cannot lengthen a chord
    beyond the longer of its two ends).
    """
    path = steps(model)
    pts = states(path, points)
    kf = {"stages": [("input", 0)] + [(name, i) for name, i, _, _ in path], "points": pts, "steps": path}
    kf["boxes"] = view_box(kf)
    side = kf["boxes"][:, 1] - kf["boxes"][:, 0]
    kf["grid"] = dense_lines(lim, n_lines, lambda p: states(path, p), side * max_chord, boxes=kf["boxes"],
                             n_start=n_pts)
    return kf


def layer_ends(kf: dict) -> list[int]:
    """Keyframe indices of the input and of the end of each layer (its tanh step)."""
    return [k for k, (name, _) in enumerate(kf["stages"]) if name in ("input", "tanh")]


def at(frames: np.ndarray, s: float) -> np.ndarray:
    """The state at position s ∈ [0, K-1] along the keyframes (linear between them: exact)."""
    k = min(int(np.floor(s)), len(frames) - 2)
    t = s - k
    return (1 - t) * frames[k] + t * frames[k + 1]


def grid_at(kf: dict, s: float) -> list[np.ndarray]:
    return [at(line, s) for line in kf["grid"]]


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
    warped_grid(ctx, ax, grid_at(kf, s))
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


def viewer_data(ctx, kf: dict, y, *, scale: int = 1000, abc=None) -> dict:
    """What the page's viewer needs, small: the input grid lines and points (coordinate × scale,
    as integers) and the steps of the deformation (matrix, shift or tanh), from which the
    viewer computes every keyframe itself, as `states` does here."""
    def ints(a):
        return np.round(np.asarray(a) * scale).astype(int).tolist()

    def step(m, b):
        if m is not None:
            return {"m": np.round(m, 6).tolist()}
        return {"b": np.round(b, 6).tolist()} if b is not None else {"tanh": True}

    return {
        "scale": scale,
        "stages": [stage_title(ctx, s) for s in kf["stages"]],
        "steps": [step(m, b) for _, _, m, b in kf["steps"]],
        "grid_input": [ints(line[0]) for line in kf["grid"]],
        "points_input": ints(kf["points"][0]),
        "classes": np.asarray(y).astype(int).tolist(),
        "boxes": ints(kf["boxes"]),
        "boundary": None if abc is None else [round(float(v), 5) for v in abc],
        "class_names": [ctx.t("class_a"), ctx.t("class_b")],
    }
