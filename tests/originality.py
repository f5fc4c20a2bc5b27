"""Finding prose of the book that follows a Korean source text too closely.

A stricter form of ../shared/tools/check_originality.py (35 letters in a row, spacing and
punctuation ignored). Here:
- particles are ignored: the last particle or copula ending of each Korean word is cut off
  (구성의 → 구성, 유연성입니다 → 유연성), so a copied sentence with other particles is still found;
- only Korean letters count: an English term in parentheses, "(activation function)", is the
  glossary's gloss, not copied prose;
- the run that counts as copying is shorter (16 Korean letters, about five words).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

SHINGLE = 8        # Korean letters per shingle
MIN_RUN = 16       # letters in a row shared with a source that count as copying

# Longest first, so 에서 is cut before 서 would be.
PARTICLES = sorted("""은 는 이 가 을 를 의 에 에서 에게 으로 로 와 과 도 만 까지 부터 보다 처럼 이나 나
                      이며 며 이고 고 이다 다 입니다 니다 이라 라 으로서 로서 에는 에도 으로는 로는 과는 와는
                      라고 이라고 인""".split(), key=len, reverse=True)
HANGUL_WORD = re.compile(r"[가-힣]+")
# Not the book's prose: code, math, links, HTML tags, macros, cited titles.
NOT_PROSE = [re.compile(p, f) for p, f in (
    (r"```.*?```", re.S), (r"\$\$.*?\$\$", re.S), (r"\$[^$\n]+\$", 0), (r"`[^`\n]+`", 0),
    (r"https?://\S+", 0), (r"<[^>\n]+>", 0), (r"\]\([^)]*\)", 0), (r"\{\{.*?\}\}", re.S),
    (r"「[^」]*」|『[^』]*』", 0),  # titles of cited works keep their own wording
    )]
# An English gloss goes without a trace, so that 함수(activation function)를 reads 함수를.
ENGLISH_GLOSS = re.compile(r"\s?\([^)]*[A-Za-z][^)]*\)")


def sources_dir() -> Path | None:
    """$BOOK_SOURCES_DIR, else the `sources` folder beside the datasets ($BOOK_DATA_DIR/..)
    or beside the checkout (../shared/sources); None when there is none."""
    candidates = [os.environ.get("BOOK_SOURCES_DIR")]
    if os.environ.get("BOOK_DATA_DIR"):
        candidates.append(str(Path(os.environ["BOOK_DATA_DIR"]).parent / "sources"))
    candidates.append(str(Path(__file__).resolve().parents[2] / "shared" / "sources"))
    for c in candidates:
        if c and any(Path(c).glob("*.txt")):
            return Path(c)
    return None


def _stem(word: str) -> str:
    for p in PARTICLES:
        if len(word) > len(p) and word.endswith(p):
            return word[:-len(p)]
    return word


def letters(text: str) -> str:
    """The Korean prose of `text` as one string of letters, particles cut off."""
    text = ENGLISH_GLOSS.sub("", text)
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return "".join(_stem(w) for w in HANGUL_WORD.findall(text))


def prose_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return text


class Sources:
    def __init__(self, texts: dict[str, str]):
        self.letters = {name: letters(t) for name, t in texts.items()}
        self.shingles = {s[i:i + SHINGLE] for s in self.letters.values() for i in range(len(s) - SHINGLE + 1)}

    @classmethod
    def read(cls, folder: Path) -> "Sources":
        return cls({p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))})

    def copied(self, text: str) -> list[str]:
        """Runs of at least MIN_RUN letters of `text` (particles cut) found in a source."""
        n, out, i = letters(text), [], 0
        while i <= len(n) - SHINGLE:
            if n[i:i + SHINGLE] not in self.shingles:
                i += 1
                continue
            j = i
            while j <= len(n) - SHINGLE and n[j:j + SHINGLE] in self.shingles:
                j += 1
            run = n[i:j + SHINGLE - 1]
            if len(run) >= MIN_RUN and any(run in s for s in self.letters.values()):
                out.append(run)
            i = j + SHINGLE - 1
        return out
