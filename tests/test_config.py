"""reportgen.yaml (issue 16): a project's build defaults — the source, the output folder, the
formats, the paper, the PDF profile, hyphenation, the booklet, the processes — which the command
line overrides; a wrong key or value is one error at its line and column."""

from __future__ import annotations

import os

import pytest
from conftest import run_cli
from pypdf import PdfReader

from reportgen import cli, config
from reportgen.diagnostics import ReportgenError

DOC = "---\ntitle: Жоба\n---\n\n# Бөлім\n\nМәтін осында.\n"


def _args(folder, argv):
    parser = cli.make_parser()
    config.apply(parser, folder)
    return parser.parse_args(argv)


def test_the_file_sets_the_defaults_and_the_command_line_wins(tmp_path, monkeypatch):
    (tmp_path / "reportgen.yaml").write_text(
        "source: source/thesis.md\nout: build\nto: [pdf, epub]\npaper: a5\npdf-profile: print\n"
        "hyphenate: false\nepub-soft-hyphens: false\nimpose: booklet\njobs: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = _args(tmp_path, ["build"])
    assert (args.source, args.out, args.to, args.paper, args.pdf_profile, args.impose, args.jobs) == (
        "source/thesis.md", "build", "pdf,epub", "a5", "print", "booklet", 1)
    assert args.no_hyphenate and args.no_epub_soft_hyphens
    args = _args(tmp_path, ["build", "other.md", "--paper", "a4", "--out", "x", "--to", "docx", "-j", "2"])
    assert (args.source, args.paper, args.out, args.to, args.jobs) == ("other.md", "a4", "x", "docx", 2)
    assert _args(tmp_path, ["watch"]).paper == "a5" and _args(tmp_path, ["check"]).source == "source/thesis.md"


def test_without_the_file_the_defaults_are_reportgens(tmp_path):
    args = _args(tmp_path, ["build"])
    assert (args.out, args.paper, args.pdf_profile, args.no_hyphenate) == ("dist", "a4", "screen", False)


def test_a_build_uses_it(tmp_path):
    (tmp_path / "doc.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "reportgen.yaml").write_text("source: doc.md\nout: build\nto: pdf\npaper: a5\n", encoding="utf-8")
    result = run_cli("build", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "build").iterdir() if not p.name.startswith(".")) == ["doc.pdf"]
    width = float(PdfReader(str(tmp_path / "build" / "doc.pdf")).pages[0].mediabox.width)
    assert abs(width - 419.5) < 1  # A5: 148 mm


@pytest.mark.parametrize("text, where, words", [
    ("paper: a5\noutt: build\n", "2:1", "unknown key 'outt'"),
    ("paper: a3\n", "1:1", "paper: one of a4, a5, not 'a3'"),
    ("to: [pdf, odt]\n", "1:1", "to: formats among pdf, docx, epub"),
    ("hyphenate: 'no'\n", "1:1", "hyphenate: true or false"),
    ("jobs: -1\n", "1:1", "jobs: a number of processes"),
    ("- paper\n", "1:1", "must be a mapping"),
    ("paper: [a4\n", "2:1", "invalid YAML"),
])
def test_a_wrong_file_is_one_located_error(tmp_path, text, where, words):
    (tmp_path / "doc.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "reportgen.yaml").write_text(text, encoding="utf-8")
    result = run_cli("build", "doc.md", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"reportgen: reportgen.yaml:{where}") and words in err, err


def test_a_link_out_of_the_project_is_refused(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "elsewhere.yaml").write_text("paper: a5\n", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere.yaml", project / "reportgen.yaml")
    with pytest.raises(ReportgenError, match="outside the project"):
        config.load(project)
