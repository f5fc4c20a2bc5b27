"""Worked examples of the learning chapter drawn with their numbers written in: a layer's
forward pass as a chain of matrices, and the 2-2-1 back-propagation example (weights and
values, or the gradient of every weight and value)."""
from __future__ import annotations

from book.draw import graphs


def fmt(v) -> str:
    """A number as the worked examples print it: four significant digits."""
    return f"{v:.4g}"


def matrix_equation(ctx, parts, ops, *, cell: float = 0.12, size=(8.6, 3.0)):
    """Matrices side by side with an operator between each pair, centred on one line.

    parts: [(matrix, colour, title)]; ops: the len(parts) − 1 operators between them."""
    fig, ax = graphs.blank(*size)
    xpos = 0.0
    top = 0.5 * max(m.shape[0] for m, _, _ in parts) * cell  # everything centred on y = 0
    for i, (m, color, title) in enumerate(parts):
        h = m.shape[0] * cell
        w, _ = graphs.matrix(ctx, ax, m, xpos, h / 2, cell=cell, color=color, fmt="{:+.2f}", title=title, fontsize=9)
        xpos += w
        if i < len(ops):
            ax.text(xpos + 0.12, 0, ops[i], ha="center", va="center", fontsize=16, color=ctx.theme.ink)
            xpos += 0.24
    ax.set_xlim(-0.05, xpos + 0.05)
    ax.set_ylim(-top - 0.1, top + 0.25)
    ax.set_aspect("equal")
    return fig


def _two_two_one(ctx, ax, x, h, y_hat, edge_values, node_below, title):
    p = ctx.theme.palette
    layers = [[{"text": fmt(xi), "color": p[1], "below": node_below.get((0, i), "")} for i, xi in enumerate(x)],
              [{"text": fmt(hi), "color": p[0], "below": node_below.get((1, i), "")} for i, hi in enumerate(h)],
              [{"text": fmt(y_hat), "color": p[2], "below": node_below.get((2, 0), "")}]]
    edges = [((0, k), (1, j), edge_values[("W1", j, k)], None, 0.3) for j in range(2) for k in range(2)]
    edges += [((1, j), (2, 0), edge_values[("v", j)], None) for j in range(2)]
    graphs.layered_graph(ctx, ax, layers, edges, xs=[0.12, 0.9, 1.68], radius=0.07, fontsize=10,
                         edge_fontsize=9, label_pos=0.5, width=1.8)
    ax.set_title(title, fontsize=10)


def backprop_example(ctx, step, x, target, *, gradients: bool, title: str):
    """The 2-2-1 example at one step of book.experiments.intro.b3_train, `step` = (W1, v, g):
    its weights, values and loss, or (gradients=True) the gradient of every weight and value."""
    W1, v, g = step
    fig, ax = graphs.blank(7.6, 4.0)
    if gradients:
        vals = {("W1", j, k): f"$\\partial L/\\partial w_{{{j + 1}{k + 1}}}$={fmt(g['d_W1'][j, k])}" for j in range(2) for k in range(2)}
        vals.update({("v", j): f"$\\partial L/\\partial v_{j + 1}$={fmt(g['d_v'][j])}" for j in range(2)})
        below = {(1, j): f"$\\partial L/\\partial h_{j + 1}$={fmt(g['d_h'][j])}" for j in range(2)}
        below[(2, 0)] = f"$\\partial L/\\partial \\hat{{y}}$={fmt(g['d_yhat'])}"
    else:
        vals = {("W1", j, k): f"$w_{{{j + 1}{k + 1}}}$={fmt(W1[j, k])}" for j in range(2) for k in range(2)}
        vals.update({("v", j): f"$v_{j + 1}$={fmt(v[j])}" for j in range(2)})
        below = {(2, 0): ctx.t("target_loss", t=fmt(target), l=fmt(g["loss"]))}
    _two_two_one(ctx, ax, x, g["h"], g["y_hat"], vals, below, title)
    ax.set_ylim(0.0, 1.0)
    return fig
