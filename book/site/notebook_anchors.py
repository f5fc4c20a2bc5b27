"""Readable, working heading anchors on notebook pages.

mkdocs-jupyter slugifies notebook headings with an ASCII-only function, so a Korean heading
gets id="" while its table of contents links to #_1, #_2 (both broken). We make it use the
same Unicode slugify as the Markdown pages (pymdownx.slugs, lower case), for the heading ids
and for the TOC alike, so "## 데이터 불러오기" becomes #데이터-불러오기 everywhere.
"""
from __future__ import annotations

import markdown
from markdown.extensions.toc import TocExtension
from pymdownx.slugs import slugify

SLUGIFY = slugify(case="lower")


def _ascii_free_slug(value: str) -> str:
    return SLUGIFY(value, "-")


def _markdown_toc(markdown_source, toc_depth):
    md = markdown.Markdown(extensions=[TocExtension(toc_depth=toc_depth, slugify=SLUGIFY)])
    md.convert(markdown_source)
    return md.toc_tokens


def install() -> None:
    import mkdocs_jupyter.convert
    import mkdocs_jupyter.plugin
    import mkdocs_jupyter.utils
    import nbconvert.filters.strings

    # nbconvert would percent-encode the (already URL-safe) Unicode slug: keep it readable
    nbconvert.filters.strings._convert_header_id = lambda header: header.replace(" ", "-")

    mkdocs_jupyter.utils.slugify = _ascii_free_slug
    mkdocs_jupyter.convert.slugify = _ascii_free_slug
    mkdocs_jupyter.plugin._get_markdown_toc = _markdown_toc
