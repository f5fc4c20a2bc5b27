"""Formulas typeset at build time: LaTeX to MathML (latex2mathml), so no page loads a math engine.

Every current browser draws MathML itself; the site's math font (book.site.math_font) gives it
the glyphs and the OpenType MATH metrics (stretchy brackets, big operators) to draw it well.
Markdown pages mark math with pymdownx.arithmatex (generic mode: `\\(…\\)` and `\\[…\\]` in an
element of class "arithmatex"); notebook pages keep the `$…$` / `$$…$$` of their Markdown cells.

latex2mathml passes what it does not know through as text (`\\foo` becomes `<mi>\\foo</mi>`)
and drops alignment environments it does not handle into one row: such a formula stops the
build with its source, instead of reaching the reader as garbled math.
"""
from __future__ import annotations

import html
import re

from latex2mathml.converter import convert


class MathError(ValueError):
    pass


# LaTeX that latex2mathml does not know, rewritten into LaTeX it does (same rendering).
_ENVIRONMENTS = {"aligned": "align*", "split": "align*", "gathered": "gather*"}
_ENV = re.compile(r"\\(begin|end)\{(" + "|".join(_ENVIRONMENTS) + r")\}")
_OPERATORS = re.compile(r"\\(arg|deg|dim|hom|ker|Pr|sgn)(?![A-Za-z])")
# \mathrm{d}: latex2mathml writes a plain <mi>d</mi>, which MathML draws italic like a variable.
_MATHRM_WORD = re.compile(r"\\mathrm\{([A-Za-z0-9 ]+)\}")
# Output that means the conversion failed: a command left as text, an alignment mark or a
# line break outside a table (MathML Core draws neither).
_FAILED = re.compile(r">[^<]*\\[A-Za-z]+[^<]*<|<mi>&amp;</mi>|<mi>&</mi>|linebreak=")
_SPACE_NAMES = {'width="negativethinmathspace"': 'width="-0.167em"'}
# TeX puts a thin space after a function name (\log p) unless a parenthesis follows; MathML
# Core leaves a multi-letter <mi> unspaced, so "log p" would read "logp".
_FUNCTION_NAME = re.compile(r"(?<!<msub>)(?<!<msup>)(?<!<msubsup>)(<mi>[A-Za-z]{2,}</mi>)(?!<mo[^>]*>(?:\(|&#x00028;))")


def _prepare(tex: str) -> str:
    tex = _ENV.sub(lambda m: f"\\{m.group(1)}{{{_ENVIRONMENTS[m.group(2)]}}}", tex)
    tex = _OPERATORS.sub(r"\\operatorname{\1}", tex)
    return _MATHRM_WORD.sub(r"\\text{\1}", tex)


def to_mathml(tex: str, display: bool) -> str:
    """One formula as a <math> element; MathError names the formula if it did not convert."""
    try:
        out = convert(_prepare(tex.strip()), display="block" if display else "inline")
    except Exception as e:  # latex2mathml raises its own exception types for malformed LaTeX
        raise MathError(f"cannot typeset ${tex}$: {type(e).__name__}: {e}") from None
    bad = _FAILED.search(out)
    if bad:
        raise MathError(f"cannot typeset ${tex}$: latex2mathml does not know {bad.group(0)!r}; "
                        "write it with commands it supports (see book/site/math.py)")
    out = out.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
    for name, length in _SPACE_NAMES.items():
        out = out.replace(name, length)
    out = _FUNCTION_NAME.sub(r'\1<mspace width="0.167em"></mspace>', out)
    return out


_ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">\s*\\([(\[])(.*?)\\[)\]]\s*</\1>', re.S)


def _formula(tag: str, tex: str, display: bool) -> str:
    # A displayed formula wider than a phone scrolls sideways; a scrollable region must be
    # reachable from the keyboard (axe: scrollable-region-focusable), hence tabindex.
    focus = ' tabindex="0"' if display else ""
    return f'<{tag} class="arithmatex"{focus}>{to_mathml(html.unescape(tex), display)}</{tag}>'


def typeset_arithmatex(page_html: str) -> str:
    """The page with every pymdownx.arithmatex formula replaced by its MathML."""
    return _ARITHMATEX.sub(lambda m: _formula(m.group(1), m.group(3), m.group(2) == "["), page_html)


_MARKDOWN_CELL = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
_CODE = re.compile(r"(<(code|pre)\b.*?</\2>)", re.S)
# $$…$$ first, then $…$ (TeX's rule: no space just inside the dollars, so "$5 and $6" stays text)
_DOLLARS = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?=[^\s$])([^$]*?[^\s$])\$(?!\d)", re.S)


def typeset_notebook_markdown(page_html: str) -> str:
    """The page with `$…$` and `$$…$$` in its notebook Markdown cells (not in code) as MathML."""
    def formula(m: re.Match) -> str:
        display = m.group(1) is not None
        return _formula("div" if display else "span", m.group(1) if display else m.group(2), display)

    def cell(m: re.Match) -> str:
        parts = _CODE.split(m.group(2))
        # split() with two groups yields [text, code, tag-name, text, code, tag-name, …]
        body = "".join(p if i % 3 else _DOLLARS.sub(formula, p) for i, p in enumerate(parts) if i % 3 != 2)
        return m.group(1) + body + m.group(3)

    return _MARKDOWN_CELL.sub(cell, page_html)
