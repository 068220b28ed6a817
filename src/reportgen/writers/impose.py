"""Booklet imposition: A5 pages two-up on A4 landscape sheets in saddle-stitch order (pypdf).

Printed duplex (flip on the short edge), folded in the middle and stapled, the sheets give the
pages in reading order. Pages are padded with blanks to a multiple of four.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject

A4_LANDSCAPE = (841.889764, 595.275591)  # 297 × 210 mm in points

Side = tuple[int | None, int | None]  # (left page, right page), 1-based; None = blank


def booklet_order(pages: int) -> list[tuple[Side, Side]]:
    """For each sheet, its front and back sides as (left, right) page numbers.

    With P pages padded to a multiple of 4, sheet s (0-based) carries on its front P−2s | 2s+1
    and on its back 2s+2 | P−2s−1: the outermost sheet holds the covers.
    """
    if pages < 1:
        return []
    padded = -(-pages // 4) * 4

    def real(n: int) -> int | None:
        return n if n <= pages else None

    sheets = []
    for s in range(padded // 4):
        front = (real(padded - 2 * s), real(2 * s + 1))
        back = (real(2 * s + 2), real(padded - 2 * s - 1))
        sheets.append((front, back))
    return sheets


def impose_booklet(source: Path, target: Path) -> None:
    """Write `target`: the pages of `source` (A5 portrait) imposed as a saddle-stitched booklet."""
    reader = PdfReader(str(source))
    pages = reader.pages
    first = pages[0]
    width, height = float(first.trimbox.width), float(first.trimbox.height)
    sheet_w, sheet_h = max(A4_LANDSCAPE[0], 2 * width), max(A4_LANDSCAPE[1], height)
    margin_x, margin_y = (sheet_w / 2 - width) / 2, (sheet_h - height) / 2
    writer = PdfWriter()
    for front, back in booklet_order(len(pages)):
        for left, right in (front, back):
            sheet = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
            for slot, number in ((0, left), (1, right)):
                if number is None:
                    continue
                page = pages[number - 1]
                box = page.trimbox
                # centre the page's trim box in its half of the sheet, clipped to that box
                x = slot * sheet_w / 2 + margin_x
                page.mediabox = RectangleObject(box)
                move = Transformation().translate(x - float(box.left), margin_y - float(box.bottom))
                sheet.merge_transformed_page(page, move, over=True, expand=False)
            writer.add_page(sheet)
    for key in ("/Title", "/Creator", "/Producer", "/CreationDate", "/ModDate"):
        if reader.metadata and key in reader.metadata:
            writer.add_metadata({key: reader.metadata[key]})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    with open(target, "wb") as handle:
        writer.write(handle)
