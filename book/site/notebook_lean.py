"""Notebook pages without dead weight (hooks.on_post_page, after html_fixes.fix_notebook).

- The JupyterLab stylesheet that nbconvert embeds (≈ 590 KB, the same for every notebook) is
  cut down to the rules whose classes the page uses; custom properties (`:root { --jp-… }`)
  and rules without a class stay.
- Output images embedded as base64 `data:` URLs (a third larger than the file, and they cannot
  be cached or loaded lazily) become files under assets/notebooks/, named by their content
  hash, with width and height so the layout does not shift.
- Scripts the pages do not need go: nbconvert's MathJax configuration (formulas are MathML,
  book.site.math) and its Mermaid loader (the notebooks have no diagrams; it would fetch
  Mermaid from a CDN).
"""
from __future__ import annotations

import base64
import hashlib
import io
import re
from pathlib import Path

import tinycss2

_CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
_DATA_IMG = re.compile(r'<img\b([^>]*?)\ssrc="data:image/(png|jpeg|gif);base64,([A-Za-z0-9+/=\s]+)"([^>]*)>')
_UNNEEDED_SCRIPTS = [
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>\n?', re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid.*?</script>\n?', re.S),
]


def used_classes(page_html: str) -> set[str]:
    return {c for m in _CLASS_ATTR.finditer(page_html) for c in m.group(1).split()}


def _selectors(prelude) -> list[list]:
    """A rule's selector list split at its top-level commas (not those inside :is(…), :not(…))."""
    out: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            out.append([])
        else:
            out[-1].append(token)
    return out


def _selector_used(tokens: list, classes: set[str]) -> bool:
    """Can the selector match an element of the page? Judged by its own class names only
    (`.a .b`); a class inside a function (:not(.x), :is(.y, .z)) never rules it out."""
    required = [b.value for a, b in zip(tokens, tokens[1:])
                if a.type == "literal" and a.value == "." and b.type == "ident"]
    return all(c in classes for c in required)


_VAR = re.compile(r"var\(\s*(--[\w-]+)")


def prune_css(css: str, classes: set[str]) -> str:
    """The rules of `css` that can match an element of the page (by their class names), with
    only the custom properties (`--jp-…`, most of the sheet) that those rules end up using."""
    return _drop_unused_properties(_matching_rules(css, classes))


def _drop_unused_properties(css: str) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    decls = list(_declarations(rules))
    defined: dict[str, list[str]] = {}
    used = set()
    for d in decls:
        value = tinycss2.serialize(d.value)
        if d.name.startswith("--"):
            defined.setdefault(d.name, []).append(value)
        else:
            used |= set(_VAR.findall(value))
    todo = list(used)
    while todo:  # a custom property's value may use others
        for value in defined.get(todo.pop(), []):
            for name in _VAR.findall(value):
                if name not in used:
                    used.add(name)
                    todo.append(name)
    # Only JupyterLab's own (--jp-…): another custom property may be read by Material's sheets.
    return _serialize(rules, lambda d: not d.name.startswith("--jp-") or d.name in used)


def _declarations(rules):
    for rule in rules:
        if rule.type == "qualified-rule":
            yield from (d for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True,
                                                                   skip_whitespace=True)
                        if d.type == "declaration")
        elif rule.type == "at-rule" and rule.content and rule.lower_at_keyword in ("media", "supports"):
            yield from _declarations(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                              skip_whitespace=True))


def _serialize(rules, keep) -> str:
    out: list[str] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            body = ";".join(f"{d.name}:{tinycss2.serialize(d.value).strip()}"
                            + ("!important" if d.important else "")
                            for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True,
                                                                     skip_whitespace=True)
                            if d.type == "declaration" and keep(d))
            if body:
                out.append(f"{tinycss2.serialize(rule.prelude).strip()}{{{body}}}")
        elif rule.type == "at-rule" and rule.content and rule.lower_at_keyword in ("media", "supports"):
            inner = _serialize(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), keep)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]).strip())
    return "\n".join(out)


def _matching_rules(css: str, classes: set[str]) -> str:
    out: list[str] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            kept = [tinycss2.serialize(s).strip() for s in _selectors(rule.prelude) if _selector_used(s, classes)]
            if kept:
                out.append(f"{', '.join(kept)}{{{tinycss2.serialize(rule.content).strip()}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
            inner = _matching_rules(tinycss2.serialize(rule.content), classes)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]).strip())
    return "\n".join(out)


def drop_unneeded_scripts(page_html: str) -> str:
    for pattern in _UNNEEDED_SCRIPTS:
        page_html = pattern.sub("", page_html)
    return page_html


def externalise_images(page_html: str, site_dir: Path, page_url: str) -> str:
    """base64 output images → files in assets/notebooks/, linked with width, height, lazy."""
    from PIL import Image

    up = "../" * page_url.count("/")

    def one(m: re.Match) -> str:
        data = base64.b64decode(m.group(3))
        ext = {"jpeg": "jpg"}.get(m.group(2), m.group(2))
        rel = f"assets/notebooks/{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
        path = site_dir / rel
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
        attrs = re.sub(r'\s(width|height|loading|decoding)="[^"]*"', "", m.group(1) + m.group(4))
        attrs = attrs.rstrip().rstrip("/").rstrip()
        return (f'<img{attrs} src="{up}{rel}" width="{width}" height="{height}" '
                'loading="lazy" decoding="async">')

    return _DATA_IMG.sub(one, page_html)
