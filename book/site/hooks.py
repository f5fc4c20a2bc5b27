"""MkDocs hooks (see `hooks:` in mkdocs.base.yml). One MkDocs build runs per language.

- on_files: publish the shared assets (CSS, JS), this language's figures and demo data
  (PNGs losslessly recompressed, book.site.png_optimise): nothing is loaded from a
  third-party server.
- on_config: give notebook headings the same Unicode anchors as Markdown headings, and
  resolve code listings (pymdownx.snippets) from the repository root.
- on_page_markdown: resolve fig:/figdata: references and {{ chapter.metric }} numbers
  (book.site.refs); a missing figure, alt text or metric fails the build, naming the page.
- on_post_page: repair the theme's and the notebook converter's HTML (book.site.html_fixes),
  slim the notebook pages (book.site.notebook_lean), typeset every formula as MathML
  (book.site.math) and link the scripts and stylesheets this page needs, only those
  (book.site.page_assets: the math font's stylesheet, each demo's script), every script
  deferred so that it does not hold up the first paint (book.site.defer_scripts).
- on_post_build: write the math font, cut down to the characters the formulas use
  (book.site.math_font), and its stylesheet; slim the search index (book.site.search_index).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # mkdocs loads this file by path, not as part of the package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from book.core.paths import DOCS, LANGS, figures_dir  # noqa: E402
from book.site import (html_fixes, math_font, notebook_anchors, notebook_lean,  # noqa: E402
                       page_assets, png_optimise)
from book.site import defer_scripts, search_index  # noqa: E402
from book.site.math import MathError, typeset_arithmatex, typeset_notebook_markdown  # noqa: E402
from book.site.refs import RefError, Resolver  # noqa: E402

ASSETS = DOCS / "assets"
_state: dict = {}


def _lang(config) -> str:
    lang = config["theme"]["language"]
    if lang not in LANGS:
        raise PluginError(f"theme.language must be one of {LANGS}, not {lang!r}")
    return lang


def on_config(config):
    lang = _lang(config)
    _state["lang"] = lang
    _state["resolver"] = Resolver(figures_dir(), lang)
    notebook_anchors.install()
    # `--8<-- "book/nets/numpy_mlp.py:train"` names a file of this repository; a relative
    # base_path would depend on where mkdocs runs (the tests build from temporary folders).
    snippets = config["mdx_configs"].get("pymdownx.snippets")
    if snippets is None:
        raise PluginError("pymdownx.snippets is missing from markdown_extensions (mkdocs.base.yml)")
    snippets["base_path"] = [str(ROOT)]
    return config


def _add(files, config, dest_uri: str, src: Path) -> None:
    files.append(File.generated(config, dest_uri, abs_src_path=str(src)))


def on_files(files, config):
    lang = _state["lang"]
    for path in sorted(ASSETS.rglob("*")):
        rel = path.relative_to(DOCS).as_posix()
        if path.is_file() and not path.name.startswith(".") and not rel.startswith("assets/figures/"):
            _add(files, config, rel, path)
    # Only this language's figures and demo data; the manifest and metrics stay unpublished.
    fig_dir = figures_dir()  # docs/assets/figures, or CI's rebuild in a temporary folder
    for path in sorted(fig_dir.rglob(f"*.{lang}.*")):
        if path.name.split(".")[1] == lang:
            served = png_optimise.optimised_copy(path) if path.suffix == ".png" else path  # same pixels
            _add(files, config, f"assets/figures/{path.relative_to(fig_dir).as_posix()}", served)
    _state["math_chars"] = set()
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "glossary.md":  # the table comes from docs/glossary.yaml
        from book.site.glossary import render_into
        markdown = render_into(markdown, _state["lang"])
    try:
        text, _ = _state["resolver"].resolve(markdown, page.file.src_uri)
    except RefError as e:
        raise PluginError(f"{_state['lang']}/{page.file.src_uri}: {e}") from None
    return text


def on_post_page(output, page, config):
    output = html_fixes.fix_theme(output)
    output = html_fixes.fix_alternates(output, config["site_url"], config["extra"]["alternate"])
    site_dir = Path(config["site_dir"])
    where = f"{_state['lang']}/{page.file.src_uri}"
    try:
        output = typeset_arithmatex(output)
        if page.file.src_uri.endswith(".ipynb"):
            output = html_fixes.fix_notebook(output, _state["lang"], site_dir, page.url)
            output = notebook_lean.drop_unneeded_scripts(output)
            output = notebook_lean.externalise_images(output, site_dir, page.url)
            output = typeset_notebook_markdown(output)
        files = page_assets.needed(output, config["extra"].get("demo_assets", {}))
    except (MathError, page_assets.PageAssetError) as e:
        raise PluginError(f"{where}: {e}") from None
    _state["math_chars"] |= math_font.characters(output)
    return defer_scripts.defer(page_assets.link(output, files, page.url))


def on_post_build(config):
    math_font.write(Path(config["site_dir"]), _state["math_chars"])
    search_index.rewrite(Path(config["site_dir"]))  # after Material's search plugin wrote it


def on_post_template(output, template_name, config):
    if template_name == "404.html":  # rendered outside on_post_page, from the same theme
        output = defer_scripts.defer(html_fixes.fix_theme(output))
    return output
