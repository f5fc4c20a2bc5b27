"""MkDocs hook (the second one in mkdocs.base.yml): the link from each language's front page
to its print edition. A hook of its own, in book.pdf, because the site does not depend on the
print edition: the PDF is printed from the built site, never the other way round.

Only `make pdf` sets BOOK_PRINT_EDITION=1 for its site build, because only that command
puts the PDF next to the pages: a plain `make site` has no PDF, so it has no link to one, and
its link check stays honest. Raw HTML, not a Markdown link: MkDocs validates Markdown links
against docs/, and the PDF is not a page of docs/.
"""
from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # mkdocs loads this file by path, not as part of the package
    sys.path.insert(0, str(ROOT))

from book.pdf.edition import PDF_NAMES, STRINGS  # noqa: E402

ENV = "BOOK_PRINT_EDITION"


def wanted() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def add_print_link(markdown: str, lang: str) -> str:
    """The front page with a link to the PDF right under its title."""
    link = (f'<p class="print-edition-link"><a href="{PDF_NAMES[lang]}" download>'
            f'{html.escape(STRINGS[lang]["download"])}</a></p>')
    heading = re.search(r"^# .*$", markdown, re.M)
    if heading is None:
        raise ValueError("the front page has no '# title' line to put the print-edition link under")
    return f"{markdown[:heading.end()]}\n\n{link}\n{markdown[heading.end():]}"


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "index.md" and wanted():
        return add_print_link(markdown, config["theme"]["language"])
    return markdown
