"""The glossary (docs/glossary.yaml) and the terminology lint of the Korean chapters."""
from __future__ import annotations

import json
import re

import pytest

from book.core.paths import DOCS, ROOT
from book.site import glossary as g

ENTRIES = g.entries()
# Chapters whose authors have adopted the first-use rule (English in parentheses) under test.
FIRST_USE_CHAPTERS = ["basics", "learning"]


# Titles of cited works keep their own wording: [title](https://...) is not linted.
CITATION = re.compile(r"\[[^\]]*\]\(https?://[^)]*\)")


def _sources(lang: str) -> list[str]:
    """Every page of one language (but the glossary, which names avoided variants as
    examples) and every notebook source of it, relative to the repository root."""
    pages = [p for p in sorted((DOCS / lang).rglob("*.md")) if p.name != "glossary.md"]
    return [str(p.relative_to(ROOT)) for p in pages + sorted((ROOT / "notebooks").glob(f"*/*.{lang}.ipynb"))]


def _korean_sources() -> list[str]:
    return _sources("ko")


def _text(rel: str) -> str:
    path = ROOT / rel
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def test_every_entry_is_complete():
    assert ENTRIES, "docs/glossary.yaml is empty"
    for e in ENTRIES:
        for field in g.FIELDS:
            assert isinstance(e.get(field), str) and e[field].strip(), f"{e.get('en', e)}: '{field}' is missing"
        assert e["chapter"] in g.CHAPTERS, f"{e['en']}: unknown chapter '{e['chapter']}' (one of {g.CHAPTERS})"
        unknown = set(e) - set(g.FIELDS) - {"avoid", "avoid_re", "avoid_en", "generic", "unused"}
        assert not unknown, f"{e['en']}: unknown keys {unknown}"
        if "unused" in e:
            assert isinstance(e["unused"], str) and e["unused"].strip(), \
                f"{e['en']}: 'unused' must say why the term stays in the glossary"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_chapter_of_the_glossary_exists(lang):
    missing = sorted({e["chapter"] for e in ENTRIES if not (DOCS / lang / e["chapter"] / "index.md").exists()})
    assert not missing, f"glossary entries name chapters that have no docs/{lang}/<chapter>/index.md: {missing}"


def test_terms_are_unique():
    for lang in ("ko", "en"):
        terms = [e[lang].lower() for e in ENTRIES]
        dupes = {t for t in terms if terms.count(t) > 1}
        assert not dupes, f"{lang} terms listed twice: {dupes}"


def test_avoided_variants_are_not_glossary_terms():
    """A variant that is (part of) an approved term would make the lint fire on correct text."""
    approved = [e["ko"] for e in ENTRIES]
    for e in ENTRIES:
        for v in e.get("avoid", []) or []:
            clash = [t for t in approved if v in t]
            assert not clash, f"avoid variant '{v}' of {e['en']} occurs in approved terms {clash}"
        for pattern in e.get("avoid_re", []) or []:
            re.compile(pattern)
            clash = [t for t in approved if re.search(pattern, t)]
            assert not clash, f"avoid pattern '{pattern}' of {e['en']} matches approved terms {clash}"


def test_lint_finds_a_mistranslation():
    logistic = next(e for e in ENTRIES if e["en"] == "logistic regression")
    assert g.avoided("이것은 단일 회고 논리를 표현한 것입니다.", logistic) == ["회고 논리"]
    assert g.avoided("로지스틱 회귀(logistic regression)는 뉴런 하나입니다.", logistic) == []
    regularization = next(e for e in ENTRIES if e["en"] == "regularization")
    assert g.avoided("배치 정규화(batch normalization)", regularization) == []
    assert g.avoided("드롭아웃은 정규화(regularization) 기법이다", regularization)


@pytest.mark.parametrize("name", _korean_sources())
def test_korean_pages_use_the_glossary_terms(name):
    text = CITATION.sub(" ", _text(name))
    problems = [f"'{v}' (use '{e['ko']}' for {e['en']})" for e in ENTRIES
                for v in g.avoided(text, e) + g.spacing_variants(text, e)]
    assert not problems, f"{name}: " + "; ".join(problems)


def test_every_glossary_term_is_used_in_both_editions():
    """The other direction: a glossary entry that no page uses names a term the book does not
    use (or spells otherwise). Use it, fix the entry, or give the reason under `unused`."""
    ko = "\n".join(CITATION.sub(" ", _text(rel)) for rel in _sources("ko"))
    en = "\n".join(CITATION.sub(" ", _text(rel)) for rel in _sources("en"))
    problems = g.unused(ENTRIES, ko, en)
    assert not problems, "glossary terms no page uses:\n" + "\n".join(problems)


def test_two_way_lint_can_fail():
    mse = next(e for e in ENTRIES if e["en"] == "mean squared error")
    assert g.spacing_variants("손실은 평균제곱오차입니다.", mse) == ["평균제곱오차"]
    assert g.spacing_variants("손실은 평균 제곱 오차입니다.", mse) == []
    hidden = next(e for e in ENTRIES if e["en"] == "hidden layer")
    assert g.spacing_variants("은닉 층이 둘", hidden) == ["은닉 층"]
    assert g.spacing_variants("첫 은닉층", hidden) == []
    fake = {"ko": "없는 용어", "en": "no such term"}
    assert g.unused([fake], "본문", "text") == ["없는 용어 / no such term: used by no ko and no en page"]
    assert g.unused([fake], "없는 용어가 있다", "text") == ["없는 용어 / no such term: used by no en page"]
    assert g.unused([dict(fake, unused="kept for readers of other books")], "", "") == []


# The glossary page itself lists the avoided variants, so it is not linted.
@pytest.mark.parametrize("page", sorted(p for p in (DOCS / "en").rglob("*.md") if p.name != "glossary.md"),
                         ids=lambda p: str(p.relative_to(DOCS)))
def test_english_pages_use_the_glossary_terms(page):
    text = CITATION.sub(" ", page.read_text(encoding="utf-8"))
    problems = [f"'{v}' (use '{e['en']}')" for e in ENTRIES for v in g.avoided(text, e, "en")]
    assert not problems, f"{page.relative_to(ROOT)}: " + "; ".join(problems)


@pytest.mark.parametrize("chapter", FIRST_USE_CHAPTERS)
def test_first_use_shows_the_english(chapter):
    text = (DOCS / "ko" / chapter / "index.md").read_text(encoding="utf-8")
    problems = g.first_use_problems(text, ENTRIES)
    assert not problems, f"docs/ko/{chapter}/index.md:\n" + "\n".join(problems)


def test_first_use_check_can_fail():
    assert g.first_use_problems("가중치를 곱합니다. 가중치(weight)는 숫자입니다.", ENTRIES)
    assert not g.first_use_problems("가중치(weight)를 곱합니다. 가중치는 숫자입니다.", ENTRIES)
    # 신경망 inside 순환 신경망 is not a first use of 신경망
    assert not g.first_use_problems("순환 신경망(recurrent neural network)과 신경망(neural network).", ENTRIES)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_glossary_page_is_generated_from_the_yaml(lang):
    page = (DOCS / lang / "glossary.md").read_text(encoding="utf-8")
    assert g.MARKER in page
    out = g.render_into(page, lang)
    assert g.MARKER not in out
    rows = [line for line in out.splitlines() if line.startswith("| **")]
    assert len(rows) == len(ENTRIES)
    for e in ENTRIES:
        assert f"| **{e[lang]}** | {e['en' if lang == 'ko' else 'ko']} | {e[f'{lang}_def']} |" in out
