"""What the print edition of one language contains: its chapters in the order of the site's
navigation (mkdocs.yml / mkdocs.en.yml), the built HTML page of each, and the fixed strings
of the cover, contents and notes."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from book.core.paths import LANGS

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {"ko": ROOT / "mkdocs.yml", "en": ROOT / "mkdocs.en.yml"}
# ASCII names: the same in every URL, shell and link checker.
PDF_NAMES = {"ko": "inside-neural-networks-ko.pdf", "en": "inside-neural-networks-en.pdf"}

STRINGS = {
    "ko": {
        "edition": "한국어판",
        "built": "만든 날짜",
        "commit": "커밋",
        "dirty": "(커밋되지 않은 변경 포함)",
        "no_git": "알 수 없음 (git 체크아웃이 아닌 곳에서 만듦)",
        "contents": "차례",
        "print_note": "인쇄판은 웹판과 같은 원고, 그림, 측정값으로 만들었습니다.",
        "demo": "이 자리의 대화형 데모는 웹판에서 직접 조작해 볼 수 있습니다:",
        "animation": "애니메이션은 웹판에서 볼 수 있습니다:",
        "download": "인쇄판 PDF 내려받기",
    },
    "en": {
        "edition": "English edition",
        "built": "Built",
        "commit": "Commit",
        "dirty": "(with uncommitted changes)",
        "no_git": "unknown (not built from a git checkout)",
        "contents": "Contents",
        "print_note": "The print edition is made from the same text, figures and measurements as the web edition.",
        "demo": "The interactive demo at this place can be tried in the web edition:",
        "animation": "The animation can be watched in the web edition:",
        "download": "Download the print edition (PDF)",
    },
}


@dataclass
class Page:
    src: str  # path in docs/<lang>/, e.g. "inside/try_it.ipynb"

    @property
    def url(self) -> str:
        """The page's address relative to the language's root, as the site links to it."""
        stem = self.src.rsplit(".", 1)[0]
        if stem == "index":
            return ""
        return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")

    @property
    def html(self) -> str:
        return self.url + "index.html"

    @property
    def key(self) -> str:
        """A prefix for this page's ids in the combined document (ids repeat across pages)."""
        return "p-" + (self.url.strip("/").replace("/", "-") or "home")

    @property
    def is_notebook(self) -> bool:
        return self.src.endswith(".ipynb")


@dataclass
class Chapter:
    number: int
    title: str
    pages: list[Page] = field(default_factory=list)


@dataclass
class Edition:
    lang: str
    site_name: str
    description: str
    site_url: str
    chapters: list[Chapter]

    @property
    def strings(self) -> dict:
        return STRINGS[self.lang]

    @property
    def pdf_name(self) -> str:
        return PDF_NAMES[self.lang]


def _pages(entry) -> list[Page]:
    if isinstance(entry, str):
        return [Page(entry)]
    out: list[Page] = []
    for item in entry:
        out += _pages(item if isinstance(item, str) else next(iter(item.values())))
    return out


def load(lang: str) -> Edition:
    if lang not in LANGS:
        raise ValueError(f"no print edition for language {lang!r}: use one of {LANGS}")
    with open(CONFIGS[lang], encoding="utf-8") as f:
        config = yaml_load(f)
    chapters = []
    for number, item in enumerate(config["nav"], start=1):
        (title, entry), = item.items()
        chapters.append(Chapter(number, title, _pages(entry)))
    return Edition(lang, config["site_name"], config.get("site_description", ""),
                   config["site_url"], chapters)
