"""The package diagram of the building page: book/'s layers as a stack of boxes, and who imports
whom as a matrix whose rows and columns run in layer order, so a clean layering shows as counts
below the diagonal only (a design structure matrix)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyBboxPatch, Rectangle


def _box(ax, ctx, x, y, w, h, title, role, *, dashed=False, color=None):
    theme = ctx.theme
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.08",
                                facecolor=theme.faint, edgecolor=color or theme.muted,
                                lw=1.6 if color else 1.0, ls="--" if dashed else "-"))
    ax.text(x + 0.12, y + h * 0.66, title, ha="left", va="center", fontsize=10, color=theme.ink,
            fontweight="bold")
    ax.text(x + 0.12, y + h * 0.28, role, ha="left", va="center", fontsize=8, color=theme.ink)


def layer_stack(ctx, ax, rows, counts, roles, *, outside: str, outside_role: str):
    """`rows`: the packages of each layer, lowest first ([["core"], ["data"], ...]); the chapter
    modules (`outside`, not part of book/) are drawn dashed between the drawing layer and the
    pipeline."""
    width, height, gap = 4.6, 0.62, 0.14
    y = 0.0
    placed = []
    for packages in rows:
        w = (width - gap * (len(packages) - 1)) / len(packages)
        for i, pkg in enumerate(packages):
            _box(ax, ctx, i * (w + gap), y, w, height, f"book.{pkg}  ({counts[pkg]})", roles[pkg])
        placed.append(y)
        y += height + gap
        if "draw" in packages:
            _box(ax, ctx, 0, y, width, height, outside, outside_role, dashed=True)
            y += height + gap
    ax.annotate("", xy=(width + 0.35, 0.05), xytext=(width + 0.35, y - gap - 0.05),
                arrowprops={"arrowstyle": "-|>", "color": ctx.theme.muted, "lw": 1.4})
    ax.text(width + 0.5, (y - gap) / 2, ctx.t("imports_point_down"), rotation=90, ha="left",
            va="center", fontsize=9, color=ctx.theme.muted)
    ax.set_xlim(-0.05, width + 0.95)
    ax.set_ylim(-0.05, y - gap + 0.05)
    ax.set_axis_off()


def import_matrix(ctx, ax, order, counts: dict, layer: dict, *, extra_row: tuple[str, dict]):
    """Rows import columns; a cell holds how many module-to-module imports there are. Cells that
    the layering forbids (a column in the row's layer or above) are hatched."""
    theme = ctx.theme
    row_names = list(order)
    at = row_names.index("pipeline")
    row_names.insert(at, extra_row[0])
    n_rows, n_cols = len(row_names), len(order)
    values = np.zeros((n_rows, n_cols))
    for r, importer in enumerate(row_names):
        for c, imported in enumerate(order):
            values[r, c] = (extra_row[1].get(imported, 0) if importer == extra_row[0]
                            else counts.get((importer, imported), 0))
    vmax = values.max()
    for r, importer in enumerate(row_names):
        for c, imported in enumerate(order):
            forbidden = importer != extra_row[0] and layer[imported] >= layer[importer]
            ax.add_patch(Rectangle((c, r), 1, 1, facecolor=theme.faint, edgecolor=theme.page, lw=1.5,
                                   hatch="///" if forbidden else None))
            if values[r, c]:
                ax.add_patch(Rectangle((c, r), 1, 1, facecolor=theme.palette[0],
                                       alpha=0.15 + 0.45 * values[r, c] / vmax, edgecolor=theme.page, lw=1.5))
                ax.text(c + 0.5, r + 0.53, f"{values[r, c]:.0f}", ha="center", va="center", fontsize=9,
                        color=theme.ink)
    plt.setp(ax.patches, zorder=1)
    for patch in ax.patches:
        if patch.get_hatch():
            patch.set_edgecolor(theme.muted)  # the hatch takes the edge colour
            patch.set_linewidth(0)
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_xticks(np.arange(n_cols) + 0.5, order, rotation=45, ha="right", fontsize=9, color=theme.ink)
    ax.set_yticks(np.arange(n_rows) + 0.5, row_names, fontsize=9, color=theme.ink)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(ctx.t("imported"), fontsize=9, color=theme.ink)
    ax.set_ylabel(ctx.t("importing"), fontsize=9, color=theme.ink)
    ax.xaxis.set_label_position("top")
    ax.set_aspect("equal")
    ax.text(0, n_rows + 1.9, ctx.t("forbidden"), ha="left", va="top", fontsize=8, color=theme.muted)
    return values
