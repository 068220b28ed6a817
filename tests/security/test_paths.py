"""Renderers read only project files: `file:` URLs and relative paths that leave the project, and
symlinks that point out of it, are refused with a clear error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT

from reportgen.diagnostics import ReportgenError
from reportgen.pipeline import Options, load
from reportgen.safety import allowed_roots, check_path
from reportgen.writers import pdf

SECRET = "reportgen-secret-do-not-read"


def project(tmp_path: Path, extra_css: str) -> tuple[Path, Options]:
    """A temporary project whose print.css ends with `extra_css`; a secret file lies outside it."""
    root = tmp_path / "project"
    (root / "styles").mkdir(parents=True)
    (root / "source").mkdir()
    css = (ROOT / "styles" / "print.css").read_text(encoding="utf-8")
    (root / "styles" / "print.css").write_text(css + "\n" + extra_css + "\n", encoding="utf-8")
    (root / "source" / "doc.md").write_text("---\ntitle: Жол\n---\n\n# Бөлім\n\nМәтін.\n", encoding="utf-8")
    (tmp_path / "secret.css").write_text(f"body::after {{ content: '{SECRET}' }}", encoding="utf-8")
    return root / "source" / "doc.md", Options(formats=("pdf",), project_root=root, out=root / "dist")


def build_pdf(source: Path, options: Options, tmp_path: Path) -> None:
    pdf.write(load(source, options), tmp_path / "out.pdf", options)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "../../../../../../../../../../etc/passwd",
    "../../secret.css",
])
def test_css_url_outside_the_project_is_refused(tmp_path, url):
    """Protection: writers.fetcher.ProjectURLFetcher + check_path refuse resources outside styles/ and
    source/; without them WeasyPrint reads the file (and the build succeeds)."""
    source, options = project(tmp_path, f"body {{ background: url({url}) }}")
    with pytest.raises(ReportgenError) as info:
        build_pdf(source, options, tmp_path)
    assert "outside the project" in info.value.diagnostic.message


def test_css_import_outside_the_project_is_refused(tmp_path):
    """Protection: the same fetcher guards @import (a stylesheet outside would be applied)."""
    source, options = project(tmp_path, "")
    css = options.project_root / "styles" / "print.css"
    css.write_text("@import url(../../secret.css);\n" + css.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ReportgenError) as info:
        build_pdf(source, options, tmp_path)
    assert "outside the project" in info.value.diagnostic.message


def test_symlink_out_of_the_project_is_refused(tmp_path):
    """Protection: check_path resolves symlinks before comparing with the allowed folders."""
    source, options = project(tmp_path, "body { background: url(link.png) }")
    os.symlink(tmp_path / "secret.css", options.project_root / "styles" / "link.png")
    with pytest.raises(ReportgenError) as info:
        build_pdf(source, options, tmp_path)
    assert "outside the project" in info.value.diagnostic.message


def test_symlinked_stylesheet_out_of_the_project_is_refused(tmp_path):
    """Protection: the stylesheet itself is checked (styles/print.css → a file elsewhere)."""
    source, options = project(tmp_path, "")
    css = options.project_root / "styles" / "print.css"
    css.unlink()
    os.symlink(tmp_path / "secret.css", css)
    with pytest.raises(ReportgenError) as info:
        build_pdf(source, options, tmp_path)
    assert "outside the project" in info.value.diagnostic.message


def test_check_path_unit(tmp_path):
    root = tmp_path / "project"
    (root / "styles").mkdir(parents=True)
    roots = allowed_roots(root)
    inside = root / "styles" / "a.css"
    inside.write_text("x")
    assert check_path(inside, roots) == inside.resolve()
    for path in (root / "styles" / ".." / ".." / "x", Path("/etc/passwd")):
        with pytest.raises(ReportgenError):
            check_path(path, roots)


def test_a_project_file_is_still_read(tmp_path):
    """The refusal is not blanket: an image inside styles/ is fetched and the build succeeds."""
    source, options = project(tmp_path, "body { background: url(ok.svg) }")
    (options.project_root / "styles" / "ok.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', encoding="utf-8")
    build_pdf(source, options, tmp_path)
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_links_out_of_the_project_are_reported_and_never_linked():
    """Protection: markdown-it's link validation keeps file:/javascript: links as text,
    writers/html.py links only http(s):, mailto: and #ids, and check warns about ../ links."""
    from reportgen import model as m
    from reportgen.check import check_text
    from reportgen.reader import read_string

    text = "[a](file:///etc/passwd) [b](../../etc/passwd) [c](javascript:alert(1)) [d](https://kz.example) [e](#x)\n"
    findings = [f for f in check_text(text, "l.md", ("structure",)) if "link" in f.message]
    assert [(f.column, "leaves the project" in f.message) for f in findings] == [(25, True)]
    doc = read_string(text)
    assert {link.target for link in m.query(doc, m.Link)} == {"../../etc/passwd", "https://kz.example", "#x"}
    body = pdf.render_html(doc).split('<main class="body">')[1]
    assert body.count("<a ") == 2 and 'href="https://kz.example"' in body and 'href="#x"' in body
