"""Booklet imposition: sheet order for saddle stitching, and the right page in each half-sheet."""

from __future__ import annotations

import subprocess

import pytest
import weasyprint

from conftest import ESSAY, run_cli

from reportgen.writers.impose import booklet_order, impose_booklet


def test_order_for_eight_pages():
    # sheet 1: front 8 | 1, back 2 | 7; sheet 2: front 6 | 3, back 4 | 5
    assert booklet_order(8) == [((8, 1), (2, 7)), ((6, 3), (4, 5))]


@pytest.mark.parametrize("pages", [1, 4, 5, 8, 13])
def test_order_properties(pages):
    sheets = booklet_order(pages)
    padded = -(-pages // 4) * 4
    assert len(sheets) == padded // 4
    sides = [side for sheet in sheets for side in sheet]
    placed = [n for side in sides for n in side if n is not None]
    assert sorted(placed) == list(range(1, pages + 1))  # every page exactly once, blanks padded
    for front, back in sheets:
        # pages facing each other across the fold add up to padded + 1
        assert all(a + b == padded + 1 for a, b in (front, back) if a and b)
    # folded and nested, reading the sheets' right halves and left halves gives page order
    reading = []
    for front, back in sheets:
        reading += [front[1], back[0]]
    for front, back in reversed(sheets):
        reading += [back[1], front[0]]
    assert reading == [n if n <= pages else None for n in range(1, padded + 1)]


def numbered_pdf(path, pages: int):
    html = "".join(f'<p style="break-after: page">Бет{n}</p>' for n in range(1, pages + 1))
    weasyprint.HTML(string=f"<style>@page {{ size: A5 }}</style>{html}").write_pdf(path)


def half_text(pdf, sheet: int, half: int) -> str:
    """Text in the left (0) or right (1) half of an A4 landscape sheet (poppler crops)."""
    width, height = 842, 595
    args = ["pdftotext", "-f", str(sheet), "-l", str(sheet), "-r", "72", "-x", str(half * width // 2), "-y", "0",
            "-W", str(width // 2), "-H", str(height), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


@pytest.mark.parametrize("pages", [1, 4, 5, 8, 13])
def test_imposed_pages_carry_the_right_text(tmp_path, pages):
    source, target = tmp_path / "a5.pdf", tmp_path / "booklet.pdf"
    numbered_pdf(source, pages)
    impose_booklet(source, target)
    sheet = 0
    for front, back in booklet_order(pages):
        for side in (front, back):
            sheet += 1
            for half, number in enumerate(side):
                assert half_text(target, sheet, half) == (f"Бет{number}" if number else "")


def test_build_writes_booklet(tmp_path):
    result = run_cli("build", str(ESSAY), "--to", "pdf", "--impose", "booklet", "--out", str(tmp_path), "-q")
    assert result.returncode == 0, result.stderr.decode()
    info = subprocess.run(["pdfinfo", str(tmp_path / "essay-booklet.pdf")], capture_output=True, text=True).stdout
    assert "841.89 x 595.27" in info
    assert "Реферат".upper() in half_text(tmp_path / "essay-booklet.pdf", 1, 1).upper()
