"""The figure pipeline and the pages agree: every reference resolves, nothing is orphaned,
both languages match, and the committed figures are what the code currently produces."""
from __future__ import annotations

import json

import pytest

from book.pipeline import build, check
from book.pipeline.manifest import read_manifest
from book.core.hashing import book_code_closure
from book.core.paths import FIGURES_SRC, LANGS, ROOT, figures_dir
from book.site.refs import RefError, Resolver
from book.pipeline.strings import STRINGS_DIR, load_catalog

from pages import data_refs, figure_refs, hangul, pages, prose, referenced_ids, relative_pages


def test_manifest_is_current():
    stale = check.stale_report()
    assert not stale, "stale: " + "; ".join(stale) + " — run `make figures` and commit the result"


@pytest.mark.parametrize("lang", LANGS)
def test_every_referenced_figure_exists_with_alt_text_in_the_page_language(lang):
    resolver = Resolver(figures_dir(), lang)
    problems = []
    for page in pages(lang):
        for fig_id, alt in figure_refs(page):
            if not alt:
                problems.append(f"{page}: figure {fig_id} has no alt text")
            elif (lang == "ko") != hangul(alt):
                problems.append(f"{page}: alt text of {fig_id} is not in {lang}: {alt!r}")
            for dark in (False, True):
                try:
                    resolver.figure_file(fig_id, dark=dark)
                except RefError as e:
                    problems.append(f"{page}: {e}")
        for data_id in data_refs(page):
            try:
                resolver.data_file(data_id)
            except RefError as e:
                problems.append(f"{page}: {e}")
    assert not problems, "\n".join(problems)


# Data that only tests read, never a page: figure id → the test that reads it.
TEST_ONLY = {"inside/draw_digit_check": "tests/test_draw_digit.py",
             "topology/playground_check": "tests/test_playground.py"}


def test_every_generated_figure_is_referenced_by_a_page():
    manifest = read_manifest()
    orphans = []
    for fig_id, entry in manifest["figures"].items():
        if fig_id in TEST_ONLY and (ROOT / TEST_ONLY[fig_id]).exists():
            continue
        for lang in LANGS:
            if fig_id not in referenced_ids(lang):
                orphans.append(f"{fig_id} ({lang})")
    assert not orphans, "generated but never shown: " + ", ".join(orphans)


def test_every_output_file_belongs_to_a_declared_figure():
    manifest = read_manifest()
    declared = {o for e in manifest["figures"].values() for o in e["outputs"]}
    on_disk = {p.relative_to(figures_dir()).as_posix() for p in figures_dir().rglob("*")
               if p.is_file() and p.name not in ("manifest.json", "metrics.json")}
    assert on_disk - declared == set(), "files no figure declares (delete them): " + ", ".join(sorted(on_disk - declared))


def test_every_ko_page_has_an_en_counterpart_with_the_same_figures():
    assert relative_pages("ko") == relative_pages("en")
    from book.core.paths import DOCS

    for rel in relative_pages("ko"):
        ko = [i for i, _ in figure_refs(DOCS / "ko" / rel)] + data_refs(DOCS / "ko" / rel)
        en = [i for i, _ in figure_refs(DOCS / "en" / rel)] + data_refs(DOCS / "en" / rel)
        assert ko == en, f"{rel}: ko shows {ko}, en shows {en}"


def test_every_ko_page_quotes_the_same_measurements_as_its_en_page():
    from book.core.paths import DOCS
    from book.site.refs import METRIC_RE

    for rel in relative_pages("ko"):
        keys = {lang: sorted({f"{m['chapter']}.{m['key']}" for m in METRIC_RE.finditer(prose(DOCS / lang / rel))})
                for lang in LANGS}
        assert keys["ko"] == keys["en"], f"{rel}: numbers only in one language: " \
            f"{sorted(set(keys['ko']) ^ set(keys['en']))}"


def test_string_catalogs_have_both_languages():
    for path in sorted(STRINGS_DIR.glob("*.yaml")):
        catalog = load_catalog(path)  # raises on a missing language
        for key, entry in catalog.items():
            assert type(entry["ko"]) is type(entry["en"]), f"{path.name}:{key} ko/en differ in type"
            if isinstance(entry["ko"], list):
                assert len(entry["ko"]) == len(entry["en"]), f"{path.name}:{key} lists differ in length"


def test_metrics_files_match_the_manifests():
    manifest = read_manifest()
    chapters = {k.split("/")[0] for k in manifest["figures"]}
    for chapter in chapters:
        metrics = json.loads((figures_dir() / chapter / "metrics.json").read_text("utf-8"))
        for fig_id, entry in manifest["figures"].items():
            if fig_id.startswith(chapter + "/"):
                for k, v in entry["metrics"].items():
                    assert metrics[k] == v, f"{chapter}/metrics.json {k} != {fig_id}'s value"


def test_module_hash_follows_the_book_code_a_chapter_imports(tmp_path, monkeypatch):
    """Staleness tracks imports: a chapter depends on the book/ modules it uses, not on others."""
    closure = {p.relative_to(ROOT).as_posix() for p in book_code_closure(FIGURES_SRC / "inside.py")}
    assert {"book/pipeline/registry.py", "book/nets/train.py", "book/nets/mlp.py", "book/draw/grids.py"} <= closure
    assert "book/site/hooks.py" not in closure and "book/pipeline/build.py" not in closure


def test_resolver_rejects_missing_figure_metric_and_alt_text():
    r = Resolver(figures_dir(), "ko")
    with pytest.raises(RefError, match="no_such_figure"):
        r.resolve("![그림](fig:inside/no_such_figure)", "inside/index.md")
    with pytest.raises(RefError, match="inside.no_such_key"):
        r.resolve("{{ inside.no_such_key | pct }}", "inside/index.md")
    with pytest.raises(RefError, match="alt text"):
        r.resolve("![](fig:inside/weights_all)", "inside/index.md")
    with pytest.raises(RefError, match="unknown number format"):
        r.resolve("{{ inside.mnist_linear.test_accuracy | nope }}", "inside/index.md")
    text, used = r.resolve("`{{ inside.no_such_key }}` ![가중치](fig:inside/weights_all)", "inside/index.md")
    assert "{{ inside.no_such_key }}" in text  # code is left alone
    assert "../assets/figures/inside/weights_all.ko.png#only-light" in text
    assert "weights_all.ko.dark.png#only-dark" in text and used == ["inside/weights_all"]


def test_figure_images_get_width_and_height(tmp_path):
    """Both attributes, in the file's aspect ratio (a width given by the page is kept); an SVG
    without an absolute size is an error that says what to write."""
    from PIL import Image

    r = Resolver(figures_dir(), "ko")
    w, h = Image.open(figures_dir() / "inside" / "weights_zero.ko.png").size
    text, _ = r.resolve("![가중치](fig:inside/weights_zero)", "inside/index.md")
    assert text.count(f'width="{w}" height="{h}"') == 2
    text, _ = r.resolve('![가중치](fig:inside/weights_zero){ width="300" }', "inside/index.md")
    assert text.count(f'width="300" height="{round(300 * h / w)}"') == 2
    bad = tmp_path / "inside"
    bad.mkdir()
    for suffix in ("", ".dark"):
        (bad / f"plain.ko{suffix}.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100%"></svg>')
    with pytest.raises(RefError, match="absolute width"):
        Resolver(tmp_path, "ko").resolve("![그림](fig:inside/plain)", "inside/index.md")
