"""Incremental builds: what was rebuilt (not how long it took) after no change, a CSS change, a source change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT

from reportgen.cache import STYLE_DEPENDENCIES
from reportgen.commands.build import WRITERS, build
from reportgen.pipeline import Options


def first_section(text: str) -> str:
    """The essay's front matter, first section and its notes' definitions: notes, index, every
    output and the booklet, in a third of the essay's layout time (what is rebuilt, not the text,
    is tested)."""
    lines = text.split("\n")
    headings = [i for i, line in enumerate(lines) if line.startswith("#")]
    kept = "\n".join(lines[: headings[1]])
    notes = [line for line in lines[headings[1]:] if line.startswith("[^") and line.split("]")[0] + "]" in kept]
    return "\n".join([kept] + [f"{note}\n" for note in notes])


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's source (the essay's first section) and styles, to edit freely."""
    shutil.copytree(ROOT / "source", tmp_path / "source")
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    essay = tmp_path / "source" / "essay.md"
    essay.write_text(first_section(essay.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp_path


def rebuilt(project: Path, **kwargs) -> set[str]:
    """Build and return the labels of the outputs actually written."""
    lines: list[str] = []
    options = Options(formats=tuple(WRITERS), out=project / "dist", project_root=project, impose="booklet", **kwargs)
    build(project / "source" / "essay.md", options, lines.append, jobs=1)
    labels = {line.split()[0] for line in lines if not line.endswith("up to date")}
    return labels - {"read", "done"}


def test_nothing_changed_rebuilds_nothing(project):
    everything = set(WRITERS) | {"booklet"}
    assert rebuilt(project) == everything
    stamps = {p.name: p.stat().st_mtime_ns for p in (project / "dist").iterdir()}
    assert rebuilt(project) == set()
    assert {p.name: p.stat().st_mtime_ns for p in (project / "dist").iterdir()} == stamps


def test_print_css_change_rebuilds_only_print_outputs(project):
    rebuilt(project)
    css = project / "styles" / "print.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    expected = {label for label, styles in STYLE_DEPENDENCIES.items() if "print.css" in styles and (label in WRITERS or label == "booklet")}
    assert rebuilt(project) == expected == {"pdf", "booklet"}


def test_print_css_change_that_moves_pages_rebuilds_the_epub_page_list(project):
    """The EPUB cites the PDF's pages: when print.css moves them, its page-list is rebuilt too,
    and it then matches an EPUB built from scratch with that stylesheet."""
    rebuilt(project)
    css = project / "styles" / "print.css"
    css.write_text(css.read_text() + "\nhtml { font-size: 13pt; }\n")
    assert rebuilt(project) == {"pdf", "booklet", "epub"}
    again = project / "dist" / "essay.epub"
    fresh = project / "fresh"
    build(project / "source" / "essay.md", Options(formats=("epub",), out=fresh, project_root=project), jobs=1)
    assert again.read_bytes() == (fresh / "essay.epub").read_bytes()


def test_paper_change_rebuilds_the_epub_page_list(project):
    """A5 instead of A4: the PDF, the DOCX and the EPUB (its page-list cites the A5 pages now);
    the booklet is A5 whatever the paper."""
    rebuilt(project)
    assert rebuilt(project, paper="a5") == {"pdf", "docx", "epub"}
    assert rebuilt(project, paper="a5") == set()


def test_source_or_option_change_rebuilds(project):
    rebuilt(project)
    source = project / "source" / "essay.md"
    source.write_text(source.read_text() + "\nҚосымша абзац.\n")
    assert rebuilt(project) == set(WRITERS) | {"booklet"}
    assert "pdf" in rebuilt(project, paper="a5")


def test_deleted_output_is_rebuilt(project):
    rebuilt(project)
    (project / "dist" / "essay.pdf").unlink()
    assert rebuilt(project) == {"pdf"}
