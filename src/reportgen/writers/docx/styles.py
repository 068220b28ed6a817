"""The DOCX style sheet: `styles/docx.yaml` read, checked and resolved into OOXML units.

Nothing here writes XML (that is `oxml.py`); this module turns the YAML's lengths ("25mm",
"11.5pt", "1.25em") into twentieths of a point (twips) and half-points, follows `based_on`
chains to resolve `em` and `size: body`, and knows Word's internal names and ids of the
built-in styles, so Word and LibreOffice recognise "Heading 1", "Footnote Text", "TOC 1" … as
their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...diagnostics import ReportgenError

# Word writes these built-in styles with lower-case names in styles.xml (w:name); the UI shows
# them capitalised. A style called "Heading 1" in styles.xml would be a new custom style.
_LOWER_CASE_BUILTINS = re.compile(
    r"^(Heading [1-9]|Index [1-9]|TOC [1-9]|Footnote Text|Footnote Reference|Index Heading|Header|Footer"
    r"|Caption|Page Number|Endnote Text|Endnote Reference)$"
)
# Built-in styles Word knows (others in the YAML are custom: w:customStyle="1").
_BUILTINS = {
    "Normal", "Body Text", "Quote", "HTML Preformatted", "HTML Code", "List Paragraph",
    "List Bullet", "List Bullet 2", "List Number", "List Number 2", "List Continue",
    "List Continue 2", "Title", "Subtitle", "Date", "TOC Heading", "Emphasis", "Strong",
    "Hyperlink", "Default Paragraph Font",
}

_PARAGRAPH_KEYS = {
    "type", "based_on", "next", "font", "size", "bold", "italic", "caps", "letter_spacing",
    "superscript", "color", "align", "line_spacing", "line_height", "space_before", "space_after",
    "first_line", "left", "right", "hanging", "contextual_spacing", "keep_next", "keep_lines",
    "page_break_before", "widow_control", "no_hyphenation", "outline_level", "tabs",
    "border_bottom", "no_proof", "numbering", "level", "hidden_from_gallery",
}
_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|em)?\s*$")
_PT_PER = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}


def internal_name(ui_name: str) -> str:
    """The w:name Word uses for a style shown as `ui_name` ("Heading 1" → "heading 1")."""
    return ui_name.lower() if _LOWER_CASE_BUILTINS.match(ui_name) else ui_name


def style_id(ui_name: str) -> str:
    """Word's style id for `ui_name`: the name without spaces ("Footnote Text" → "FootnoteText")."""
    return re.sub(r"[^A-Za-z0-9]", "", ui_name)


@dataclass
class Tab:
    position: int  # twips from the left indent
    align: str  # left | right | center
    leader: str  # dot | none


@dataclass
class Style:
    """One style, resolved: lengths in twips, sizes in half-points, None = inherited."""

    name: str  # as the UI shows it ("Heading 1")
    type: str  # paragraph | character
    based_on: str | None = None
    next: str | None = None
    font: str | None = None
    size: int | None = None  # half-points
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    letter_spacing: int | None = None  # twips
    superscript: bool | None = None
    color: str | None = None
    align: str | None = None  # OOXML w:jc value
    line: int | None = None  # 240ths of a line (lineRule auto) or twips (exact)
    line_rule: str = "auto"
    space_before: int | None = None
    space_after: int | None = None
    first_line: int | None = None  # negative = hanging
    left: int | None = None
    right: int | None = None
    contextual_spacing: bool | None = None
    keep_next: bool | None = None
    keep_lines: bool | None = None
    page_break_before: bool | None = None
    widow_control: bool | None = None
    no_hyphenation: bool | None = None
    outline_level: int | None = None  # 0-based, as w:outlineLvl
    tabs: list[Tab] = field(default_factory=list)
    border_bottom: int | None = None  # eighths of a point
    no_proof: bool | None = None
    numbering: str | None = None  # bullet | decimal
    level: int = 1
    hidden_from_gallery: bool = False

    @property
    def id(self) -> str:
        return style_id(self.name)

    @property
    def internal_name(self) -> str:
        return internal_name(self.name)

    @property
    def builtin(self) -> bool:
        return self.name in _BUILTINS or bool(_LOWER_CASE_BUILTINS.match(self.name))


@dataclass
class Paper:
    width: int  # twips
    height: int
    top: int
    right: int
    bottom: int
    left: int
    header: int
    footer: int
    body_size: int  # half-points

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> int:
        return self.height - self.top - self.bottom


@dataclass
class StyleSheet:
    fonts: dict[str, str]
    language: str
    paper: Paper
    default_font: str
    default_size: int  # half-points
    styles: dict[str, Style]  # by UI name, in the YAML's order

    def __getitem__(self, name: str) -> Style:
        return self.styles[name]

    def effective(self, name: str, attr: str):
        """The value of `attr` for style `name`, following `based_on` (None if never set)."""
        seen = set()
        while name and name not in seen:
            seen.add(name)
            style = self.styles[name]
            value = getattr(style, attr)
            if value is not None:
                return value
            name = style.based_on
        return None


class _Error(ReportgenError):
    pass


def _points(value, em_pt: float, where: str, file: str) -> float:
    if isinstance(value, bool) or value is None:
        raise _Error(f"{where}: expected a length such as 12pt, 25mm or 1.25em, not {value!r}", file)
    if isinstance(value, (int, float)):
        return float(value)
    match = _LENGTH.match(str(value))
    if not match:
        raise _Error(f"{where}: expected a length such as 12pt, 25mm or 1.25em, not {value!r}", file)
    number, unit = float(match.group(1)), match.group(2) or "pt"
    return number * em_pt if unit == "em" else number * _PT_PER[unit]


def _twips(value, em_pt: float, where: str, file: str) -> int:
    return round(_points(value, em_pt, where, file) * 20)


def _half_points(value, body_half: int, where: str, file: str) -> int:
    if value == "body":
        return body_half
    return round(_points(value, body_half / 2, where, file) * 2)


def load(path: Path, paper: str = "a4") -> StyleSheet:
    """Read `path` (styles/docx.yaml) for `paper` ("a4" | "a5")."""
    file = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _Error("styles/docx.yaml is missing; restore it from the repository", file) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _Error(f"invalid YAML: {getattr(exc, 'problem', exc)}", file,
                     (mark.line + 1) if mark else 0, (mark.column + 1) if mark else 0) from None
    if not isinstance(data, dict) or not isinstance(data.get("styles"), dict):
        raise _Error("expected a mapping with `fonts`, `language`, `paper`, `defaults` and `styles`", file)
    fonts: dict[str, str] = {}
    font_lines: dict[str, float] = {}
    for key, value in (data.get("fonts") or {}).items():
        if isinstance(value, dict):
            fonts[str(key)] = str(value.get("name", key))
            font_lines[fonts[str(key)]] = float(value.get("line", 1.2))
        else:
            fonts[str(key)] = str(value)
    papers = data.get("paper") or {}
    if paper not in papers:
        raise _Error(f"no `paper: {paper}` entry", file)
    p = papers[paper]
    margins = p.get("margins") or {}
    tw = lambda key, v: _twips(v, 0, f"paper.{paper}.{key}", file)  # noqa: E731
    body_half = _half_points(p.get("body_size", "11.5pt"), 23, f"paper.{paper}.body_size", file)
    geometry = Paper(
        width=tw("width", p["width"]), height=tw("height", p["height"]),
        top=tw("margins.top", margins["top"]), right=tw("margins.right", margins["right"]),
        bottom=tw("margins.bottom", margins["bottom"]), left=tw("margins.left", margins["left"]),
        header=tw("header", p.get("header", "12mm")), footer=tw("footer", p.get("footer", "12mm")),
        body_size=body_half,
    )

    def font_name(value: str) -> str:
        return fonts.get(value, value)

    defaults = data.get("defaults") or {}
    sheet = StyleSheet(
        fonts=fonts,
        language=str(data.get("language") or "kk-KZ"),
        paper=geometry,
        default_font=font_name(defaults.get("font", "body")),
        default_size=_half_points(defaults.get("size", "body"), body_half, "defaults.size", file),
        styles={},
    )
    raw_styles: dict = data["styles"]
    for name, raw in raw_styles.items():
        raw = raw or {}
        unknown = set(raw) - _PARAGRAPH_KEYS
        if unknown:
            raise _Error(f"style {name!r}: unknown key(s) {', '.join(sorted(unknown))}", file)
        based_on = raw.get("based_on")
        if based_on is not None and based_on not in raw_styles:
            raise _Error(f"style {name!r}: based_on {based_on!r} is not defined", file)
        stype = raw.get("type") or (raw_styles.get(based_on, {}) or {}).get("type") or "paragraph"
        style = Style(name=str(name), type=stype, based_on=based_on, next=raw.get("next"))
        sheet.styles[style.name] = style
        where = f"style {name!r}"
        if "size" in raw:
            style.size = _half_points(raw["size"], body_half, f"{where}.size", file)
        for flag in ("bold", "italic", "caps", "superscript", "contextual_spacing", "keep_next",
                     "keep_lines", "page_break_before", "widow_control", "no_hyphenation", "no_proof"):
            if flag in raw:
                setattr(style, flag, bool(raw[flag]))
        if "font" in raw:
            style.font = font_name(str(raw["font"]))
        if "color" in raw:
            style.color = str(raw["color"]).lstrip("#")
        if "align" in raw:
            if raw["align"] not in _ALIGN:
                raise _Error(f"{where}.align: one of {', '.join(_ALIGN)}", file)
            style.align = _ALIGN[raw["align"]]
        if "outline_level" in raw:
            style.outline_level = int(raw["outline_level"]) - 1
        if "numbering" in raw:
            if raw["numbering"] not in ("bullet", "decimal"):
                raise _Error(f"{where}.numbering: bullet or decimal", file)
            style.numbering = raw["numbering"]
            style.level = int(raw.get("level", 1))
        style.hidden_from_gallery = bool(raw.get("hidden_from_gallery", False))
        # lengths in em need the style's own size: resolved after the based_on chain is known
        style._raw = raw  # type: ignore[attr-defined]
    for style in sheet.styles.values():
        raw = style._raw  # type: ignore[attr-defined]
        del style._raw  # type: ignore[attr-defined]
        size_half = sheet.effective(style.name, "size") or sheet.default_size
        em = size_half / 2
        where = f"style {style.name!r}"
        for key in ("space_before", "space_after", "left", "right", "first_line"):
            if key in raw:
                setattr(style, key, _twips(raw[key], em, f"{where}.{key}", file))
        if "hanging" in raw:
            style.first_line = -_twips(raw["hanging"], em, f"{where}.hanging", file)
        if "letter_spacing" in raw:
            style.letter_spacing = _twips(raw["letter_spacing"], em, f"{where}.letter_spacing", file)
        if "line_spacing" in raw:
            # CSS multiplies the font size, Word and LibreOffice the font's own line height
            font = sheet.effective(style.name, "font") or sheet.default_font
            style.line = round(float(raw["line_spacing"]) / font_lines.get(font, 1.0) * 240)
            style.line_rule = "auto"
        if "line_height" in raw:
            style.line, style.line_rule = _twips(raw["line_height"], em, f"{where}.line_height", file), "exact"
        if "border_bottom" in raw:
            style.border_bottom = max(2, round(float(raw["border_bottom"]) * 8))
        for tab in raw.get("tabs") or []:
            at = tab.get("at")
            # Word and LibreOffice measure tab stops from the page margin, not the indent
            position = geometry.text_width if at == "text_width" else _twips(at, em, f"{where}.tabs", file)
            style.tabs.append(Tab(position, str(tab.get("align", "left")), str(tab.get("leader", "none"))))
    for style in sheet.styles.values():
        if style.next and style.next not in sheet.styles:
            raise _Error(f"style {style.name!r}: next {style.next!r} is not defined", file)
    if "Normal" not in sheet.styles:
        raise _Error("the `Normal` style must be defined", file)
    return sheet
