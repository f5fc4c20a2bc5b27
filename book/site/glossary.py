"""The bilingual glossary: docs/glossary.yaml → the table of docs/<lang>/glossary.md.

The YAML file lies outside both docs folders, so it is not published raw. Each entry has
ko, en, ko_def, en_def and chapter (the chapter that introduces the term), and may list
`avoid` (Korean variants the book does not use), `avoid_re` (the same as regular
expressions), `avoid_en` (English variants), `generic: true` (an everyday Korean word,
exempt from the "English in parentheses at first use" rule) and `unused: <reason>` (a term
kept although no page uses it). The lint checks both ways: a page that writes a term
otherwise (a listed variant, or other spacing) fails, and so does a term no page uses. The page holds a marker line
`<!-- glossary -->`, which the build replaces with the table for the page's language.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from book.core.paths import DOCS

GLOSSARY = DOCS / "glossary.yaml"
MARKER = "<!-- glossary -->"
# The book's chapters in reading order (slugs = folders under docs/<lang>/).
CHAPTERS = ["basics", "learning", "inside", "topology", "cnn", "rnn", "generative"]
FIELDS = ("ko", "en", "ko_def", "en_def", "chapter")
HEADERS = {"ko": ("한국어", "English", "뜻", "처음 나오는 장"),
           "en": ("English", "한국어", "Definition", "Introduced in")}


@lru_cache(maxsize=None)
def _load(path: str, mtime: float) -> list[dict]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []


def entries(path: Path = GLOSSARY) -> list[dict]:
    return _load(str(path), path.stat().st_mtime)


def chapter_title(chapter: str, lang: str, docs: Path = DOCS) -> str | None:
    """The first heading of docs/<lang>/<chapter>/index.md, or None if the chapter is not there."""
    page = docs / lang / chapter / "index.md"
    if not page.exists():
        return None
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return chapter


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(lang: str, docs: Path = DOCS, path: Path = GLOSSARY) -> str:
    """The glossary as a Markdown table for `lang`, sorted by the term in that language;
    chapter names link to the chapter when its page exists in this language."""
    other = "en" if lang == "ko" else "ko"
    rows = sorted(entries(path), key=lambda e: str(e[lang]).lower())
    head = HEADERS[lang]
    out = [f"| {' | '.join(head)} |", "| --- | --- | --- | --- |"]
    for e in rows:
        title = chapter_title(e["chapter"], lang, docs)
        where = f"[{title}]({e['chapter']}/index.md)" if title else e["chapter"]
        term = f"**{_cell(e[lang])}**"
        out.append(f"| {term} | {_cell(e[other])} | {_cell(e[f'{lang}_def'])} | {where} |")
    return "\n".join(out)


def render_into(markdown: str, lang: str) -> str:
    """Replace the marker line of the glossary page with the table."""
    if MARKER not in markdown:
        raise ValueError(f"glossary.md has no '{MARKER}' line to replace with the table")
    return markdown.replace(MARKER, table(lang))


# ----- terminology lint (used by tests/test_glossary.py) ------------------------------------

def avoided(text: str, entry: dict, lang: str = "ko") -> list[str]:
    """The disallowed variants of `entry` that occur in `text`."""
    found = []
    for variant in entry.get("avoid" if lang == "ko" else "avoid_en", []) or []:
        if variant in text:
            found.append(variant)
    if lang == "ko":
        for pattern in entry.get("avoid_re", []) or []:
            m = re.search(pattern, text)
            if m:
                found.append(m.group(0))
    return found


def spacing_variants(text: str, entry: dict) -> list[str]:
    """The Korean term of `entry` written with other spacing ("평균제곱오차" for 평균 제곱 오차,
    "은닉 층" for 은닉층). Single words of two syllables are left out: 원 형 in "원 형태" is
    not 원형. A match must start a word (no Hangul or Latin letter before it)."""
    term = entry["ko"]
    letters = term.replace(" ", "")
    if " " not in term and len(letters) < 3:
        return []
    pattern = r"(?<![가-힣A-Za-z])" + r"\s?".join(re.escape(c) for c in letters)
    return [m.group(0) for m in re.finditer(pattern, text) if m.group(0) != term]


def unused(entries_: list[dict], ko_text: str, en_text: str) -> list[str]:
    """Entries whose Korean term no Korean page uses, or whose English term no English page
    uses (case-insensitive), unless the entry says why under `unused`."""
    out = []
    for e in entries_:
        if e.get("unused"):
            continue
        missing = [lang for lang, text, term in (("ko", ko_text, e["ko"]), ("en", en_text.lower(), e["en"].lower()))
                   if term not in text]
        if missing:
            out.append(f"{e['ko']} / {e['en']}: used by no {' and no '.join(missing)} page")
    return out


CODE_OR_MATH = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]+`|\$\$.*?\$\$|\$[^$\n]+\$", re.S)


def prose(markdown: str) -> str:
    """Body text of a page for the first-use check: no code, math, headings, HTML lines
    (figures and captions), images or link targets."""
    text = CODE_OR_MATH.sub(" ", markdown)
    lines = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith(("#", "<", "![", "|", "!!!")):
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    return re.sub(r"\{\{[^}]*\}\}", "0", text)


def first_use_problems(markdown: str, terms: list[dict]) -> list[str]:
    """Glossary terms whose first use in the prose is not followed by "(English ...)".

    An occurrence inside a longer glossary term (신경망 in 순환 신경망) does not count."""
    text = prose(markdown)
    problems = []
    for e in terms:
        if e.get("generic"):
            continue
        ko = e["ko"]
        longer = [o["ko"] for o in terms if o["ko"] != ko and ko in o["ko"]]
        masked = text
        for other in sorted(longer, key=len, reverse=True):
            masked = masked.replace(other, "\0" * len(other))
        i = masked.find(ko)
        if i < 0:
            continue
        after = masked[i + len(ko):i + len(ko) + 80]
        m = re.match(r"\**\s?\(([^)]*)\)", after)
        if not m or e["en"].lower() not in m.group(1).lower():
            problems.append(f"{ko}: first use is not followed by ({e['en']}): "
                            f"…{masked[max(0, i - 20):i + len(ko) + 20]!r}…")
    return problems
