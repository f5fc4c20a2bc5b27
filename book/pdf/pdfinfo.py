"""What a printed PDF holds, read with Debian's poppler-utils: the outline (bookmarks), the
text of each page, the fonts and where every word sits. Used by the second pass of the build
(page numbers for the contents) and by the tests."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


class PopplerMissing(RuntimeError):
    pass


def _run(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        raise PopplerMissing(f"{tool} is missing: install Debian's poppler-utils "
                             "(apt-get install poppler-utils)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@dataclass(frozen=True)
class OutlineItem:
    depth: int  # 0 for the top level
    title: str
    page: int  # 1-based


def outline(pdf: Path) -> list[OutlineItem]:
    """The bookmarks in document order (pdftohtml's XML lists them, nested)."""
    xml = _run("pdftohtml", "-xml", "-i", "-q", "-stdout", "-f", "1", "-l", "1", str(pdf))
    items, depth = [], -1
    for m in re.finditer(r'<outline>|</outline>|<item page="(\d+)">(.*?)</item>', xml, re.S):
        if m.group(0) == "<outline>":
            depth += 1
        elif m.group(0) == "</outline>":
            depth -= 1
        else:
            title = html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
            items.append(OutlineItem(depth, " ".join(title.split()), int(m.group(1))))
    return items


def page_texts(pdf: Path, layout: bool = False) -> list[str]:
    """Each page's text. layout=True keeps each printed line together (pdftotext -layout); without
    it, lines at the top of a page can come out as a column of titles, then one of numbers."""
    pages = _run("pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", str(pdf), "-").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def fonts(pdf: Path) -> list[dict]:
    """pdffonts' table: one dict per font with its name, type and whether it is embedded."""
    lines = _run("pdffonts", str(pdf)).splitlines()
    header, rule = lines[0], lines[1]
    cols = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    names = [header[a:b].strip() for a, b in cols]
    rows = []
    for line in lines[2:]:
        rows.append({n: line[a:b if i < len(cols) - 1 else None].strip()
                     for i, (n, (a, b)) in enumerate(zip(names, cols))})
    return rows


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    box: tuple[float, float, float, float]  # xMin, yMin, xMax, yMax in points
    page_size: tuple[float, float]


def words(pdf: Path) -> list[Word]:
    out, page, size = [], 0, (0.0, 0.0)
    xml = _run("pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-")
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">|'
                         r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">'
                         r'(.*?)</word>', xml):
        if m.group(1):
            page, size = page + 1, (float(m.group(1)), float(m.group(2)))
        else:
            box = tuple(float(m.group(i)) for i in range(3, 7))
            out.append(Word(page, html.unescape(m.group(7)), box, size))
    return out


def internal_links(pdf: Path) -> tuple[set[str], set[str]]:
    """(destinations the document's links jump to, destinations it defines). Chromium writes
    both uncompressed: each link as `/Dest /name`, the targets in the catalog's /Dests."""
    raw = pdf.read_bytes()
    used = {m.decode() for m in re.findall(rb"/Dest /([^\s/\[\]<>()]+)", raw)}
    dests = re.search(rb"/Dests (\d+) 0 R", raw)
    defined: set[str] = set()
    if dests:
        body = re.search(rb"\n" + dests.group(1) + rb" 0 obj\s*<<(.*?)>>\s*endobj", raw, re.S)
        if body:
            defined = {m.decode() for m in re.findall(rb"/([^\s/\[\]<>()]+) \[", body.group(1))}
    return used, defined
