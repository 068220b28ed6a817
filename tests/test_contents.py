"""The printed contents (issue 16): `toc: false` leaves the contents page out of the PDF and the
DOCX; `toc-depth: N` (1 to 3) lists headings down to level N in both (the DOCX's TOC field asks
Word for the same levels). The EPUB's navigation is always there."""

from __future__ import annotations

import zipfile

from conftest import pdf_pages, run_cli
from lxml import etree

SOURCE = """---
title: Мазмұн
{setting}
---

# Бірінші тарау

## Бөлім

### Тармақ

Мәтін.

# Екінші тарау

Мәтін.
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _build(tmp_path, setting: str):
    (tmp_path / "doc.md").write_text(SOURCE.format(setting=setting), encoding="utf-8")
    result = run_cli("build", str(tmp_path / "doc.md"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    styles = [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in body.iter(f"{W}p")
              if p.find(f"{W}pPr/{W}pStyle") is not None]
    instructions = "".join(t.text or "" for t in body.iter(f"{W}instrText"))
    return pdf_pages(tmp_path / "out" / "doc.pdf"), styles, instructions


def test_the_default_lists_two_levels(tmp_path):
    pages, styles, instructions = _build(tmp_path, "")
    assert "Мазмұны" in pages[1] and "Бөлім" in pages[1] and "Тармақ" not in pages[1]
    assert styles.count("TOC2") == 1 and "TOC3" not in styles and 'TOC \\o "1-2"' in instructions


def test_toc_depth_three(tmp_path):
    pages, styles, instructions = _build(tmp_path, "toc-depth: 3")
    assert "Тармақ" in pages[1]
    assert styles.count("TOC3") == 1 and 'TOC \\o "1-3"' in instructions


def test_toc_false_has_no_contents_page(tmp_path):
    pages, styles, instructions = _build(tmp_path, "toc: false")
    assert not any("Мазмұны" in page for page in pages)
    assert pages[1].lstrip().startswith("Бірінші тарау")  # the body follows the title page
    assert "TOCHeading" not in styles and "TOC \\o" not in instructions
    with zipfile.ZipFile(tmp_path / "out" / "doc.epub") as z:
        assert "Бірінші тарау" in z.read("EPUB/nav.xhtml").decode().replace("\u00ad", "")


def test_no_contents_page_when_nothing_is_listed(tmp_path):
    """A document without headings (and so without an index of them) has no contents page: it was
    «Мазмұны» alone on a page of its own, in the PDF and the DOCX."""
    (tmp_path / "doc.md").write_text("---\ntitle: Қысқа\n---\n\nБір абзац мәтін.\n", encoding="utf-8")
    result = run_cli("build", str(tmp_path / "doc.md"), "--out", str(tmp_path / "out"), "--to", "pdf,docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    pages = pdf_pages(tmp_path / "out" / "doc.pdf")
    assert len(pages) == 2 and "Мазмұны" not in "".join(pages) and "Бір абзац" in pages[1]
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as z:
        document = z.read("word/document.xml").decode()
    assert "Мазмұны" not in document and " TOC " not in document
