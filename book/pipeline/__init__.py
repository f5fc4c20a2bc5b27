"""The machinery that turns figures_src/ into the book's figures, numbers and notebooks, and
measures it: registry (the @figure declarations), strings (the ko/en catalogs of figure text),
build (what is stale, train, draw, write), notebooks (execute the companion notebooks), layers
(the package layering this docstring describes, checked by a test and drawn on the building
page), machine_check, and `make bench` (bench and the page-weight, Lighthouse, demo and
playground measurements, served by serve). It orchestrates. May import every package below it
(core, data, nets, experiments, draw, demos); nothing below imports it.
"""
