"""The built site: strict build, working links and anchors, nothing loaded from third
parties, one search index per language, notebooks as real pages, a 404 per language."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from pages import hangul

LOADING_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest",
                     "apple-touch-icon", "prefetch", "preconnect", "dns-prefetch", "mask-icon"}


class _Loads(HTMLParser):
    """Collect every URL a browser would fetch on its own when it renders the page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and set((a.get("rel") or "").lower().split()) & LOADING_LINK_RELS:
            self.urls.append(a.get("href") or "")
        for attr in ("src", "poster", "data"):
            if attr in a and tag in ("script", "img", "iframe", "source", "video", "audio",
                                     "embed", "object", "input", "track"):
                self.urls.append(a[attr] or "")
        for attr in ("srcset",):
            if attr in a:
                self.urls += [part.strip().split(" ")[0] for part in (a[attr] or "").split(",")]
        if "style" in a:
            self.urls += re.findall(r"url\(['\"]?([^'\")]+)", a["style"] or "")
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.urls += re.findall(r"url\(['\"]?([^'\")]+)", data)
            self.urls += re.findall(r"@import\s+['\"]([^'\"]+)", data)

    def handle_endtag(self, tag):
        self._in_style = False


def _html_files(site: Path):
    return sorted(site.rglob("*.html"))


def test_both_editions_build_strict(built_site):
    for path in ("index.html", "en/index.html", "inside/index.html", "en/inside/index.html"):
        assert (built_site / path).exists(), path


def test_links_anchors_and_images_resolve(built_site):
    lychee = Path(sys.executable).parent / "lychee"
    # --index-files: a link to a page's folder (../building/#anchor) is checked against that
    # folder's index.html, fragment included; without it lychee cannot read the anchors there.
    result = subprocess.run([str(lychee), "--offline", "--include-fragments", "--no-progress",
                             "--index-files", "index.html",
                             "--root-dir", str(built_site), str(built_site)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert " 0 Errors" in result.stdout


def test_nothing_is_loaded_from_another_host(built_site):
    offenders = []
    for page in _html_files(built_site):
        parser = _Loads()
        parser.feed(page.read_text("utf-8"))
        offenders += [f"{page.relative_to(built_site)}: {u}" for u in parser.urls
                      if re.match(r"(https?:)?//", u.strip())]
    for css in built_site.rglob("*.css"):
        for u in re.findall(r"url\(['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", css.read_text("utf-8", "ignore")):
            url = u[0] or u[1]
            if re.match(r"(https?:)?//", url):
                offenders.append(f"{css.relative_to(built_site)}: {url}")
    assert not offenders, "third-party loads:\n" + "\n".join(offenders[:30])


def test_math_is_mathml_made_at_build_time(built_site):
    page = (built_site / "inside" / "index.html").read_text("utf-8")
    assert '<span class="arithmatex"><math display="inline">' in page
    assert "mathjax" not in page.lower()
    assert not list(built_site.rglob("*mathjax*")) and not list(built_site.rglob("tex-mml-chtml.js"))
    css = (built_site / "assets/css/math.css").read_text("utf-8")
    font = re.search(r'url\("\.\./fonts/([^"]+\.woff)"\)', css).group(1)
    assert 5_000 < (built_site / "assets/fonts" / font).stat().st_size < 120_000  # a subset


@pytest.mark.parametrize("lang,root", [("ko", ""), ("en", "en/")])
def test_search_index_holds_only_its_language(built_site, lang, root):
    index = json.loads((built_site / root / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == [lang]
    docs = index["docs"]
    assert docs and not any(d["location"].startswith("en/") for d in docs)
    titled = [d for d in docs if d["title"] and "#" not in d["location"] and d["location"]]
    wrong = [d["title"] for d in titled if hangul(d["title"]) != (lang == "ko")]
    assert not wrong, f"{lang} index has pages of the other language: {wrong}"
    if lang == "ko":
        assert any("가중치" in d["text"] for d in docs)


@pytest.mark.parametrize("root,lang", [("", "ko"), ("en/", "en")])
def test_each_language_has_its_404_page(built_site, root, lang):
    page = (built_site / root / "404.html").read_text("utf-8")
    assert f'<html lang="{lang}"' in page and "404" in page


def test_notebooks_are_rendered_pages_not_raw_json(built_site):
    for rel in ("inside/try_it/index.html", "en/inside/try_it/index.html"):
        html = (built_site / rel).read_text("utf-8")
        assert "jp-Notebook" in html or "jupyter-wrapper" in html, rel
        assert not html.lstrip().startswith("{"), rel
        assert "jp-OutputArea-output" in html, f"{rel} has no executed outputs"


def test_korean_headings_get_readable_anchors(built_site):
    for rel in ("inside/index.html", "inside/try_it/index.html"):
        ids = re.findall(r'<h2 id="([^"]*)"', (built_site / rel).read_text("utf-8"))
        assert ids and all(i and hangul(i) and "%" not in i for i in ids), (rel, ids)


def test_language_selector_points_at_the_same_page(built_site):
    ko = (built_site / "inside" / "index.html").read_text("utf-8")
    en = (built_site / "en" / "inside" / "index.html").read_text("utf-8")
    assert re.search(r'href="\.\./en/inside/"[^>]*hreflang="en"', ko)
    assert re.search(r'href="\.\./\.\./inside/"[^>]*hreflang="ko"', en)


def test_head_alternates_are_absolute(built_site, server_port):
    """Search engines ignore relative hreflang links. They name the editions' roots, where
    Material's language selector looks for each edition's sitemap."""
    base = f"http://127.0.0.1:{server_port}/"
    for rel in ("inside/index.html", "en/inside/index.html"):
        links = dict((lang, href) for href, lang in re.findall(
            r'<link rel="alternate" href="([^"]*)" hreflang="([a-z]+)">', (built_site / rel).read_text("utf-8")))
        assert links == {"ko": base, "en": base + "en/"}, (rel, links)


def test_every_figure_image_has_its_size(built_site):
    """width and height on every <img> of the pages, in the file's aspect ratio: the browser
    reserves the space before a lazy image arrives, so nothing below it moves."""
    from PIL import Image

    seen = 0
    for path in _html_files(built_site):
        for tag in re.findall(r"<img\b[^>]*>", path.read_text("utf-8")):
            src = re.search(r'src="([^"#]+)', tag).group(1)
            if "/assets/figures/" not in "/" + src.lstrip("./"):
                continue
            seen += 1
            w, h = (re.search(rf'\b{a}="(\d+)"', tag) for a in ("width", "height"))
            assert w and h, f"{path.relative_to(built_site)}: {tag[:160]}"
            file = (path.parent / src).resolve()
            if file.suffix == ".png":
                fw, fh = Image.open(file).size
                assert abs(int(h.group(1)) - int(w.group(1)) * fh / fw) <= 1, (path, src)
    assert seen > 50


def _bad_docs(tmp_path: Path, text: str) -> Path:
    """A copy of the Korean config and docs with one page replaced by `text`."""
    docs = tmp_path / "docs_ko"
    shutil.copytree(ROOT / "docs" / "ko", docs)
    (docs / "index.md").write_text(text, encoding="utf-8")
    cfg = tmp_path / "mkdocs.yml"
    base = (ROOT / "mkdocs.yml").read_text("utf-8")
    base = base.replace("INHERIT: mkdocs.base.yml", f"INHERIT: {ROOT / 'mkdocs.base.yml'}")
    base = base.replace("docs_dir: docs/ko", f"docs_dir: {docs}")
    # paths in a config are relative to its file: point the copied one back at the repository
    base = base.replace("theme:\n", f"theme:\n  custom_dir: {ROOT / 'overrides'}\n", 1)
    base += f"hooks:\n  - {ROOT / 'book/site/hooks.py'}\n"
    cfg.write_text(base, encoding="utf-8")
    return cfg


@pytest.mark.parametrize("text,named", [
    ("# 시험\n\n![그림](fig:inside/no_such_figure)\n", "no_such_figure"),
    ("# 시험\n\n정확도 {{ inside.no_such_metric | pct }}\n", "inside.no_such_metric"),
    ("# 시험\n\n![](fig:inside/weights_all)\n", "alt text"),
    # a code listing included from a file that is not there (pymdownx.snippets, check_paths)
    ('# 시험\n\n```python\n--8<-- "book/no_such_module.py:train"\n```\n', "no_such_module.py"),
])
def test_bad_reference_fails_the_build_naming_page_and_target(tmp_path, text, named):
    cfg = _bad_docs(tmp_path, text)
    result = mkdocs_build(str(cfg), tmp_path / "out")
    assert result.returncode != 0
    assert "index.md" in result.stderr and named in result.stderr, result.stderr[-2000:]
