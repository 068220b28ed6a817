"""Pipe tables (issue 15, first slice): read into `Table` nodes with their caption, alignment and
header rows, typeset and indexed inside, and rendered as real tables in all three outputs —
PDF (tagged Table/TH/TD, numbered caption above), DOCX (`w:tbl` in "Table Grid", repeated header
row, rows never split), EPUB (`<table>`, `<caption>`, `th scope`; EPUBCheck clean)."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, build_source, pdf_pages, run_cli, soffice
from lxml import etree
from pypdf import PdfReader

from reportgen import model as m
from reportgen.pipeline import Options, load
from reportgen.reader import read_string

SOURCE = """---
title: Кестелер
---

# Бөлім

Мәтін, кесте төменде.

| Ұйым | Құрылған жылы | Мүшелері |
|:-----|:-------------:|---------:|
| Біріккен Ұлттар Ұйымы | 1945 | 193 |
| *ЕҚЫҰ* "атауы" | 1975 | 57[^a] |

: Халықаралық ұйымдар {#tbl-orgs}

Table: Екінші кесте

| А | Б |
|---|---|
| 1 | 2 |

| Қолтаңбасыз |
|---|
| ұяшық |

[^a]: Ескерту кестеде.
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
H = "{http://www.w3.org/1999/xhtml}"


def test_the_reader_makes_tables_with_captions_alignment_and_header_rows():
    doc = read_string(SOURCE)
    tables = [b for b in doc.blocks if isinstance(b, m.Table)]
    assert len(tables) == 3
    first, second, third = tables
    assert first.id == "tbl-orgs" and m.plain_text(first.caption) == "Халықаралық ұйымдар"
    assert [c.align for c in first.head[0].children] == ["left", "center", "right"]
    assert all(c.header for c in first.head[0].children) and not any(c.header for c in first.children[0].children)
    assert isinstance(first.children[1].children[0].children[0], m.Emph)
    assert any(isinstance(n, m.FootnoteRef) for n in m.walk(first))
    assert m.plain_text(second.caption) == "Екінші кесте" and second.id == ""  # `Table:` before the table
    assert third.caption is None
    assert [t.number for t in tables] == [1, 2, 0]
    assert not any(isinstance(b, m.Paragraph) and ":" in m.plain_text(b)[:7] for b in doc.blocks)
    assert m.from_dict(m.to_dict(doc)) == doc


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_source(tmp_path_factory.mktemp("tables"), SOURCE, "-q")[0]


def test_typography_and_the_index_reach_the_cells(tmp_path):
    (tmp_path / "doc.md").write_text(SOURCE, encoding="utf-8")
    doc = load(tmp_path / "doc.md", Options(project_root=ROOT))
    table = next(b for b in doc.blocks if isinstance(b, m.Table))
    cell = table.children[1].children[0]
    assert "«атауы»" in m.plain_text(cell).replace("\u00ad", "")
    mentions = [n for n in m.walk(table) if isinstance(n, m.Mention)]
    assert {n.key for n in mentions} >= {"un"}
    assert m.plain_text(table.caption) == "Халықаралық ұйымдар"  # captions are never hyphenated


def test_pdf_has_tagged_tables_with_numbered_captions(built):
    pdf = built / "doc.pdf"
    text = "\n".join(pdf_pages(pdf, layout=True)).replace("\u00a0", " ")
    assert "1-кесте – Халықаралық ұйымдар" in text and "2-кесте – Екінші кесте" in text
    assert re.search(r"Біріккен Ұлттар Ұйымы\s+1945\s+193", text)
    assert "|---" not in text and "| Ұйым" not in text
    kinds = set()

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                kinds.add(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(PdfReader(str(pdf)).trailer["/Root"]["/StructTreeRoot"])
    assert {"/Table", "/TR", "/TH", "/TD", "/Caption"} <= kinds


def test_docx_has_word_tables(built):
    with zipfile.ZipFile(built / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    tables = body.findall(f".//{W}tbl")
    assert len(tables) == 3
    first = tables[0]
    assert first.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "TableGrid"
    assert any(s.get(f"{W}styleId") == "TableGrid" and s.get(f"{W}type") == "table" for s in styles.iter(f"{W}style"))
    rows = first.findall(f"{W}tr")
    assert len(rows) == 3
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None and rows[1].find(f"{W}trPr/{W}tblHeader") is None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    jc = [c.find(f".//{W}jc").get(f"{W}val") for c in rows[1].findall(f"{W}tc")]
    assert jc == ["left", "center", "right"]
    assert first.find(f".//{W}footnoteReference") is not None
    caption = first.getprevious()
    assert caption.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Caption"
    assert "".join(caption.itertext()).startswith("1-кесте\u00a0– Халықаралық")


def test_libreoffice_renders_the_docx_tables(built, tmp_path):
    soffice(built / "doc.docx", tmp_path)
    text = "\n".join(pdf_pages(tmp_path / "doc.pdf", layout=True)).replace("\u00a0", " ")
    assert re.search(r"Біріккен Ұлттар Ұйымы\s+1945\s+193", text)
    assert "1-кесте – Халықаралық ұйымдар" in text


def test_epub_has_accessible_tables(built):
    sys.path.insert(0, str(ROOT / "tests" / "writers" / "epub"))
    from epub_helpers import epubcheck

    with zipfile.ZipFile(built / "doc.epub") as z:
        xhtml = [etree.fromstring(z.read(n)) for n in z.namelist() if re.search(r"section-\d+\.xhtml$", n)]
    tables = [t for x in xhtml for t in x.iter(f"{H}table")]
    assert len(tables) == 3
    first = tables[0]
    assert first.get("id") == "tbl-orgs"
    assert "".join(first.find(f"{H}caption").itertext()).replace("\u00ad", "") == "1-кесте\u00a0– Халықаралық ұйымдар"
    assert [th.get("scope") for th in first.iter(f"{H}th")] == ["col"] * 3
    report = epubcheck(built / "doc.epub")
    assert [m["severity"] for m in report.get("messages", [])] == []


GRID = """---
title: Торлы кесте
---

# Бөлім

: Мақсаттар {#tbl-grid}

+----------+------------------------------+
| Ұйым     | Мақсаттары                   |
+==========+==============================+
| ЕҚЫҰ     | - қауіпсіздік                |
|          | - ынтымақтастық              |
+----------+------------------------------+
| ШЫҰ      | Бірінші абзац.               |
|          |                              |
|          | Екінші абзац.                |
+----------+------------------------------+
"""


@pytest.fixture(scope="module")
def grid_built(tmp_path_factory) -> Path:
    return build_source(tmp_path_factory.mktemp("grid"), GRID, "-q")[0]


def test_grid_table_in_docx_has_the_source_widths_and_cell_blocks(grid_built):
    with zipfile.ZipFile(grid_built / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    (table,) = body.findall(f".//{W}tbl")
    widths = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
    assert abs(widths[1] / widths[0] - 31 / 11) < 0.01  # the dashes' shares: 11 and 31 columns
    rows = table.findall(f"{W}tr")
    lists, paras = rows[1].findall(f"{W}tc")[1], rows[2].findall(f"{W}tc")[1]
    items = lists.findall(f"{W}p")
    assert ["".join(p.itertext()) for p in items] == ["қауіпсіздік", "ынтымақтастық"]
    assert {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in items} == {"ListBullet"}  # numbered by its style
    assert [t for p in paras.findall(f"{W}p") if (t := "".join(p.itertext()).replace("\u00ad", ""))] == \
        ["Бірінші абзац.", "Екінші абзац."]
    assert all(tc[-1].tag == f"{W}p" for tc in table.iter(f"{W}tc"))  # every cell ends with a paragraph


def test_grid_table_in_epub_and_pdf(grid_built):
    sys.path.insert(0, str(ROOT / "tests" / "writers" / "epub"))
    from epub_helpers import epubcheck

    with zipfile.ZipFile(grid_built / "doc.epub") as z:
        xhtml = [etree.fromstring(z.read(n)) for n in z.namelist() if re.search(r"section-\d+\.xhtml$", n)]
    (table,) = [t for x in xhtml for t in x.iter(f"{H}table")]
    assert [c.get("style") for c in table.iter(f"{H}col")] == ["width: 26.2%", "width: 73.8%"]
    cells = list(table.iter(f"{H}td"))
    assert cells[1].find(f"{H}ul") is not None and len(cells[3].findall(f"{H}p")) == 2
    assert [msg["severity"] for msg in epubcheck(grid_built / "doc.epub").get("messages", [])] == []
    text = "\n".join(pdf_pages(grid_built / "doc.pdf", layout=True)).replace("\u00ad", "")
    assert "1-кесте" in text and "қауіпсіздік" in text and "+-----" not in text and "| ЕҚЫҰ" not in text


def test_a_chapter_ending_with_a_table_keeps_it_in_its_section(tmp_path):
    """Protection: DocxBuilder.start_section put the section break in the last paragraph, the
    caption above a chapter's closing table, so the table went into the next section and
    LibreOffice set it a page away from its caption."""
    (tmp_path / "doc.md").write_text("# Бірінші\n\n: Кесте\n\n| А | Б |\n|---|---|\n| 1 | 2 |\n\n# Екінші\n\nМәтін.\n",
                                     encoding="utf-8")
    assert run_cli("build", "doc.md", "--to", "docx", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    table = body.find(f"{W}tbl")
    caption, after = table.getprevious(), table.getnext()
    assert caption.find(f"{W}pPr/{W}sectPr") is None  # the caption stays in the table's section
    assert after.tag == f"{W}p" and after.find(f"{W}pPr/{W}sectPr") is not None  # the break comes after it


def test_a_table_split_across_pages_keeps_two_rows_and_its_caption_on_each_side(tmp_path):
    """Wherever a table falls on the page (the text before it one line longer each time), no page
    holds its caption alone, nor a single body row (under the repeated header) of a table split
    across pages: a three-row table moves whole, a long one splits with two rows or more."""
    from reportgen.writers import pdf

    filler = "Бұл жолдың мәтіні кестенің орнын жылжыту үшін жазылған. " * 3
    for rows in (3, 12):
        table = "| Жыл | Оқиға |\n|---|---|\n" + "".join(f"| {1990 + k} | Оқиға {k} |\n" for k in range(rows))
        for lines in range(18, 30, 2):
            source = tmp_path / f"t{rows}-{lines}.md"
            source.write_text("# Бөлім\n\n" + "\n\n".join([filler] * lines) + "\n\n" + table + "\n: Кесте атауы\n\nСоңы.\n",
                              encoding="utf-8")
            options = Options(project_root=tmp_path)
            pdf.write(load(source, options), source.with_suffix(".pdf"), options)
            for k, page in enumerate(pdf_pages(source.with_suffix(".pdf"))):
                body_rows = len(re.findall(r"Оқиға \d+", page))
                assert body_rows != 1, (rows, lines, k, page)
                if "Кесте атауы" in page:
                    assert body_rows >= 2, (rows, lines, k, page)
