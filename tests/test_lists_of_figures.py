"""Lists of figures and tables (issue 16; pandoc's `lof: true`, `lot: true`): «Суреттер тізімі» and
«Кестелер тізімі» after the contents — in the PDF with the pages the figures and tables are on, in
the DOCX as TOC fields over the caption styles whose results link to the captions, in the EPUB as
the navigation document's `loi` and `lot`; nothing of it without the flags."""

from __future__ import annotations

import re
import sys
import zipfile

import pytest
from conftest import ROOT, build_source, pdf_pages, run_cli, soffice
from lxml import etree
from PIL import Image

SOURCE = """---
title: Тізімдер
lof: true
lot: true
---

# Бірінші бөлім

Мәтін.

: Ұйымдар

| А | Б |
|---|---|
| 1 | 2 |

# Екінші бөлім

![Сызба](map.png){#fig-scheme}

![Карта](map.png)

Table: Екінші кесте

| В | Г |
|---|---|
| 3 | 4 |
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
X = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lof")
    Image.new("RGB", (60, 30), "blue").save(folder / "map.png")
    build_source(folder, SOURCE, "-q")
    return folder


def _page_of(pages: list[str], text: str, after: int = 0) -> int:
    return next(n for n, page in enumerate(pages, 1) if n > after and text in page.replace("\u00a0", " "))


def test_pdf_lists_give_the_pages_of_the_captions(built):
    pages = pdf_pages(built / "out" / "doc.pdf", layout=True)
    figures, tables = _page_of(pages, "Суреттер тізімі"), _page_of(pages, "Кестелер тізімі")
    listed = {}
    for page in (pages[figures - 1], pages[tables - 1]):
        for label, number in re.findall(r"(\d-(?:сурет|кесте) – [^.\n]+?)\s*\.{3,}\s*(\d+)", page.replace("\u00a0", " ")):
            listed[label.strip()] = int(number)
    assert list(listed) == ["1-сурет – Сызба", "2-сурет – Карта", "1-кесте – Ұйымдар", "2-кесте – Екінші кесте"]
    body = max(figures, tables)
    for label, number in listed.items():
        assert _page_of(pages, label, after=body) == number, label


def test_docx_lists_are_toc_fields_linked_to_the_captions(built, tmp_path):
    with zipfile.ZipFile(built / "out" / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    instructions = [t.text for t in body.iter(f"{W}instrText")]
    assert ' TOC \\h \\z \\t "Image Caption,1" ' in instructions or 'TOC \\h \\z \\t "Image Caption,1"' in [
        i.strip() for i in instructions]
    assert 'TOC \\h \\z \\t "Caption,1"' in [i.strip() for i in instructions]
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    anchors = [h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink") if h.get(f"{W}anchor")]
    listed = [a for a in anchors if a not in ("toc",)]
    assert len(listed) >= 4 and set(listed) <= bookmarks  # every link of the lists reaches its caption
    pages = pdf_pages(soffice(built / "out" / "doc.docx", tmp_path), layout=True)
    tables = _page_of(pages, "Кестелер тізімі")
    cached = dict(re.findall(r"(\d-кесте – [^.\n]+?)\s*\.{3,}\s*(\d+)", pages[tables - 1].replace("\u00a0", " ")))
    assert cached and all(_page_of(pages, label.strip(), after=tables) == int(n) for label, n in cached.items())


def test_epub_nav_has_loi_and_lot(built):
    sys.path.insert(0, str(ROOT / "tests" / "writers" / "epub"))
    from epub_helpers import epubcheck

    with zipfile.ZipFile(built / "out" / "doc.epub") as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
        files = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}
    kinds = {n.get("{http://www.idpf.org/2007/ops}type"): n for n in nav.iter(f"{X}nav")}
    assert {"loi", "lot"} <= set(kinds)
    for kind, count in (("loi", 2), ("lot", 2)):
        links = [a.get("href") for a in kinds[kind].iter(f"{X}a")]
        assert len(links) == count
        for href in links:
            file, ident = href.split("#")
            assert files[f"EPUB/{file}"].xpath(f"//*[@id='{ident}']"), href
    assert [msg["severity"] for msg in epubcheck(built / "out" / "doc.epub").get("messages", [])] == []


def test_nothing_without_the_flags(tmp_path):
    Image.new("RGB", (60, 30), "blue").save(tmp_path / "map.png")
    (tmp_path / "doc.md").write_text(SOURCE.replace("lof: true\nlot: true\n", ""), encoding="utf-8")
    assert run_cli("build", "doc.md", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    assert "тізімі" not in "".join(pdf_pages(tmp_path / "out" / "doc.pdf"))
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as z:
        assert "Суреттер тізімі" not in z.read("word/document.xml").decode()


def test_a_list_with_nothing_in_it_is_left_out(tmp_path):
    (tmp_path / "doc.md").write_text("---\ntitle: Т\nlof: true\nlot: true\n---\n\n# Б\n\n: Кесте\n\n| А |\n|---|\n| 1 |\n",
                                     encoding="utf-8")
    assert run_cli("build", "doc.md", "--to", "pdf,docx", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    text = "".join(pdf_pages(tmp_path / "out" / "doc.pdf"))
    assert "Кестелер тізімі" in text and "Суреттер тізімі" not in text  # no figures: no list of them
