"""No Korean page or notebook follows a source text (../shared/sources) too closely: see
tests/originality.py for how this is stricter than ../shared/tools/check_originality.py."""
from __future__ import annotations

import pytest

from book.core.paths import DOCS, ROOT
from originality import Sources, letters, prose_of, sources_dir

SOURCES_DIR = sources_dir()
needs_sources = pytest.mark.skipif(
    SOURCES_DIR is None, reason="originality test skipped: no source texts (set BOOK_SOURCES_DIR "
                                "to the folder of *.txt, e.g. ../shared/sources)")
KOREAN = sorted(p for p in (DOCS / "ko").rglob("*") if p.suffix in (".md", ".ipynb")) \
    + sorted((ROOT / "notebooks").glob("*/*.ko.ipynb"))


@pytest.fixture(scope="module")
def sources() -> Sources:
    return Sources.read(SOURCES_DIR)


def test_particles_and_english_glosses_are_ignored():
    assert letters("이런 구성의 장점은 유연성입니다.") == "이런구성장점유연성"
    assert letters("활성화 함수(activation function)를 씁니다") == "활성화함수씁"


def test_a_sentence_copied_with_other_particles_is_found():
    source = Sources({"s.txt": "이 접근 방법의 장점은 유연성입니다. 각 클래스에는 해당 출력 뉴런을 자극하는 다양한 입력 패턴이 있습니다."})
    assert source.copied("이 접근 방법이 장점이고 유연성이다. 각 클래스엔 해당 출력 뉴런을 자극하는 다양한 입력 패턴이 있다.")
    assert not source.copied("은닉층이 보태는 것은 선택지입니다. 출력 클래스는 은닉 특성 여러 개를 섞어서 켜집니다.")


@needs_sources
@pytest.mark.parametrize("page", KOREAN, ids=lambda p: str(p.relative_to(ROOT)))
def test_korean_prose_is_the_books_own(sources, page):
    runs = sources.copied(prose_of(page))
    assert not runs, (f"{page.relative_to(ROOT)} follows a source text too closely (letters with "
                      f"particles cut): {runs}; rewrite these passages in the book's own words")
