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

from ... import yamlsafe
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


_HEX_COLOR = re.compile(r"^#?[0-9A-Fa-f]{6}$")
_MAX_POINTS = 1584.0  # 22 inches: Word's largest page, so no length of a style sheet is longer


class _Checker:
    """The checks of one docx.yaml: each value's type and range, each error at the line and column
    of the key at fault (`where` names it in the message: "style 'Normal'.line_spacing")."""

    def __init__(self, file: str):
        self.file = file

    def error(self, message: str, container, key=None) -> _Error:
        return _Error(message, self.file, *yamlsafe.position(container, key))

    def required(self, container: dict, key: str, where: str, what: str) -> None:
        if key not in container:
            raise self.error(f"{where}.{key} is missing; give {what}", container)

    def mapping(self, container: dict, key: str, where: str) -> dict:
        value = container.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(f"{where}: expected a mapping (key: value lines), not {value!r}", container, key)
        return value

    def text(self, container: dict, key: str, where: str, default: str) -> str:
        value = container.get(key)
        if value is None:
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.error(f"{where}: expected a name, not {value!r}", container, key)
        return str(value)

    def choice(self, container: dict, key: str, where: str, choices, default: str | None = None) -> str:
        value = container.get(key, default)
        if not isinstance(value, str) or value not in choices:
            raise self.error(f"{where}: one of {', '.join(choices)}, not {value!r}", container, key)
        return value

    def flag(self, container: dict, key: str, where: str) -> bool:
        value = container[key]
        if not isinstance(value, bool):
            raise self.error(f"{where}: true or false, not {value!r}", container, key)
        return value

    def number(self, container: dict, key: str, where: str, low: float, high: float, integer: bool = False):
        value = container[key]
        kind = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
            what = "a whole number" if integer else "a number"
            raise self.error(f"{where}: expected {what} from {low} to {high}, not {value!r}", container, key)
        return value

    def points(self, container, key, em_pt: float, where: str, default: str | None = None) -> float:
        if key not in container and default is None:
            raise self.error(f"{where} is missing; give a length such as 25mm", container)
        value = container.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.error(f"{where}: expected a length such as 12pt, 25mm or 1.25em, not {value!r}", container, key)
        if isinstance(value, (int, float)):
            points = float(value)
        else:
            match = _LENGTH.match(value)
            if not match:
                raise self.error(f"{where}: expected a length such as 12pt, 25mm or 1.25em, not {value!r}",
                                 container, key)
            number, unit = float(match.group(1)), match.group(2) or "pt"
            points = number * em_pt if unit == "em" else number * _PT_PER[unit]
        if not -_MAX_POINTS <= points <= _MAX_POINTS:  # also refuses .inf and .nan
            raise self.error(f"{where}: {value!r} is longer than a page can be (22in)", container, key)
        return points

    def twips(self, container, key, em_pt: float, where: str, default: str | None = None) -> int:
        return round(self.points(container, key, em_pt, where, default) * 20)

    def half_points(self, container, key, body_half: int, where: str, default: str = "body") -> int:
        if container.get(key, default) == "body":
            return body_half
        return round(self.points(container, key, body_half / 2, where, default) * 2)


def _read(path: Path) -> object:
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _Error("the DOCX style sheet is missing; restore it (or reinstall reportgen)", file) from None
    except UnicodeDecodeError:
        raise _Error("invalid UTF-8; save the file as UTF-8", file) from None
    except OSError as exc:
        raise _Error(f"cannot read: {exc.strerror}", file) from None
    return yamlsafe.load(text, file)


def _merge(base, over):
    """`over` merged into `base` key by key (mappings merged, anything else replaced); the
    positions yamlsafe keeps for error messages stay those of the mapping that holds the key."""
    if isinstance(base, dict) and isinstance(over, dict):
        for key, value in over.items():
            base[key] = _merge(base[key], value) if key in base else value
        return base
    return over


def load(path: Path, paper: str = "a4", overlay: Path | None = None) -> StyleSheet:
    """Read `path` (styles/docx.yaml) for `paper` ("a4" | "a5"), with `overlay` (a file of the
    same shape holding only what differs, docx-academic.yaml) merged over it; an error names the
    key at fault and its line."""
    file = str(path)
    data = _read(path)
    if overlay is not None:
        data = _merge(data, _read(overlay))
    check = _Checker(file)
    if not isinstance(data, dict) or not isinstance(data.get("styles"), dict):
        raise check.error("expected a mapping with `fonts`, `language`, `paper`, `defaults` and `styles`",
                          data, "styles" if isinstance(data, dict) else None)
    fonts: dict[str, str] = {}
    font_lines: dict[str, float] = {}
    for key, value in check.mapping(data, "fonts", "fonts").items():
        if isinstance(value, dict):
            fonts[str(key)] = check.text(value, "name", f"fonts.{key}.name", str(key))
            # the font's own line height in em (ascent + descent)
            line = check.number(value, "line", f"fonts.{key}.line", 0.5, 5.0) if "line" in value else 1.2
            font_lines[fonts[str(key)]] = line
        else:
            fonts[str(key)] = check.text(data["fonts"], key, f"fonts.{key}", "")
    papers = check.mapping(data, "paper", "paper")
    if paper not in papers:
        raise check.error(f"no `paper: {paper}` entry", data, "paper" if "paper" in data else None)
    p = check.mapping(papers, paper, f"paper.{paper}")
    where = f"paper.{paper}"
    check.required(p, "margins", where, "the four margins: {top: 25mm, right: 22mm, bottom: 28mm, left: 25mm}")
    margins = check.mapping(p, "margins", f"{where}.margins")
    tw = lambda key, default=None: check.twips(p, key, 0, f"{where}.{key}", default)  # noqa: E731
    margin = lambda side: check.twips(margins, side, 0, f"{where}.margins.{side}")  # noqa: E731
    geometry = Paper(
        width=tw("width"), height=tw("height"),
        top=margin("top"), right=margin("right"), bottom=margin("bottom"), left=margin("left"),
        header=tw("header", "12mm"), footer=tw("footer", "12mm"),
        body_size=check.half_points(p, "body_size", 23, f"{where}.body_size", "11.5pt"),
    )
    body_half = geometry.body_size

    def font_name(value: str) -> str:
        return fonts.get(value, value)

    defaults = check.mapping(data, "defaults", "defaults")
    sheet = StyleSheet(
        fonts=fonts,
        language=check.text(data, "language", "language", "kk-KZ") or "kk-KZ",
        paper=geometry,
        default_font=font_name(check.text(defaults, "font", "defaults.font", "body")),
        default_size=check.half_points(defaults, "size", body_half, "defaults.size", "body"),
        styles={},
    )
    raw_styles: dict = data["styles"]
    for name in raw_styles:
        raw = check.mapping(raw_styles, name, f"style {name!r}")
        where = f"style {name!r}"
        unknown = set(raw) - _PARAGRAPH_KEYS
        if unknown:
            first = min(unknown, key=str)
            raise check.error(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}", raw, first)
        based_on = raw.get("based_on")
        if based_on is not None and (not isinstance(based_on, str) or based_on not in raw_styles):
            raise check.error(f"{where}: based_on {based_on!r} is not defined", raw, "based_on")
        if raw.get("next") is not None and not isinstance(raw["next"], str):
            raise check.error(f"{where}: next {raw['next']!r} is not a style name", raw, "next")
        parent = raw_styles.get(based_on) if based_on else None
        inherited = parent.get("type") if isinstance(parent, dict) else None
        stype = check.choice(raw, "type", f"{where}.type", ("paragraph", "character"), inherited or "paragraph")
        style = Style(name=str(name), type=stype, based_on=based_on, next=raw.get("next"))
        sheet.styles[style.name] = style
        if "size" in raw:
            style.size = check.half_points(raw, "size", body_half, f"{where}.size")
        for flag in ("bold", "italic", "caps", "superscript", "contextual_spacing", "keep_next",
                     "keep_lines", "page_break_before", "widow_control", "no_hyphenation", "no_proof"):
            if flag in raw:
                setattr(style, flag, check.flag(raw, flag, f"{where}.{flag}"))
        if "font" in raw:
            style.font = font_name(check.text(raw, "font", f"{where}.font", ""))
        if "color" in raw:
            color = check.text(raw, "color", f"{where}.color", "")
            if not _HEX_COLOR.match(color):
                raise check.error(f"{where}.color: six hexadecimal digits such as \"444444\", not {color!r}", raw, "color")
            style.color = color.lstrip("#")
        if "align" in raw:
            style.align = _ALIGN[check.choice(raw, "align", f"{where}.align", tuple(_ALIGN))]
        if "outline_level" in raw:  # 1-based heading level; w:outlineLvl counts from 0, 9 is body text
            style.outline_level = check.number(raw, "outline_level", f"{where}.outline_level", 1, 9, integer=True) - 1
        if "numbering" in raw:
            style.numbering = check.choice(raw, "numbering", f"{where}.numbering", ("bullet", "decimal"))
            if "level" in raw:  # Word's list levels: 1 to 9
                style.level = check.number(raw, "level", f"{where}.level", 1, 9, integer=True)
        if "hidden_from_gallery" in raw:
            style.hidden_from_gallery = check.flag(raw, "hidden_from_gallery", f"{where}.hidden_from_gallery")
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
                setattr(style, key, check.twips(raw, key, em, f"{where}.{key}"))
        if "hanging" in raw:
            style.first_line = -check.twips(raw, "hanging", em, f"{where}.hanging")
        if "letter_spacing" in raw:
            style.letter_spacing = check.twips(raw, "letter_spacing", em, f"{where}.letter_spacing")
        if "line_spacing" in raw:
            # CSS multiplies the font size, Word and LibreOffice the font's own line height
            font = sheet.effective(style.name, "font") or sheet.default_font
            spacing = check.number(raw, "line_spacing", f"{where}.line_spacing", 0.25, 10.0)  # no text is set tighter or looser
            style.line = round(spacing / font_lines.get(font, 1.0) * 240)
            style.line_rule = "auto"
        if "line_height" in raw:
            style.line, style.line_rule = check.twips(raw, "line_height", em, f"{where}.line_height"), "exact"
        if "border_bottom" in raw:
            # OOXML border widths (w:sz, eighths of a point): 2 to 96
            style.border_bottom = max(2, round(check.number(raw, "border_bottom", f"{where}.border_bottom", 0, 12) * 8))
        tabs = raw.get("tabs") or []
        if not isinstance(tabs, list):
            raise check.error(f"{where}.tabs: a list such as [{{at: text_width, align: right, leader: dot}}]", raw, "tabs")
        for number, tab in enumerate(tabs):
            if not isinstance(tab, dict):
                raise check.error(f"{where}.tabs: each tab a mapping such as {{at: 10mm}}, not {tab!r}", tabs, number)
            # Word and LibreOffice measure tab stops from the page margin, not the indent
            position = (geometry.text_width if tab.get("at") == "text_width"
                        else check.twips(tab, "at", em, f"{where}.tabs.at"))
            style.tabs.append(Tab(position, check.choice(tab, "align", f"{where}.tabs.align", ("left", "right", "center"), "left"),
                                  check.choice(tab, "leader", f"{where}.tabs.leader", ("dot", "none"), "none")))
    for name, raw in raw_styles.items():
        style = sheet.styles[str(name)]
        if style.next and style.next not in sheet.styles:
            raise check.error(f"style {style.name!r}: next {style.next!r} is not defined", raw, "next")
    if "Normal" not in sheet.styles:
        raise check.error("the `Normal` style must be defined", data, "styles")
    return sheet
