"""What the chapters measure on data and trained networks: sweeps, statistics and
inspections that a figure then draws (seed spreads, mini-batch comparisons, the anatomy of a CNN,
confusion-matrix samples, pixel k-NN baselines, the computations of the introductory chapters).
Each function returns numbers or arrays, never a picture. May import book.core, book.data and
book.nets.
"""
