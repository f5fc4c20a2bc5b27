"""Diagrams of recurrent networks: a cell unrolled in time, and the gates of LSTM and GRU.
Drawn from a few coordinates so that the labels (from the string catalog) fit both languages."""
from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch


class Sketch:
    """A canvas in abstract units with boxes, round nodes and arrows in the theme's colours."""

    def __init__(self, ctx, width: float, height: float, scale: float = 0.62):
        self.ctx, self.t = ctx, ctx.theme
        self.fig, self.ax = plt.subplots(figsize=(width * scale, height * scale))
        self.ax.set_xlim(0, width)
        self.ax.set_ylim(0, height)
        self.ax.set_aspect("equal")
        self.ax.set_axis_off()
        self.fig.subplots_adjust(0, 0, 1, 1)

    def box(self, x, y, text, *, w=1.2, h=0.8, color=None, fontsize=11):
        self.ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05",
                                         facecolor=color or self.t.palette[0], alpha=0.9,
                                         edgecolor=self.t.ink, lw=1))
        self.ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, color="white"
                     if color is None or color != self.t.faint else self.t.ink, zorder=4)

    def node(self, x, y, text, *, r=0.28, fontsize=12):
        self.ax.add_patch(Circle((x, y), r, facecolor=self.t.faint, edgecolor=self.t.ink, lw=1, zorder=3))
        self.ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, color=self.t.ink, zorder=4)

    def label(self, x, y, text, *, fontsize=10, color=None, **kw):
        self.ax.text(x, y, text, ha=kw.pop("ha", "center"), va=kw.pop("va", "center"),
                     fontsize=fontsize, color=color or self.t.ink, **kw)

    def arrow(self, points, *, color=None, lw=1.3, head=True, rad=0.0):
        """A polyline through `points`; the last segment carries the arrow head."""
        color = color or self.t.ink
        for a, b in zip(points[:-2], points[1:-1]):
            self.ax.plot([a[0], b[0]], [a[1], b[1]], color=color, lw=lw, solid_capstyle="round")
        self.ax.add_patch(FancyArrowPatch(points[-2], points[-1], arrowstyle="-|>" if head else "-",
                                          mutation_scale=12, lw=lw, color=color, shrinkA=0,
                                          shrinkB=0, connectionstyle=f"arc3,rad={rad}"))


def unrolled(ctx, steps: int, *, cell: str, x: str, h: str, y: str, same_weights: str,
             folded: str, unrolled_label: str):
    """Left: one cell with a loop (the folded RNN). Right: the same cell copied `steps` times,
    each copy passing its state h_t to the next. Labels are format strings with {t}."""
    width = 3.9 + 2.1 * steps + 0.8
    s = Sketch(ctx, width, 5.2)
    pal = ctx.theme.palette
    # folded
    s.box(1.3, 2.6, cell, color=pal[0])
    s.arrow([(1.3, 1.0), (1.3, 2.2)])
    s.arrow([(1.3, 3.0), (1.3, 4.1)])
    s.label(1.3, 0.7, x.format(t="t"))
    s.label(1.3, 4.4, y.format(t="t"))
    s.arrow([(1.9, 2.75), (2.4, 2.75), (2.4, 3.45), (1.7, 3.45)], head=False)
    s.arrow([(1.7, 3.45), (1.55, 3.45), (1.55, 3.0)])
    s.label(2.55, 3.1, h.format(t="t"), ha="left", fontsize=9)
    s.label(1.3, 5.0, folded, fontsize=10, color=ctx.theme.muted)
    s.label(3.05, 2.6, "=", fontsize=20)
    # unrolled
    x0 = 4.9
    labels = [str(i) for i in range(1, steps)] + ["T"]
    for i, t in enumerate(labels):
        cx = x0 + 2.1 * i
        s.box(cx, 2.6, cell, color=pal[0])
        s.arrow([(cx, 1.0), (cx, 2.2)])
        s.arrow([(cx, 3.0), (cx, 4.1)])
        s.label(cx, 0.7, x.format(t=t))
        s.label(cx, 4.4, y.format(t=t))
        if i + 1 < steps:
            nxt = x0 + 2.1 * (i + 1)
            s.arrow([(cx + 0.65, 2.6), (nxt - 0.65, 2.6)], color=pal[1], lw=2)
            s.label((cx + nxt) / 2, 2.85, h.format(t=t), fontsize=9)
    s.arrow([(x0 - 1.1, 2.6), (x0 - 0.65, 2.6)], color=pal[1], lw=2)
    s.label(x0 - 1.05, 2.3, h.format(t="0"), fontsize=9)
    s.label(x0 + 2.1 * (steps - 1) / 2, 5.0, unrolled_label, fontsize=10, color=ctx.theme.muted)
    s.label(x0 + 2.1 * (steps - 1) / 2, 0.15, same_weights, fontsize=9, color=ctx.theme.muted)
    return s.fig


def lstm_cell(ctx, *, names: dict):
    """The LSTM cell: the cell state c runs along the top, touched only by × (forget) and
    + (write); four layers read [h_{t-1}, x_t]: forget σ, input σ, candidate tanh, output σ."""
    s = Sketch(ctx, 11.6, 6.6)
    pal, ink = ctx.theme.palette, ctx.theme.ink
    top, bottom = 5.2, 1.0
    fx, ix, cx, ox, outx = 2.9, 4.3, 5.9, 7.7, 9.1
    s.label(0.35, top, names["c_prev"], ha="left")
    s.label(0.35, bottom, names["h_prev"], ha="left")
    s.label(11.3, top, names["c"], ha="right")
    s.label(11.3, bottom, names["h"], ha="right")
    s.label(1.8, 0.25, names["x"])
    s.arrow([(1.2, top), (fx - 0.28, top)], color=pal[1], lw=2.2)
    s.node(fx, top, "×")
    s.arrow([(fx + 0.28, top), (5.1 - 0.28, top)], color=pal[1], lw=2.2)
    s.node(5.1, top, "+")
    s.arrow([(5.1 + 0.28, top), (10.5, top)], color=pal[1], lw=2.2)
    # shared input line: [h_{t-1}, x_t] feeds the four layers
    s.arrow([(1.2, bottom), (1.8, bottom), (1.8, 2.0), (ox, 2.0)], head=False)
    s.arrow([(1.8, 0.5), (1.8, bottom)], head=False)
    for gx, fn, key, color in ((fx, "σ", "forget", pal[0]), (ix, "σ", "input", pal[0]),
                               (cx, "tanh", "candidate", pal[2]), (ox, "σ", "output", pal[0])):
        s.box(gx, 2.9, fn, w=0.8, h=0.6, color=color, fontsize=10)
        s.arrow([(gx, 2.0), (gx, 2.6)])
        s.label(gx, 1.7, names[key], fontsize=8, color=ctx.theme.muted, va="top")
    s.arrow([(fx, 3.2), (fx, top - 0.28)])
    s.node(5.1, 4.1, "×")
    s.arrow([(ix, 3.2), (ix, 4.1), (5.1 - 0.28, 4.1)])
    s.arrow([(cx, 3.2), (cx, 4.1), (5.1 + 0.28, 4.1)])
    s.arrow([(5.1, 4.38), (5.1, top - 0.28)])
    # output: h_t = o_t × tanh(c_t)
    s.box(outx, 4.1, "tanh", w=0.8, h=0.6, color=pal[2], fontsize=10)
    s.arrow([(outx, top), (outx, 4.4)])
    s.node(outx, 2.9, "×")
    s.arrow([(outx, 3.8), (outx, 3.18)])
    s.arrow([(ox + 0.4, 2.9), (outx - 0.28, 2.9)])
    s.arrow([(outx, 2.62), (outx, bottom), (10.5, bottom)], color=ink)
    s.label(5.8, 6.25, names["title"], fontsize=11)
    return s.fig


def gru_cell(ctx, *, names: dict):
    """The GRU cell: the state h runs along the top; the update gate z mixes the old state
    and a candidate (z × old + (1 − z) × new, PyTorch's convention); the reset gate r decides
    how much of the old state the candidate may see."""
    s = Sketch(ctx, 11.0, 6.6)
    pal, ink = ctx.theme.palette, ctx.theme.ink
    top, bottom = 5.2, 1.2
    s.label(0.35, top, names["h_prev"], ha="left")
    s.label(10.7, top, names["h"], ha="right")
    s.label(2.0, 0.25, names["x"])
    s.arrow([(1.2, top), (4.72, top)], color=pal[1], lw=2.2)
    s.node(5.0, top, "×")
    s.arrow([(5.28, top), (7.72, top)], color=pal[1], lw=2.2)
    s.node(8.0, top, "+")
    s.arrow([(8.28, top), (9.9, top)], color=pal[1], lw=2.2)
    # inputs: h_{t-1} down to the gates, x_t up
    s.arrow([(1.6, top), (1.6, 2.0), (6.6, 2.0)], head=False)
    s.arrow([(2.0, 0.55), (2.0, 2.0)], head=False)
    s.box(3.0, 2.9, "σ", w=0.8, h=0.6, color=pal[0], fontsize=10)
    s.box(5.0, 2.9, "σ", w=0.8, h=0.6, color=pal[0], fontsize=10)
    s.arrow([(3.0, 2.0), (3.0, 2.6)])
    s.arrow([(5.0, 2.0), (5.0, 2.6)])
    s.label(3.0, 1.74, names["reset"], fontsize=8, color=ctx.theme.muted)
    s.label(5.0, 1.74, names["update"], fontsize=8, color=ctx.theme.muted)
    # z to the top ×, 1 − z to the candidate's ×
    s.arrow([(5.0, 3.2), (5.0, top - 0.28)])
    s.node(7.0, 4.1, "×")
    s.box(6.0, 4.1, "1-", w=0.6, h=0.5, color=ctx.theme.faint, fontsize=9)
    s.arrow([(5.0, 3.6), (6.0, 3.6), (6.0, 3.85)], head=True)
    s.arrow([(6.3, 4.1), (6.72, 4.1)])
    # reset: r × h_{t-1} feeds the candidate together with x
    s.node(3.0, 4.0, "×")
    s.arrow([(3.0, 3.2), (3.0, 3.72)])
    s.arrow([(1.6, 4.0), (2.72, 4.0)])
    s.box(7.0, 2.9, "tanh", w=0.8, h=0.6, color=pal[2], fontsize=10)
    s.label(7.5, 2.9, names["candidate"], fontsize=8, color=ctx.theme.muted, ha="left")
    s.arrow([(3.28, 4.0), (3.8, 4.0), (3.8, 1.45), (7.0, 1.45), (7.0, 2.6)])
    s.arrow([(6.6, 2.0), (6.85, 2.0), (6.85, 2.6)])
    s.arrow([(7.0, 3.2), (7.0, 3.82)])
    s.arrow([(7.28, 4.1), (8.0, 4.1), (8.0, top - 0.28)])
    s.arrow([(9.3, top), (9.3, bottom), (9.9, bottom)], color=ink)
    s.label(10.7, bottom, names["h"], ha="right")
    s.label(5.5, 6.25, names["title"], fontsize=11)
    return s.fig
