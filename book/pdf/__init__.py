"""The print edition: one PDF per language, made from the built site (`make pdf`).

    edition   which pages, in which order, under which chapter titles; the edition's strings
    assemble  the built pages of one language → one print document (cover, contents, chapters)
    printer   that document → PDF, in Debian's Chromium driven by Playwright
    pdfinfo   what a printed PDF holds (outline, page texts, fonts, word boxes), via poppler
    build     both languages, two passes each (the second one fills in the contents' page numbers)
    print_link  a second MkDocs hook: under `make pdf`, the front page links to the PDF

May import book.core, book.site and book.pipeline (its page server); nothing imports book.pdf.
"""
