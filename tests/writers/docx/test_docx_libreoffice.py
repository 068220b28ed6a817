"""The essay's DOCX opened by a real word processor: LibreOffice lays it out and prints a PDF."""

from __future__ import annotations

import re
import subprocess

from docx_fixtures import essay_docx, essay_lo, load_doc, pdf_pages, squash  # noqa: F401 (fixtures)

from reportgen import model as m


def test_libreoffice_converts_the_essay(essay_lo):
    pdf, result = essay_lo
    assert result.returncode == 0, result.stderr.decode()
    assert pdf.is_file() and pdf.stat().st_size > 10_000, result.stdout.decode() + result.stderr.decode()
    assert b"Error" not in result.stderr, result.stderr.decode()
    pages = pdf_pages(pdf)
    doc = load_doc()
    assert len(pages) >= 5
    # title page: genre, title and date, and no page number
    first = squash(pages[0])
    assert squash(doc.meta.subtitle) in first and squash(doc.meta.title) in first
    assert not any(line.strip().isdigit() for line in pages[0].splitlines())
    # contents on page 2, with every level-1 and level-2 heading and a page number
    toc_lines = [line for line in pages[1].splitlines() if line.strip()]
    assert toc_lines[0].strip() == "Мазмұны"
    for heading in (h for h in doc.blocks if isinstance(h, m.Heading) and h.level <= 2):
        label = m.plain_text(heading).replace("\u00ad", "").strip()
        assert any(line.startswith(label) and line.rstrip().split(".")[-1].strip().isdigit()
                   for line in toc_lines), label
    # page numbers in the footer from page 2 on
    for number, page in enumerate(pdf_pages(pdf, layout=True)[1:], 2):
        assert str(number) in [line.strip() for line in page.splitlines()], f"page {number} has no number"
    # no unresolved reference anywhere (LibreOffice prints "Error: Reference source not found")
    assert not any("Error" in page for page in pages)


def _call_contexts(doc: m.Document):
    """(note, squashed text just before its first call) for each note, in call order."""
    seen = set()
    for block in m.query(doc, m.Paragraph, m.Heading):
        before = ""
        for node in m.walk(block):
            if isinstance(node, (m.Text, m.Code)):
                before += node.text
            elif isinstance(node, (m.SoftBreak, m.LineBreak)):
                before += " "
            elif isinstance(node, m.FootnoteRef):
                if node.id not in seen:
                    seen.add(node.id)
                    yield doc.footnote(node.id), squash(before)
                before += str(node.number)  # the call prints its number


def test_every_footnote_is_on_the_page_of_its_call(essay_lo):
    pdf, _ = essay_lo
    doc = load_doc()
    pages = [squash(page) for page in pdf_pages(pdf)]
    checked = 0
    for note, before in _call_contexts(doc):
        call_pages: list[int] = []
        for width in (30, 16, 8):  # the words before the call, then its number (superscript)
            needle = before[-width:] + str(note.number)
            call_pages = [i for i, page in enumerate(pages) if needle in page]
            if len(call_pages) == 1:
                break
        assert len(call_pages) == 1, f"call of note {note.number} not found once: {call_pages}"
        text = squash(m.plain_text(note))
        page = call_pages[0]
        assert text[:40] in pages[page], f"note {note.number} is not on page {page + 1}, where it is called"
        checked += 1
    assert checked == len(doc.footnotes) > 0


def test_contents_page_numbers_are_close_to_libreoffices(essay_lo):
    """The TOC's page numbers are written as estimates (Word updates them when it opens the file;
    LibreOffice shows them as written): they must be near the pages LibreOffice lays out."""
    pdf, _ = essay_lo
    doc = load_doc()
    pages = pdf_pages(pdf, layout=True)
    toc = {}
    for line in pages[1].splitlines():
        match = re.match(r"^\s*(.+?)\.{3,}\s*(\d+)\s*$", line)
        if match:
            toc[match.group(1).strip()] = int(match.group(2))
    headings = [m.plain_text(h).replace("\u00ad", "").strip() for h in doc.blocks
                if isinstance(h, m.Heading) and h.level <= 2] + (["Көрсеткіш"] if doc.index else [])
    assert set(toc) == set(headings)
    for heading in headings:
        # the page where the heading is set: the first page with it as a line of its own (a page
        # a chapter opens has no running head; the pages after it repeat the title at the top)
        actual = next(n for n, page in enumerate(pages[2:], 3)
                      if any(line.strip() == heading for line in page.splitlines()))
        assert abs(toc[heading] - actual) <= 1, (heading, toc[heading], actual)


def test_libreoffice_draws_every_glyph_in_pt_serif(essay_lo):
    """No glyph falls back to another font: LibreOffice embeds PT Serif and nothing else."""
    pdf, _ = essay_lo
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    families = {re.sub(r"^[A-Z]{6}\+", "", n).split("-")[0] for n in names}
    assert families == {"PTSerif"}, names


def test_libreoffice_keeps_a_range_on_one_line(essay_lo):
    """The DOCX joins a range's en dash to the figure after it (U+2060): LibreOffice broke
    «жылына 300–/500» there (issue 18 item 3)."""
    pdf, _ = essay_lo
    lines = [line.rstrip() for page in pdf_pages(pdf, layout=True) for line in page.splitlines()]
    assert [line for line in lines if re.search(r"\d[–-]$", line)] == []
