"""The university title page (issue 16): front-matter fields `institution` (lines: ministry,
university, faculty, department), `genre` (or `subtitle`), `title`, `author` with `group`,
`supervisor`, `city`, `year` (or the date's year) — set by the Kazakh academic layout in all three
outputs: the institution at the top, «РЕФЕРАТ» and the topic in the middle, «Орындаған: …» and
«Тексерген: …» to the right, «Алматы, 2026» at the foot; the title page counted, not numbered."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import build_source, pdf_pages, run_cli, soffice
from lxml import etree

from reportgen.reader import read_string

SOURCE = """---
institution:
  - Қазақстан Республикасы Ғылым және жоғары білім министрлігі
  - Әл-Фараби атындағы Қазақ ұлттық университеті
  - Халықаралық қатынастар факультеті
genre: Реферат
title: Қазақстанның көпвекторлы сыртқы саясаты
author: Айгерім Сәрсенова
group: ХҚ-21-01
supervisor: т.ғ.к., доцент Б. Б. Омаров
city: Алматы
year: 2026
---

# Кіріспе

Мәтін.
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
H = "{http://www.w3.org/1999/xhtml}"


def test_the_fields_are_read():
    meta = read_string(SOURCE, "t.md").meta
    assert meta.institution == ["Қазақстан Республикасы Ғылым және жоғары білім министрлігі",
                                "Әл-Фараби атындағы Қазақ ұлттық университеті", "Халықаралық қатынастар факультеті"]
    assert (meta.subtitle, meta.group, meta.supervisor, meta.city, meta.year) == (
        "Реферат", "ХҚ-21-01", "т.ғ.к., доцент Б. Б. Омаров", "Алматы", "2026")
    assert read_string("---\ninstitution: Бір жол\ndate: 2025-03-14\n---\n\nа\n", "t.md").meta.institution == ["Бір жол"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("title")
    return build_source(folder, SOURCE, cwd=folder)[0]


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.replace("\u00a0", " ").splitlines() if line.strip()]


def test_pdf_title_page(built):
    first = _lines(pdf_pages(built / "doc.pdf", layout=True)[0])
    joined = " | ".join(first)
    order = ["Қазақстан Республикасы Ғылым", "Әл-Фараби атындағы", "Халықаралық қатынастар факультеті", "РЕФЕРАТ",
             "Қазақстанның көпвекторлы", "Орындаған:", "Айгерім Сәрсенова", "ХҚ-21-01", "Тексерген:",
             "Омаров", "Алматы, 2026"]
    places = [joined.find(part) for part in order]
    assert all(p >= 0 for p in places) and places == sorted(places), joined
    assert first[-1] == "Алматы, 2026"  # at the foot, and no page number on the title page
    assert not re.search(r"^\d+$", first[-1])
    # «Орындаған» and «Тексерген» stand in the right half of the page
    layout = pdf_pages(built / "doc.pdf", layout=True)[0]
    width = max(len(line) for line in layout.splitlines())
    for label in ("Орындаған:", "Тексерген:"):
        line = next(line for line in layout.splitlines() if label in line)
        assert line.index(label) > width * 0.4, line


def test_docx_title_page(built):
    with zipfile.ZipFile(built / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    paragraphs = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        paragraphs.append((style.get(f"{W}val") if style is not None else "", "".join(p.itertext())))
        if p.find(f".//{W}sectPr") is not None:
            break  # the title page is the first section
    styles = [s for s, _ in paragraphs]
    texts = " | ".join(t for _, t in paragraphs).replace("\u00a0", " ")
    assert styles.count("Institution") == 3 and styles.count("SignatureLabel") == 2
    assert styles.count("Signature") == 3  # the author, the group, the supervisor
    for part in ("Реферат", "Қазақстанның көпвекторлы", "Орындаған: | Айгерім Сәрсенова | ХҚ-21-01 | Тексерген:"):
        assert part in texts, texts
    # «Алматы, 2026» is the title section's own footer (the foot of the page), not the page number
    with zipfile.ZipFile(built / "doc.docx") as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        sect = body.find(f".//{W}sectPr")
        rid = sect.find(f"{W}footerReference").get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
        footer = etree.fromstring(z.read("word/" + (target.group(1) or target.group(2))))
    assert "".join(footer.itertext()) == "Алматы, 2026" and "PAGE" not in etree.tostring(footer).decode()
    assert [s.get(f"{W}val") for s in footer.iter(f"{W}pStyle")] == ["PlaceYear"]
    # one style per paragraph and run in every part (ECMA-376 § 17.3.1.26: Word calls the file damaged)
    with zipfile.ZipFile(built / "doc.docx") as z:
        for name in (n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")):
            part = etree.fromstring(z.read(name))
            for props, style in ((f"{W}pPr", f"{W}pStyle"), (f"{W}rPr", f"{W}rStyle")):
                assert all(len(p.findall(style)) <= 1 for p in part.iter(props)), name


def test_epub_title_page(built):
    with zipfile.ZipFile(built / "doc.epub") as z:
        page = etree.fromstring(z.read("EPUB/title.xhtml"))
    text = " | ".join(" ".join("".join(p.itertext()).split()) for p in page.iter(f"{H}p", f"{H}h1"))
    for part in ("Әл-Фараби атындағы", "Реферат", "Қазақстанның көпвекторлы", "Орындаған:", "Тексерген:",
                 "Алматы, 2026"):
        assert part in text.replace("\u00ad", ""), text


def test_without_the_fields_the_book_title_page_stays(tmp_path):
    (tmp_path / "doc.md").write_text("---\ntitle: Кітап\nauthor: Автор\n---\n\n# А\n\nМәтін.\n", encoding="utf-8")
    result = run_cli("build", str(tmp_path / "doc.md"), "--out", str(tmp_path / "out"), "--to", "pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    first = pdf_pages(tmp_path / "out" / "doc.pdf")[0]
    assert "Орындаған" not in first and "Кітап" in first


def test_libreoffice_shows_the_title_page_with_its_foot(built, tmp_path):
    import subprocess

    soffice(built / "doc.docx", tmp_path)
    pages = [_lines(p) for p in pdf_pages(tmp_path / "doc.pdf")]
    assert pages[0][0].startswith("Қазақстан Республикасы") and pages[0][-1] == "Алматы, 2026"
    assert pages[1][-1] == "2" and pages[2][-1] == "3"  # counted from the title page, which shows none


def test_epub_title_page_is_laid_out(built, tmp_path):
    """The EPUB's title page as a reading system shows it (WeasyPrint standing in for one, with
    the EPUB's own style sheet): the institution centred, the signatures in the right half, not
    the body paragraph's justified, indented lines (the fields had no rules in ebook.css)."""
    import subprocess

    from weasyprint import HTML

    with zipfile.ZipFile(built / "doc.epub") as z:
        z.extractall(tmp_path / "epub")
    pdf = tmp_path / "title.pdf"
    HTML(filename=str(tmp_path / "epub" / "EPUB" / "title.xhtml")).write_pdf(pdf)
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    words = [(float(a), float(b), w) for a, b, w in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]+)<', bbox)]

    def first(text: str) -> tuple[float, float]:
        return next((a, b) for a, b, w in words if w.replace("\u00ad", "") == text)

    label = first("Орындаған:")
    assert label[0] > width * 0.45, (label, width)
    place = first("Алматы,")
    line = [(a, b) for a, b, w in words if abs(a - place[0]) < width and w in ("Алматы,", "2026")]
    centre = (min(a for a, _ in line) + max(b for _, b in line)) / 2
    assert abs(centre - width / 2) < width * 0.1, (centre, width)
