"""A heading or caption the document repeats (the contents, the lists of figures, the e-book's
navigation) is a copy without its ids, note calls and links (the e-book's navigation: formulas as
their TeX, EPUBCheck OPF-014): an index mention in a heading is
found on the heading's page, not the contents'; ids stay unique; the e-book's navigation has no
link inside its links (EPUBCheck RSC-005)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conftest import ROOT, build_source, pdf_pages

sys.path.insert(0, str(ROOT / "tests" / "writers" / "epub"))
from epub_helpers import epubcheck  # noqa: E402

from reportgen.pipeline import Options, load  # noqa: E402
from reportgen.writers import pdf  # noqa: E402

SOURCE = """---
title: Тақырыптар
lang: kk
lot: true
---

# БҰҰ тарихы[^n] және [екінші тарау](#b) 2001 жылы

Мәтін бірінші бетте.

| А | Б |
|---|---|
| 1 | 2 |

: Біріккен Ұлттар Ұйымы туралы кесте[^t] {#tbl-a}

# Екінші $x^2$ {#b}

Мәтін.

[^n]: Ескерту.

[^t]: Кесте туралы ескерту.
"""


def test_a_heading_repeated_in_the_contents_keeps_its_anchors_and_notes(tmp_path):
    out, _ = build_source(tmp_path, SOURCE, "--to", "pdf,epub")
    doc = load(tmp_path / "doc.md", Options(project_root=tmp_path))
    html = pdf.render_html(doc)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    contents = html[html.index('class="toc'):html.index("</nav>") if "</nav>" in html else None]
    assert "fncall" not in contents and 'class="mention"' not in contents
    pages = pdf_pages(out / "doc.pdf")
    heading = next(n for n, text in enumerate(pages, 1) if "Мәтін бірінші бетте" in text)
    assert "БҰҰ тарихы және екінші тарау 2001 жылы" in pages[1]  # the contents: no note number
    index = pages[-1]
    # the mentions of the heading (БҰҰ, 2001) and of the caption are on the heading's page
    assert re.search(rf"Біріккен Ұлттар Ұйымы,? {heading}\b", index), index
    assert re.search(rf"2001,? {heading}\b", index), index
    assert not re.search(r"\b2\b", index.split("Көрсеткіш", 1)[-1].replace(str(heading), "")), index
    # the note called in the heading is set in the notes' type, not the heading's bold
    from pypdf import PdfReader

    fonts = []
    PdfReader(out / "doc.pdf").pages[heading - 1].extract_text(visitor_text=lambda text, cm, tm, font, size: fonts.append(
        (font or {}).get("/BaseFont", "")) if "Ескерту" in text else None)
    assert fonts and not any("Bold" in f for f in fonts), fonts
    report = epubcheck(out / "doc.epub")
    messages = [f"{m['ID']} {m['message']}" for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert messages == []
