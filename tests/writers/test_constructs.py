"""Pandoc Markdown's smaller constructs (issue 15): strikeout, superscript, subscript, line blocks,
definition lists and fenced divs — read into their own nodes, typeset and indexed inside, and
rendered as what they are in all three outputs: EPUB (`del`, `sup`, `sub`, `div.line-block`, `dl`,
`div` with its id and classes; links to a div or a table across documents; EPUBCheck clean), DOCX
(`w:strike`, `w:vertAlign`, the "Line Block", "Definition Term", "Definition" styles, a div's class
naming a paragraph style, bookmarks for its id), PDF (the text, never the Markdown marks)."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, build_source, pdf_pages, soffice
from lxml import etree

from reportgen import model as m
from reportgen.pipeline import Options, load
from reportgen.reader import read_string

SOURCE = """---
title: Құрылымдар
---

# Кіріспе

Су формуласы H~2~O, ауданы 5 м^2^, ~~ескі сөз~~ жаңа сөз, "дәйексөз".

| Абай Құнанбаев
|     "Қараңғы түнде тау қалғып"
  (жалғасы)
| 1888 жыл

Халықаралық ұйым
:   Мемлекеттер құрған ұйым, мысалы, Біріккен Ұлттар Ұйымы.

    Екінші абзац.

Егемендік
:   Мемлекеттің тәуелсіздігі.
:   Екінші анықтама.

::: {#ескерту .warning lang=en}
Note about the [table](#tbl-a).

::: Quote
Ішкі блок.
:::
:::

# Қорытынды

[Ескертуге](#ескерту) қараңыз. Мәтін.

: Кесте {#tbl-a}

| А | Б |
|---|---|
| 1 | 2 |
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
H = "{http://www.w3.org/1999/xhtml}"


def _kinds(doc: m.Document) -> list[str]:
    return [type(n).__name__ for n in m.walk(doc)]


def test_the_reader_makes_a_node_for_each_construct():
    doc = read_string(SOURCE, "t.md")
    para = doc.blocks[1]
    kinds = [type(n).__name__ for n in para.children]
    assert kinds[:6] == ["Text", "Subscript", "Text", "Superscript", "Text", "Strikeout"]
    assert m.plain_text(para.children[5]) == "ескі сөз"
    line_block = doc.blocks[2]
    assert isinstance(line_block, m.LineBlock) and line_block.line == 9
    lines = m.plain_text(line_block).split(" \u00a0")  # LineBreak → " "
    assert m.plain_text(line_block).startswith("Абай Құнанбаев ")
    assert "\u00a0" * 4 + '"Қараңғы түнде тау қалғып" (жалғасы)' in m.plain_text(line_block)
    assert sum(isinstance(n, m.LineBreak) for n in line_block.children) == 2, lines
    dl = doc.blocks[3]
    assert isinstance(dl, m.DefinitionList) and len(dl.items) == 2
    assert m.plain_text(dl.items[0].term) == "Халықаралық ұйым"
    assert [len(d.children) for d in dl.items[0].children] == [2]
    assert len(dl.items[1].children) == 2
    div = doc.blocks[4]
    assert isinstance(div, m.Div) and div.id == "ескерту" and div.classes == ["warning"]
    assert div.attrs == {"lang": "en"}
    assert isinstance(div.children[1], m.Div) and div.children[1].classes == ["Quote"]
    # `: Кесте` between a paragraph and a table is the table's caption (pandoc), no definition
    table = doc.blocks[7]
    assert isinstance(doc.blocks[6], m.Paragraph) and isinstance(table, m.Table)
    assert table.id == "tbl-a" and m.plain_text(table.caption) == "Кесте"
    links = [n.target for n in m.query(doc, m.Link)]
    assert links == ["#tbl-a", "#ескерту"]  # as written, not percent-encoded
    assert m.from_dict(m.to_dict(doc)) == doc


def test_a_div_fence_is_matched_with_nesting_and_an_unclosed_one_is_text():
    doc = read_string("::: a\n::: b\nі\n:::\nс\n:::\n\n::: c\nт\n", "t.md")
    outer = doc.blocks[0]
    assert isinstance(outer, m.Div) and outer.classes == ["a"]
    assert isinstance(outer.children[0], m.Div) and m.plain_text(outer.children[1]) == "с"
    assert isinstance(doc.blocks[1], m.Paragraph) and m.plain_text(doc.blocks[1]).startswith("::: c")


def test_look_alikes_stay_text():
    doc = read_string("Мәтін\n| бөлгіш емес\n\na ~ b және 2^10 мен ~a b~.\n", "t.md")
    assert _kinds(doc).count("LineBlock") == 0 and "Subscript" not in _kinds(doc)
    assert "Superscript" not in _kinds(doc)


def test_typography_and_the_index_reach_inside(tmp_path):
    (tmp_path / "doc.md").write_text(SOURCE, encoding="utf-8")
    doc = load(tmp_path / "doc.md", Options(project_root=ROOT))
    line_block = next(b for b in doc.blocks if isinstance(b, m.LineBlock))
    assert "«Қараңғы түнде тау қалғып»" in m.plain_text(line_block)
    assert "\u00ad" not in m.plain_text(line_block)  # verse is never hyphenated
    dl = next(b for b in doc.blocks if isinstance(b, m.DefinitionList))
    assert any(n.key == "un" for n in m.query(dl, m.Mention))
    assert "\u00ad" in m.plain_text(dl.items[0].children[0])  # definitions are body text


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out, messages = build_source(tmp_path_factory.mktemp("constructs"), SOURCE)
    assert "warning" not in messages, messages
    return out


def test_epub_renders_each_construct(built):
    sys.path.insert(0, str(ROOT / "tests" / "writers" / "epub"))
    from epub_helpers import epubcheck

    with zipfile.ZipFile(built / "doc.epub") as z:
        pages = {n: etree.fromstring(z.read(n)) for n in z.namelist() if re.search(r"section-\d+\.xhtml$", n)}
    first, second = (pages[n] for n in sorted(pages))

    def texts(tag):
        return ["".join(e.itertext()).replace("\u00ad", "") for e in first.iter(f"{H}{tag}")]

    assert texts("sub") == ["2"] and texts("sup") == ["2"] and texts("del") == ["ескі сөз"]
    blocks = [d for d in first.iter(f"{H}div") if d.get("class") == "line-block"]
    assert len(blocks) == 1 and len(blocks[0].findall(f"{H}br")) == 2
    assert texts("dt") == ["Халықаралық ұйым", "Егемендік"] and len(texts("dd")) == 3
    div = next(d for d in first.iter(f"{H}div") if d.get("id") == "ескерту")
    assert div.get("class") == "warning" and div.get("lang") == "en"
    assert any(d.get("class") == "Quote" for d in div.iter(f"{H}div"))
    hrefs = [a.get("href") for page in (first, second) for a in page.iter(f"{H}a")]
    assert "section-02.xhtml#tbl-a" in hrefs and "section-01.xhtml#ескерту" in hrefs
    text = "".join("".join(p.itertext()) for p in pages.values())
    assert not re.search(r"~~|\^2\^|:::|^\| ", text, re.M)
    report = epubcheck(built / "doc.epub")
    assert [x["severity"] for x in report.get("messages", [])] == []


def test_docx_renders_each_construct(built):
    with zipfile.ZipFile(built / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    runs = {"".join(r.itertext()): r for r in body.iter(f"{W}r")}
    assert runs["ескі сөз"].find(f"{W}rPr/{W}strike") is not None
    vert = [("".join(r.itertext()), r.find(f"{W}rPr/{W}vertAlign").get(f"{W}val")) for r in body.iter(f"{W}r")
            if r.find(f"{W}rPr/{W}vertAlign") is not None]
    assert vert == [("2", "subscript"), ("2", "superscript")]

    def style(p):
        found = p.find(f"{W}pPr/{W}pStyle")
        return found.get(f"{W}val") if found is not None else ""

    paragraphs = [(style(p), "".join(p.itertext()).replace("\u00ad", "")) for p in body.iter(f"{W}p")]
    line_blocks = [p for p in body.iter(f"{W}p") if style(p) == "LineBlock"]
    assert len(line_blocks) == 1 and len(line_blocks[0].findall(f".//{W}br")) == 2
    assert [t for s, t in paragraphs if s == "DefinitionTerm"] == ["Халықаралық ұйым", "Егемендік"]
    assert len([t for s, t in paragraphs if s == "Definition"]) == 4
    assert ("Quote", "Ішкі блок.") in paragraphs  # the div's class names a style the sheet has
    names = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    anchors = {h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink") if h.get(f"{W}anchor")}
    assert anchors <= names and "tbl_a" in anchors  # every link lands on a bookmark (the contents' too)
    assert len(anchors - {"tbl_a", "index"} - {n for n in anchors if n.startswith("sec_")}) == 1  # the div's


def test_pdf_and_libreoffice_show_the_text_not_the_marks(built, tmp_path):
    soffice(built / "doc.docx", tmp_path)
    for pdf in (built / "doc.pdf", tmp_path / "doc.pdf"):
        text = "\n".join(pdf_pages(pdf)).replace("\u00a0", " ")
        assert "H2O" in text and "ескі сөз" in text and "Халықаралық ұйым" in text
        assert "Ішкі блок." in text and "1888" in text
        assert not re.search(r"~~|\^|:::|^\| ", text, re.M), pdf
