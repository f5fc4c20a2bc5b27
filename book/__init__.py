"""신경망 들여다보기 / Inside Neural Networks — the library behind the book.

data → model → figure → page: `book.data` loads datasets, `book.train` trains and caches
models, `book.registry`/`book.build` turn the declarations in `figures_src/` into figures
and metrics, and `book.site` is the MkDocs glue that puts them on pages.

Importing this package is cheap on purpose (no torch, no matplotlib): the MkDocs hooks
import it on every build.
"""

import os as _os

from book import numerics

# The pinned numerics mode (book/numerics.py): environment variables that torch, MKL,
# oneDNN and NumPy read when they load, so they must be set before either is imported.
numerics.apply_env()

# OpenMP's default busy-waiting makes torch 20-100x slower when other processes share the
# cores (parallel figure workers, a second build). Must be set before torch is imported;
# results are identical either way.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
