"""The print-shop PDF (PDF/X-4): trim and bleed boxes, crop marks, output intent, fonts; and the
default screen PDF's accessibility keys."""

from __future__ import annotations

import subprocess

import pypdf
import pytest
from PIL import Image

from conftest import ESSAY, run_cli

MM = 72 / 25.4


@pytest.fixture(scope="module")
def print_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    result = run_cli("build", str(ESSAY), "--to", "pdf", "--pdf-profile", "print", "--paper", "a5", "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()
    return out / "essay.pdf"


def test_boxes_and_output_intent(print_pdf):
    reader = pypdf.PdfReader(print_pdf)
    root = reader.trailer["/Root"]
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and "/DestOutputProfile" in intent
    assert b"PDF/X-4" in reader.xmp_metadata.stream.get_data()
    for page in reader.pages:
        trim, bleed = page.trimbox, page.bleedbox
        assert abs(float(trim.width) - 148 * MM) < 0.5 and abs(float(trim.height) - 210 * MM) < 0.5
        for side in ("left", "bottom"):
            assert abs(float(getattr(trim, side)) - float(getattr(bleed, side)) - 3 * MM) < 0.05
        for side in ("right", "top"):
            assert abs(float(getattr(bleed, side)) - float(getattr(trim, side)) - 3 * MM) < 0.05


def test_crop_marks_outside_trim(print_pdf, tmp_path):
    """Pixels in the bleed corner (outside the trim box) are inked: the crop marks."""
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "3", "-l", "3", str(print_pdf), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    bleed_px = round(3 * 150 / 25.4)
    corner = image.crop((0, 0, bleed_px, bleed_px))
    assert corner.getextrema()[0] < 128, "no crop mark in the top-left bleed"
    inner = image.crop((bleed_px + 2, bleed_px + 2, bleed_px + 40, bleed_px + 40))
    assert inner.getextrema()[0] > 200, "marks must stay outside the trim box"


def test_fonts_embedded(print_pdf):
    out = subprocess.run(["pdffonts", str(print_pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)


def test_screen_profile_is_tagged_pdf_ua(essay_pdf):
    reader = pypdf.PdfReader(essay_pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "kk"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()
