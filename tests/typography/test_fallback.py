"""Other scripts (issue 15): characters PT Serif lacks are set in an installed font for their
script — Noto first, serif first — embedded and subset in the PDF and the EPUB, each named in a
note at its line; the font lists of the stylesheets gain them; a character no installed font has
still fails the build (tests/typography/test_typo_fontcheck.py)."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, pdf_pages, run_cli
from pypdf import PdfReader

from reportgen.stylesheets import with_fallbacks
from reportgen.typography import fallback

TEXT = ("Грек әріптері α, β және γ; теңге белгісі ₸; армянша Հայերեն; ивритше שלום; "
        "арабша [مرحبا]{lang=ar}.")


def test_each_script_gets_a_font_for_it_serif_first():
    chosen, missing = fallback.choose("αβγՀայשלוםمرحبا")
    families = {f.family: f.chars for f in chosen}
    assert missing == ""
    assert set(families["Noto Serif"]) == set("αβγ")
    assert set(families["Noto Serif Armenian"]) == set("Հայ")
    assert set(families["Noto Serif Hebrew"]) == set("שלום")
    assert set(families["Noto Naskh Arabic"]) == set("مرحبا")
    assert all(Path(f.file).is_file() for f in chosen)
    assert [f.family for f in chosen] == sorted(families, key=lambda f: (not f.startswith("Noto Serif"), f))


def test_a_character_no_font_has_is_missing():
    chosen, missing = fallback.choose("α\U000F0000")
    assert missing == "\U000F0000" and [f.family for f in chosen] == ["Noto Serif"]


def test_stylesheet_font_lists_gain_the_fallbacks_before_the_generic_family():
    css = ('@font-face { font-family: "X"; src: url(x.ttf) }\nbody { font-family: "PT Serif", serif; }\n'
           'h1 { font-family: "PT Serif" }\ncode { font-family: "PT Mono", monospace !important; }')
    out = with_fallbacks(css, ["Noto Serif", "Noto Serif Armenian"])
    assert '@font-face { font-family: "X"; src: url(x.ttf) }' in out
    assert 'body { font-family: "PT Serif", "Noto Serif", "Noto Serif Armenian", serif; }' in out
    assert 'h1 { font-family: "PT Serif", "Noto Serif", "Noto Serif Armenian" }' in out
    assert 'code { font-family: "PT Mono", "Noto Serif", "Noto Serif Armenian", monospace !important; }' in out
    assert with_fallbacks(css, []) == css


def test_other_scripts_build_in_every_format(tmp_path):
    source = tmp_path / "doc.md"
    source.write_text(f"---\ntitle: Жазулар\n---\n\n# Бөлім\n\n{TEXT}\n", encoding="utf-8")
    result = run_cli("build", str(source), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    stderr = result.stderr.decode()
    for family in ("Noto Serif", "Noto Serif Armenian", "Noto Serif Hebrew", "Noto Naskh Arabic"):
        assert re.search(rf"doc\.md:7: warning: .* are set in {family} \(", stderr), (family, stderr)
    out = tmp_path / "out"
    reader = PdfReader(str(out / "doc.pdf"))
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in reader.pages
             for f in page["/Resources"].get("/Font", {}).values()}
    assert {"Noto-Serif", "Noto-Serif-Armenian", "Noto-Serif-Hebrew", "Noto-Naskh-Arabic"} <= fonts
    assert all("+" in str(f.get_object()["/BaseFont"]) for page in reader.pages
               for f in page["/Resources"].get("/Font", {}).values())  # every font subset (and embedded)
    text = "\n".join(pdf_pages(out / "doc.pdf"))
    assert "Հայերեն" in text and "α" in text and "₸" in text
    sys.path.insert(0, str(ROOT / "tests" / "writers" / "epub"))
    from epub_helpers import epubcheck

    with zipfile.ZipFile(out / "doc.epub") as z:
        names = z.namelist()
        faces = z.read("EPUB/css/fonts.css").decode()
        css = z.read("EPUB/css/ebook.css").decode()
        colophon = z.read("EPUB/colophon.xhtml").decode()
    embedded = [n for n in names if re.match(r"EPUB/fonts/fallback-\d+\.ttf$", n)]
    assert len(embedded) >= 4
    assert 'font-family: "Noto Serif Armenian"' in faces
    assert '"Reportgen Serif", "PT Serif", "Noto Serif"' in css
    assert "Noto Serif Armenian" in colophon and "Open Font License" in colophon
    assert [msg["severity"] for msg in epubcheck(out / "doc.epub").get("messages", [])] == []
