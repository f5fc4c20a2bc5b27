"""Korean particles (조사) after numbers: choose them, and find the ones that disagree.

A particle such as 이/가 follows the final sound of the word before it. After a number that
word is the number *as read aloud* in Sino-Korean: 0.25 is 영 점 이 오 (ends in a vowel: 0.25와),
9,158 is 구천백오십팔 (ends in ㄹ: 9,158로), 1,000 is 천 (ends in ㄴ: 1,000으로), 98.3% ends in
퍼센트 and 3× in 배. A final consonant takes the first form of a pair (이, 은, 을, 과, 으로), a
vowel the second (가, 는, 를, 와, 로); before 으로/로 a final ㄹ counts as a vowel (1.1로, 7로).

Used by the `josa` filter of book/site/refs.py ({{ x | f2 | josa('이/가') }}) and by
tests/test_korean.py, which checks every number followed by a particle in the built pages.
"""
from __future__ import annotations

import re

DIGITS = "영일이삼사오육칠팔구"
# Reading of a round number by its count of trailing zeros: 10 십, 100 백, 1,000 천,
# 10,000 ... 10,000,000 만, then 억 and 조 (the last syllable is all that matters).
ROUND = {1: "십", 2: "백", 3: "천"} | {k: "만" for k in range(4, 8)} | {k: "억" for k in range(8, 12)} \
    | {k: "조" for k in range(12, 16)}
# Signs read as a word after the number.
SUFFIX_READING = {"%": "트", "×": "배"}  # 퍼센트, 배

# Particle pairs as written in the filter: (after a consonant, after a vowel).
PAIRS = {
    "이/가": ("이", "가"),
    "은/는": ("은", "는"),
    "을/를": ("을", "를"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
    "이었/였": ("이었", "였"),
    "이라/라": ("이라", "라"),
    "이나/나": ("이나", "나"),
}
NUMBER_RE = re.compile(r"-?\d[\d,]*(?:\.\d+)?[%×]?")


class JosaError(ValueError):
    pass


def last_syllable(text: str) -> str:
    """The last syllable of `text` read aloud: a number as Sino-Korean, Korean as written."""
    text = text.strip()
    if text and "\uac00" <= text[-1] <= "\ud7a3":
        return text[-1]
    if not NUMBER_RE.fullmatch(text):
        raise JosaError(f"cannot tell how {text!r} is read aloud: josa() takes a number "
                        "(e.g. 0.25, 9,158, 98.3%, 3×) or Korean text; write the particle by hand")
    if text[-1] in SUFFIX_READING:
        return SUFFIX_READING[text[-1]]
    digits = text.lstrip("-").replace(",", "")
    if "." in digits:  # after 점 the digits are read one by one
        return DIGITS[int(digits[-1])]
    if int(digits) == 0:
        return DIGITS[0]
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return DIGITS[int(digits[-1])]
    if zeros not in ROUND:
        raise JosaError(f"{text!r} is too large a round number to read")
    return ROUND[zeros]


def final_sound(syllable: str) -> str:
    """'vowel', 'rieul' (ㄹ) or 'consonant': the final sound (받침) of a Hangul syllable."""
    if not "\uac00" <= syllable <= "\ud7a3":
        raise JosaError(f"{syllable!r} is not a Hangul syllable")
    final = (ord(syllable) - 0xAC00) % 28
    return "vowel" if final == 0 else "rieul" if final == 8 else "consonant"


def particle(text: str, pair: str) -> str:
    """The form of `pair` (e.g. '이/가') that follows `text` as read aloud."""
    if pair not in PAIRS:
        raise JosaError(f"unknown particle pair {pair!r}; use one of {sorted(PAIRS)}")
    after_consonant, after_vowel = PAIRS[pair]
    sound = final_sound(last_syllable(text))
    if sound == "vowel" or (sound == "rieul" and after_consonant == "으로"):
        return after_vowel
    return after_consonant


def attach(text: str, pair: str) -> str:
    return text + particle(text, pair)


# ----- checking text in which numbers are already followed by particles -------------------

# A particle directly after a number, and what may follow it: 이/가/은/는/을/를 and 과/와
# end a word (otherwise 이 may be the copula, 가 the start of 가지, ...); 으로/로 may carry
# 는, 도, 서, 써, 부터, 의, 만; 이었/였 (the copula's past) is checked wherever it stands.
_WORD_END = r"(?![가-힣])"
PARTICLE_AFTER_NUMBER_RE = re.compile(
    r"(?<![\w.,])(?P<number>-?\d[\d,]*(?:\.\d+)?[%×]?)(?P<particle>"
    r"(?:이|가|은|는|을|를)" + _WORD_END +
    r"|(?:과|와)(?=의|는|도|(?![가-힣]))"
    r"|(?:으로|로)(?=는|도|서|써|부터|의|만|(?![가-힣]))"
    r"|이었|였"
    r"|(?:이라|라)(?=는|고|면|서|도|(?![가-힣]))"
    r"|(?:이나|나)(?![가-힣])"
    r")")
_FORMS = {form: pair for pair, forms in PAIRS.items() for form in forms}


def disagreements(text: str) -> list[str]:
    """Every 'number+particle' in `text` whose particle is not the one the number takes,
    as '<found> → <expected>' with some context."""
    out = []
    for m in PARTICLE_AFTER_NUMBER_RE.finditer(text):
        number, found = m["number"], m["particle"]
        number = number.rstrip(",")
        expected = particle(number, _FORMS[found])
        if found != expected:
            context = text[max(0, m.start() - 25):m.end() + 10].replace("\n", " ")
            out.append(f"{number}{found} → {number}{expected}: …{context}…")
    return out
