"""One font program per face in a PDF merged from parts (writers/pdfmerge.py).

Each part's PDF embeds its own subset of each font (WeasyPrint subsets with HarfBuzz), so a merged
file would carry PT Serif once per part. WeasyPrint subsets keeping the glyph ids
(HB_SUBSET_FLAGS_RETAIN_GIDS, weasyprint/pdf/fonts.py; checked on 70): every subset of a face has
every glyph at its original id up to the highest it uses (the unused ones empty), and the content streams show glyph ids
(Identity-H, CIDToGIDMap /Identity). The union of the subsets is then each glyph id's outline taken
from the subset that has it: one TrueType program per face, which every part's font dictionaries
share (their /W widths and /ToUnicode maps stay their own: they cover the glyphs the part shows).

Only TrueType outlines (/FontFile2, a `glyf` table) are joined; another kind of font program (CFF,
/FontFile3) is left as each part embedded it.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict

_TAG = re.compile(rb"^[A-Z]{6}\+")


def _fonts(pdf):
    """Every (Type0 font, its CIDFont) pair of the document's pages, each once, in page order."""
    seen = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        for font in fonts.values() if fonts is not None else ():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            for cid_font in font.get("/DescendantFonts", []):
                yield font, cid_font


def join(pdf) -> int:
    """Make the CIDFonts of one face share one font program, the union of their subsets; returns
    how many font programs were dropped."""
    import pikepdf

    faces = defaultdict(list)  # face name without the subset tag → its (Type0, CIDFont) pairs
    for font, cid_font in _fonts(pdf):
        descriptor = cid_font.get("/FontDescriptor")
        if descriptor is None or "/FontFile2" not in descriptor:
            continue
        name = bytes(str(cid_font.BaseFont)[1:], "utf-8")
        faces[_TAG.sub(b"", name)].append((font, cid_font))
    dropped = 0
    for pairs in faces.values():
        descriptors = {cid_font.FontDescriptor.objgen: cid_font.FontDescriptor for _, cid_font in pairs}
        if len(descriptors) < 2:
            continue
        union = _union([d.FontFile2.read_bytes() for d in descriptors.values()])
        first = pairs[0][1]
        descriptor = first.FontDescriptor
        descriptor.FontFile2 = pikepdf.Stream(pdf, union)
        descriptor.FontFile2.Length1 = len(union)
        for font, cid_font in pairs[1:]:  # one program, one name (its subset tag)
            font.BaseFont = cid_font.BaseFont = first.BaseFont
            cid_font.FontDescriptor = descriptor
        dropped += len(descriptors) - 1
    return dropped


def _union(programs: list[bytes]) -> bytes:
    """One TrueType program with every glyph any of `programs` (subsets of one font keeping their
    glyph ids) has: glyph id by glyph id, the outline and advance of the longest subset, or of
    the first other one that has the glyph."""
    from fontTools.ttLib import TTFont

    # HarfBuzz keeps the ids up to the highest one used: the subset with the most ids holds
    # every other's ids
    fonts = sorted((TTFont(io.BytesIO(data)) for data in programs), key=lambda f: -len(f.getGlyphOrder()))
    target = fonts[0]
    order = target.getGlyphOrder()
    glyf, hmtx = target["glyf"], target["hmtx"]
    for other in fonts[1:]:
        other_order = other.getGlyphOrder()
        other_glyf = other["glyf"]
        for gid, name in enumerate(other_order):
            glyph = other_glyf[name]
            if glyph.numberOfContours == 0 or glyf[order[gid]].numberOfContours != 0:
                continue
            if glyph.isComposite():
                glyph.expand(other_glyf)
                for component in glyph.components:  # names differ between subsets; ids do not
                    component.glyphName = order[other.getGlyphID(component.glyphName)]
            glyf[order[gid]] = glyph
            hmtx[order[gid]] = other["hmtx"][name]
    out = io.BytesIO()
    target.save(out, reorderTables=False)
    return out.getvalue()
