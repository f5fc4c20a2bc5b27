"""Particles after numbers in the Korean edition (book/site/josa.py and the josa filter of
book/site/refs.py): the rule, the filter, and every built Korean page checked against it."""
from __future__ import annotations

import html
import json
import re

import pytest

from book.pipeline.strings import STRINGS_DIR, load_catalog
from book.core.paths import figures_dir
from book.site import josa
from book.site.refs import RefError, Resolver


@pytest.mark.parametrize("number, pair, expected", [
    # the faults the issue found in the built pages
    ("0.9", "이/가", "가"), ("-0.9", "이/가", "가"), ("0.25", "과/와", "와"), ("0.84", "과/와", "와"),
    ("1.23", "으로/로", "으로"), ("0.45", "을/를", "를"), ("9,158", "으로/로", "로"),
    ("0.338", "으로/로", "로"),
    # round numbers are read 십, 백, 천, 만: all end in a consonant other than ㄹ
    ("10", "으로/로", "으로"), ("100", "으로/로", "으로"), ("1,000", "으로/로", "으로"),
    ("10,000", "으로/로", "으로"), ("60,000", "이/가", "이"), ("20", "을/를", "을"),
    # ㄹ (일, 칠, 팔) takes 로 but 이/은/을/과 like any final consonant
    ("1", "으로/로", "로"), ("7", "으로/로", "로"), ("28", "으로/로", "로"), ("0.001", "이/가", "이"),
    ("0", "으로/로", "으로"), ("0.0", "은/는", "은"), ("1.20", "과/와", "과"), ("36", "을/를", "을"),
    # signs read as words: 퍼센트, 배
    ("98.3%", "을/를", "를"), ("100%", "이/가", "가"), ("3×", "으로/로", "로"),
    # the copula's past: 0.5였습니다, 0.460이었습니다
    ("0.5", "이었/였", "였"), ("0.460", "이었/였", "이었"),
    # Korean text: its own last syllable
    ("고양이", "을/를", "를"), ("개구리", "과/와", "와"), ("자동차", "으로/로", "로"), ("말", "으로/로", "로"),
])
def test_particle_follows_the_number_as_read_aloud(number, pair, expected):
    assert josa.particle(number, pair) == expected


def test_particle_rejects_what_it_cannot_read():
    with pytest.raises(josa.JosaError, match="unknown particle pair"):
        josa.particle("3", "가/이")
    with pytest.raises(josa.JosaError, match="how 'MNIST' is read"):
        josa.particle("MNIST", "이/가")


def test_filter_chains_a_format_and_a_particle():
    r = Resolver(figures_dir(), "ko")
    acc = r.metrics("inside")["mnist_linear.test_accuracy"]
    text, _ = r.resolve("정확도 {{ inside.mnist_linear.test_accuracy | pct | josa('을/를') }} 얻었습니다.",
                        "inside/index.md")
    assert text == f"정확도 {100 * acc:.1f}%를 얻었습니다."
    correct = r.metrics("inside")["mnist_linear.test_correct"]
    text, _ = r.resolve("{{ inside.mnist_linear.test_correct | int | josa('으로/로') }}", "inside/index.md")
    formatted = f"{int(round(correct)):,}"
    assert text == formatted + josa.particle(formatted, "으로/로")


@pytest.mark.parametrize("macro, message", [
    ("{{ inside.mnist_linear.test_accuracy | pct | josa('가/이') }}", "unknown particle pair"),
    ("{{ inside.mnist_linear.test_accuracy | josa('을/를') | pct }}", "before josa"),
    ("{{ inside.mnist_linear.test_accuracy | pct | josa(을/를) }}", "cannot read"),
    ("{{ inside.mnist_linear.test_accuracy | pct('을/를') }}", "takes no argument"),
])
def test_filter_errors_say_what_to_write(macro, message):
    with pytest.raises(RefError, match=re.escape(message)):
        Resolver(figures_dir(), "ko").resolve(macro, "inside/index.md")


def test_check_finds_the_faults_of_the_issue():
    text = ("가중합은 0.9이 됩니다. 0.25과 0.98로, 출력 가중치는 0.84과 0.42가 되었고, 값이 1.23로 "
            "남고, 가짜에 0.45을 주었습니다. 대각선의 합은 9,158으로, 오차는 0.338으로, "
            "정확도는 98.3%였습니다가 아니라 0.460였습니다.")
    found = [d.split(":")[0] for d in josa.disagreements(text)]
    assert found == ["0.9이 → 0.9가", "0.25과 → 0.25와", "0.84과 → 0.84와", "1.23로 → 1.23으로",
                     "0.45을 → 0.45를", "9,158으로 → 9,158로", "0.338으로 → 0.338로",
                     "0.460였 → 0.460이었"]


def test_check_leaves_counters_copulas_and_identifiers_alone():
    ok = ("784개의 픽셀, 3가지 방법, 0.9이고 0.9입니다, 10이 되고, 1로 맞추고, 0과 1 사이, "
          "28×28을 펴서, 100%가 되고, 2,000장으로, h3으로, L1을 써서, 0.5였습니다.")
    assert josa.disagreements(ok) == []


_INLINE_TAGS = r"(?:strong|em|b|i|a|span|code|sup|sub|mark|abbr|kbd)"


def visible_text(page_html: str) -> str:
    """The text a reader sees: no scripts or styles; inline tags vanish (so **0.9**가 reads
    0.9가), every other tag separates like a space."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    text = re.sub(rf"</?{_INLINE_TAGS}\b[^>]*>", "", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def test_every_korean_page_has_the_particles_its_numbers_take(built_site):
    pages = [p for p in sorted(built_site.rglob("*.html")) if p.relative_to(built_site).parts[0] != "en"]
    assert len(pages) > 10, f"only {len(pages)} Korean pages in the built site"
    problems = [f"{p.relative_to(built_site)}: {d}" for p in pages
                for d in josa.disagreements(visible_text(p.read_text("utf-8")))]
    assert not problems, ("a number followed by the wrong particle (write {{ x | fmt | josa('이/가') }} "
                          "after an inserted number):\n" + "\n".join(problems))


# A placeholder of a figure string directly followed by a particle: the particle was typed
# for one value and goes wrong for another.
PLACEHOLDER_PARTICLE = re.compile(r"\{[^{}]*\}(?:이|가|은|는|을|를|과|와|으로|로|였|이었)(?![가-힣])")


def _korean_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _korean_strings(v)


@pytest.mark.parametrize("catalog", sorted(STRINGS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_figure_strings_type_no_particle_after_a_value(catalog):
    problems = []
    for key, entry in load_catalog(catalog).items():
        for s in _korean_strings(entry["ko"]):
            problems += [f"{key}: {m.group(0)}" for m in PLACEHOLDER_PARTICLE.finditer(s)]
            problems += [f"{key}: {d}" for d in josa.disagreements(s)]
    assert not problems, f"{catalog.name}: " + "; ".join(problems)


def test_korean_demo_data_has_the_particles_its_numbers_take():
    files = sorted(figures_dir().rglob("*.ko.json"))
    assert files
    problems = [f"{f.name}: {d}" for f in files
                for d in josa.disagreements(json.dumps(json.loads(f.read_text("utf-8")), ensure_ascii=False))]
    assert not problems, "\n".join(problems)
