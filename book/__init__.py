"""신경망 들여다보기 / Inside Neural Networks — the library behind the book.

data → nets → figures → pages, one package per role (each package's docstring says what lives
there and what it may import; tests/test_layers.py checks it):

    book.core         paths, atomic writes, content hashes, the pinned numerics mode
    book.data         MNIST, CIFAR-10 and the 2-D toy sets, checked and cached
    book.nets         architectures and their trainers, one module per family
    book.experiments  what the chapters measure on trained networks
    book.draw         matplotlib drawing, themes and palettes
    book.demos        the data of the in-page demos
    book.pipeline     figures_src/ declarations → figures, metrics, notebooks; `make bench`
    book.site         the MkDocs hooks that put figures and numbers on pages
    book.pdf          the print edition, printed from the built site

Importing this package is cheap on purpose (no torch, no matplotlib): the MkDocs hooks
import it on every build.
"""

import os as _os

from book.core import numerics  # also `from book import numerics`, as the notebooks do

# The pinned numerics mode (book/core/numerics.py): environment variables that torch, MKL,
# oneDNN and NumPy read when they load, so they must be set before either is imported.
numerics.apply_env()

# OpenMP's default busy-waiting makes torch 20-100x slower when other processes share the
# cores (parallel figure workers, a second build). Must be set before torch is imported;
# results are identical either way.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
