"""The cover: an SVG image drawn from the metadata (genre, title, date), no external image.

The words are drawn as outlines (paths) taken from PT Serif with fontTools, so the cover shows
the same letters on every reader and in every library thumbnail, with no font to load. The
cover is a picture of text, not a copy of the font: nothing of the font file is embedded.
Its text is also given as the SVG `<title>` and as the `alt` of the cover page's image.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import escape

from .fonts import font_path

WIDTH, HEIGHT = 600, 900
MARGIN = 60
INK = "#1d2a3a"
PAPER = "#f4efe3"
ACCENT = "#8a1c1c"


@lru_cache(maxsize=4)
def _font(file_name: str):
    from fontTools.ttLib import TTFont

    return TTFont(str(font_path(file_name)), lazy=True)


def _advance(font, ch: str) -> tuple[str | None, int]:
    cmap = font.getBestCmap()
    glyph = cmap.get(ord(ch))
    if glyph is None:
        glyph = cmap.get(ord("?"))
    width = font["hmtx"][glyph][0] if glyph else font["head"].unitsPerEm // 2
    return glyph, width


def _width(font, text: str, size: float, tracking: float = 0.0) -> float:
    scale = size / font["head"].unitsPerEm
    return sum(_advance(font, ch)[1] * scale + tracking for ch in text) - (tracking if text else 0)


def _path(font, text: str, size: float, x: float, baseline: float, tracking: float = 0.0) -> str:
    """One SVG path element drawing `text` from (x, baseline) at `size` user units."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    glyphs = font.getGlyphSet()
    scale = size / font["head"].unitsPerEm
    pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.1f}".rstrip("0").rstrip("."))
    cursor = x
    for ch in text:
        glyph, advance = _advance(font, ch)
        if glyph and not ch.isspace():
            glyphs[glyph].draw(TransformPen(pen, (scale, 0, 0, -scale, cursor, baseline)))
        cursor += advance * scale + tracking
    d = pen.getCommands()
    return f'<path d="{d}"/>' if d else ""


def _wrap(font, text: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and _width(font, lines[-1] + " " + word, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _centered(font, text: str, size: float, baseline: float, tracking: float = 0.0) -> str:
    x = (WIDTH - _width(font, text, size, tracking)) / 2
    return _path(font, text, size, x, baseline, tracking)


def svg(title: str, genre: str, date: str = "", author: str = "") -> str:
    """The cover as a standalone SVG document."""
    regular, bold = _font("PTF55F.ttf"), _font("PTF75F.ttf")
    text_width = WIDTH - 2 * MARGIN
    size = 46.0
    lines = _wrap(bold, title, size, text_width)
    while size > 20 and (len(lines) > 6 or any(_width(bold, line, size) > text_width for line in lines)):
        size -= 2
        lines = _wrap(bold, title, size, text_width)
    leading = size * 1.22
    block = leading * (len(lines) - 1)
    first = 430 - block / 2
    parts = []
    if genre:
        parts.append(_centered(regular, genre.upper(), 22, 230, tracking=3.0))
    parts.append(f'<rect x="{WIDTH / 2 - 40:g}" y="275" width="80" height="3" fill="{ACCENT}"/>')
    for i, line in enumerate(lines):
        parts.append(_centered(bold, line, size, first + i * leading))
    if author:
        parts.append(_centered(regular, author, 22, 700))
    if date:
        parts.append(_centered(regular, date, 20, 790))
    label = " — ".join(x for x in (genre, title, author, date) if x)
    body = "\n".join(p for p in parts if p)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}">\n'
        f"<title>{escape(label)}</title>\n"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{PAPER}"/>\n'
        f'<rect x="24" y="24" width="{WIDTH - 48}" height="{HEIGHT - 48}" fill="none" stroke="{INK}" stroke-width="2"/>\n'
        f'<g fill="{INK}">\n{body}\n</g>\n'
        "</svg>\n"
    )
