"""Shared drawing routines and the look of every figure (style: the light and dark themes,
colour-blind-safe palettes, the Korean font). Figure modules in figures_src/ call these; none
of them draw axes by hand. Every function takes the figure `ctx` for its theme and string
catalog. May import book.core, book.data, book.nets and book.experiments (to draw what they
compute), nothing above.
"""
