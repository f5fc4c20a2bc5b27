"""The data of the interactive demos on the pages (docs/assets/js/*.js): trained weights, test
samples and reference outputs exported as JSON, which the browser tests replay against PyTorch.
May import book.core, book.data, book.nets and book.experiments; the figure modules in
figures_src/ declare these exports like any other figure.
"""
