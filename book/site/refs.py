"""Resolve the two kinds of reference a page makes to generated content.

Figures:  ![alt text](fig:inside/weights_all)
    becomes a light and a dark image of this page's language, shown by Material's
    #only-light / #only-dark. Missing output or empty alt text fails the build.
Data for demos:  figdata:inside/confusion_demo  (anywhere, e.g. in data-src="...")
    becomes the relative URL of inside/confusion_demo.<lang>.json.
Numbers:  {{ inside.mnist_linear.test_accuracy | pct }}
    becomes the value of key "mnist_linear.test_accuracy" in inside/metrics.json,
    formatted; a missing chapter or key fails the build. Code spans and fenced code are
    left alone, so pages can show the syntax itself.
Particles:  {{ inside.mnist_linear.test_accuracy | pct | josa('을/를') }}
    appends the form of the particle that the formatted number takes when read aloud
    (book/site/josa.py): "91.7%를", "0.25와", "1.23으로". A particle typed after a number
    would go wrong as soon as the number changes.
"""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from book.site import josa
from book.site.image_size import ImageSizeError, size_attrs

FIG_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(fig:(?P<id>[a-z0-9_\-]+/[a-z0-9_\-]+)\)(?P<attrs>\{[^}]*\})?")
FIGDATA_RE = re.compile(r"figdata:(?P<id>[a-z0-9_\-]+/[a-z0-9_\-]+)")
# {{ chapter.key }} with an optional chain of filters: | fmt, | josa('이/가'), or both.
FILTER = r"\|\s*[a-z0-9_]+\s*(?:\(\s*'[^'{}]*'\s*\))?\s*"
METRIC_RE = re.compile(r"\{\{\s*(?P<chapter>[a-z0-9_]+)\.(?P<key>[a-z0-9_.]+?)\s*(?P<filters>(?:" + FILTER + r")*)\}\}")
FILTER_RE = re.compile(r"\|\s*(?P<name>[a-z0-9_]+)\s*(?:\(\s*'(?P<arg>[^'{}]*)'\s*\))?")
CODE_RE = re.compile(r"(^(?P<fence>```|~~~).*?^(?P=fence)[ \t]*$|`[^`\n]+`)", re.S | re.M)
# What is left of a {{ chapter.key ... }} that METRIC_RE could not read (a typo in a filter).
UNREAD_RE = re.compile(r"\{\{\s*[a-z0-9_]+\.[a-z0-9_.]+[^}]*\}\}")
FIGURE_EXTS = ("svg", "png", "gif", "webp")
WIDTH_ATTR_RE = re.compile(r'\bwidth="?(?P<w>\d+)"?')


class RefError(Exception):
    pass


def _pct(v, digits=1):
    return f"{100 * v:.{digits}f}%"


def _sci(v):
    """One significant digit times a power of ten, e.g. 1×10⁻⁵: tiny values keep their magnitude
    (f4 would print 0.0000). Metrics are stored to 6 decimals, so one digit is all they hold there."""
    if v == 0:
        return "0"
    mantissa, exponent = f"{v:.0e}".split("e")
    return f"{mantissa}×10{str(int(exponent)).translate(str.maketrans('-0123456789', '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'))}"


FORMATS = {
    "raw": str,
    "sci": _sci,
    "pct": _pct,
    "pct0": lambda v: _pct(v, 0),
    "pct2": lambda v: _pct(v, 2),
    "int": lambda v: f"{int(round(v)):,}",
    "f1": lambda v: f"{v:.1f}",
    "f2": lambda v: f"{v:.2f}",
    "f3": lambda v: f"{v:.3f}",
    "f4": lambda v: f"{v:.4f}",
    "sec": lambda v: f"{v:.1f}",
    "x": lambda v: f"{v:.0f}×",
}


class Resolver:
    def __init__(self, figures_dir: Path, lang: str):
        self.figures_dir, self.lang = figures_dir, lang
        self._metrics: dict[str, dict] = {}

    def metrics(self, chapter: str) -> dict:
        if chapter not in self._metrics:
            path = self.figures_dir / chapter / "metrics.json"
            if not path.exists():
                raise RefError(f"no metrics for chapter '{chapter}' ({path} is missing; run make figures)")
            self._metrics[chapter] = json.loads(path.read_text("utf-8"))
        return self._metrics[chapter]

    def metric(self, chapter: str, key: str, fmt: str | None) -> str:
        values = self.metrics(chapter)
        if key not in values:
            raise RefError(f"metric '{chapter}.{key}' is not in {chapter}/metrics.json "
                           "(is the figure that measures it declared and built?)")
        fmt = fmt or "raw"
        if fmt not in FORMATS:
            raise RefError(f"unknown number format '{fmt}' for {chapter}.{key}; use one of {sorted(FORMATS)}")
        return FORMATS[fmt](values[key])

    @staticmethod
    def filters(chapter: str, key: str, chain: str) -> tuple[str | None, str | None]:
        """Split `| fmt | josa('이/가')` into the number format and the particle pair; the
        format comes first, the particle last, each at most once."""
        fmt = pair = None
        for f in FILTER_RE.finditer(chain):
            name, arg = f["name"], f["arg"]
            where = f"{{{{ {chapter}.{key} {chain.strip()} }}}}"
            if name == "josa":
                if arg is None or pair is not None:
                    raise RefError(f"{where}: write one josa('이/가') with the pair in quotes, last")
                pair = arg
            elif arg is not None:
                raise RefError(f"{where}: the number format '{name}' takes no argument")
            elif fmt is not None or pair is not None:
                raise RefError(f"{where}: give one number format, before josa(...)")
            else:
                fmt = name
        return fmt, pair

    def figure_file(self, fig_id: str, dark: bool = False) -> str:
        suffix = ".dark" if dark else ""
        for ext in FIGURE_EXTS:
            rel = f"{fig_id}.{self.lang}{suffix}.{ext}"
            if (self.figures_dir / rel).exists():
                return rel
        raise RefError(f"figure '{fig_id}' has no {self.lang}{' dark' if dark else ''} output in "
                       f"{self.figures_dir} (declare it in figures_src/ and run make figures)")

    def _size(self, rel: str, attrs: str) -> str:
        """The page's attributes with width and height both set (the page may give a width)."""
        m = WIDTH_ATTR_RE.search(attrs)
        try:
            size = size_attrs(self.figures_dir / rel, int(m["w"]) if m else None)
        except ImageSizeError as e:
            raise RefError(str(e)) from None
        return " ".join(filter(None, [WIDTH_ATTR_RE.sub("", attrs).strip(), size]))

    def data_file(self, fig_id: str) -> str:
        rel = f"{fig_id}.{self.lang}.json"
        if not (self.figures_dir / rel).exists():
            raise RefError(f"demo data '{fig_id}' has no {self.lang} output {rel} (run make figures)")
        return rel

    def resolve(self, markdown: str, page_src_uri: str) -> tuple[str, list[str]]:
        """Return the page with every reference replaced, and the figure ids it uses."""
        base = posixpath.dirname(page_src_uri)
        used: list[str] = []

        def url(rel: str) -> str:
            return posixpath.relpath(f"assets/figures/{rel}", base or ".")

        def fig(m):
            alt, fig_id, attrs = m["alt"].strip(), m["id"], m["attrs"] or ""
            if not alt:
                raise RefError(f"figure '{fig_id}' has no alt text: write ![what it shows](fig:{fig_id})")
            used.append(fig_id)
            extra = attrs[1:-1].strip() if attrs else ""
            light_file, dark_file = self.figure_file(fig_id), self.figure_file(fig_id, dark=True)
            light, dark = url(light_file), url(dark_file)
            size = self._size(light_file, extra)
            return (f"![{alt}]({light}#only-light){{ loading=lazy {size} }}"
                    f"![{alt}]({dark}#only-dark){{ loading=lazy {size} }}")

        def figdata(m):
            used.append(m["id"])
            return url(self.data_file(m["id"]))

        def metric(m):
            fmt, pair = self.filters(m["chapter"], m["key"], m["filters"])
            text = self.metric(m["chapter"], m["key"], fmt)
            if pair is None:
                return text
            try:
                return josa.attach(text, pair)
            except josa.JosaError as e:
                raise RefError(f"{m['chapter']}.{m['key']}: {e}") from None

        out, last = [], 0
        for code in CODE_RE.finditer(markdown):
            out.append(self._prose(markdown[last:code.start()], fig, figdata, metric))
            out.append(code.group(0))
            last = code.end()
        out.append(self._prose(markdown[last:], fig, figdata, metric))
        return "".join(out), used

    @staticmethod
    def _prose(text, fig, figdata, metric):
        text = FIG_RE.sub(fig, text)
        text = FIGDATA_RE.sub(figdata, text)
        text = METRIC_RE.sub(metric, text)
        unread = UNREAD_RE.search(text)
        if unread:
            raise RefError(f"cannot read {unread.group(0)}: write {{{{ chapter.key | fmt }}}} or "
                           f"{{{{ chapter.key | fmt | josa('이/가') }}}} (pair in single quotes)")
        return text
