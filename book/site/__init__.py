"""MkDocs glue: the hook that resolves figure and metric references on pages, typesets the
math, slims the notebook pages and links each page's demo scripts. May import book.core only:
the pages read the figures and metrics the pipeline wrote, never the code that made them.
"""
