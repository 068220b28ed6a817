"""All raw OOXML of the DOCX writer: every `w:` element reportgen writes by hand lives here.

python-docx builds the package, paragraphs, sections and footers; it has no API for footnotes,
fields, bookmarks, hyperlinks, no-break/soft hyphens or the style and numbering definitions, so
those are made here — and nowhere else — in WordprocessingML (ECMA-376, transitional), child
elements always in schema order (Word rejects a document whose elements are out of order).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from typing import Iterable

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml
from lxml import etree

from .styles import Style, StyleSheet

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_PARTNAME = "/word/footnotes.xml"
FOOTNOTES_RT = RT.FOOTNOTES
HYPERLINK_RT = RT.HYPERLINK
SEPARATOR_IDS = (-1, 0)  # Word's ids for the separator and continuationSeparator notes

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile("([\u2011\u00ad\t\n])")
_RANGE_DASH = re.compile(r"(?<=\d)\u2013(?=\d)")


def _el(tag: str, attrs: dict[str, str] | None = None, *children) -> etree._Element:
    """An element `w:tag` (prefix required) with attributes given by prefixed names."""
    element = OxmlElement(tag, {qn(k): str(v) for k, v in (attrs or {}).items()})
    for child in children:
        if child is not None:
            element.append(child)
    return element


def _val(tag: str, value) -> etree._Element:
    return _el(tag, {"w:val": value})


def _on(tag: str, flag: bool | None) -> etree._Element | None:
    """A toggle property: `<w:b/>` when True, `<w:b w:val="0"/>` when False, nothing when None."""
    if flag is None:
        return None
    return _el(tag) if flag else _el(tag, {"w:val": "0"})


# ------------------------------------------------------------------ text and runs


def add_text(run: etree._Element, text: str) -> None:
    """Append `text` to `run` as WordprocessingML: U+2011 → `w:noBreakHyphen`, U+00AD →
    `w:softHyphen`, tab → `w:tab`, newline → `w:br`; U+00A0 stays a character in `w:t`; a
    WORD JOINER follows the en dash of a range of figures."""
    text = _XML_INVALID.sub("", text)
    for part in _SPECIAL.split(text):
        if not part:
            continue
        if part == "\u2011":
            run.append(_el("w:noBreakHyphen"))
        elif part == "\u00ad":
            run.append(_el("w:softHyphen"))
        elif part == "\t":
            run.append(_el("w:tab"))
        elif part == "\n":
            run.append(_el("w:br"))
        else:
            t = _el("w:t")
            # a range of figures stays on one line: U+2060 WORD JOINER after its en dash, which is
            # a break opportunity otherwise (UAX #14; issue 18 item 3)
            t.text = part = _RANGE_DASH.sub("\u2013\u2060", part)
            if part[0].isspace() or part[-1].isspace():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(t)


def run(text: str = "", style_id: str | None = None, lang: str = "", marks: frozenset = frozenset()) -> etree._Element:
    """A run `w:r`, in character style `style_id` if given, in language `lang` if given (a
    span in another language: `w:lang`, which Word's proofing and LibreOffice follow), with the
    direct formatting `marks` ("strike", "superscript", "subscript": `w:strike`, `w:vertAlign`)."""
    r = _el("w:r")
    props = [_val("w:rStyle", style_id)] if style_id else []
    # CT_RPr's sequence (ECMA-376 Part 1, 17.3.2.28): rStyle … strike … vertAlign … lang
    if "strike" in marks:
        props.append(_el("w:strike"))
    for align in ("superscript", "subscript"):
        if align in marks:
            props.append(_val("w:vertAlign", align))
            break
    if lang:
        props.append(_val("w:lang", lang))
    if props:
        r.append(_el("w:rPr", None, *props))
    if text:
        add_text(r, text)
    return r


def drawing(inline: etree._Element) -> etree._Element:
    """A run holding a picture: `w:r/w:drawing/wp:inline` (python-docx's CT_Inline)."""
    r = _el("w:r")
    d = _el("w:drawing")
    d.append(inline)
    r.append(d)
    return r


def line_break() -> etree._Element:
    r = _el("w:r")
    r.append(_el("w:br"))
    return r


def _properties(p: etree._Element) -> etree._Element:
    """The paragraph's w:pPr, made as its first child if it has none."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = _el("w:pPr")
        p.insert(0, ppr)
    return ppr


def paragraph(style_id: str | None) -> etree._Element:
    """A paragraph `w:p` in style `style_id` (None: the default style, named by no `w:pStyle`)."""
    return _el("w:p", None, _el("w:pPr", None, _val("w:pStyle", style_id) if style_id else None))


def equation_line(p: etree._Element, text_width: int) -> None:
    """A numbered formula's paragraph (ECMA-376 § 17.3.1.37 tabs): a centre tab stop in the middle
    of the text and a right one at its end, no indent, so that «tab formula tab (1)» sets the
    formula centred and its number at the right margin, in Word and LibreOffice alike (an
    `m:oMathPara` takes its line whole: the number followed it, or went to a line of its own)."""
    ppr = _properties(p)
    ppr.append(_el("w:tabs", None, _el("w:tab", {"w:val": "center", "w:pos": str(text_width // 2)}),
                   _el("w:tab", {"w:val": "right", "w:pos": str(text_width)})))
    ppr.append(_el("w:ind", {"w:left": "0", "w:right": "0", "w:firstLine": "0"}))
    ppr.append(_val("w:jc", "left"))


def _after_style(p: etree._Element, element: etree._Element) -> None:
    """Put `element` in the paragraph's w:pPr right after its w:pStyle (the schema's order:
    pStyle, keepNext, keepLines, …, numPr — each caller adds one of these)."""
    ppr = _properties(p)
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(element)
    else:
        ppr.insert(0, element)


def set_numbering(p: etree._Element, num_id: int, level: int = 0) -> None:
    """Put a list paragraph on numbering `num_id` (w:numPr, after w:pStyle as the schema wants)."""
    _after_style(p, _el("w:numPr", None, _val("w:ilvl", level), _val("w:numId", num_id)))


def set_style(p: etree._Element, style_id: str) -> None:
    """Put the paragraph in style `style_id` (its w:pStyle, made if it has none)."""
    style = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    if style is None:
        _after_style(p, _val("w:pStyle", style_id))  # no w:pStyle: inserted first in w:pPr
    else:
        style.set(qn("w:val"), style_id)


def table(grid: list[int]) -> etree._Element:
    """An empty `w:tbl` in the style "Table Grid" (borders on every cell, styles.xml) with a
    column grid of `grid` widths (twips), laid out at those widths (ECMA-376 §17.4.38)."""
    return _el("w:tbl", None,
               _el("w:tblPr", None, _val("w:tblStyle", "TableGrid"), _el("w:tblW", {"w:w": 0, "w:type": "auto"}),
                   _el("w:tblLook", {"w:firstRow": 1, "w:lastRow": 0, "w:firstColumn": 0, "w:lastColumn": 0,
                                     "w:noHBand": 1, "w:noVBand": 1, "w:val": "04A0"})),
               _el("w:tblGrid", None, *(_el("w:gridCol", {"w:w": w}) for w in grid)))


def table_row(tbl: etree._Element, header: bool) -> etree._Element:
    """A new row of `tbl`: never split across pages (`w:cantSplit`); a header row is repeated at
    the top of each page the table runs over (`w:tblHeader`, §17.4.49)."""
    tr = _el("w:tr", None, _el("w:trPr", None, _el("w:cantSplit"), _el("w:tblHeader") if header else None))
    tbl.append(tr)
    return tr


_JC = {"left": "left", "center": "center", "right": "right"}


def table_cell(tr: etree._Element, width: int, style_id: str, align: str = "") -> etree._Element:
    """A new cell of row `tr` holding one paragraph in `style_id` (returned), aligned as its column."""
    p = paragraph(style_id)
    if align in _JC:
        p.find(qn("w:pPr")).append(_val("w:jc", _JC[align]))  # after w:pStyle, as the schema orders
    tr.append(_el("w:tc", None, _el("w:tcPr", None, _el("w:tcW", {"w:w": width, "w:type": "dxa"})), p))
    return p


def bookmark_start(ident: int, name: str) -> etree._Element:
    return _el("w:bookmarkStart", {"w:id": ident, "w:name": name})


def bookmark_end(ident: int) -> etree._Element:
    return _el("w:bookmarkEnd", {"w:id": ident})


def hyperlink(r_id: str | None = None, anchor: str | None = None) -> etree._Element:
    """A `w:hyperlink` to an external target (relationship `r_id`) or a bookmark (`anchor`)."""
    attrs = {"w:history": "1"}
    if r_id:
        attrs["r:id"] = r_id
    if anchor:
        attrs["w:anchor"] = anchor
    return _el("w:hyperlink", attrs)


def field(instruction: str, result: str, style_id: str | None = None) -> list[etree._Element]:
    """The runs of a complex field: begin, ` instruction `, separate, the cached `result`, end.

    Word and LibreOffice show `result` until they update the field."""

    def fld(kind: str) -> etree._Element:
        r = run(style_id=style_id)
        r.append(_el("w:fldChar", {"w:fldCharType": kind}))
        return r

    instr = run(style_id=style_id)
    code = _el("w:instrText")
    code.text = f" {instruction} "
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.append(code)
    return [fld("begin"), instr, fld("separate"), run(result, style_id), fld("end")]


def field_begin(instruction: str) -> list[etree._Element]:
    """The opening runs of a field whose result spans paragraphs (the TOC): begin, code, separate."""
    return field(instruction, "")[:3]


def field_end() -> etree._Element:
    return field("", "")[4]


# ------------------------------------------------------------------ footnotes


def footnotes_root() -> etree._Element:
    """`w:footnotes` with Word's separator (id -1) and continuation separator (id 0) notes."""
    return parse_xml(
        f'<w:footnotes {NSDECL}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )


def footnote(ident: int) -> etree._Element:
    return _el("w:footnote", {"w:id": ident})


def footnote_reference(ident: int, style_id: str) -> etree._Element:
    """The call of note `ident` in the text: Word numbers it and places the note on its page."""
    r = run(style_id=style_id)
    r.append(_el("w:footnoteReference", {"w:id": ident}))
    return r


def footnote_mark(style_id: str) -> etree._Element:
    """The note's own number at the start of its text (`w:footnoteRef`)."""
    r = run(style_id=style_id)
    r.append(_el("w:footnoteRef"))
    return r


# ------------------------------------------------------------------ sections


def section(base: etree._Element, *, header_rid: str | None = None, first_header_rid: str | None = None,
            footer: bool = True, columns: int = 1, column_space: int = 720, continuous: bool = False,
            footer_rid: str | None = None) -> etree._Element:
    """Section properties made from `base` (the page size, margins and footer of the document):
    its own running-head header `header_rid`, a header of its first page `first_header_rid` (an
    empty one: no running head on the page a chapter opens), the footer (page number) unless not
    `footer`, on the first page too, `columns` columns, starting on a new page unless `continuous`."""
    sectpr = copy.deepcopy(base)
    for old in sectpr.findall(qn("w:headerReference")) + sectpr.findall(qn("w:type")) + sectpr.findall(qn("w:titlePg")):
        sectpr.remove(old)
    if not footer or footer_rid:
        for old in sectpr.findall(qn("w:footerReference")):
            sectpr.remove(old)
    if footer_rid:  # a footer of its own (the title page's place and year), after the headers
        sectpr.insert(0, _el("w:footerReference", {"w:type": "default", "r:id": footer_rid}))
    if header_rid:
        sectpr.insert(0, _el("w:headerReference", {"w:type": "default", "r:id": header_rid}))
    if first_header_rid:
        # ECMA-376 §17.10.6 titlePg: the first page takes the "first" header and footer; the
        # footer stays the page number (the same footer part as the other pages)
        sectpr.insert(1, _el("w:headerReference", {"w:type": "first", "r:id": first_header_rid}))
        for ref in sectpr.findall(qn("w:footerReference")):
            if ref.get(qn("w:type")) == "default":
                ref.addnext(_el("w:footerReference", {"w:type": "first", "r:id": ref.get(qn("r:id"))}))
        # CT_SectPr order: … cols, formProt, vAlign, noEndnote, titlePg, textDirection, bidi, …
        after = [sectpr.find(qn(t)) for t in ("w:noEndnote", "w:vAlign", "w:formProt", "w:cols")]
        next(e for e in after if e is not None).addnext(_el("w:titlePg"))
    if continuous:
        # w:type comes after the header/footer references, before w:pgSz
        sectpr.find(qn("w:pgSz")).addprevious(_val("w:type", "continuous"))
    cols = sectpr.find(qn("w:cols"))
    for attr in ("w:num", "w:space"):
        cols.attrib.pop(qn(attr), None)
    if columns > 1:
        cols.set(qn("w:num"), str(columns))
    cols.set(qn("w:space"), str(column_space))
    return sectpr


def end_section(p: etree._Element, sectpr: etree._Element) -> None:
    """Make paragraph `p` the last of a section described by `sectpr` (a section break)."""
    ppr = _properties(p)
    ppr._insert_sectPr(sectpr)


def replace_section(target: etree._Element, sectpr: etree._Element) -> None:
    """Give the document's final section (the body's own w:sectPr) the properties `sectpr`."""
    target[:] = list(sectpr)


def footer_line(footer: etree._Element, text: str, style_id: str) -> None:
    """One line of text in a footer part's (w:ftr) paragraph, in paragraph style `style_id`."""
    p = footer.find(qn("w:p"))
    ppr = _properties(p)
    for old in ppr.findall(qn("w:pStyle")):  # one pStyle per paragraph (ECMA-376 § 17.3.1.26)
        ppr.remove(old)
    ppr.insert(0, _val("w:pStyle", style_id))
    p.append(run(text))


def running_head(header: etree._Element, heading: str) -> None:
    """The header line of a section (`header`: a header part's w:hdr): a STYLEREF field to the
    level-1 heading with `heading` cached (Word recomputes it; LibreOffice 7 shows the cached
    text, which is right for the section: each level-1 heading has a section of its own)."""
    p = header.find(qn("w:p"))
    for r in field('STYLEREF "Heading 1"', heading):
        p.append(r)


# ------------------------------------------------------------------ numbering


_NUM_FORMATS = {"lower-alpha": "lowerLetter", "upper-alpha": "upperLetter", "lower-roman": "lowerRoman",
                "upper-roman": "upperRoman"}
_LEVEL_TEXT = {".": "%1.", ")": "%1)", "()": "(%1)"}


def add_list_instance(numbering: etree._Element, abstract_id: int, start: int, style: str = "",
                      delimiter: str = "") -> int:
    """A new `w:num` on `abstract_id` restarting at `start` (each ordered list counts from its
    own start); returns its numId. A list with other markers (pandoc_lists: letters, Roman
    numerals, `(1)`) overrides the level with its number format and text (ECMA-376 §17.9.8:
    a `w:lvl` inside `w:lvlOverride` replaces the abstract level)."""
    num = numbering.add_num(abstract_id)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(start)
    if style or delimiter:
        abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == str(abstract_id))
        lvl = copy.deepcopy(abstract.find(qn("w:lvl")))
        lvl.find(qn("w:start")).set(qn("w:val"), str(start))
        lvl.find(qn("w:numFmt")).set(qn("w:val"), _NUM_FORMATS.get(style, "decimal"))
        lvl.find(qn("w:lvlText")).set(qn("w:val"), _LEVEL_TEXT.get(delimiter, "%1."))
        override.append(lvl)
    return int(num.get(qn("w:numId")))


def numbering_xml(lists: list[tuple[Style, int, int]], sheet: StyleSheet) -> bytes:
    """numbering.xml: one single-level abstract numbering per list style, linked both ways
    (the style's numPr names the num, the level's pStyle names the style).
    `lists` holds (style, indent twips, hanging twips); abstractNumId and numId = position."""
    root = parse_xml(f"<w:numbering {NSDECL}/>")
    for index, (style, left, hanging) in enumerate(lists):
        bullet = style.numbering == "bullet"
        # markers PT Serif has (it lacks ◦ and ▪, which would fall back to another font)
        text = ("•", "–", "·")[min(style.level, 3) - 1] if bullet else "%1."
        lvl = _el(
            "w:lvl", {"w:ilvl": 0},
            _val("w:start", 1),
            _val("w:numFmt", "bullet" if bullet else "decimal"),
            _val("w:pStyle", style.id),
            _val("w:lvlText", text),
            _val("w:lvlJc", "left"),
            _el("w:pPr", None, _el("w:ind", {"w:left": left, "w:hanging": hanging})),
            _el("w:rPr", None, _el("w:rFonts", {"w:ascii": sheet.default_font, "w:hAnsi": sheet.default_font,
                                                "w:cs": sheet.default_font, "w:hint": "default"})),
        )
        root.append(_el(
            "w:abstractNum", {"w:abstractNumId": index},
            _val("w:multiLevelType", "singleLevel"),
            lvl,
        ))
    for index in range(len(lists)):
        root.append(_el("w:num", {"w:numId": index + 1}, _val("w:abstractNumId", index)))
    return _serialize(root)


# ------------------------------------------------------------------ styles


def _lang(language: str) -> etree._Element:
    # Kazakh for Cyrillic (w:val), and for East Asian and complex-script runs too: the whole
    # document is Kazakh, so no run should fall back to the author's system language.
    return _el("w:lang", {"w:val": language, "w:eastAsia": language, "w:bidi": language})


def _fonts(name: str) -> etree._Element:
    return _el("w:rFonts", {"w:ascii": name, "w:hAnsi": name, "w:eastAsia": name, "w:cs": name})


def _rpr(style: Style, language: str | None) -> etree._Element | None:
    size = None
    if style.size is not None:
        size = [_val("w:sz", style.size), _val("w:szCs", style.size)]
    parts = [
        _fonts(style.font) if style.font else None,
        _on("w:b", style.bold), _on("w:bCs", style.bold),
        _on("w:i", style.italic), _on("w:iCs", style.italic),
        _on("w:caps", style.caps),
        _on("w:noProof", style.no_proof),
        _val("w:color", style.color) if style.color else None,
        _val("w:spacing", style.letter_spacing) if style.letter_spacing is not None else None,
        *(size or []),
        _val("w:vertAlign", "superscript") if style.superscript else None,
        _lang(language) if language else None,
    ]
    parts = [p for p in parts if p is not None]
    return _el("w:rPr", None, *parts) if parts else None


def _ppr(style: Style, num_id: int | None) -> etree._Element | None:
    spacing = {}
    if style.space_before is not None:
        spacing["w:before"] = style.space_before
    if style.space_after is not None:
        spacing["w:after"] = style.space_after
    if style.line is not None:
        spacing["w:line"] = style.line
        spacing["w:lineRule"] = style.line_rule
    ind = {}
    if style.left is not None:
        ind["w:left"] = style.left
    if style.right is not None:
        ind["w:right"] = style.right
    if style.first_line is not None:
        if style.first_line < 0:
            ind["w:hanging"] = -style.first_line
        else:
            ind["w:firstLine"] = style.first_line
    tabs = None
    if style.tabs:
        tabs = _el("w:tabs", None, *[
            _el("w:tab", {"w:val": t.align, "w:leader": t.leader, "w:pos": t.position}) for t in style.tabs
        ])
    border = None
    if style.border_bottom:
        border = _el("w:pBdr", None, _el("w:bottom", {"w:val": "single", "w:sz": style.border_bottom,
                                                      "w:space": 1, "w:color": "auto"}))
    parts = [
        _on("w:keepNext", style.keep_next),
        _on("w:keepLines", style.keep_lines),
        _on("w:pageBreakBefore", style.page_break_before),
        _on("w:widowControl", style.widow_control),
        _el("w:numPr", None, _val("w:numId", num_id)) if num_id else None,
        border,
        tabs,
        _on("w:suppressAutoHyphens", style.no_hyphenation),
        _el("w:spacing", spacing) if spacing else None,
        _el("w:ind", ind) if ind else None,
        _on("w:contextualSpacing", style.contextual_spacing),
        _val("w:jc", style.align) if style.align else None,
        _val("w:outlineLvl", style.outline_level) if style.outline_level is not None else None,
    ]
    parts = [p for p in parts if p is not None]
    return _el("w:pPr", None, *parts) if parts else None


def styles_xml(sheet: StyleSheet, list_num_ids: dict[str, int]) -> bytes:
    """styles.xml from the style sheet: document defaults (font, size, Kazakh), then each style."""
    root = parse_xml(f"<w:styles {NSDECL}/>")
    root.append(_el(
        "w:docDefaults", None,
        _el("w:rPrDefault", None, _el(
            "w:rPr", None,
            _fonts(sheet.default_font),
            _val("w:sz", sheet.default_size), _val("w:szCs", sheet.default_size),
            _lang(sheet.language),
        )),
        _el("w:pPrDefault", None, _el("w:pPr", None, _el("w:spacing", {"w:after": 0, "w:line": 240,
                                                                        "w:lineRule": "auto"}))),
    ))
    for style in sheet.styles.values():
        attrs = {"w:type": style.type, "w:styleId": style.id}
        if style.name == "Normal":
            attrs["w:default"] = "1"
        if not style.builtin:
            attrs["w:customStyle"] = "1"
        element = _el(
            "w:style", attrs,
            _val("w:name", style.internal_name),
            _val("w:basedOn", sheet[style.based_on].id) if style.based_on else None,
            _val("w:next", sheet[style.next].id) if style.next else None,
            _el("w:qFormat") if not style.hidden_from_gallery else None,
        )
        ppr = _ppr(style, list_num_ids.get(style.name)) if style.type == "paragraph" else None
        # every root style states the language, so each style chain is Kazakh on its own
        rpr = _rpr(style, sheet.language if not style.based_on else None)
        if ppr is not None:
            element.append(ppr)
        if rpr is not None:
            element.append(rpr)
        root.append(element)
    # the default character, table and numbering styles Word expects in every document
    root.append(_el("w:style", {"w:type": "character", "w:default": "1", "w:styleId": "DefaultParagraphFont"},
                    _val("w:name", "Default Paragraph Font"), _val("w:uiPriority", 1),
                    _el("w:semiHidden"), _el("w:unhideWhenUsed")))
    root.append(_el("w:style", {"w:type": "table", "w:default": "1", "w:styleId": "TableNormal"},
                    _val("w:name", "Normal Table"), _val("w:uiPriority", 99), _el("w:semiHidden"),
                    _el("w:unhideWhenUsed"),
                    _el("w:tblPr", None, _el("w:tblInd", {"w:w": 0, "w:type": "dxa"}),
                        _el("w:tblCellMar", None,
                            _el("w:top", {"w:w": 0, "w:type": "dxa"}),
                            _el("w:left", {"w:w": 108, "w:type": "dxa"}),
                            _el("w:bottom", {"w:w": 0, "w:type": "dxa"}),
                            _el("w:right", {"w:w": 108, "w:type": "dxa"})))))
    border = {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "auto"}
    root.append(_el("w:style", {"w:type": "table", "w:styleId": "TableGrid"},
                    _val("w:name", "Table Grid"), _val("w:basedOn", "TableNormal"), _val("w:uiPriority", 39),
                    _el("w:tblPr", None, _el("w:tblBorders", None, *(
                        _el(f"w:{side}", border) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))))))
    root.append(_el("w:style", {"w:type": "numbering", "w:default": "1", "w:styleId": "NoList"},
                    _val("w:name", "No List"), _val("w:uiPriority", 99), _el("w:semiHidden"),
                    _el("w:unhideWhenUsed")))
    return _serialize(root)


# ------------------------------------------------------------------ the other parts


def settings_xml(language: str) -> bytes:
    """settings.xml: ask to update fields on open (TOC, page references), Word's footnote
    separators, Word 2013+ layout, a justified line ended by a line break not stretched (as in
    the PDF); no rsids or other per-session identifiers."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {NSDECL}>'
        '<w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="709"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:updateFields w:val="true"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="{language}" w:eastAsia="{language}" w:bidi="{language}"/>'
        '<w:decimalSymbol w:val=","/>'
        '<w:listSeparator w:val=";"/>'
        "</w:settings>"
    ).encode("utf-8")


def font_table_xml(fonts: Iterable[tuple[str, bool]]) -> bytes:
    """fontTable.xml: the fonts used, Cyrillic character set, so Word substitutes sensibly."""
    entries = "".join(
        f'<w:font w:name="{_attr(name)}"><w:charset w:val="CC"/>'
        f'<w:family w:val="{"modern" if mono else "roman"}"/><w:pitch w:val="{"fixed" if mono else "variable"}"/></w:font>'
        for name, mono in fonts
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {NSDECL}>{entries}</w:fonts>'.encode()


def document_xml(sheet: StyleSheet) -> bytes:
    """An empty document.xml body whose section has the paper size and margins of the PDF."""
    p = sheet.paper
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NSDECL}><w:body>'
        f'<w:sectPr><w:pgSz w:w="{p.width}" w:h="{p.height}"/>'
        f'<w:pgMar w:top="{p.top}" w:right="{p.right}" w:bottom="{p.bottom}" w:left="{p.left}" '
        f'w:header="{p.header}" w:footer="{p.footer}" w:gutter="0"/>'
        '<w:cols w:space="720"/></w:sectPr>'
        "</w:body></w:document>"
    ).encode()


_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>reportgen {version}</Application><DocSecurity>0</DocSecurity></Properties>"
)
_RELS = '<Relationship Id="{id}" Type="{type}" Target="{target}"/>'
_RELS_DOC = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
)
_CT = "application/vnd.openxmlformats-officedocument"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_CT}.wordprocessingml.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_CT}.wordprocessingml.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{_CT}.wordprocessingml.settings+xml"/>'
    f'<Override PartName="/word/numbering.xml" ContentType="{_CT}.wordprocessingml.numbering+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{_CT}.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/>'
    "</Types>"
)


def base_package(sheet: StyleSheet, styles: bytes, numbering: bytes, fonts: bytes, version: str) -> bytes:
    """A minimal, clean .docx (no template leftovers: no theme, thumbnail, rsids or custom XML)
    for python-docx to open and fill."""
    package_rels = "".join([
        _RELS.format(id="rId1", type=RT.OFFICE_DOCUMENT, target="word/document.xml"),
        _RELS.format(id="rId2", type=RT.CORE_PROPERTIES, target="docProps/core.xml"),
        _RELS.format(id="rId3", type=RT.EXTENDED_PROPERTIES, target="docProps/app.xml"),
    ])
    document_rels = "".join([
        _RELS.format(id="rId1", type=RT.STYLES, target="styles.xml"),
        _RELS.format(id="rId2", type=RT.SETTINGS, target="settings.xml"),
        _RELS.format(id="rId3", type=RT.NUMBERING, target="numbering.xml"),
        _RELS.format(id="rId4", type=RT.FONT_TABLE, target="fontTable.xml"),
    ])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS_DOC.format(rels=package_rels))
        z.writestr("word/_rels/document.xml.rels", _RELS_DOC.format(rels=document_rels))
        z.writestr("word/document.xml", document_xml(sheet))
        z.writestr("word/styles.xml", styles)
        z.writestr("word/settings.xml", settings_xml(sheet.language))
        z.writestr("word/numbering.xml", numbering)
        z.writestr("word/fontTable.xml", fonts)
        z.writestr("docProps/core.xml", _CORE)
        z.writestr("docProps/app.xml", _APP.format(version=_text(version)))
    return buffer.getvalue()


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same package with every entry's time set to `when` (clamped to what ZIP can hold),
    fixed permissions and a fixed order ([Content_Types].xml first, then by name): two builds
    of one source give the same bytes."""
    stamp = max(min(when.replace(tzinfo=None), dt.datetime(2107, 12, 31, 23, 59, 58)), dt.datetime(1980, 1, 1))
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second - stamp.second % 2)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    names = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")
