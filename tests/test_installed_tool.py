"""reportgen as an installed tool, outside this repository (issue 16): the wheel carries what a
build reads (default styles, templates, the gazetteer, the organization model and its notice),
and a document in any folder builds with the default styles, or with its project's own."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

PACKAGE_DATA = {
    "reportgen/styles/print.css", "reportgen/styles/ebook.css", "reportgen/styles/docx.yaml",
    "reportgen/templates/print.html.j2", "reportgen/templates/epub-page.xhtml.j2",
    "reportgen/index/data/organizations.yaml", "reportgen/index/data/org-tagger.crfsuite",
    "reportgen/index/data/NOTICE",
}

DOC = """---
title: Сынақ жұмысы
author: Айгерім Сәрсенова
lang: kk
---

# Кіріспе

Қаржы министрлігі 2018-інші жылы жаңа ереже шығарды.[^1]

[^1]: Дерек «Хабар» агенттігінен алынды.
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout (setuptools and wheel from the test environment, no network)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True, timeout=300)
    return next(out.glob("reportgen-*.whl"))


def test_the_wheel_carries_what_a_build_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert PACKAGE_DATA <= names, PACKAGE_DATA - names


def test_the_installed_tool_builds_a_document_in_any_folder(wheel, tmp_path):
    """The wheel unpacked into a folder of its own (what pip installs), run from a folder that holds
    nothing but the document: no styles/, no source/, not this repository."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "thesis"
    work.mkdir()
    (work / "thesis.md").write_text(DOC, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import reportgen; print(reportgen.__file__)"], cwd=work, env=env,
                           capture_output=True, check=True).stdout.decode()
    assert where.startswith(str(site)), where  # the installed copy, not this checkout's src/
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "thesis.md", "--out", "out", "-q"], cwd=work,
                            env=env, capture_output=True, timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    assert sorted(p.name for p in (work / "out").iterdir() if not p.name.startswith(".")) == [
        "thesis.docx", "thesis.epub", "thesis.pdf"]
    assert not (work / "styles").exists()  # nothing written beside the document


def test_a_project_style_file_extends_the_default(tmp_path):
    (tmp_path / "doc.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "styles").mkdir()
    styles = ROOT / "src" / "reportgen" / "styles"
    # the e-book's one stylesheet: the shared rules (common.css), then the e-book's (ebook.css)
    default = (styles / "common.css").read_text(encoding="utf-8") + "\n" + (styles / "ebook.css").read_text(encoding="utf-8")
    own = "h1 { color: rgb(0, 0, 200); }\n"
    (tmp_path / "styles" / "ebook.css").write_text(own, encoding="utf-8")
    result = run_cli("build", "doc.md", "--to", "epub", "--out", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    css = zipfile.ZipFile(tmp_path / "out" / "doc.epub").read("EPUB/css/ebook.css").decode("utf-8")
    assert css == default + "\n/* the project's styles/ebook.css */\n" + own  # after the default: it wins
    # and the default when the project has none
    (tmp_path / "styles" / "ebook.css").unlink()
    assert run_cli("build", "doc.md", "--to", "epub", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    css = zipfile.ZipFile(tmp_path / "out" / "doc.epub").read("EPUB/css/ebook.css").decode("utf-8")
    assert css == default
