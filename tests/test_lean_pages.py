"""Lean pages (issue #14): formulas as MathML made at build time, each page loading only the
scripts it uses, notebook pages without the JupyterLab stylesheet's dead weight or base64
images, and the page-weight measurement of `make bench`."""
from __future__ import annotations

import base64
import json
import re
import xml.dom.minidom

import pytest

from book.pipeline.page_weight import page_paths, transferred
from book.site import defer_scripts, notebook_lean, page_assets, search_index
from book.site.math import MathError, to_mathml, typeset_arithmatex, typeset_notebook_markdown

# LaTeX the chapters use or are likely to (arithmatex passes any of it through).
FORMULAS = [
    r"\frac{\partial L}{\partial w_{ij}}", r"\sum_{i=1}^{n} x_i^2", r"\mathbf{a} \odot \sigma'(\mathbf{z})",
    r"\mathbb{R}^{784}", r"\operatorname{softmax}(\mathbf{z})_k", r"\text{정답 } y", r"\hat{y} - y",
    r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", r"\begin{pmatrix} a \\ b \end{pmatrix}",
    r"\begin{aligned} z &= Wx + b \\ a &= \sigma(z) \end{aligned}",
    r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    r"\underbrace{W^\top \delta}_{\text{back}}", r"\bigl(1 - \sigma(z)\bigr)", r"\left( \frac{a}{b} \right)",
    r"\arg\max_k p_k", r"\mathrm{d}x", r"\lVert x \rVert_2", r"\sqrt{\hat{v}} + \epsilon", r"a\,b\!c",
    r"\mathcal{L}(\theta)", r"\tanh x", r"\log p_k", r"\mathbb{E}_{x \sim p}[\log D(x)]",
]


def _parses(mathml: str) -> None:
    xml.dom.minidom.parseString(mathml)  # well-formed: nothing unescaped, every tag closed


@pytest.mark.parametrize("tex", FORMULAS)
def test_general_latex_becomes_mathml(tex):
    for display in (False, True):
        out = to_mathml(tex, display)
        assert out.startswith(f'<math display="{"block" if display else "inline"}">')
        assert "\\" not in re.sub(r"<[^>]+>", "", out), out
        _parses(out)


def test_aligned_rows_are_a_table_aligned_at_the_marks():
    out = to_mathml(r"\begin{aligned} z &= Wx \\ a &= \sigma(z) \end{aligned}", True)
    assert out.count("<mtr>") == 2 and 'columnalign="right"' in out and 'columnalign="left"' in out
    assert "linebreak" not in out and "<mi>&amp;</mi>" not in out


def test_function_names_are_upright_and_spaced_like_tex():
    assert '<mi>log</mi><mspace width="0.167em"></mspace>' in to_mathml(r"\log p", False)
    assert "<mspace" not in to_mathml(r"\log(p)", False)
    assert "<mtext>d</mtext>" in to_mathml(r"\mathrm{d}x", False)


@pytest.mark.parametrize("tex", [r"\foo x", r"\frac{1}{", r"a \\ b"])
def test_latex_that_does_not_convert_fails_naming_the_formula(tex):
    with pytest.raises(MathError, match=re.escape(tex[:4])):
        to_mathml(tex, False)


def test_arithmatex_markup_is_replaced():
    page = ('<p>Loss <span class="arithmatex">\\(L = \\frac{1}{2}(y - t)^2\\)</span></p>'
            '<div class="arithmatex">\\[a &lt; b\\]</div>')
    out = typeset_arithmatex(page)
    assert out.count("<math") == 2 and "\\(" not in out and "\\[" not in out
    assert '<div class="arithmatex" tabindex="0"><math display="block">' in out and "&#x0003C;" in out


def test_notebook_markdown_dollars_but_not_code_or_prices():
    cell = ('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">'
            '<p>Loss $L = \\frac{1}{2}e^2$ costs $5 and $6; $$\\sum_i x_i$$ <code>$HOME$</code></p></div>')
    out = typeset_notebook_markdown(cell)
    assert out.count("<math") == 2 and "<code>$HOME$</code>" in out and "$5 and $6" in out
    assert '<div class="arithmatex" tabindex="0"><math display="block">' in out


DEMOS = {"topo-viewer": ["assets/js/topology.js", "assets/css/topology.css"]}


def test_a_page_gets_the_scripts_of_its_demos_and_math_only():
    plain = "<html><head></head><body><p>text</p></body></html>"
    assert page_assets.needed(plain, DEMOS) == []
    demo = plain.replace("<p>text</p>", '<div class="demo topo-viewer" data-src="x"></div><math></math>')
    files = page_assets.needed(demo, DEMOS)
    assert files == [page_assets.MATH_CSS, "assets/js/topology.js", "assets/css/topology.css"]
    linked = page_assets.link(demo, files, "topology/")
    assert '<script src="../assets/js/topology.js"></script>\n</body>' in linked
    assert '<link rel="stylesheet" href="../assets/css/topology.css">' in linked.split("</head>")[0]


def test_scripts_from_files_are_deferred_in_order_and_inline_ones_stay():
    page = ('<script>var x=1</script><script id="__config" type="application/json">{}</script>\n'
            '<script src="assets/javascripts/bundle.js"></script>\n'
            '<script src="../assets/js/demos.js"></script>\n<script src="../assets/js/inside.js"></script>\n</body>')
    deferred = defer_scripts.defer(page)
    assert re.findall(r'<script defer src="([^"]+)"></script>', deferred) == [
        "assets/javascripts/bundle.js", "../assets/js/demos.js", "../assets/js/inside.js"]
    assert deferred.startswith('<script>var x=1</script><script id="__config" type="application/json">{}</script>')
    assert "<script src=" not in deferred and defer_scripts.defer(deferred) == deferred


def test_a_demo_kind_without_assets_fails_saying_where_to_list_it():
    with pytest.raises(page_assets.PageAssetError, match="extra.demo_assets"):
        page_assets.needed('<div class="demo new-kind"></div>', DEMOS)


def test_notebook_css_keeps_the_rules_the_page_can_use():
    css = (":root{--jp-a: 1px; --jp-b: var(--jp-c); --jp-c: red; --jp-unused: 2px; --other: 3px}"
           ".jp-Cell{padding:var(--jp-a);color:var(--jp-b)} .jp-Absent{margin:0}"
           "@media print{.jp-Cell{border:0} .jp-Absent{border:0}} pre{margin:0}")
    out = notebook_lean.prune_css(css, {"jp-Cell"})
    assert ".jp-Absent" not in out and "--jp-unused" not in out
    for kept in (".jp-Cell{padding:var(--jp-a)", "--jp-a:", "--jp-b:", "--jp-c:", "--other:", "@media print", "pre{"):
        assert kept in out, kept


def test_notebook_images_become_files_with_their_size(tmp_path):
    from PIL import Image
    import io

    buf = io.BytesIO()
    Image.new("RGB", (30, 20), "white").save(buf, "PNG")
    page = f'<img alt="plot" class="" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}"/>'
    out = notebook_lean.externalise_images(page, tmp_path, "learning/try_it/")
    src = re.search(r'src="\.\./\.\./(assets/notebooks/[0-9a-f]+\.png)"', out).group(1)
    assert (tmp_path / src).read_bytes() == buf.getvalue()
    assert 'width="30" height="20"' in out and 'loading="lazy"' in out and "base64" not in out


def test_page_weight_counts_text_gzipped_and_images_as_they_are(tmp_path):
    text = b"<p>" + b"same words again " * 500 + b"</p>"
    assert transferred(text, "text/html; charset=utf-8") < len(text) / 10
    assert transferred(b"\x89PNG....", "image/png") == 8
    for folder in ("", "inside", "en", "en/inside", "assets/x", "search"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text("x")
    assert page_paths(tmp_path) == ["/", "/en/", "/en/inside/", "/inside/"]


# The built site (tests/conftest.py builds both editions once per session).

def test_every_formula_of_the_book_is_mathml(built_site):
    for html_file in built_site.rglob("*.html"):
        page = html_file.read_text("utf-8")
        raw = re.findall(r'class="arithmatex"(?: tabindex="0")?>(?!<math)(.{0,60})', page)
        assert not raw, f"{html_file.relative_to(built_site)}: formulas left as LaTeX: {raw[:3]}"


def test_pages_load_only_the_scripts_they_use(built_site):
    def scripts(rel):
        return re.findall(r'<script defer src="[./]*(assets/js/[^"]+)"', (built_site / rel).read_text("utf-8"))

    assert scripts("index.html") == [] and scripts("learning/index.html") == []
    # demos.js: helpers shared by the inside demos, loaded once before them
    assert scripts("inside/index.html") == ["assets/js/demos.js", "assets/js/inside.js", "assets/js/draw_digit.js"]
    assert scripts("en/topology/index.html") == ["assets/js/topology.js", "assets/js/playground.js"]
    assert "math.css" in (built_site / "learning/index.html").read_text("utf-8")
    # no script from a file holds up the first paint (book.site.defer_scripts), the theme's included
    for page in ("index.html", "inside/index.html", "en/topology/index.html", "404.html"):
        html = (built_site / page).read_text("utf-8")
        assert "<script src=" not in html and "javascripts/bundle." in html, page


def test_notebook_pages_are_lean(built_site):
    notebooks = list(built_site.rglob("try_it/index.html"))
    assert len(notebooks) >= 10
    for nb in notebooks:
        page = nb.read_text("utf-8")
        name = nb.relative_to(built_site)
        assert "data:image/" not in page, f"{name}: base64 image"
        for unwanted in ("<style", "x-mathjax-config", "mermaid.esm", "cdnjs"):
            assert unwanted not in page, f"{name}: {unwanted}"
        css = re.search(r'href="[./]*(assets/css/notebook-[0-9a-f]+\.css)"', page).group(1)
        assert (built_site / css).stat().st_size < 60_000, f"{name}: {css} is not cut down"


def test_png_optimisation_is_lossless():
    import io

    import numpy as np
    from PIL import Image

    from book.site.png_optimise import optimise

    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, (40, 60, 4), dtype=np.uint8)
    flat = np.zeros((40, 60, 4), dtype=np.uint8)
    flat[10:30, 20:40] = (200, 30, 30, 255)  # few colours: oxipng may write a palette
    for pixels in (noise, flat):
        buf = io.BytesIO()
        Image.fromarray(pixels, "RGBA").save(buf, "PNG")
        out = optimise(buf.getvalue())
        assert len(out) <= len(buf.getvalue())
        assert np.array_equal(np.asarray(Image.open(io.BytesIO(out)).convert("RGBA")), pixels)


def test_served_figures_have_the_committed_pixels(built_site):
    import numpy as np
    from PIL import Image

    from book.core.paths import figures_dir

    served = sorted((built_site / "assets/figures").rglob("*.png"))
    assert served
    smaller = 0
    for png in served:
        source = figures_dir() / png.relative_to(built_site / "assets/figures")
        with Image.open(png) as a, Image.open(source) as b:
            assert a.size == b.size
            assert np.array_equal(np.asarray(a.convert("RGBA")), np.asarray(b.convert("RGBA"))), png.name
        smaller += png.stat().st_size < source.stat().st_size
    assert smaller > len(served) / 2


def test_math_font_subset_keeps_the_stretchy_forms():
    import io

    from fontTools.ttLib import TTFont

    from book.site.math_font import subset

    font = TTFont(io.BytesIO(subset(set("(∑⏟x"))))
    variants = font["MATH"].table.MathVariants  # bigger sizes and assembly parts survive the cut
    assert all(len(c.MathGlyphVariantRecord) > 1 for c in variants.VertGlyphConstruction)
    assert variants.HorizGlyphConstruction[0].GlyphAssembly is not None
    assert len(font.getGlyphOrder()) < 200


def test_bench_server_sends_text_gzipped_as_a_web_host_does(tmp_path):
    import gzip
    import urllib.request

    from book.pipeline.serve import serve

    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "index.html").write_text("<p>" + "words " * 300 + "</p>")
    (tmp_path / "a.png").write_bytes(b"\x89PNG....")
    with serve(tmp_path, gzip=True) as base:
        def get(path):
            return urllib.request.urlopen(urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"}))

        page = get("inside/")
        assert page.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(page.read()).startswith(b"<p>words")
        assert get("inside").url.endswith("/inside/")  # the folder redirect still works
        image = get("a.png")
        assert image.headers["Content-Encoding"] is None and image.read() == b"\x89PNG...."


def test_search_index_drops_only_the_copy_button_duplicates():
    cell = "In\xa0[1]: Copied! <pre>x = 1\n</pre> x = 1 <pre>1\n</pre> <p>prose</p>"
    index = {"config": {"lang": ["ko"]}, "docs": [
        {"location": "basics/try_it/", "title": "t", "text": cell},
        {"location": "basics/", "title": "t", "text": "Copied! <pre>kept on chapter pages</pre>"}]}
    docs = search_index.slim(index)["docs"]
    assert docs[0]["text"] == "In\xa0[1]: x = 1 <pre>1\n</pre> <p>prose</p>"  # code, output, prose: once each
    assert docs[1] == index["docs"][1]
    assert search_index.slim(index)["config"] == index["config"]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_built_search_index_is_utf8_and_keeps_notebook_code_searchable(built_site, prefix):
    raw = (built_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
    # Hangul as UTF-8, not as six-byte \uXXXX escapes (U+AC00–U+D7A3)
    assert re.search(r"(?<!\\)\\u[a-dA-D][0-9a-fA-F]{3}", raw) is None
    assert prefix or "신경망" in raw
    assert "Copied! <pre>" not in raw
    notebook = [d["text"] for d in json.loads(raw)["docs"] if d["location"] == "basics/try_it/"]
    assert notebook and "numerics.activate()" in notebook[0]
