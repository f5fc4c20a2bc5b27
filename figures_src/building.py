"""Figures of the page "이 책을 만드는 방법 / How this book is built": the layout of book/ itself.

The diagram is measured, not drawn by hand: book.pipeline.layers reads every import statement
of book/ and figures_src/. Its inputs are therefore the sources of the whole project, which is
what SOURCE_INPUTS tells the build (any edit there makes this figure stale)."""
import matplotlib.pyplot as plt

from book.draw import packages
from book.pipeline import layers
from book.pipeline.registry import figure

SOURCE_INPUTS = ("book", "figures_src")


@figure("packages")
def package_diagram(ctx):
    graph = layers.imports()
    counts, edges = layers.module_counts(), layers.package_edges(graph)
    order = [pkg for pkg, _ in layers.LAYERS]
    rows = [[pkg for pkg, lay in layers.LAYERS if lay == level] for level in sorted(set(layers.LAYER.values()))]
    ctx.metric("packages", len(order))
    ctx.metric("modules", sum(counts[pkg] for pkg in order))
    ctx.metric("imports", sum(edges.values()))
    ctx.metric("upward_imports", len(layers.upward_imports(graph)))
    ctx.metric("cycles", len(layers.cycles(graph)))
    for pkg in order:
        ctx.metric(f"modules_in.{pkg}", counts[pkg])
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.8, 6.0), gridspec_kw={"width_ratios": [1.25, 1]})
    packages.layer_stack(ctx, left, rows, counts, {pkg: ctx.t(f"role_{pkg}") for pkg in order},
                         outside="figures_src/", outside_role=ctx.t("role_figures_src"))
    packages.import_matrix(ctx, right, order, edges, layers.LAYER,
                           extra_row=("figures_src", layers.figure_module_imports()))
    fig.tight_layout(w_pad=2.0)
    return fig
