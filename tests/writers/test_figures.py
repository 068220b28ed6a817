"""Figures and images (issue 15): `![caption](file){#fig-id width=60%}` alone in a paragraph is a
numbered figure («1-сурет – Атауы» below it), an image among words is inline. PNG, JPEG and SVG
from the project are embedded in all three outputs — PDF (tagged Figure with /Alt), DOCX
(`w:drawing` at the written size, `descr` = alt text), EPUB (manifest items, `<figure>`,
EPUBCheck clean); a missing file or one outside the project is a located error, a remote image a
warning (never fetched); an edited picture rebuilds the outputs; the pictures are only read."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, pdf_pages, run_cli, soffice
from lxml import etree
from PIL import Image as PILImage
from pypdf import PdfReader

from reportgen import model as m
from reportgen.commands.build import build
from reportgen.diagnostics import ReportgenError
from reportgen.pipeline import Options, load
from reportgen.reader import read_string
from reportgen.resources import display_size, measure

SOURCE = """---
title: Суреттер
---

# Суреттер

![Қазақстан *картасы*, 2024 жыл](img/map.png){#fig-map width=60%}

Мәтін ішінде ![белгі](img/icon.svg) белгі және [суретке](#fig-map) сілтеме.

![Фотосурет](img/photo.jpg "Түсірілім")

![](img/map.png)
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
H = "{http://www.w3.org/1999/xhtml}"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><rect width="40" height="20" fill="green"/></svg>'


def _png(width: int, height: int, dpi: int | None = None, colour: str = "red") -> bytes:
    out = io.BytesIO()
    kwargs = {"dpi": (dpi, dpi)} if dpi else {}
    PILImage.new("RGB", (width, height), colour).save(out, "PNG", **kwargs)
    return out.getvalue()


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), "orange").save(out, "JPEG", quality=80)
    return out.getvalue()


def _project(folder: Path, source: str = SOURCE) -> Path:
    (folder / "img").mkdir(parents=True, exist_ok=True)
    (folder / "img" / "map.png").write_bytes(_png(600, 300, dpi=150))
    (folder / "img" / "photo.jpg").write_bytes(_jpeg(400, 200))
    (folder / "img" / "icon.svg").write_text(SVG, encoding="utf-8")
    (folder / "doc.md").write_text(source, encoding="utf-8")
    return folder / "doc.md"


def test_the_reader_makes_figures_and_inline_images():
    doc = read_string(SOURCE, "t.md")
    figures = list(m.query(doc, m.Figure))
    assert [f.number for f in figures] == [1, 2]
    first = figures[0]
    assert first.id == "fig-map" and first.image.src == "img/map.png" and first.image.attrs == {"width": "60%"}
    assert m.plain_text(first.caption) == "Қазақстан картасы, 2024 жыл"
    assert any(isinstance(n, m.Emph) for n in m.walk(first.caption))
    assert figures[1].image.title == "Түсірілім"
    inline = [n for b in doc.blocks if isinstance(b, m.Paragraph) for n in b.children if isinstance(n, m.Image)]
    assert [(i.src, i.alt) for i in inline] == [("img/icon.svg", "белгі"), ("img/map.png", "")]  # no alt: no figure
    assert inline[0].line == 9 and inline[0].column == 14
    assert m.from_dict(m.to_dict(doc)) == doc


def test_sizes_are_read_from_the_files():
    kind, width, height = measure(_png(600, 300, dpi=150))  # 600 px at 150 dpi = 4 in = 384 CSS px
    assert kind == "png" and (width, height) == pytest.approx((384, 192), abs=0.1)  # pHYs: whole px per metre
    assert measure(_png(60, 30)) == ("png", 60.0, 30.0)
    assert measure(_jpeg(400, 200)) == ("jpeg", 400.0, 200.0)
    assert measure(SVG.encode()) == ("svg", 40.0, 20.0)
    assert measure(b'<svg viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg"/>') == ("svg", 200.0, 100.0)
    assert measure(b'<svg width="2in" viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg"/>') == ("svg", 192.0, 96.0)
    with pytest.raises(ValueError):
        measure(b"GIF-ish but not")
    image = m.Image(width_px=400, height_px=200)
    assert display_size(image, 600) == (400, 200)
    assert display_size(m.Image(width_px=1200, height_px=600), 600) == (600, 300)  # never wider than the text
    assert display_size(m.Image(width_px=400, height_px=200, attrs={"width": "50%"}), 600) == (300, 150)
    assert display_size(m.Image(width_px=400, height_px=200, attrs={"height": "1in"}), 600) == (192, 96)


@pytest.mark.parametrize("path, message", [
    ("img/none.png", "image img/none.png not found"),
    ("../outside.png", "image ../outside.png is outside the project"),
    ("img/link.png", "image img/link.png is outside the project"),
    ("img/text.png", "image img/text.png: not a PNG, JPEG, GIF or SVG file"),
])
def test_a_bad_image_is_one_located_error(tmp_path, path, message):
    project = tmp_path / "p"
    source = _project(project, f"# А\n\nМәтін.\n\n![Сурет]({path})\n")
    (tmp_path / "outside.png").write_bytes(_png(10, 10))
    (project / "img" / "link.png").symlink_to(tmp_path / "outside.png")
    (project / "img" / "text.png").write_text("not an image")
    result = run_cli("build", str(source), "--out", str(project / "out"), cwd=project)
    err = result.stderr.decode()
    assert result.returncode == 1
    assert err.count("\n") == 1 and f"doc.md:5:1: error: {message}" in err, err
    assert "Traceback" not in err and not (project / "out").exists()


def test_a_remote_image_is_never_fetched(tmp_path):
    source = _project(tmp_path, "# А\n\n![Алыстағы сурет](https://example.com/x.png)\n\nМәтін ![б](http://x.kz/b.png).\n")
    warnings = []
    options = Options(project_root=tmp_path)
    doc = load(source, options)
    warnings = [(w.line, w.column) for w in options.warnings if "not fetched" in w.message]
    assert warnings == [(3, 1), (5, 7)]
    assert not any(i.path for i in m.query(doc, m.Image))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("figures")
    source = _project(folder)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "img").iterdir()}
    result = run_cli("build", str(source), "--out", str(folder / "out"), cwd=folder)
    assert result.returncode == 0, result.stderr.decode()
    # the pictures are only read: a build never writes anything but its outputs
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "img").iterdir()} == before
    return folder / "out"


def test_pdf_embeds_the_images_as_tagged_figures(built):
    listing = subprocess.run(["pdfimages", "-list", str(built / "doc.pdf")], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    kinds = sorted(line.split()[8] for line in listing)  # enc column: PNG → image, JPEG → jpeg
    assert kinds == ["image", "image", "jpeg"]  # the map twice (figure, inline), the photo; the SVG is vector
    text = "\n".join(pdf_pages(built / "doc.pdf")).replace("\u00a0", " ")
    assert "1-сурет – Қазақстан картасы, 2024 жыл" in text and "2-сурет – Фотосурет" in text
    assert "![" not in text and "](img" not in text
    alts = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")).replace("\u00a0", " "))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(PdfReader(str(built / "doc.pdf")).trailer["/Root"]["/StructTreeRoot"])
    assert alts == ["Қазақстан картасы, 2024 жыл", "белгі", "Фотосурет", ""]


def test_docx_has_word_pictures(built):
    with zipfile.ZipFile(built / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
        rels = z.read("word/_rels/document.xml.rels").decode()
    drawings = list(body.iter(f"{W}drawing"))
    assert len(drawings) == 4  # the SVG too: drawn as a PNG (writers/docx.svg_png)
    descr = [d.find(f".//{WP}docPr").get("descr").replace("\u00a0", " ") for d in drawings]
    assert descr == ["Қазақстан картасы, 2024 жыл", "белгі", "Фотосурет", ""]
    assert len(media) == 3 and rels.count("relationships/image") == 3  # the map is stored once
    assert all(name.endswith((".png", ".jpg", ".jpeg")) for name in media)
    # 60% of the text width (A4 210 mm − margins, from styles/docx.yaml: the extent follows it)
    extents = [int(d.find(f".//{WP}extent").get("cx")) for d in drawings]
    from reportgen.writers.docx.styles import load as load_styles
    from reportgen import stylesheets
    sheet = load_styles(stylesheets.locate(ROOT, "docx.yaml"), "a4")
    assert abs(extents[0] - 0.6 * sheet.paper.text_width * 635) <= 635  # twips → EMU: ×635
    assert extents[1] == 40 * 9525  # the SVG at its own size (40 px), drawn at twice that
    assert extents[2] == 400 * 9525
    captions = ["".join(p.itertext()) for p in body.iter(f"{W}p")
                if p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "ImageCaption"]
    assert captions == ["1-сурет\u00a0– Қазақстан картасы, 2024\u00a0жыл", "2-сурет\u00a0– Фотосурет"]


def test_libreoffice_shows_the_pictures(built, tmp_path):
    soffice(built / "doc.docx", tmp_path)
    listing = subprocess.run(["pdfimages", "-list", str(tmp_path / "doc.pdf")], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert len([row for row in listing if " image " in row]) == 4  # the SVG's PNG among them


def test_epub_has_figures_and_image_items(built):
    sys.path.insert(0, str(ROOT / "tests" / "writers" / "epub"))
    from epub_helpers import epubcheck

    with zipfile.ZipFile(built / "doc.epub") as z:
        names = z.namelist()
        opf = z.read("EPUB/content.opf").decode()
        page = etree.fromstring(z.read(next(n for n in names if n.endswith("section-01.xhtml"))))
    assert sorted(n for n in names if "/images/img-" in n) == ["EPUB/images/img-1.png", "EPUB/images/img-2.svg",
                                                                "EPUB/images/img-3.jpg"]
    assert 'media-type="image/svg+xml"' in opf and 'media-type="image/jpeg"' in opf
    figures = list(page.iter(f"{H}figure"))
    assert [f.get("id") for f in figures] == ["fig-map", None]
    first = figures[0]
    assert first.find(f"{H}img").get("src") == "images/img-1.png"
    assert first.find(f"{H}img").get("alt") == "Қазақстан картасы, 2024\u00a0жыл"
    assert "width: 60%" in first.find(f"{H}img").get("style")
    assert "".join(first.find(f"{H}figcaption").itertext()).replace("\u00ad", "").startswith("1-сурет\u00a0– Қазақстан")
    assert any(a.get("href") == "#fig-map" for a in page.iter(f"{H}a"))
    report = epubcheck(built / "doc.epub")
    assert [x["severity"] for x in report.get("messages", [])] == []


def test_an_edited_picture_rebuilds(tmp_path):
    source = _project(tmp_path)
    options = Options(formats=("pdf",), out=tmp_path / "out", project_root=tmp_path)
    lines: list[str] = []
    build(source, options, lines.append, jobs=1)
    lines.clear()
    build(source, options, lines.append, jobs=1)
    assert any(line.endswith("up to date") for line in lines)
    (tmp_path / "img" / "photo.jpg").write_bytes(_jpeg(300, 300))
    lines.clear()
    build(source, options, lines.append, jobs=1)
    assert not any(line.endswith("up to date") for line in lines), lines


def test_an_svg_for_the_docx_reads_nothing_it_names(tmp_path, monkeypatch):
    """writers/docx.svg_png draws with cairosvg's `unsafe=False`: an `<image>` the SVG names (a
    file elsewhere, a URL) is not read, and an XML entity is refused with one located line."""
    import cairosvg.url

    from reportgen.diagnostics import ReportgenError
    from reportgen.writers.docx import svg_png

    asked = []
    monkeypatch.setattr(cairosvg.url, "urlopen", lambda request, *a, **k: asked.append(request.full_url))
    svg = tmp_path / "a.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" '
                   'height="20"><image xlink:href="file:///etc/hostname" width="10" height="10"/>'
                   '<image xlink:href="http://example.com/x.png" width="10" height="10"/>'
                   '<rect width="40" height="20" fill="green"/></svg>', encoding="utf-8")
    png = svg_png(str(svg), 80)
    assert png.startswith(b"\x89PNG") and asked == []
    svg.write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
                   '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text>&x;</text></svg>',
                   encoding="utf-8")
    with pytest.raises(ReportgenError, match="cannot draw this SVG"):
        svg_png(str(svg), 80)
