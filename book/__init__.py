"""신경망 들여다보기 / Inside Neural Networks — the library behind the book.

data → model → figure → page: `book.data` loads datasets, `book.train` trains and caches
models, `book.registry`/`book.build` turn the declarations in `figures_src/` into figures
and metrics, and `book.site` is the MkDocs glue that puts them on pages.

Importing this package is cheap on purpose (no torch, no matplotlib): the MkDocs hooks
import it on every build.
"""
