"""A chapter never ends with a page of fewer than four lines (issue 18 item 6): its last
paragraph is kept on the page with the one before it (print.css `.chapter-end`). Checked on the
essay in A4 and A5 and on the second document."""

from __future__ import annotations

import re

import pytest

from conftest import ESSAY, ROOT, pdf_pages, run_cli

SECOND = ROOT / "tests" / "fixtures" / "second.md"
MIN_LINES = 4


def chapter_end_lines(pdf) -> list[tuple[int, int]]:
    """(page, lines of text) of each page before a page a chapter or the index opens, the running
    head and the page number not counted."""
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in pdf_pages(pdf, layout=True)]
    out = []
    for number, (page, after) in enumerate(zip(pages, pages[1:]), 1):
        if number < 3 or not after:
            continue
        opens = len(after) < 2 or after[0] != after[1] and not re.fullmatch(r"\d+", after[0]) and after[0] not in page
        if not opens:
            continue
        body = [line for line in page if not re.fullmatch(r"\d+", line)]
        if body and body[0] in {p[0] for p in pages[2:number - 1] if p}:
            body = body[1:]  # the running head
        out.append((number, len(body)))
    return out


@pytest.mark.parametrize(("source", "paper"), [(ESSAY, "a4"), (ESSAY, "a5"), (SECOND, "a4")],
                         ids=["essay-a4", "essay-a5", "second-a4"])
def test_no_chapter_ends_on_a_near_empty_page(source, paper, tmp_path):
    result = run_cli("build", str(source), "--to", "pdf", "--paper", paper, "--out", str(tmp_path), "-q")
    assert result.returncode == 0, result.stderr.decode()
    ends = chapter_end_lines(tmp_path / f"{source.stem}.pdf")
    assert ends, "no chapter end found: the test cannot see what it checks"
    assert [(page, lines) for page, lines in ends if lines < MIN_LINES] == []
