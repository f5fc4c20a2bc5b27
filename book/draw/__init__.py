"""Shared drawing routines. Figure modules in figures_src/ call these; none of them draw
axes by hand. Every function takes the figure `ctx` for its theme and string catalog."""
