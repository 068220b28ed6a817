"""Font coverage: every character the document uses must be in the font of the style it is set in.

    from reportgen.typography.fonts import check_coverage, PT_SERIF
    check_coverage(doc, PT_SERIF)                       # raises ReportgenError if a glyph is missing
    missing = check_coverage(doc, PT_SERIF, fallback=Path(".../NotoSerif-Regular.ttf"))

Styles and where their characters come from (keep it simple: a style's font is checked for every
character used in that style):

  regular      body text, footnotes, list items, the index, subtitle/author/date of the title page
  italic       text inside `Emph`
  bold         text inside `Strong`; headings and the title (`heading_style`, default "bold")
  bolditalic   `Emph` inside `Strong` (or inside a heading); checked against "bold" if no
               "bolditalic" font is given, then "italic", then "regular"
  mono         `Code` and `CodeBlock`, only if a "mono" font is given

Writers render some characters as others (docs/ARCHITECTURE.md): by default U+2011 (no-break
hyphen) is checked as "-" (HTML renders it as a hyphen in an unbreakable span) and U+00AD (soft
hyphen) as "-" (the hyphen drawn at a break; in WeasyPrint set `hyphenate-character: "-"`, its
default U+2010 is not in PT Serif). Pass `render_map={}` to check the characters themselves.
Writers may add the characters of their own fixed strings (`extra={"bold": "Мазмұны"}`).

Without a fallback, any missing character raises `ReportgenError` naming it (U+XXXX and the
character), the style, the font file and the source lines. With `fallback` (a font file),
characters the fallback has are returned (the caller decides to warn); characters missing from
the fallback too still raise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import model as m
from ..diagnostics import ReportgenError

PARATYPE = Path("/usr/share/fonts/truetype/paratype")
PT_SERIF = {
    "regular": PARATYPE / "PTF55F.ttf",
    "italic": PARATYPE / "PTF56F.ttf",
    "bold": PARATYPE / "PTF75F.ttf",
    "bolditalic": PARATYPE / "PTF76F.ttf",
}
DEFAULT_RENDER_MAP = {"\u2011": "-", "\u00ad": "-"}
_FALLBACK_STYLES = {"bolditalic": ("bold", "italic", "regular"), "bold": ("regular",), "italic": ("regular",), "mono": ()}
_IGNORED = set("\n\r\t")


@dataclass
class MissingGlyph:
    """A character a style's font lacks: where it is used (source lines; 0 = metadata or writer text)."""

    char: str
    style: str
    font: Path
    lines: list[int] = field(default_factory=list)
    in_fallback: bool = False

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    def describe(self) -> str:
        where = ", ".join(str(n) for n in self.lines if n) or "metadata/writer text"
        shown = self.char if self.char.isprintable() and not self.char.isspace() else " "
        return f"{self.codepoint} {shown!r} ({self.style}, {self.font.name}; line {where})"


def _cmap(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            return set(font.getBestCmap() or {})
    except FileNotFoundError:
        raise ReportgenError("font file not found; install it or fix the path", str(path)) from None
    except (TTLibError, OSError) as exc:
        raise ReportgenError(f"cannot read font: {exc}", str(path)) from None


def characters_by_style(doc: m.Document, heading_style: str = "bold") -> dict[str, dict[str, list[int]]]:
    """{style: {char: [source lines]}} of every character the document shows, per style (see module doc)."""
    used: dict[str, dict[str, dict[int, None]]] = {}  # the lines as an ordered set: a book has thousands

    def add(style: str, text: str, line: int) -> None:
        chars = used.setdefault(style, {})
        for ch in dict.fromkeys(text):  # each character once, in order
            if ch not in _IGNORED:
                chars.setdefault(ch, {})[line] = None

    def combine(style: str, extra: str) -> str:
        if style in ("regular", extra):
            return extra
        return "bolditalic" if {style, extra} == {"bold", "italic"} else style

    def visit(node: m.Node, style: str) -> None:
        if isinstance(node, m.Text):
            add(style, node.text, node.line)
        elif isinstance(node, m.Code):
            add("mono", node.text, node.line)
        elif isinstance(node, m.CodeBlock):
            for k, text in enumerate(node.text.split("\n")):
                add("mono", text, node.line + k + 1 if node.line else 0)
        elif isinstance(node, m.FootnoteRef):
            add(style, str(node.number), node.line)
        elif isinstance(node, m.IndexEntry):
            add("regular", node.label + node.see, node.line)
            for child in node.children:
                visit(child, "regular")
        elif isinstance(node, m.IndexSection):
            add(heading_style, node.title, node.line)
            for child in node.entries:
                visit(child, "regular")
        else:
            if isinstance(node, m.Heading):
                style = heading_style
            elif isinstance(node, m.Emph):
                style = combine(style, "italic")
            elif isinstance(node, m.Strong):
                style = combine(style, "bold")
            for child in m.children(node):
                visit(child, style)

    add(heading_style, doc.meta.title, doc.meta.line)
    for name in ("subtitle", "author", "date"):
        add("regular", getattr(doc.meta, name), doc.meta.line)
    for block in doc.blocks:
        visit(block, "regular")
    for note in doc.footnotes:
        add("regular", str(note.number), note.line)
        for block in note.children:
            visit(block, "regular")
    for section in doc.index:
        visit(section, "regular")
    return {style: {ch: list(lines) for ch, lines in chars.items()} for style, chars in used.items()}


def check_coverage(
    doc: m.Document,
    font_paths_by_style: dict[str, Path],
    fallback: Path | None = None,
    *,
    heading_style: str = "bold",
    render_map: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
    raise_missing: bool = True,
) -> list[MissingGlyph]:
    """Check that each style's font has every character used in that style (see the module docstring).

    `font_paths_by_style` maps "regular", "italic", "bold", "bolditalic", "mono" to font files
    (at least "regular"). Returns the characters covered only by `fallback` (empty if none);
    raises `ReportgenError` for any character no configured font has (with `raise_missing=False`
    those are returned too, `in_fallback` false: the caller looks further).
    """
    if "regular" not in font_paths_by_style:
        raise ReportgenError("check_coverage needs a 'regular' font")
    mapping = DEFAULT_RENDER_MAP if render_map is None else render_map
    used = characters_by_style(doc, heading_style)
    for style, text in (extra or {}).items():
        chars = used.setdefault(style, {})
        for ch in text:
            if ch not in _IGNORED:
                chars.setdefault(ch, [0])
    cmaps: dict[Path, set[int]] = {}

    def cmap(path: Path) -> set[int]:
        path = Path(path)
        if path not in cmaps:
            cmaps[path] = _cmap(path)
        return cmaps[path]

    fallback_cmap = cmap(fallback) if fallback else None
    missing: list[MissingGlyph] = []
    for style, chars in used.items():
        font = font_paths_by_style.get(style)
        if font is None:
            if style == "mono":
                continue  # code is checked only when a monospace font is configured
            font = next((font_paths_by_style[s] for s in _FALLBACK_STYLES.get(style, ()) if s in font_paths_by_style),
                        font_paths_by_style["regular"])
        have = cmap(font)
        for ch, lines in chars.items():
            shown = mapping.get(ch, ch)
            if all(ord(c) in have for c in shown):
                continue
            in_fallback = fallback_cmap is not None and all(ord(c) in fallback_cmap for c in shown)
            missing.append(MissingGlyph(ch, style, Path(font), sorted(lines), in_fallback))
    missing.sort(key=lambda g: (g.style, g.char))
    fatal = [g for g in missing if not g.in_fallback]
    if fatal and raise_missing:
        raise_missing_glyphs(doc, fatal, "the fallback font lacks them too" if fallback
                             else "configure a font that has them or a fallback font")
    return missing


def raise_missing_glyphs(doc: m.Document, fatal: list[MissingGlyph], hint: str) -> None:
    """The error naming the characters no font has: each with its style, font and lines."""
    if fatal:
        first = min((n for g in fatal for n in g.lines if n), default=0)
        listed = "; ".join(g.describe() for g in fatal[:12]) + (f"; and {len(fatal) - 12} more" if len(fatal) > 12 else "")
        raise ReportgenError(f"the font lacks {len(fatal)} character(s) the document uses: {listed}; {hint}",
                             doc.source, first)
