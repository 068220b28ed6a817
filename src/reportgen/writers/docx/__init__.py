"""The DOCX writer: an editable Word document from the typeset model, as a careful person would make it.

- Named styles only (`styles/docx.yaml` → styles.xml, Word's built-in names where one fits); no run
  or paragraph carries direct formatting.
- Real footnotes (footnotes.xml, separators -1/0 as Word writes them). A note called a second time
  gets a NOTEREF cross-reference (`\f`: formatted as a footnote reference) to a bookmark around its
  first call, its number cached: Word updates it, LibreOffice shows the cached number.
- Kazakh (kk-KZ) proofing language in the document defaults and the root styles; PT Serif.
- Sections as in the PDF: the title page (no page number), the contents (a TOC field whose result is
  already written: the headings and estimated page numbers, which Word updates when it opens the
  file — settings ask it to — and LibreOffice shows as written), one section per level-1 heading
  with the heading as running head (a STYLEREF field, cached), and the index «Көрсеткіш» in two
  columns.
- The index: a bookmark named after the anchor around each mention; each locator is a PAGEREF field
  to it. LibreOffice computes PAGEREF at layout and Word on update, so every printed number is the
  mention's page; mentions in a footnote point at the note's call (same page; LibreOffice cannot
  resolve a bookmark inside a note). Mentions are merged by the pages `estimate_pages` gives them
  (`locator_runs`): one locator per estimated page, consecutive pages a range «3–5» (a PAGEREF at
  each end), so no page is printed twice where the estimate agrees with the layout; where it is
  a page off, LibreOffice's own numbers can make a range «4–4» (1 of the essay's 69 lists; before
  the merge 14 printed a page twice). XE fields with an INDEX field would merge them in Word, but
  LibreOffice prints an imported INDEX field empty, and an IF around two PAGEREFs prints garbage.
- Reproducible: dates from SOURCE_DATE_EPOCH, else the front-matter date, else 2000-01-01; the ZIP
  is rewritten with fixed times and order; no rsids or random ids.

All raw WordprocessingML is in `oxml.py`; the style sheet is read by `styles.py`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.parser import parse_xml
from docx.oxml.shape import CT_Inline
from docx.parts.hdrftr import FooterPart, HeaderPart

from ... import __version__
from ... import model as m
from ...diagnostics import ReportgenError
from ... import stylesheets
from ...safety import allowed_roots, check_path
from ... import highlight, texmath
from ...resources import display_size
from ..meta import (LABELS, academic, captioned_lists, contents_settings, date_label, figure_label, locator_separators,
                    page_runs, place_year, see_also, signatures, source_date, span_lang, table_label)
from . import omml, oxml
from .styles import StyleSheet
from .styles import load as load_styles

TOC_INSTRUCTION = 'TOC \\o "1-{depth}" \\h \\z \\u'  # the depth: `toc-depth`
DEFAULT_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
# an index group of at most this many sub-entries stays in one column (`index_entry`): about half
# an A5 column of the index's 10 pt lines, so the gap it can leave at a column's foot stays short
KEEP_GROUP = 16
_SAFE_HREF = re.compile(r"^(https?:|mailto:)", re.I)
_LEVEL_SUFFIX = {1: "", 2: " 2", 3: " 3"}  # List Bullet, List Bullet 2, List Bullet 3 …
_LIST_INDENT_EM = 1.5
_LIST_HANGING_EM = 1.2

# the character style of each kind of code token (highlight.KINDS)
_CODE_STYLES = {"keyword": "Code Keyword", "string": "Code String", "comment": "Code Comment",
                "number": "Code Number", "name": "Code Name", "builtin": "Code Builtin", "operator": "Code Operator"}

# the styles the writer uses; styles/docx.yaml must define them all
REQUIRED_STYLES = (
    "Normal", "Body Text", "First Paragraph", "Quote", "HTML Preformatted", "Thematic Break",
    "List Paragraph", "List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
    "List Number 3", "List Continue", "List Continue 2", "List Continue 3", "Heading 1", "Heading 2", "Heading 3", "Heading 4",
    "Subtitle", "Title", "Author", "Date", "TOC Heading", "TOC 1", "TOC 2", "TOC 3", "Footnote Text",
    "Footnote Reference", "Index Heading", "Index 1", "Index 2", "Footer", "Emphasis", "Strong",
    "Strong Emphasis", "HTML Code", "Hyperlink", "Caption", "Table Text", "Table Heading", "Line Block",
    "Definition Term", "Definition", "Figure", "Image Caption", "Bibliography", "Institution", "Signature",
    "Signature Label", "Place Year", *_CODE_STYLES.values(),
)


def build_date(doc: m.Document) -> dt.datetime:
    """The date written into the package (core properties, ZIP entries): SOURCE_DATE_EPOCH if set,
    else the front-matter date (midnight UTC), else 2000-01-01 — never the clock, so every build of
    one source is the same file."""
    fixed = source_date()
    if fixed is not None:
        return fixed
    try:
        day = dt.date.fromisoformat(str(doc.meta.date).strip())
    except ValueError:
        return DEFAULT_DATE
    if day.year < 1000:  # python-docx writes the year with strftime("%Y"): "999-…", no W3CDTF date
        return DEFAULT_DATE
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def write(doc: m.Document, path: Path, options) -> None:
    """Write the DOCX of `doc` to `path`."""
    root = Path(options.project_root).resolve()
    roots = allowed_roots(root, Path(doc.source) if doc.source else None)
    sheet_path = check_path(stylesheets.locate(root, "docx.yaml"), roots, "style sheet")
    overlay = None
    if academic(doc.meta):  # `layout: academic`: docx-academic.yaml over docx.yaml, on A4
        overlay = check_path(stylesheets.locate(root, "docx-academic.yaml"), roots, "style sheet")
    sheet = load_styles(sheet_path, "a4" if overlay else options.paper, overlay)
    missing = [name for name in REQUIRED_STYLES if name not in sheet.styles]
    if missing:
        raise ReportgenError(f"styles/docx.yaml does not define the style(s) {', '.join(missing)}", str(sheet_path))
    Path(path).write_bytes(DocxBuilder(doc, sheet, options).build())


def svg_png(path: str, width: int) -> bytes:
    """The SVG at `path` drawn as a PNG `width` pixels wide (cairosvg; `unsafe=False`: no external
    file or URL the SVG names is read — resources.py has checked the file itself)."""
    import cairosvg

    data = Path(path).read_bytes()
    try:
        return cairosvg.svg2png(bytestring=data, output_width=max(width, 1), unsafe=False)
    except Exception as exc:  # a drawing cairosvg cannot read: one located line, never a traceback
        raise ReportgenError(f"cannot draw this SVG for the DOCX ({type(exc).__name__}: {exc}); "
                             "check the file or save it as PNG", str(path)) from None


# ---------------------------------------------------------------- bookmarks


class Bookmarks:
    """Bookmark names for model ids (heading ids, span ids, mention anchors): Word's rules
    (at most 40 characters, letters, digits and `_`, starting with a letter), unique, stable."""

    def __init__(self):
        self.names: dict[str, str] = {}
        self.used: set[str] = set()
        self.placed: dict[str, int] = {}  # key → bookmark id: ids follow the document order
        self._next_id = 0
        # base name → the last suffix tried for it: the next name with that base tries on from
        # there (each one trying _2, _3 … again was quadratic in names sharing 40 characters)
        self._suffix: dict[str, int] = {}

    @staticmethod
    def sanitize(text: str, hidden: bool = False) -> str:
        name = re.sub(r"[^A-Za-z0-9_]", "_", text)
        if hidden:  # Word's hidden bookmarks (cross-reference targets) start with `_Ref`
            return ("_Ref" + name)[:40]
        if not name[:1].isalpha():
            name = "b" + name
        return name[:40]

    def name(self, key: str, hint: str | None = None, hidden: bool = False) -> str:
        if key in self.names:
            return self.names[key]
        base = self.sanitize(hint if hint is not None else key, hidden)
        name, n = base, self._suffix.get(base, 1)
        if n > 1:  # base and the suffixes up to n are taken already
            name = base[: 40 - len(f"_{n}")] + f"_{n}"
        while name.lower() in self.used:  # Word compares bookmark names case-insensitively
            n += 1
            suffix = f"_{n}"
            name = base[: 40 - len(suffix)] + suffix
        self._suffix[base] = n
        self.used.add(name.lower())
        self.names[key] = name
        return name

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def wrap(self, parent, key: str, fill, hint: str | None = None, hidden: bool = False) -> str:
        """Put a bookmark for `key` around what `fill()` appends to `parent`."""
        name = self.name(key, hint, hidden)
        ident = self.new_id()
        parent.append(oxml.bookmark_start(ident, name))
        fill()
        parent.append(oxml.bookmark_end(ident))
        self.placed[key] = ident
        return name

    def wrap_once(self, parent, key: str, fill) -> None:
        """`wrap`, when `key` is given and has no bookmark yet (a link goes to its first place);
        else `fill()` alone."""
        if key and key not in self.placed:
            self.wrap(parent, key, fill)
        else:
            fill()


# ---------------------------------------------------------------- relationships


class Relations:
    """New relationships and header parts, named as python-docx names them (the lowest free rId
    of the part, the lowest free /word/headerN.xml) without its searches: python-docx looks
    through all of a part's relationships for an equal one and for a free rId, and through all
    the package's parts for a free name, at each one added (quadratic in the links and sections).
    Only this writer adds hyperlinks and headers, so the equal hyperlink is the one it made."""

    def __init__(self, package):
        self.package = package
        self.names = {str(part.partname) for part in package.iter_parts()}
        self.header_xml = HeaderPart._default_header_xml()  # the header python-docx starts from
        self.headers = 1  # /word/header1.xml … header(n-1).xml are taken
        self.free: dict[int, int] = {}  # id(part) → n: rId1 … rId(n-1) are taken
        self.links: dict[tuple[int, str], str] = {}  # (id(part), URL) → rId of the hyperlink

    def add(self, part, reltype: str, target, external: bool = False) -> str:
        """A new relationship of `part` to `target`: its rId."""
        n = self.free.get(id(part), 1)
        while f"rId{n}" in part.rels:
            n += 1
        self.free[id(part)] = n + 1
        part.rels.add_relationship(reltype, target, f"rId{n}", external)
        return f"rId{n}"

    def link(self, part, url: str) -> str:
        """The rId of `part`'s hyperlink to `url` (one relationship for every link to it)."""
        key = (id(part), url)
        if key not in self.links:
            self.links[key] = self.add(part, oxml.HYPERLINK_RT, url, external=True)
        return self.links[key]

    def header(self, part) -> tuple[HeaderPart, str]:
        """A new header part of `part` (the document's) and its rId."""
        n = self.headers
        while f"/word/header{n}.xml" in self.names:
            n += 1
        self.headers = n + 1
        header = HeaderPart(PackURI(f"/word/header{n}.xml"), CT.WML_HEADER, parse_xml(self.header_xml), self.package)
        return header, self.add(part, RT.HEADER, header)

    def footer(self, part) -> tuple[FooterPart, str]:
        """A new footer part of `part` (the document's) and its rId (the title page's foot)."""
        taken = {str(p.partname) for p in self.package.iter_parts()}  # once per document: the page-number footer is made after __init__
        n = 1
        while f"/word/footer{n}.xml" in taken:
            n += 1
        footer = FooterPart(PackURI(f"/word/footer{n}.xml"), CT.WML_FOOTER,
                            parse_xml(FooterPart._default_footer_xml()), self.package)
        return footer, self.add(part, RT.FOOTER, footer)


# ---------------------------------------------------------------- page estimates


def estimate_pages(doc: m.Document, sheet: StyleSheet, toc_entries: int,
                   block_keys: dict[int, str] | None = None, list_pages: int = 0) -> dict[str, int]:
    """A rough page for each heading id, mention anchor and span id: the pre-filled results of
    the TOC and index fields, shown until Word or LibreOffice update them. Assumes the layout of
    the styles (title page, contents, each level-1 heading on a new page, footnotes at the foot)."""
    paper = sheet.paper
    size = paper.body_size / 2
    line = size * 1.4
    per_line = max(20, int(paper.text_width / 20 / (size * 0.52)))  # PT Serif: 0.51 em a character, and line ends
    height = paper.text_height / 20
    note_line, note_per_line = 9 * 1.3, int(per_line * size / 9)
    # no contents page with `toc: false` (toc_entries < 0)
    toc_pages = 0 if toc_entries < 0 else max(1, math.ceil((2 + toc_entries) * (line + 3) / height))
    pages: dict[str, int] = {}
    state = {"page": 1 + toc_pages + list_pages, "y": height}  # the first heading starts a page
    called: set[str] = set()

    def advance(amount: float) -> None:
        state["y"] += amount
        while state["y"] > height:
            state["y"] -= height
            state["page"] += 1

    def page_at(offset: float) -> int:
        # the pages `advance` would turn, counted at once: turned one by one for each anchor,
        # they made a long paragraph with many anchors quadratic
        return state["page"] + max(0, math.ceil((state["y"] + offset) / height) - 1)

    def inline_marks(node) -> tuple[int, list[tuple[int, str]], list[str]]:
        """Length of the text, (offset, key) of anchors, notes called for the first time."""
        marks, notes, length = [], [], 0
        for n in m.walk(node):
            if isinstance(n, (m.Text, m.Code)):
                length += len(n.text) - n.text.count(m.SHY)
            elif isinstance(n, (m.SoftBreak, m.LineBreak)):
                length += 1
            elif isinstance(n, m.Mention) and n.anchor:
                marks.append((length, n.anchor))
            elif isinstance(n, (m.Span, m.Heading)) and n.id:
                marks.append((length, n.id))
            elif isinstance(n, m.FootnoteRef) and n.id not in called:
                called.add(n.id)
                notes.append(n.id)
        return length, marks, notes

    notes = {n.id: n for n in doc.footnotes}

    def text_block(node, line_height: float, chars: int, before: float = 0) -> None:
        length, marks, first_calls = inline_marks(node)
        advance(before)
        block = max(1, math.ceil(length / chars)) * line_height
        for offset, key in marks:
            pages.setdefault(key, page_at(block * offset / max(length, 1)))
        for note_id in first_calls:
            if note_id in notes:
                note = notes[note_id]
                for n in m.walk(note):
                    if isinstance(n, m.Mention) and n.anchor:
                        pages.setdefault(n.anchor, page_at(block))
                note_len = len(m.plain_text(note).replace(m.SHY, "")) + 4
                advance(max(1, math.ceil(note_len / note_per_line)) * note_line)
        advance(block)

    def blocks(nodes) -> None:
        for node in nodes:
            if block_keys and id(node) in block_keys:  # a listed figure or table: where it starts
                pages.setdefault(block_keys[id(node)], page_at(0))
            if isinstance(node, m.Heading):
                if node.level == 1 and state["y"] > 0:
                    state["page"] += 1
                    state["y"] = 0
                text_block(node, size * 1.6, per_line // 2, before=14 if node.level > 1 else 0)
            elif isinstance(node, (m.Paragraph, m.LineBlock)):
                text_block(node, line, per_line)
            elif isinstance(node, m.DefinitionList):
                for item in node.items:
                    text_block(item.term, line, per_line)
                    for definition in item.children:
                        blocks(definition.children)
            elif isinstance(node, m.Div):
                blocks(node.children)
            elif isinstance(node, m.Bibliography):
                for entry in node.entries:
                    text_block(entry, line, per_line)
            elif isinstance(node, m.Figure):
                advance(display_size(node.image, sheet.paper.text_width / 15)[1] * 0.75)  # px → pt
                if node.caption is not None:
                    text_block(node.caption, line, per_line)
            elif isinstance(node, m.Table):
                # the caption above (the «1-кесте – …» the styles set), then a row at a time: a
                # row's mentions and first note calls at its line (tables were left out: the
                # mentions in them had no page, and the rest of the document was a table early)
                if node.caption is not None:
                    text_block(node.caption, line, per_line)
                for row in [*node.head, *node.children]:
                    text_block(row, line * 1.1, per_line)
            elif isinstance(node, m.CodeBlock):
                advance((node.text.count("\n") + 1) * 9.5 * 1.2)
            elif isinstance(node, m.BlockQuote):
                blocks(node.children)
            elif isinstance(node, (m.BulletList, m.OrderedList)):
                blocks(node.items)
            elif isinstance(node, m.ListItem):
                blocks(node.children)
            elif isinstance(node, m.ThematicBreak):
                advance(line)

    blocks(doc.blocks)
    pages["\0index"] = state["page"] + 1
    return pages


# ---------------------------------------------------------------- the builder


@dataclass
class _Story:
    """Where blocks go: the document body (python-docx paragraphs) or one footnote."""

    part: object  # the package part holding hyperlink relationships
    add: object  # style name → new w:p element appended to the story
    add_table: object = None  # w:tbl element → appended to the story
    in_note: bool = False
    note_key: str = ""  # in a footnote: the bookmark key of the note's (first) call


@dataclass
class _Context:
    quote: bool = False
    list_depth: int = 0
    flags: frozenset = field(default_factory=frozenset)
    lang: str = ""  # a span's `lang=` (text in another language), else the document's
    marks: frozenset = field(default_factory=frozenset)  # oxml.run's direct formatting (strikeout, sub/sup)
    style: str = ""  # the paragraph style of the blocks inside (a definition, a div whose class names a style)
    bookmark: str = ""  # an id (a div's) to mark on the next paragraph written


class DocxBuilder:
    def __init__(self, doc: m.Document, sheet: StyleSheet, options):
        self.doc = doc
        self.sheet = sheet
        self.options = options
        self.notes = {n.id: n for n in doc.footnotes}
        self.bookmarks = Bookmarks()
        self.note_ids: dict[str, int] = {}  # model footnote id → w:id, in order of first call
        self.index_targets: dict[str, str] = {}  # mention anchor → bookmark key its page is read from
        self.after_heading = False
        self.show_toc, self.toc_depth = contents_settings(doc)  # `toc: false`, `toc-depth: N`
        self.toc = [h for h in doc.blocks if isinstance(h, m.Heading) and h.level <= self.toc_depth]
        if not self.show_toc:
            self.toc = []
        # the bookmark key of each heading in the contents (the reader gives every heading an id)
        self.heading_keys = {id(h): h.id or f"\0heading-{n}" for n, h in enumerate(self.toc, 1)}
        # `lof`, `lot`: the lists of figures and tables after the contents; each listed caption is
        # bookmarked (its id, or a key of its own) for the list's links and page numbers
        self.lists = captioned_lists(doc)
        self.list_keys = {id(node): node.id or f"\0{type(node).__name__}-{node.number}"
                          for _key, entries in self.lists for node, _label in entries}
        entries = len(self.toc) + (1 if doc.index else 0) if self.show_toc else -1
        # each list starts a page ("TOC Heading" breaks before it), a long one runs over more
        list_pages = sum(max(1, math.ceil((2 + len(e)) / 30)) for _k, e in self.lists)
        self.pages = estimate_pages(doc, sheet, entries, self.list_keys, list_pages)
        self.targets = {n.id for n in m.walk(doc) if isinstance(n, (m.Heading, m.Span, m.Table, m.Div, m.Figure)) and n.id}
        self.targets |= {n.id for b in m.query(doc, *m.TEXT_BLOCKS) for n in b.children if isinstance(n, m.Math) and n.id}
        self.targets |= {f"ref-{e.id}" for e in m.query(doc, m.BibEntry)}
        self.warnings = getattr(options, "warnings", None)
        self.shape_ids = 0  # wp:docPr ids, counted here (python-docx's next_id reads the whole body each time)
        self.targets |= {n.anchor for n in m.walk(doc) if isinstance(n, m.Mention) and n.anchor}

    def sid(self, name: str) -> str:
        return self.sheet[name].id

    # ---- package

    def build(self) -> bytes:
        sheet = self.sheet
        em = sheet.paper.body_size / 2 * 20
        list_styles = [s for s in sheet.styles.values() if s.numbering]
        self.list_abstract = {s.name: i for i, s in enumerate(list_styles)}
        numbering = oxml.numbering_xml(
            [(s, round(em * _LIST_INDENT_EM * s.level), round(em * _LIST_HANGING_EM)) for s in list_styles], sheet)
        styles_xml = oxml.styles_xml(sheet, {s.name: i + 1 for i, s in enumerate(list_styles)})
        fonts = [(sheet.default_font, False)] + [
            (s.font, True) for s in sheet.styles.values() if s.font and s.font != sheet.default_font]
        fonts = list(dict.fromkeys(fonts))
        base = oxml.base_package(sheet, styles_xml, numbering, oxml.font_table_xml(fonts), __version__)
        self.document = docx.Document(io.BytesIO(base))
        self.numbering = self.document.part.numbering_part.element

        self.footnotes = oxml.footnotes_root()
        self.footnotes_part = XmlPart(PackURI(oxml.FOOTNOTES_PARTNAME), oxml.FOOTNOTES_CT, self.footnotes,
                                      self.document.part.package)
        self.document.part.relate_to(self.footnotes_part, oxml.FOOTNOTES_RT)
        self.relations = Relations(self.document.part.package)

        section = self.document.sections[0]
        footer = section.footer.paragraphs[0]._p
        for r in oxml.field("PAGE", "1"):
            footer.append(r)
        self.body_sectpr = section._sectPr
        self.base_sectpr = oxml.section(self.body_sectpr)
        self.headers: dict[str, str] = {}  # running head → rId of its header part
        self.first_header: str | None = None  # rId of the empty header of a chapter's first page
        self.last_p = None
        self.section_head: str | None = None  # the running head of the open section
        self.section_first = True  # the open section is the title page: no page number
        self.section_written = False

        body = _Story(self.document.part, self._body_paragraph, add_table=self.body_sectpr.addprevious)
        self.title_page()
        if self.show_toc:
            self.start_section("")  # the contents: a page of their own, numbered, no running head
            self.contents()
        if self.lists:
            self.start_section("")  # the lists of figures and tables: after the contents, a page of their own
            self.caption_lists()
        self.start_section("")  # the body starts on a new page, after the contents
        for node in self.doc.blocks:
            if isinstance(node, m.Heading) and node.level == 1:
                self.start_section(m.plain_text(node))
            self.block(node, body, _Context())
        if self.doc.index:
            self.index()
        else:
            oxml.replace_section(self.body_sectpr, self.section_properties())
        self.properties()

        out = io.BytesIO()
        self.document.save(out)
        return oxml.normalize_zip(out.getvalue(), build_date(self.doc))

    def _body_paragraph(self, style: str):
        # put right before the body's w:sectPr: python-docx's add_paragraph looked for it among all
        # the body's children, and for the style's id among all the styles, at each paragraph
        # (quadratic in the paragraphs); Normal, the default style, is named by no w:pStyle, as
        # python-docx writes it
        sid = self.sid(style)
        self.last_p = oxml.paragraph(None if sid == self.sid("Normal") else sid)
        self.body_sectpr.addprevious(self.last_p)
        self.section_written = True
        return self.last_p

    # ---- sections: the title page and contents; one per level-1 heading (its running head,
    # as print.css `string-set`); the index heading; the index in two columns

    def start_section(self, head: str) -> None:
        """Close the open section (if it holds anything) and open one with running head `head`."""
        if self.section_written:
            if self.body_sectpr.getprevious() is not self.last_p:
                # the section ends with a table: a section's properties go in its last paragraph
                # (ECMA-376 §17.6.18), so one after the table carries them — put in the paragraph
                # before it, they took the table into the next section, a page away from its caption
                self._body_paragraph("Normal")
            oxml.end_section(self.last_p, self.section_properties())
            self.section_first = False
        self.section_head = head.replace(m.SHY, "").strip()
        self.section_written = False

    def section_properties(self, **layout):
        header = first = None
        # the academic layout has no running heads (ГОСТ 7.32: the page number alone)
        if self.section_head and not self.section_first and not academic(self.doc.meta):
            header = self.headers.get(self.section_head)
            if header is None:
                part, header = self.relations.header(self.document.part)
                oxml.running_head(part.element, self.section_head)
                self.headers[self.section_head] = header
            # the page a chapter (or the index) opens has none: the section's first page (also
            # of the index's two-column section, which starts on the page its heading opens)
            if self.first_header is None:
                self.first_header = self.relations.header(self.document.part)[1]  # empty
            first = self.first_header
        foot = None
        if self.section_first and place_year(self.doc.meta) and self.doc.meta.academic:
            # the university title page: «Алматы, 2026» in its own footer, at the foot of the page
            part, foot = self.relations.footer(self.document.part)
            oxml.footer_line(part.element, place_year(self.doc.meta), self.sid("Place Year"))
        return oxml.section(self.base_sectpr, header_rid=header, first_header_rid=first,
                            footer=not self.section_first, footer_rid=foot, **layout)

    def properties(self) -> None:
        meta = self.doc.meta
        when = build_date(self.doc).astimezone(dt.timezone.utc).replace(tzinfo=None)
        core = self.document.core_properties
        # document properties hold at most 255 characters (python-docx, ECMA-376 Part 2 core
        # properties); the reader limits the source's fields, but typography can lengthen them
        # (no-break spaces in digit groups): the property is cut, the title page keeps it whole
        core.title = meta.title[:255]
        core.subject = meta.subtitle[:255]
        core.author = meta.author[:255]
        core.language = ("kk-KZ" if (meta.lang or "kk").lower().startswith("kk") else meta.lang)[:255]
        core.created = when
        core.modified = when
        core.revision = 1

    # ---- title page and contents

    def title_page(self) -> None:
        meta = self.doc.meta
        if meta.academic:
            self.academic_title_page()
            return
        if meta.subtitle:
            oxml_p = self._body_paragraph("Subtitle")
            oxml_p.append(oxml.run(meta.subtitle))
        title = self._body_paragraph("Title")
        title.append(oxml.run(meta.title))
        if meta.author:
            self._body_paragraph("Author").append(oxml.run(meta.author))
        # Babel (CLDR kk) puts U+202F after the year, which PT Serif lacks: a no-break space
        label = str(date_label(meta.date)).replace("\u202f", "\u00a0") if meta.date else ""
        if label:
            self._body_paragraph("Date").append(oxml.run(label))

    def academic_title_page(self) -> None:
        """The university title page: institution lines, the genre and topic, «Орындаған: …» and
        «Тексерген: …» in the right half, «Алматы, 2026» in the title section's footer (the foot
        of the page, as print.css puts it in the bottom margin box; writers/meta.py)."""
        meta = self.doc.meta
        for line in meta.institution:
            self._body_paragraph("Institution").append(oxml.run(line))
        if meta.subtitle:
            self._body_paragraph("Subtitle").append(oxml.run(meta.subtitle))
        self._body_paragraph("Title").append(oxml.run(meta.title))
        for label, lines in signatures(meta):
            self._body_paragraph("Signature Label").append(oxml.run(label))
            for line in lines:
                self._body_paragraph("Signature").append(oxml.run(line))

    def contents(self) -> None:
        """«Мазмұны» and a TOC field whose result is already the list of headings."""
        entries = [(f"TOC {h.level}", m.plain_text(h).strip(), self.heading_keys[id(h)], None) for h in self.toc]
        if self.doc.index:
            entries.append(("TOC 1", LABELS["index"], "\0index", "index"))
        self.field_list(LABELS["contents"], TOC_INSTRUCTION.format(depth=self.toc_depth), entries)

    def caption_lists(self) -> None:
        """The lists of figures and tables (`lof`, `lot`): a TOC field over the caption style
        (`TOC \\h \\z \\t "Image Caption,1"`), its result already the list."""
        for key, entries in self.lists:
            style = "Image Caption" if key == "figures" else "Caption"
            self.field_list(LABELS[key], f'TOC \\h \\z \\t "{style},1"', [
                ("TOC 1", label + m.plain_text(node.caption).replace(m.SHY, "").strip(), self.list_keys[id(node)],
                 node.id or None) for node, label in entries])

    def field_list(self, title: str, instruction: str, entries: list[tuple[str, str, str, str | None]]) -> None:
        """A heading and a TOC field whose result is already written: for each entry (paragraph
        style, text, bookmark key, bookmark name hint) a link to the bookmark, a tab and a PAGEREF
        whose result is the estimated page, until Word or LibreOffice update the field."""
        self._body_paragraph("TOC Heading").append(oxml.run(title))
        if not entries:
            p = self._body_paragraph("TOC 1")
            for r in oxml.field(instruction, ""):
                p.append(r)
        for number, (style, text, key, hint) in enumerate(entries):
            p = self._body_paragraph(style)
            if number == 0:
                for r in oxml.field_begin(instruction):
                    p.append(r)
            name = self.bookmarks.name(key, hint)
            link = oxml.hyperlink(anchor=name)
            link.append(oxml.run(text))
            link.append(oxml.run("\t"))
            for r in oxml.field(f"PAGEREF {name} \\h", str(self.pages.get(key, ""))):
                link.append(r)
            p.append(link)
            if number == len(entries) - 1:
                p.append(oxml.field_end())
        # an empty paragraph after the field carries the section break: LibreOffice reads the
        # footer of a section that ends inside a TOC as part of the TOC and drops its PAGE field
        self._body_paragraph("Normal")

    # ---- blocks

    def blocks(self, nodes: list, story: _Story, ctx: _Context) -> None:
        for node in nodes:
            self.block(node, story, ctx)

    def block(self, node, story: _Story, ctx: _Context) -> None:
        if isinstance(node, m.Heading):
            p = story.add(f"Heading {min(max(node.level, 1), 4)}")
            key = node.id or self.heading_keys.get(id(node))
            if key and not story.in_note and key not in self.bookmarks.placed:
                self.bookmarks.wrap(p, key, lambda: self.inlines(p, node.children, story, ctx))
            else:
                self.inlines(p, node.children, story, ctx)
            self.after_heading = True
            return
        if isinstance(node, (m.Paragraph, m.LineBlock)):
            if story.in_note:
                style = "Footnote Text"
            elif isinstance(node, m.LineBlock):
                style = "Line Block"
            elif ctx.style:
                style = ctx.style
            elif ctx.quote:
                style = "Quote"
            elif ctx.list_depth:
                style = "List Continue" + _LEVEL_SUFFIX[ctx.list_depth]
            else:
                style = "First Paragraph" if self.after_heading else "Body Text"
            p = story.add(style)
            formula = node.children[0] if len(node.children) == 1 else None
            if isinstance(formula, m.Math) and formula.display and formula.number and not formula.unsupported:
                # a numbered formula alone: centred, its number «(1)» at the right margin (tab stops)
                oxml.equation_line(p, self.sheet.paper.text_width)
                ctx = replace(ctx, flags=ctx.flags | {"equation"})
            self.mark(p, ctx, lambda: self.inlines(p, node.children, story, ctx))
        elif isinstance(node, m.DefinitionList):
            for item in node.items:
                p = story.add("Definition Term")
                self.mark(p, ctx, lambda: self.inlines(p, item.term.children, story, ctx))
                ctx = replace(ctx, bookmark="")
                for definition in item.children:
                    self.blocks(definition.children, story, replace(ctx, style="Definition"))
        elif isinstance(node, m.Div):
            style = self.div_style(node.classes) or ctx.style
            inner = replace(ctx, style=style, bookmark=node.id if node.id and node.id not in self.bookmarks.placed else "")
            if span_lang(node.attrs):
                inner = replace(inner, lang=span_lang(node.attrs))
            self.blocks(node.children, story, inner)
        elif isinstance(node, m.BlockQuote):
            self.blocks(node.children, story, replace(ctx, quote=True, style=""))
        elif isinstance(node, (m.BulletList, m.OrderedList)):
            self.list(node, story, ctx)
        elif isinstance(node, m.ListItem):
            self.blocks(node.children, story, ctx)
        elif isinstance(node, m.CodeBlock):
            p = story.add("HTML Preformatted")
            for kind, value in highlight.runs(node.text.rstrip("\n"), node.info):  # Pygments (highlight.py)
                p.append(oxml.run(value, self.sid(_CODE_STYLES[kind]) if kind else None))
        elif isinstance(node, m.ThematicBreak):
            story.add("Thematic Break")
        elif isinstance(node, m.Table):
            self.table(node, story, ctx)
        elif isinstance(node, m.Figure):
            self.figure(node, story, ctx)
        elif isinstance(node, m.Bibliography):
            self.bibliography(node, story, ctx)
        else:
            raise TypeError(f"no DOCX for {type(node).__name__}")
        self.after_heading = False

    def table(self, node: m.Table, story: _Story, ctx: _Context) -> None:
        """A Word table (`w:tbl`, style "Table Grid"): the numbered caption above it in "Caption",
        header rows repeated on each page (`w:tblHeader`), rows not split across pages
        (`w:cantSplit`), each cell's alignment on its paragraph."""
        if node.caption is not None:
            self.caption("Caption", node, table_label(node.number) if node.number else "", story, ctx)
        rows = [(row, True) for row in node.head] + [(row, False) for row in node.children]
        columns = max((len(row.children) for row, _ in rows), default=0)
        width = self.sheet.paper.text_width
        if node.widths and len(node.widths) == columns:  # multiline and grid tables: the source's shares
            grid = [round(width * w / sum(node.widths)) for w in node.widths]
        else:
            grid = [width // columns] * columns if columns else []
        table = oxml.table(grid)
        for row, header in rows:
            tr = oxml.table_row(table, header)
            for k, cell in enumerate(row.children):
                style = "Table Heading" if cell.header else "Table Text"
                p = oxml.table_cell(tr, grid[k] if k < len(grid) else 0, self.sid(style), cell.align)
                if cell.blocks:
                    self.cell_blocks(p, cell, style, story, ctx)
                else:
                    self.inlines(p, cell.children, story, ctx)
        story.add_table(table)

    def cell_blocks(self, p, cell: m.TableCell, style: str, story: _Story, ctx: _Context) -> None:
        """A grid cell's blocks (paragraphs, lists) written into its `w:tc` in place of the one
        paragraph `p` the cell was made with; a cell ends with a paragraph (ECMA-376 §17.4.66)."""
        tc = p.getparent()
        tc.remove(p)

        def add(name: str):
            para = oxml.paragraph(self.sid(name))
            tc.append(para)
            return para

        inside = _Story(story.part, add, tc.append, in_note=story.in_note, note_key=story.note_key)
        self.blocks(cell.blocks, inside, replace(ctx, style=style))
        if tc[-1].tag != oxml.qn("w:p"):
            add(style)

    def figure(self, node: m.Figure, story: _Story, ctx: _Context) -> None:
        """A figure: the picture in a "Figure" paragraph (kept with the next), its numbered caption
        «1-сурет – Атауы» below it in "Image Caption" (pandoc's style names); the caption is the
        picture's description (`wp:docPr/@descr`)."""
        alt = m.plain_text(node.caption).replace(m.SHY, "") if node.caption else node.image.alt
        if node.image.path:  # a remote image leaves its caption, which is its alt text, alone
            self.image(story.add("Figure"), node.image, story, ctx, alt)
        if node.caption is not None:
            self.caption("Image Caption", node, figure_label(node.number) if node.number else "", story, ctx)

    def caption(self, style: str, node: m.Table | m.Figure, label: str, story: _Story, ctx: _Context) -> None:
        """A table's or figure's caption paragraph: its label («1-кесте – », «1-сурет – ») and text,
        inside the bookmark of the node's id (not in a note: LibreOffice cannot reach one there)."""
        p = story.add(style)

        def fill() -> None:
            if label:
                p.append(oxml.run(label))
            self.inlines(p, node.caption.children, story, ctx)

        key = node.id or self.list_keys.get(id(node), "")  # a listed caption without an id: its own key
        self.bookmarks.wrap_once(p, "" if story.in_note else key, fill)

    def image(self, parent, node: m.Image, story: _Story, ctx: _Context, alt: str | None = None) -> None:
        """A picture (`w:drawing`, inline, at the size the source gives, no wider than the text) with
        its alt text as `descr`; where Word cannot take it (SVG, a note, a remote image) the alt text."""
        alt = node.alt if alt is None else alt
        if not node.path or story.in_note:
            if node.path and self.warnings is not None:
                self.warnings.add(self.doc.source, node.line, node.column, "an image in a note is not placed in "
                                  "the DOCX yet (its alt text is); the PDF and EPUB show it")
            parent.append(oxml.run(f"[{alt}]" if alt else "", self.char_style(ctx.flags), ctx.lang, ctx.marks))
            return
        width, height = display_size(node, self.sheet.paper.text_width / 15)  # twips → CSS px
        part = self.document.part
        # an SVG, which Word takes only beside a raster copy and python-docx not at all: a PNG of it
        # at twice the size it is shown (sharp in print at about 200 dpi)
        source = io.BytesIO(svg_png(node.path, round(width * 2))) if node.kind == "svg" else node.path
        r_id, picture = part.get_or_add_image(source)
        self.shape_ids += 1
        inline = CT_Inline.new_pic_inline(self.shape_ids, r_id, picture.filename, round(width * 9525),
                                          round(height * 9525))  # EMU per CSS px (914400 / 96)
        inline.docPr.set("descr", alt)
        parent.append(oxml.drawing(inline))

    def bibliography(self, node: m.Bibliography, story: _Story, ctx: _Context) -> None:
        """The references list: one paragraph per entry in the "Bibliography" style, its number
        «1.» written before it (the list stays editable text), a bookmark `ref_KEY` its citations
        link to."""
        for entry in node.entries:
            p = story.add("Bibliography")

            def fill(p=p, entry=entry) -> None:
                if node.numbered:
                    p.append(oxml.run(f"{entry.number}.\t", None, ctx.lang))
                self.inlines(p, entry.children, story, ctx)

            self.bookmarks.wrap_once(p, f"ref-{entry.id}", fill)

    def mark(self, p, ctx: _Context, fill) -> None:
        """Fill paragraph `p`, inside a bookmark of the div id `ctx.bookmark` (its first paragraph)
        if one is waiting (a link `#id` to a div goes there)."""
        self.bookmarks.wrap_once(p, ctx.bookmark, fill)

    def div_style(self, classes: list[str]) -> str:
        """The paragraph style a div's class names (case-insensitively, by name or id), if the
        style sheet has one: `::: {.Epigraph}` → "Epigraph"."""
        for cls in classes:
            for style in self.sheet.styles.values():
                if style.type == "paragraph" and cls.casefold() in (style.name.casefold(), style.id.casefold()):
                    return style.name
        return ""

    def list(self, node, story: _Story, ctx: _Context) -> None:
        depth = min(ctx.list_depth + 1, 3)  # deeper lists stay at the third level
        ordered = isinstance(node, m.OrderedList)
        style = ("List Number" if ordered else "List Bullet") + _LEVEL_SUFFIX[depth]
        num_id = None
        if ordered:  # each ordered list counts from its own start
            num_id = oxml.add_list_instance(self.numbering, self.list_abstract[style], node.start, node.style,
                                            node.delimiter)
        inner = replace(ctx, list_depth=depth, style="", bookmark="")
        for item in node.items:
            children = list(item.children)
            # a task item's box ☐/☒ is its marker: the item at the bullet's text indent, no bullet
            p = story.add("List Continue" + _LEVEL_SUFFIX[depth] if item.task and not ordered else style)
            if num_id is not None:
                oxml.set_numbering(p, num_id)
            if children and isinstance(children[0], m.Paragraph):
                self.inlines(p, children.pop(0).children, story, inner)
            self.after_heading = False
            self.blocks(children, story, inner)

    # ---- inlines

    def char_style(self, flags: frozenset) -> str | None:
        if "code" in flags:
            return self.sid("HTML Code")
        if "em" in flags and "strong" in flags:
            return self.sid("Strong Emphasis")
        if "strong" in flags:
            return self.sid("Strong")
        if "em" in flags:
            return self.sid("Emphasis")
        if "link" in flags:
            return self.sid("Hyperlink")
        return None

    def inlines(self, parent, nodes: list, story: _Story, ctx: _Context) -> None:
        for node in nodes:
            self.inline(parent, node, story, ctx)

    def inline(self, parent, node, story: _Story, ctx: _Context) -> None:
        style = self.char_style(ctx.flags)
        if isinstance(node, m.Text):
            parent.append(oxml.run(node.text, style, ctx.lang, ctx.marks))
        elif isinstance(node, m.Code):
            parent.append(oxml.run(node.text, self.char_style(ctx.flags | {"code"}), ctx.lang, ctx.marks))
        elif isinstance(node, m.SoftBreak):
            parent.append(oxml.run(" ", style, ctx.lang, ctx.marks))
        elif isinstance(node, m.LineBreak):
            parent.append(oxml.line_break())
        elif isinstance(node, m.Emph):
            self.inlines(parent, node.children, story, replace(ctx, flags=ctx.flags | {"em"}))
        elif isinstance(node, m.Strong):
            self.inlines(parent, node.children, story, replace(ctx, flags=ctx.flags | {"strong"}))
        elif isinstance(node, (m.Strikeout, m.Superscript, m.Subscript)):
            mark = {m.Strikeout: "strike", m.Superscript: "superscript", m.Subscript: "subscript"}[type(node)]
            self.inlines(parent, node.children, story, replace(ctx, marks=ctx.marks | {mark}))
        elif isinstance(node, m.Span):
            if span_lang(node.attrs):
                ctx = replace(ctx, lang=span_lang(node.attrs))
            self.bookmarks.wrap_once(parent, node.id, lambda: self.inlines(parent, node.children, story, ctx))
        elif isinstance(node, m.Mention):
            if node.anchor and node.anchor not in self.bookmarks.placed:
                self.bookmarks.wrap(parent, node.anchor, lambda: self.inlines(parent, node.children, story, ctx))
                if story.note_key:
                    # LibreOffice cannot resolve a page reference into a footnote: the index
                    # points at the note's call, which is on the same page as the note
                    self.index_targets[node.anchor] = story.note_key
            else:
                self.inlines(parent, node.children, story, ctx)
        elif isinstance(node, m.Link):
            self.link(parent, node, story, ctx)
        elif isinstance(node, m.FootnoteRef):
            self.footnote_ref(parent, node, story)
        elif isinstance(node, m.Image):
            self.image(parent, node, story, ctx)
        elif isinstance(node, m.Math):
            self.math(parent, node, ctx)
        elif isinstance(node, m.Cite):
            self.inlines(parent, node.children, story, ctx)
        else:
            raise TypeError(f"no DOCX for {type(node).__name__}")

    def math(self, parent, node: m.Math, ctx: _Context) -> None:
        """An editable Word equation (OMML, omml.py): `m:oMath` in the line, `m:oMathPara` for a
        displayed one, its number «(1)» after it; TeX that cannot be read is its source as code."""
        if node.unsupported:
            parent.append(oxml.run(node.tex, self.char_style(ctx.flags | {"code"}), ctx.lang))
            return
        tree = texmath.element(node.tex, node.display)

        def fill() -> None:
            if "equation" in ctx.flags:  # (oxml.equation_line): tab, the formula in the line, tab, number
                flags = ctx.flags - {"equation"}
                parent.append(oxml.run("\t", self.char_style(flags), ctx.lang))
                parent.append(omml.omath(tree))
                parent.append(oxml.run(f"\t({node.number})", self.char_style(flags), ctx.lang))
                return
            parent.append(omml.omath_para(tree) if node.display else omml.omath(tree))
            if node.number:
                parent.append(oxml.run(f"\t({node.number})", self.char_style(ctx.flags), ctx.lang))

        self.bookmarks.wrap_once(parent, node.id, fill)

    def link(self, parent, node: m.Link, story: _Story, ctx: _Context) -> None:
        target = node.target.strip()
        inner = replace(ctx, flags=ctx.flags | {"link"})
        if _SAFE_HREF.match(target):
            r_id = self.relations.link(story.part, target)
            element = oxml.hyperlink(r_id=r_id)
        elif target.startswith("#") and target[1:] in self.targets:
            element = oxml.hyperlink(anchor=self.bookmarks.name(target[1:]))
        else:  # unsafe scheme or unknown target: the text alone
            self.inlines(parent, node.children, story, ctx)
            return
        parent.append(element)
        self.inlines(element, node.children, story, inner)

    def footnote_ref(self, parent, node: m.FootnoteRef, story: _Story) -> None:
        style = self.sid("Footnote Reference")
        note = self.notes.get(node.id)
        if note is None or story.in_note:
            # a call inside a note (Word has no notes in notes) or of an undefined note: its number
            parent.append(oxml.run(str(node.number or "?"), style))
            return
        key = "\0fn:" + node.id
        if node.id in self.note_ids:
            # a second call: a cross-reference to the first, formatted as a footnote reference
            name = self.bookmarks.name(key, "Fn_" + node.id, hidden=True)
            for r in oxml.field(f"NOTEREF {name} \\f \\h", str(note.number), style):
                parent.append(r)
            return
        ident = len(self.note_ids) + 1
        self.note_ids[node.id] = ident
        self.bookmarks.wrap(parent, key, lambda: parent.append(oxml.footnote_reference(ident, style)),
                            hint="Fn_" + node.id, hidden=True)
        self.write_note(note, ident)

    def write_note(self, note: m.Footnote, ident: int) -> None:
        element = oxml.footnote(ident)
        self.footnotes.append(element)

        def add(style: str):
            p = oxml.paragraph(self.sid(style))
            element.append(p)
            return p

        story = _Story(self.footnotes_part, add, element.append, in_note=True, note_key="\0fn:" + note.id)
        saved = self.after_heading
        children = list(note.children)
        first = add("Footnote Text")
        first.append(oxml.footnote_mark(self.sid("Footnote Reference")))
        first.append(oxml.run(" "))
        if children and isinstance(children[0], m.Paragraph):
            self.inlines(first, children.pop(0).children, story, _Context())
        self.blocks(children, story, _Context())
        self.after_heading = saved

    # ---- index

    def index(self) -> None:
        self.start_section(LABELS["index"])
        heading = self._body_paragraph("Heading 1")
        self.bookmarks.wrap(heading, "\0index", lambda: heading.append(oxml.run(LABELS["index"])), hint="index")
        # the heading ends a one-column section; the index runs on in two columns (print.css)
        oxml.end_section(heading, self.section_properties())
        self.section_first = False
        column_gap = round(8 / 25.4 * 72 * 20)  # 8mm
        oxml.replace_section(self.body_sectpr, self.section_properties(columns=2, column_space=column_gap,
                                                                       continuous=True))
        for section in self.doc.index:
            self._body_paragraph("Index Heading").append(oxml.run(section.title))
            for entry in section.entries:
                self.index_entry(entry, 1)

    def locator_runs(self, anchors: list[str]) -> list[tuple[str, str]]:
        """The locators of an index entry (issue 18 item 1): one per page — the first mention on
        it — and consecutive pages as a range (first, last), by the pages the DOCX's field results
        are filled with (`estimate_pages`); Word and LibreOffice show those results until the
        fields are updated, so they show no page twice. A mention whose page is not estimated
        keeps a locator of its own. (first, "") is a single page."""
        runs = [(first, last if last != first else "") for _text, first, last in page_runs(anchors, self.pages)]
        return runs + [(anchor, "") for anchor in anchors if anchor not in self.pages]

    def index_entry(self, entry: m.IndexEntry, level: int) -> list:
        """The entry's paragraphs and their styles, its sub-entries' after it. A group (a year and
        its dates) of at most KEEP_GROUP lines more is kept in one column (all but its last line in
        the styles "Index 1 Kept", "Index 2 Kept": keep with next, where the style sheet has them):
        Word and LibreOffice lay the columns out themselves, so the PDF's repeated heading
        («2002 (жалғасы)», issue 18 item 8) cannot be placed where a group breaks; a group that
        does not break needs none."""
        name = f"Index {min(level, 2)}"
        p = self._body_paragraph(name)
        paragraphs = [(p, name)]
        if entry.see:
            before, see = see_also(entry.label)
            p.append(oxml.run(before))
            p.append(oxml.run(see, self.sid("Emphasis")))
            p.append(oxml.run(" " + entry.see))
        else:
            p.append(oxml.run(entry.label))
            # in document order (a note's mentions count where the note is called)
            placed = self.bookmarks.placed
            anchors = sorted({a for a in entry.anchors if a in placed}, key=placed.get)
            runs = self.locator_runs(anchors)
            for (first, last), sep in zip(runs, locator_separators(len(runs))):
                p.append(oxml.run(sep))
                for k, anchor in enumerate((first, last) if last else (first,)):
                    if k:
                        p.append(oxml.run("\u2013"))  # a range of pages, as in the PDF's index: «5–7»
                    name = self.bookmarks.name(self.index_targets.get(anchor, anchor))
                    for r in oxml.field(f"PAGEREF {name} \\h", str(self.pages.get(anchor, ""))):
                        p.append(r)
        for child in entry.children:
            paragraphs += self.index_entry(child, level + 1)
        if entry.children and len(paragraphs) <= KEEP_GROUP + 1:
            for paragraph, style in paragraphs[:-1]:  # in its style's "Kept" twin (docx.yaml): styles only
                if f"{style} Kept" in self.sheet.styles:
                    oxml.set_style(paragraph, self.sid(f"{style} Kept"))
        return paragraphs
