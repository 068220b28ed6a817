"""The academic layout (issue 16, `layout: academic`): the page a Kazakh university expects — A4,
margins left 30, right 15, top and bottom 20 mm, 14 pt Times-compatible type, 1.5 line spacing,
1.25 cm indent, page numbers at the foot centre, structural headings centred in capitals, each
chapter on a new page — measured on the PDF (pdftotext -bbox, pdffonts), read from the DOCX's
section and styles, and compared with LibreOffice's rendering of the DOCX (page count)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import build_source, pdf_pages, soffice
from lxml import etree
from pypdf import PdfReader

MM = 72 / 25.4
PARAGRAPH = ("Қазақстанның сыртқы саясаты тәуелсіздік алғаннан бері көпвекторлы бағытта дамып келеді, "
             "ол көршілес мемлекеттермен де, алыс елдермен де тең әріптестікке негізделеді. ")
SOURCE = ("---\ntitle: Көпвекторлы сыртқы саясат\ngenre: Реферат\nauthor: Айгерім Сәрсенова\n"
          "institution: [Әл-Фараби атындағы Қазақ ұлттық университеті]\nsupervisor: Б. Б. Омаров\n"
          "city: Алматы\nyear: 2026\nlayout: academic\n---\n\n"
          + "".join(f"# {name}\n\n" + "\n\n".join(PARAGRAPH * 4 for _ in range(5)) + "\n\n"
                    for name in ("Кіріспе", "Негізгі бөлім", "Қорытынды")))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("academic")
    return build_source(folder, SOURCE, cwd=folder)[0]


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def test_pdf_page_margins_type_and_spacing(built):
    pdf = built / "doc.pdf"
    box = PdfReader(str(pdf)).pages[3].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (210, 297)
    words = _words(pdf, 4)  # a full page of body text (title page, contents, chapter 1 …)
    body = [w for w in words if not re.fullmatch(r"\d+", w[4])]
    left, right = min(w[0] for w in body), max(w[2] for w in body)
    top = min(w[1] for w in body)
    assert abs(left / MM - 30) < 1.5  # justified lines start at the left margin
    assert abs((float(box.width) - right) / MM - 15) < 1.5  # and end at the right one
    assert abs(top / MM - 20) < 4  # the first line's top, below the top margin
    lines = sorted({round(w[3], 1) for w in body})
    steps = [b - a for a, b in zip(lines, lines[1:]) if b - a < 30]
    assert abs(sorted(steps)[len(steps) // 2] - 21) < 1  # 14 pt × 1.5
    heights = sorted(w[3] - w[1] for w in body)
    assert 13 < heights[len(heights) // 2] < 18  # 14 pt type (word boxes: ascent + descent)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"\+Liberation-?Serif\S*\s.*\byes\s+yes\s+yes", fonts), fonts  # embedded, subset
    # the page number at the foot centre
    number = [w for w in words if re.fullmatch(r"\d+", w[4]) and w[1] > float(box.height) - 20 * MM]
    assert number and abs((number[0][0] + number[0][2]) / 2 - (30 * MM + (float(box.width) - 45 * MM) / 2)) < 10


def test_pdf_headings_centred_in_capitals_each_on_a_new_page(built):
    pages = pdf_pages(built / "doc.pdf")
    starts = [k for k, page in enumerate(pages) for name in ("КІРІСПЕ", "НЕГІЗГІ БӨЛІМ", "ҚОРЫТЫНДЫ")
              if page.lstrip().startswith(name)]
    assert len(starts) == 3 and len(set(starts)) == 3
    assert "Орындаған" in pages[0] and not re.search(r"^\s*1\s*$", pages[0], re.M)


def test_docx_section_and_styles(built):
    with zipfile.ZipFile(built / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    mar = body.findall(f".//{W}sectPr/{W}pgMar")[-1]
    twips = {side: round(int(mar.get(f"{W}{side}")) / 1440 * 25.4) for side in ("top", "right", "bottom", "left")}
    assert twips == {"top": 20, "right": 15, "bottom": 20, "left": 30}
    size = body.findall(f".//{W}sectPr/{W}pgSz")[-1]
    assert round(int(size.get(f"{W}w")) / 1440 * 25.4) == 210

    def style(name):
        return next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == name)

    defaults = styles.find(f"{W}docDefaults")
    assert defaults.find(f".//{W}rFonts").get(f"{W}ascii") == "Times New Roman"
    assert defaults.find(f".//{W}sz").get(f"{W}val") == "28"  # 14 pt
    heading = style("Heading1")
    assert heading.find(f".//{W}jc").get(f"{W}val") == "center" and heading.find(f".//{W}caps") is not None
    assert heading.find(f".//{W}pageBreakBefore") is not None
    indent = style("BodyText").find(f".//{W}ind").get(f"{W}firstLine")
    assert abs(int(indent) / 1440 * 2.54 - 1.25) < 0.02


def test_libreoffice_pages_match_the_pdf(built, tmp_path):
    soffice(built / "doc.docx", tmp_path)
    ours = len(PdfReader(str(built / "doc.pdf")).pages)
    theirs = len(PdfReader(str(tmp_path / "doc.pdf")).pages)
    assert abs(ours - theirs) <= 1, (ours, theirs)
    pages = pdf_pages(tmp_path / "doc.pdf")
    assert not any(page.lstrip().startswith(("Кіріспе", "Негізгі бөлім")) for page in pages[3:])  # no running heads


def test_quotes_captions_and_lists_in_the_texts_size(tmp_path):
    """ГОСТ 7.32 § 6.1.1: a block quote and the captions in the text's 14 pt (the book layout's
    10.5 pt made them look like notes), a table's body at 12 pt; a list item's text right after
    its marker (not at the paragraph indent again) — in the PDF and the DOCX alike."""
    source = ("---\ntitle: Т\nlayout: academic\n---\n\n# Кіріспе\n\nМәтін жолы.\n\n> Дәйексөз жолы.\n\n"
              "1. Бірінші тармақ;\n2. екінші тармақ.\n\n| А | Б |\n|---|---|\n| 1 | 2 |\n\n: Кесте атауы {#tbl-a}\n")
    out = build_source(tmp_path, source, cwd=tmp_path)[0]
    words = {w[4]: w for w in _words(out / "doc.pdf", 3)}  # after the title page and the contents
    height = words["Мәтін"][3] - words["Мәтін"][1]
    for word in ("Дәйексөз", "атауы"):
        assert abs((words[word][3] - words[word][1]) - height) < 1, word
    assert words["Бірінші"][0] - words["1."][2] < 12  # the text right after its number
    with zipfile.ZipFile(out / "doc.docx") as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    sizes = {s.get(f"{W}styleId"): s.find(f".//{W}rPr/{W}sz") for s in styles.iter(f"{W}style")}
    assert {name: sizes[name].get(f"{W}val") for name in ("Quote", "Caption", "ImageCaption", "TableText")} == {
        "Quote": "28", "Caption": "28", "ImageCaption": "28", "TableText": "24"}
