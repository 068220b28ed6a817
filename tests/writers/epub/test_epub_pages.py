"""The EPUB cites the print pages: a page-list whose every marker stands where that page of the A5
PDF starts (issue 9), with pageBreakSource metadata, and EPUBCheck still clean."""

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
A5_POINTS = (419.53, 595.28)
MM = 72 / 25.4


def squash(text: str) -> str:
    return "".join(ch for ch in text.replace("\u00ad", "") if ch.isalnum()).lower()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", str(ESSAY), "--to", "pdf,epub",
                             "--paper", "a5", "--out", str(out), "-q"], capture_output=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr.decode()
    return out / "essay.pdf", out / "essay.epub"


def body_text_of_page(pdf: Path, page: int) -> str:
    """The text of one A5 page inside its content area (no running head, no page number)."""
    top, bottom = round(17 * MM) + 1, round(20 * MM) + 1
    args = ["pdftotext", "-f", str(page), "-l", str(page), "-r", "72", "-x", "0", "-y", str(top),
            "-W", str(round(A5_POINTS[0])), "-H", str(round(A5_POINTS[1]) - top - bottom), str(pdf), "-"]
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
    assert '<meta property="pageBreakSource">' in opf
    for href, _ in entries:
        file, anchor = href.split("#")
        assert re.search(rf'<span epub:type="pagebreak" role="doc-pagebreak" id="{anchor}" aria-label="\d+"></span>', files[file])
