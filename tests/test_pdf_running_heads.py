"""Running heads in the PDF (issue 18 item 7): none on the title page, the contents, or a page a
chapter or the index opens (book convention); on every other page the chapter's title."""

from __future__ import annotations

from conftest import ESSAY, pdf_pages
from reportgen import model as m
from reportgen.reader import read_file


def test_no_running_head_on_a_chapter_opening(essay_pdf):
    doc = read_file(ESSAY)
    chapters = [m.plain_text(h).replace("\u00ad", "").strip() for h in doc.blocks if isinstance(h, m.Heading) and h.level == 1]
    chapters.append("Көрсеткіш")
    pages = pdf_pages(essay_pdf, layout=True)
    current = None
    openings = 0
    for number, page in enumerate(pages[2:], 3):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines[0] in chapters and (current != lines[0] or lines[1:2] == [lines[0]]):
            # a chapter opens here: its heading is the first line, no running head above it
            assert lines[1] != lines[0], f"page {number}: a running head above the chapter's heading"
            current = lines[0]
            openings += 1
        else:
            assert lines[0] == current, f"page {number}: running head {lines[0]!r}, expected {current!r}"
    assert openings == len(chapters)
