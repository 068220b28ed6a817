"""The EPUB cites the print pages: a page-list whose every marker stands where that page of the PDF
built with the same options starts (issue 9: the A5 edition; the default A4 one too), with
pageBreakSource metadata, and EPUBCheck still clean."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ESSAY = ROOT / "source" / "essay.md"
MM = 72 / 25.4
# page size in points, top and bottom margins in mm (writers/pdf.py PAPER_CSS)
PAPERS = {"a5": ((419.53, 595.28), 17, 20), "a4": ((595.28, 841.89), 25, 28)}


def squash(text: str) -> str:
    return "".join(ch for ch in text.replace("\u00ad", "") if ch.isalnum()).lower()


@pytest.fixture(scope="module", params=sorted(PAPERS))
def built(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", str(ESSAY), "--to", "pdf,epub",
                             "--paper", request.param, "--out", str(out), "-q"], capture_output=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr.decode()
    return out / "essay.pdf", out / "essay.epub"


def body_text_of_page(pdf: Path, page: int) -> str:
    """The text of one page inside its content area (no running head, no page number)."""
    width = float(re.search(r"Page size:\s+([\d.]+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
    (w, h), top_mm, bottom_mm = next(p for p in PAPERS.values() if abs(p[0][0] - width) < 1)
    top, bottom = round(top_mm * MM) + 1, round(bottom_mm * MM) + 1
    args = ["pdftotext", "-f", str(page), "-l", str(page), "-r", "72", "-x", "0", "-y", str(top),
            "-W", str(round(w)), "-H", str(round(h) - top - bottom), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def page_list(epub: Path) -> tuple[list[tuple[str, str]], dict[str, str], str]:
    with zipfile.ZipFile(epub) as z:
        files = {n.split("/")[-1]: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xhtml", ".opf"))}
    nav = files["nav.xhtml"]
    block = re.search(r'<nav epub:type="page-list".*?</nav>', nav, re.S)
    assert block, "no page-list in the navigation document"
    entries = re.findall(r'<a href="([^"#]+)#([^"]+)">([^<]+)</a>', block.group(0))
    return [(f"{f}#{a}", label) for f, a, label in entries], files, files["content.opf"]


def text_after(xhtml: str, anchor: str) -> str:
    start = xhtml.index(f'id="{anchor}"')
    rest = xhtml[xhtml.index(">", start) + 1:]
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", rest)))


def test_every_marker_starts_its_print_page(built):
    pdf, epub = built
    entries, files, _ = page_list(epub)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
    assert len(entries) >= pages - 4, "most pages must be in the page-list (the contents page and the index's may be left out)"
    for href, label in entries:
        file, anchor = href.split("#")
        assert anchor == f"page-{label}"
        after = text_after(files[file], anchor)[:20]
        first = squash(body_text_of_page(pdf, int(label)))[:20]
        assert len(first) == 20 and after == first, f"page {label}: EPUB has {after!r}, PDF page starts {first!r}"


def test_labels_in_order_and_source_declared(built):
    _, epub = built
    entries, files, opf = page_list(epub)
    numbers = [int(label) for _, label in entries]
    assert numbers == sorted(numbers) and numbers[0] == 1
    paper = _paper_of(epub).upper()
    assert re.search(rf'<meta property="pageBreakSource">[^<]* {paper} PDF edition \(reportgen build --paper {paper.lower()}\)</meta>', opf)
    for href, _ in entries:
        file, anchor = href.split("#")
        assert re.search(rf'<span epub:type="pagebreak" role="doc-pagebreak" id="{anchor}" aria-label="\d+"></span>', files[file])


def _paper_of(epub: Path) -> str:
    width = float(re.search(r"Page size:\s+([\d.]+)", subprocess.run(["pdfinfo", str(epub.with_suffix(".pdf"))], capture_output=True, text=True).stdout).group(1))
    return "a5" if width < 500 else "a4"


def test_the_pdf_layout_and_an_own_layout_give_the_same_epub(tmp_path):
    """Built beside the PDF, the EPUB takes the page starts the PDF worker sends; built alone, it
    lays the PDF edition out itself. Both ways give the same bytes."""
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    import os

    outs = {}
    for name, formats, jobs in (("shared", "pdf,epub", "2"), ("alone", "epub", "1"), ("sequential", "pdf,epub", "1")):
        out = tmp_path / name
        result = subprocess.run([sys.executable, "-m", "reportgen", "build", str(ESSAY), "--to", formats, "-j", jobs,
                                 "--out", str(out), "-q"], capture_output=True, cwd=ROOT, env={**os.environ, **env})
        assert result.returncode == 0, result.stderr.decode()
        outs[name] = (out / "essay.epub").read_bytes()
    assert outs["shared"] == outs["alone"] == outs["sequential"]


def test_a_page_starting_in_a_term_a_cell_or_a_caption_has_its_marker(tmp_path):
    """Pages that start inside a definition list's term, a table's cell or caption, or a figure's
    caption got no marker (only paragraphs, headings and list items were traced), so the index's
    locators there read the page before; every body page is in the page-list now."""
    block = ("Мәтін жолы, ұзынырақ сөйлем мұнда жазылған.\n\n"
             + "".join(f"Ұғым {k}\n:   Анықтамасы {k}.\n\n" for k in range(6))
             + "| Жыл | Мән |\n|-----|----:|\n" + "".join(f"| {2000 + k} | {k} |\n" for k in range(8))
             + "\n: Кесте атауы\n\n")
    (tmp_path / "doc.md").write_text("---\ntitle: Т\ntoc: false\n---\n\n# Бөлім\n\n" + block * 12, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "doc.md", "--to", "pdf,epub", "--paper", "a5",
                             "--out", "out", "-q"], capture_output=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    entries, _, _ = page_list(tmp_path / "out" / "doc.epub")
    labels = [int(label) for _, label in entries]
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(tmp_path / "out" / "doc.pdf")],
                                                             capture_output=True, text=True).stdout).group(1))
    assert pages > 8 and labels == list(range(1, pages + 1)), (labels, pages)
