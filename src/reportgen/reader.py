"""The Markdown reader: Pandoc-compatible Markdown (via markdown-it-py) into the document model.

Supported: YAML front matter, ATX/setext headings with `{#id .class}`, paragraphs, emphasis,
strong, `~~strikeout~~`, `^super^`, `~sub~`, links, inline code, images and figures
(`![caption](file){#fig-id width=50%}`), block quotes, lists, definition lists, line blocks,
fenced divs, code blocks, pipe/simple/multiline/grid tables with captions, footnotes `[^id]` and `^[inline]`,
bracketed spans `[text]{.class key=value}`. What is not rendered yet is a located warning
(unrendered.py). Raw HTML is never passed through: it is kept as visible text and reported as a
warning. No writer sees markdown-it tokens.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from . import model as m
from . import crossrefs, texmath, unrendered, yamlsafe
from .citations import syntax as citation_syntax
from .pandoc_blocks import pandoc_blocks_plugin, parse_attributes
from .pandoc_lists import pandoc_lists_plugin
from .pandoc_tables import pandoc_tables_plugin
from .diagnostics import ReportgenError, Warnings

# Searched from each `{` only (not from each space before it, which made a long run of spaces
# quadratic): the spaces before the braces are stripped after the match.
_HEADING_ATTRS = re.compile(r"\{([^{}]*)\}\s*$")
# `[^label` with the whole label consumed even when no `]` closes it: a `[^` inside that label
# would reach the same end and fail too, so each character is scanned once (`[^a` repeated was
# quadratic). A call without a definition is a match with a label and the closing group.
_UNDEFINED_NOTE = re.compile(r"\[\^([^\]\s]*)(\](?!:))?")
_DEFINITION = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:")
_CAPTION = re.compile(r"^(?:Table)?:[ \t]+")  # pandoc's table caption marker
#: HTML comments and nothing else (`<!-- … -->`, one or more, spaces between)
_COMMENTS = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.S)
_FENCE = re.compile(r"^(---|\.\.\.)\s*$")
_LOCATE_WINDOW = 2000  # characters past the cursor a token's text is looked for in (columns)

# Block quotes and lists nested deeper than this, or emphasis/links/spans nested deeper than this,
# are refused with a located error: no real text needs it, and deeper trees exhaust recursion in
# the parser and the writers. markdown-it is allowed a little more (a list level costs it two
# levels) so that it never silently drops what lies past its own limit before we can refuse it.
MAX_NESTING = 50
_CONTAINERS = {"blockquote_open": 1, "bullet_list_open": 1, "ordered_list_open": 1, "dl_open": 1, "div_open": 1,
               "blockquote_close": -1, "bullet_list_close": -1, "ordered_list_close": -1, "dl_close": -1,
               "div_close": -1}
# markdown-it's opening token of each inline container → its node (`span` and `link` take attributes)
_CONTAINER_NODES = {"em_open": m.Emph, "strong_open": m.Strong, "s_open": m.Strikeout, "sup_open": m.Superscript,
                    "sub_open": m.Subscript, "span_open": m.Span, "link_open": m.Link}
_INLINE_OPEN = set(_CONTAINER_NODES)
_INLINE_CLOSE = {name.replace("_open", "_close") for name in _CONTAINER_NODES}


_HEADING_TARGET = "#--reportgen-heading-line-{}--"  # resolved to the heading's id once ids are given


def _implicit_heading_references(state) -> None:
    """Pandoc's implicit_header_references: `[Heading text]` and `[text][Heading text]` link to
    the heading of that text (the first, if several), unless a reference of that label is
    defined. A markdown-it core rule between the block and inline passes: each heading's text
    becomes a reference whose target names the heading's line, replaced by its id in `read`."""
    references = state.env.setdefault("references", {})
    tokens = state.tokens
    for k, token in enumerate(tokens):
        if token.type == "heading_open" and token.map and k + 1 < len(tokens):
            text = _HEADING_ATTRS.sub("", tokens[k + 1].content).strip()
            label = normalizeReference(text) if text else ""
            if label and label not in references:
                references[label] = {"title": "", "href": _HEADING_TARGET.format(token.map[0] + 1)}


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 2 * MAX_NESTING + 10})
    md.use(front_matter_plugin).use(footnote_plugin).use(attrs_plugin, spans=True)
    md.use(sub_plugin).use(superscript_plugin)  # pandoc's `~sub~` and `^super^` (no spaces inside)
    md.enable("strikethrough")  # pandoc's `~~strikeout~~`
    md.use(deflist_plugin).use(pandoc_blocks_plugin)  # definition lists, line blocks, fenced divs
    # pandoc's tex_math_dollars: no space inside the `$`s, no digit right after the closing one
    # («$5 және $6» is text); `$$…$$` is display math, in a paragraph too
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True, allow_labels=False)
    md.enable("table")  # pipe tables (pandoc's pipe_tables); the caption is read by _Reader._table
    md.use(pandoc_tables_plugin)  # simple, multiline and grid tables
    md.use(pandoc_lists_plugin)  # ordered lists with letters, Roman numerals, (1), #., (@) examples
    md.core.ruler.after("block", "implicit_heading_references", _implicit_heading_references)
    return md


_MD = _parser()


def decode(data: bytes, file: str) -> str:
    """UTF-8 text of `data`, or an error naming the line and column of the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise ReportgenError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", file, line, column
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ReportgenError("NUL character: this is not a text file", file, line, 1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_file(path: str | Path, warnings: Warnings | None = None, *, problems: list | None = None) -> m.Document:
    """Read a Markdown source file into a Document (`problems`: see `read_string`)."""
    return read_string(read_source(path), str(path), warnings, problems=problems)


def read_source(path: str | Path) -> str:
    """The decoded text of a source file, or a ReportgenError saying why it cannot be read."""
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReportgenError("no such file; give the path of a Markdown source", name) from None
    except IsADirectoryError:
        raise ReportgenError("is a directory; give the path of a Markdown source", name) from None
    except OSError as exc:
        raise ReportgenError(f"cannot read: {exc.strerror}", name) from None
    return decode(data, name)


def read_string(text: str, file: str = "<string>", warnings: Warnings | None = None,
                *, problems: list | None = None) -> m.Document:
    """Parse Markdown `text` (already decoded) into a Document; `file` is used in messages.

    Errors that leave a usable document (a footnote call without a definition, a footnote defined
    twice) raise ReportgenError, unless a `problems` list is given: then they are appended to it
    as error Diagnostics and reading goes on (`reportgen check` reports them all at once)."""
    return _Reader(text, file, warnings if warnings is not None else Warnings(), problems).read()


# The fields that become DOCX core properties (dc:title, dc:subject, dc:creator, dc:language) hold
# at most 255 characters (python-docx, CoreProperties: "limited in length to 255 unicode characters").
# A longer one is refused here, at its line, rather than cut short in one format and not the others.
_TEXT_FIELDS = ("title", "subtitle", "author", "lang", "group", "supervisor", "city")
MAX_FIELD_LENGTH = 255
#: the fields that become Metadata's own (`genre` is read as `subtitle`, `institution` as lines)
_FIELDS = ("title", "subtitle", "author", "date", "lang", "group", "supervisor", "city", "year")
#: the front matter's other fields, read where they apply (layout, sections, contents, lists of
#: figures, index, typography, fonts, citations)
EXTRA_FIELDS = frozenset({"layout", "number-sections", "number-depth", "toc", "toc-depth", "lof", "lot", "index",
                          "typography", "fonts", "bibliography", "references", "csl", "nocite"})
#: fields an author may write for a line of the title page's institution
_INSTITUTION_LINES = frozenset({"ministry", "university", "faculty", "department", "school", "kafedra", "chair",
                                "министрлік", "университет", "факультет", "кафедра", "мектеп"})


# pandoc reads these fields' values as Markdown (`title: "*Курсив* тақырып"`): their text without
# the markup (the fields stay plain text in every output: a document property, a title page line)
_MARKDOWN_FIELDS = ("title", "subtitle", "author", "group", "supervisor", "city")
_MARKUP = re.compile(r"[*_`~^\\\[$<&]")


def _plain_markdown(value: str) -> str:
    """The text of one line of inline Markdown: emphasis, code, links and escapes read, markers gone."""
    tokens = _MD.parseInline(value)
    out: list[str] = []
    for token in tokens[0].children or [] if tokens else []:
        if token.type in ("text", "code_inline", "math_inline", "html_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out).strip() or value


def _parse_meta(raw: str, file: str, first_line: int) -> m.Metadata:
    """Front matter YAML (`yamlsafe`: safe, no aliases, bounded nesting) to Metadata; every error at
    its own line and column; `first_line` is the line after `---`."""
    data = yamlsafe.load(raw, file, first_line=first_line, what="front matter", text_keys=_TEXT_FIELDS)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReportgenError("front matter must be a YAML mapping (key: value lines)", file,
                             *yamlsafe.position(data, default=(first_line, 1)))
    known: dict = {}
    if "genre" in data and "subtitle" not in data:
        data["subtitle"] = data.pop("genre")
    if "institution" in data:
        line, column = yamlsafe.position(data, "institution")
        value = data.pop("institution")
        value = value if isinstance(value, list) else [value]
        if any(isinstance(v, (list, dict)) for v in value):
            raise ReportgenError("front matter field 'institution' must be a line or a list of lines", file, line, column)
        known["institution"] = [str(v) for v in value if v is not None and str(v).strip()]
    for key in _FIELDS:
        if key not in data:
            continue
        line, column = yamlsafe.position(data, key)
        value = data.pop(key)
        if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, (list, dict)):
            raise ReportgenError(f"front matter field {key!r} must be text, not a nested structure",
                                 file, line, column)
        value = "" if value is None else str(value)
        if key in _MARKDOWN_FIELDS and _MARKUP.search(value):
            value = _plain_markdown(value)
        if key in _TEXT_FIELDS and len(value) > MAX_FIELD_LENGTH:
            raise ReportgenError(f"front matter field {key!r} is {len(value)} characters long; at most "
                                 f"{MAX_FIELD_LENGTH} fit a document's properties (DOCX): shorten it",
                                 file, line, column)
        known[key] = value
    return m.Metadata(line=first_line - 1, column=1, extra=data, **known)


class _Reader:
    def __init__(self, text: str, file: str, warnings: Warnings, problems: list | None = None):
        self.text = text
        self.problems = problems
        self.definitions: dict[str, int] = {}  # footnote label → line of its (first) definition
        self.lines = text.split("\n")
        self.file = file
        self.warnings = warnings
        self.note_numbers: dict[str, int] = {}
        self.note_calls: dict[str, tuple[int, int]] = {}
        self.defined: set[str] = set()
        self.pending_caption: m.Paragraph | None = None  # a caption read before its table (_caption_before_table)

    # -- entry

    def read(self) -> m.Document:
        self._check_front_matter()
        self._check_duplicate_definitions()
        title_block, text = _title_block(self.text)
        env: dict = {}
        tokens = _MD.parse(text, env)
        self._check_nesting(tokens)
        meta = m.Metadata()
        doc = m.Document(line=1, column=1, source=self.file)
        blocks, _ = self._blocks(tokens, 0, None, doc)
        doc.blocks = blocks
        _assign_heading_ids(doc)
        _resolve_heading_targets(doc)
        _resolve_pandoc_identifiers(doc)
        _example_references(doc, env.get("reportgen_examples", {}).get("labels", {}))
        _number_tables(doc)
        crossrefs.resolve(doc, self.warnings)  # `@fig-id` → «1-сурет»: needs the numbers above
        for block in list(m.query(doc, *m.TEXT_BLOCKS)):  # `[@key]`, `@key`: Cite nodes (citations/)
            citation_syntax.find(block)
        self._check_notes(doc)
        doc.footnotes.sort(key=lambda n: (n.number == 0, n.number))
        for token in tokens:
            if token.type == "front_matter":
                meta = _parse_meta(token.content, self.file, 2)
                self._check_fields(meta.extra)
        if title_block:
            meta = m.Metadata(line=1, column=1, **title_block)
        doc.meta = meta
        return doc

    def _check_fields(self, extra: dict) -> None:
        """A warning at each front-matter field nothing reads (never dropped silently); a line of
        the title page's institution written as a field of its own is pointed to `institution:`."""
        for key in extra:
            if key in EXTRA_FIELDS:
                continue
            line, column = yamlsafe.position(extra, key)
            if str(key).lower() in _INSTITUTION_LINES:
                hint = ("the title page's institution is a list of lines: `institution: [ministry, university, "
                        "faculty, department]`")
            else:
                hint = f"the fields it reads: {', '.join(sorted({*_FIELDS, 'genre', 'institution', *EXTRA_FIELDS}))}"
            self.warnings.add(self.file, line, column, f"front matter field {key!r} is not used by reportgen; {hint}")

    def _problem(self, message: str, line: int, column: int) -> None:
        """A recoverable error: raised, or recorded when the caller collects problems."""
        if self.problems is None:
            raise ReportgenError(message, self.file, line, column)
        self.problems.append(ReportgenError(message, self.file, line, column).diagnostic)

    def _check_nesting(self, tokens: list[Token]) -> None:
        """Refuse absurdly deep block quotes / lists / inline markup with the line where it happens."""
        depth = 0
        line = 1
        for t in tokens:
            if t.map:
                line = t.map[0] + 1
            depth += _CONTAINERS.get(t.type, 0)
            if depth > MAX_NESTING:
                raise ReportgenError(f"block quotes or lists nested deeper than {MAX_NESTING} levels; flatten them",
                                     self.file, line, 1)
            if t.type == "inline" and t.children:
                inline = 0
                for c in t.children:
                    if c.type in _INLINE_OPEN:
                        inline += 1
                        if inline > MAX_NESTING:
                            raise ReportgenError(
                                f"emphasis, links or spans nested deeper than {MAX_NESTING} levels; flatten them",
                                self.file, line, 1)
                    elif c.type in _INLINE_CLOSE:
                        inline -= 1

    def _check_front_matter(self) -> None:
        if self.lines and _FENCE.match(self.lines[0]) and self.lines[0].startswith("---"):
            if not any(_FENCE.match(line) for line in self.lines[1:]):
                raise ReportgenError(
                    "front matter opened here is never closed; end it with a line '---'", self.file, 1, 1
                )

    # -- blocks

    def _blocks(self, tokens: list[Token], i: int, close: str | None, doc: m.Document) -> tuple[list, int]:
        out: list = []
        while i < len(tokens):
            t = tokens[i]
            line = t.map[0] + 1 if t.map else 0
            if close and t.type == close:
                return out, i + 1
            if t.type == "heading_open":
                inline = tokens[i + 1]
                self._unrendered(inline, line)
                children = self._inlines(inline)
                ident, classes = self._heading_attrs(children, line)
                out.append(m.Heading(level=int(t.tag[1]), children=children, id=ident, classes=classes, line=line, column=1))
                i += 3
            elif t.type == "paragraph_open" and unrendered.raw_tex_block(tokens[i + 1].content):
                self.warnings.add(self.file, line, 1, f"raw LaTeX {tokens[i + 1].content.strip()[:40]!r} is left "
                                  "out, as pandoc leaves it out of HTML, DOCX and EPUB (a level-1 heading opens "
                                  "a new page)")
                i += 3
            elif t.type == "paragraph_open":
                self._unrendered(tokens[i + 1], line)
                children = self._inlines(tokens[i + 1])
                figure = self._figure(tokens[i + 1], children, line)
                out.append(figure or m.Paragraph(children=children, line=line, column=1))
                i += 3
            elif t.type == "blockquote_open":
                kids, i = self._blocks(tokens, i + 1, "blockquote_close", doc)
                out.append(m.BlockQuote(children=kids, line=line, column=1))
            elif t.type in ("bullet_list_open", "ordered_list_open"):
                items, i = self._blocks(tokens, i + 1, t.type.replace("_open", "_close"), doc)
                if t.type == "bullet_list_open":
                    out.append(m.BulletList(items=items, line=line, column=1))
                else:
                    meta = t.meta or {}
                    out.append(m.OrderedList(items=items, start=int(t.attrs.get("start", 1)), style=meta.get("style", ""),
                                             delimiter=meta.get("delimiter", ""), line=line, column=1))
            elif t.type == "dl_open":
                items, i = self._blocks(tokens, i + 1, "dl_close", doc)
                caption = self._caption_before_table(items, tokens, i)
                if caption is not None:  # `Text` + `: Caption` + a table is a caption, not a definition
                    term = items.pop().term
                    if items:
                        out.append(m.DefinitionList(items=items, line=line, column=1))
                    out.append(m.Paragraph(children=term.children, line=term.line, column=1))
                    self.pending_caption = caption
                else:
                    out.append(m.DefinitionList(items=items, line=line, column=1))
            elif t.type == "dt_open":
                self._unrendered(tokens[i + 1], line)
                term = m.Term(children=self._inlines(tokens[i + 1]), line=line, column=1)
                out.append(m.DefinitionItem(term=term, line=line, column=1))
                i += 3
            elif t.type == "dd_open":
                kids, i = self._blocks(tokens, i + 1, "dd_close", doc)
                if out and isinstance(out[-1], m.DefinitionItem):
                    out[-1].children.append(m.Definition(children=kids, line=line, column=1))
            elif t.type == "div_open":
                kids, i = self._blocks(tokens, i + 1, "div_close", doc)
                out.append(m.Div(children=kids, id=t.meta["id"], classes=t.meta["classes"], attrs=t.meta["attrs"],
                                 line=line, column=1))
            elif t.type == "line_block_open":
                children: list = []
                i += 1
                while tokens[i].type == "inline":
                    if children:
                        children.append(m.LineBreak(line=tokens[i].map[0] + 1))
                    self._unrendered(tokens[i], tokens[i].map[0] + 1)
                    children.extend(self._inlines(tokens[i]))
                    i += 1
                out.append(m.LineBlock(children=_merge_text(children), line=line, column=1))
                i += 1
            elif t.type == "list_item_open":
                kids, i = self._blocks(tokens, i + 1, "list_item_close", doc)
                out.append(m.ListItem(children=kids, task=_task(kids), line=line, column=1))
            elif t.type in ("fence", "code_block"):
                out.append(m.CodeBlock(text=t.content, info=t.info.strip(), line=line, column=1))
                i += 1
            elif t.type == "html_block" and _COMMENTS.fullmatch(t.content):
                i += 1  # an HTML comment: the author's note to self, in no output (pandoc's HTML hides it)
            elif t.type == "html_block":
                self.warnings.add(self.file, line, 1, "raw HTML is not passed through; it is shown as text")
                out.append(m.Paragraph(children=[m.Text(t.content.rstrip("\n"), line=line, column=1)], line=line, column=1))
                i += 1
            elif t.type == "table_open":
                table, i = self._table(tokens, i, line, doc)
                caption, i = self._caption(tokens, i, out)
                if caption is None and self.pending_caption is not None:
                    caption = self._caption_inlines(self.pending_caption.children, self.pending_caption.line)
                self.pending_caption = None
                if caption is not None:
                    children, table.id = caption
                    table.caption = m.Caption(children=children, line=children[0].line if children else line, column=1)
                out.append(table)
            elif t.type == "math_block":  # `$$` on lines of their own: a paragraph of one display formula
                out.append(m.Paragraph(children=[self._math(t.content, True, line, 1)], line=line, column=1))
                i += 1
            elif t.type == "hr":
                out.append(m.ThematicBreak(line=line, column=1))
                i += 1
            elif t.type == "footnote_block_open":
                i += 1
            elif t.type == "footnote_open":
                label = _note_label(t.meta)
                if not t.meta.get("label"):
                    _place_inline_note(tokens, i + 1, self.note_calls.get(label, (0, 0)))
                kids, i = self._blocks(tokens, i + 1, "footnote_close", doc)
                # an inline note `^[…]` is defined where it is called
                first = self._find_definition(label) if t.meta.get("label") else self.note_calls.get(label, (0, 0))[0]
                if label in self.defined:
                    self._problem(f"footnote [^{label}] is defined twice; remove one definition", first, 1)
                    continue
                self.defined.add(label)
                doc.footnotes.append(m.Footnote(id=label, number=self.note_numbers.get(label, 0), children=kids, line=first, column=1))
            elif t.type in ("footnote_block_close", "footnote_anchor", "front_matter"):
                i += 1
            elif t.type == "inline":
                self._unrendered(t, line)
                out.append(m.Paragraph(children=self._inlines(t), line=line, column=1))
                i += 1
            else:
                i += 1  # closing tokens of tight lists' hidden paragraphs etc.
        return out, i

    def _unrendered(self, inline: Token, line: int) -> None:
        """Warn, at its place, of Markdown in this block that is not rendered yet (unrendered.py)."""
        for what, k, text in unrendered.find(inline.content):
            at = line + k
            src = self.lines[at - 1] if 0 < at <= len(self.lines) else ""
            column = src.find(text) + 1 if text and text in src else 1
            self.warnings.add(self.file, at, column, f"{what} is not rendered yet: it is shown as text ({text[:40]!r})")

    def _math(self, tex: str, display: bool, line: int, column: int) -> m.Math:
        """A Math node; TeX latex2mathml cannot read is a warning here, at its place."""
        node = m.Math(tex=tex.strip(), display=display, line=line, column=column)
        try:
            texmath.mathml(node.tex, display)
        except texmath.Unsupported as exc:
            node.unsupported = str(exc)
            self.warnings.add(self.file, line, column, f"TeX math {node.tex[:40]!r} cannot be rendered ({exc}); "
                                                       "it is shown as TeX source: check it, or simplify it")
        return node

    def _figure(self, inline: Token, children: list, line: int) -> m.Figure | None:
        """Pandoc's implicit_figures: an image with alt text alone in its paragraph is a figure,
        its alt text (with its inline markup) the caption; the figure takes the image's id."""
        if len(children) != 1 or not isinstance(children[0], m.Image) or not children[0].alt.strip():
            return None
        image = children[0]
        token = next(c for c in inline.children or [] if c.type == "image")
        alt = Token("inline", "", 0, map=inline.map, children=token.children or [], content=token.content)
        caption = m.Caption(children=self._inlines(alt), line=image.line, column=image.column)
        return m.Figure(image=image, caption=caption, id=image.id, line=line, column=1)

    def _table(self, tokens: list[Token], i: int, line: int, doc: m.Document) -> tuple[m.Table, int]:
        """A table from `table_open` at `i` (pipe, simple, multiline, grid): header rows, body rows,
        each cell's alignment, the columns' widths; a grid cell's blocks (one paragraph: inlines)."""
        table = m.Table(line=line, column=1, widths=list((tokens[i].meta or {}).get("widths", [])))
        rows = table.head
        row: m.TableRow | None = None
        while tokens[i].type != "table_close":
            t = tokens[i]
            if t.type == "tbody_open":
                rows = table.children
            elif t.type == "tr_open":
                row = m.TableRow(line=t.map[0] + 1 if t.map else line, column=1)
                rows.append(row)
            elif t.type in ("th_open", "td_open"):
                style = str(t.attrs.get("style", ""))
                align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
                cell = m.TableCell(align=align, header=t.type == "th_open", line=row.line, column=1)
                row.children.append(cell)
                if tokens[i + 1].type == "inline":
                    self._unrendered(tokens[i + 1], row.line)
                    cell.children = self._inlines(tokens[i + 1])
                    i += 2
                else:  # a grid cell: its own blocks
                    blocks, i = self._blocks(tokens, i + 1, t.type.replace("_open", "_close"), doc)
                    if len(blocks) == 1 and type(blocks[0]) is m.Paragraph:
                        cell.children = blocks[0].children
                    else:
                        cell.blocks = blocks
                    continue
            i += 1
        return table, i + 1

    def _caption(self, tokens: list[Token], i: int, out: list) -> tuple[tuple[list, str] | None, int]:
        """Pandoc's table caption: a paragraph `: Caption {#tbl-id}` (or `Table: …`) right after
        the table, or right before it (then taken back from `out`)."""
        if (i + 2 < len(tokens) and tokens[i].type == "paragraph_open"
                and _CAPTION.match(tokens[i + 1].content)):
            return self._caption_inlines(self._inlines(tokens[i + 1]), tokens[i].map[0] + 1), i + 3
        if out and isinstance(out[-1], m.Paragraph) and out[-1].children \
                and isinstance(out[-1].children[0], m.Text) and _CAPTION.match(out[-1].children[0].text):
            before = out.pop()
            return self._caption_inlines(before.children, before.line), i
        return None, i

    @staticmethod
    def _caption_before_table(items: list, tokens: list[Token], i: int) -> m.Paragraph | None:
        """Pandoc reads `: Caption` between a paragraph and a table, a blank line before it, as
        the table's caption, where markdown-it's definition lists take the paragraph's last line
        for a term: the definition of the last item, if it is one paragraph right before a table
        and a blank line after its term, is that caption. Right under its term (`Term` /
        `: Definition`) it stays a definition, as pandoc reads it."""
        if i >= len(tokens) or tokens[i].type != "table_open" or not items:
            return None
        last = items[-1]
        if len(last.children) != 1 or len(last.children[0].children) != 1:
            return None
        only = last.children[0].children[0]
        if not isinstance(only, m.Paragraph) or (only.line and only.line <= last.term.line + 1):
            return None
        return only

    def _caption_inlines(self, children: list, line: int) -> tuple[list, str]:
        """The caption's inlines without its `:`/`Table:` marker, and its `{#id}`."""
        first = children[0]
        first.text = _CAPTION.sub("", first.text, count=1)
        ident, _ = self._heading_attrs(children, line)
        if children and isinstance(children[-1], m.Text):
            children[-1].text = children[-1].text.rstrip()
        return children, ident

    def _check_duplicate_definitions(self) -> None:
        """markdown-it silently keeps one of two `[^id]:` definitions; a duplicate is an error."""
        seen: dict[str, int] = {}
        for number, text in enumerate(self.lines, 1):
            match = _DEFINITION.match(text)
            if not match:
                continue
            if match.group(1) in seen:
                self._problem(
                    f"footnote [^{match.group(1)}] is defined twice (first at line {seen[match.group(1)]}); remove one definition",
                    number, 1,
                )
                continue
            seen[match.group(1)] = number
        self.definitions = seen

    def _find_definition(self, label: str) -> int:
        """The line of the first `[^label]:` definition (0 if it cannot be found in the source)."""
        if label in self.definitions:
            return self.definitions[label]
        # markdown-it normalizes labels (case, inner spaces): fall back to the case-insensitive form
        folded = label.casefold()
        for name, number in self.definitions.items():
            if name.casefold() == folded:
                return number
        return 0

    def _heading_attrs(self, children: list, line: int) -> tuple[str, list[str]]:
        """Pandoc heading attributes `# Title {#id .class}` at the end of the heading text."""
        if not children or not isinstance(children[-1], m.Text):
            return "", []
        match = _HEADING_ATTRS.search(children[-1].text)
        if not match:
            return "", []
        children[-1].text = children[-1].text[: match.start()].rstrip()
        ident, classes = "", []
        for part in match.group(1).split():
            if part.startswith("#"):
                ident = part[1:]
            elif part.startswith("."):
                classes.append(part[1:])
            elif part == "-":  # pandoc's `{-}`: the same as `.unnumbered`
                classes.append("unnumbered")
        return ident, classes

    # -- inlines

    def _inlines(self, token: Token) -> list:
        line = token.map[0] + 1 if token.map else 0
        cursor = [line, token.meta.get(_START, 0)]  # line, offset within the source line (for columns)
        stack: list[list] = [[]]
        opened: list = []

        def locate(text: str) -> tuple[int, int]:
            src = self.lines[cursor[0] - 1] if 0 < cursor[0] <= len(self.lines) else ""
            # a token's text stands near the cursor; one that is not in the line as written (an
            # unescaped `\[`, an entity) is looked for within a window only, not to the line's end
            # at each token (`\[^a` repeated made that quadratic)
            found = src.find(text, cursor[1], cursor[1] + len(text) + _LOCATE_WINDOW) if text else -1
            if found >= 0:
                cursor[1] = found + len(text)
                return cursor[0], found + 1
            return cursor[0], 0

        def add(node):
            stack[-1].append(node)

        for c in token.children or []:
            ln = cursor[0]
            if c.type == "text":
                ln, col = locate(c.content)
                self._check_undefined(c.content, ln, col)
                # pandoc's escaped space (`Сөз\ арасы`) is a no-break space; CommonMark leaves it
                add(m.Text(c.content.replace("\\ ", "\u00a0"), line=ln, column=col))
            elif c.type == "code_inline":
                ln, col = locate(c.content)
                add(m.Code(c.content, line=ln, column=col))
            elif c.type in ("softbreak", "hardbreak"):
                add(m.SoftBreak(line=ln) if c.type == "softbreak" else m.LineBreak(line=ln))
                cursor[0] += 1
                cursor[1] = 0
            elif c.type == "html_inline" and _COMMENTS.fullmatch(c.content):
                locate(c.content)  # an HTML comment: in no output
            elif c.type == "html_inline":
                ln, col = locate(c.content)
                self.warnings.add(self.file, ln, col, f"raw HTML {c.content!r} is not passed through; it is shown as text")
                add(m.Text(c.content, line=ln, column=col))
            elif c.type in ("math_inline", "math_inline_double"):
                display = c.type == "math_inline_double"
                ln, col = locate("$$" if display else "$")
                first = c.content.strip().split("\n", 1)[0]
                add(self._math(c.content, display, ln, col))
                locate(first)
                locate("$$" if display else "$")
                cursor[0] += c.content.count("\n")
            elif c.type == "image":
                ln, col = locate("![")
                attrs = {k: str(v) for k, v in c.attrs.items()}
                src = attrs.pop("src", "")
                if "://" not in src and not src.startswith("data:"):
                    src = unquote(src)  # markdown-it percent-encodes; a path is compared as written
                attrs.pop("alt", None)
                image = m.Image(src=src, alt=_alt_text(c.children or []), title=attrs.pop("title", ""),
                                id=attrs.pop("id", ""), attrs=attrs, line=ln, column=col)
                locate(")")
                add(image)
            elif c.type == "footnote_ref":
                label = _note_label(c.meta)
                ln, col = locate(f"[^{label}]" if c.meta.get("label") else "^[")
                if label not in self.note_numbers:
                    self.note_numbers[label] = len(self.note_numbers) + 1
                    self.note_calls[label] = (ln, col)
                add(m.FootnoteRef(id=label, number=self.note_numbers[label], line=ln, column=col))
            elif c.type in _INLINE_OPEN:
                col = locate("[" if c.type in ("span_open", "link_open") else c.markup)[1]
                if c.type == "span_open":
                    attrs = {k: str(v) for k, v in c.attrs.items()}
                    classes = attrs.pop("class", "").split()
                    node = m.Span(id=attrs.pop("id", ""), classes=classes, attrs=attrs, line=ln, column=col)
                elif c.type == "link_open":
                    target = str(c.attrs.get("href", ""))
                    if target.startswith("#"):  # markdown-it percent-encodes; ids are compared as written
                        target = "#" + unquote(target[1:])
                    node = m.Link(target=target, title=str(c.attrs.get("title", "")), line=ln, column=col)
                else:
                    node = _CONTAINER_NODES[c.type](line=ln, column=col)
                add(node)
                opened.append(node)
                stack.append(node.children)
            elif c.type in _INLINE_CLOSE:
                locate({"span_close": "}", "link_close": ")"}.get(c.type, c.markup))
                stack.pop()
                opened.pop()
            else:
                ln, col = locate(c.content)
                if c.content:
                    add(m.Text(c.content, line=ln, column=col))
        return _image_attributes(_merge_text(stack[0]))

    def _check_undefined(self, text: str, line: int, col: int) -> None:
        """A `[^id]` left as text means a call with no definition (markdown-it keeps it verbatim)."""
        for match in _UNDEFINED_NOTE.finditer(text):
            if not (match.group(1) and match.group(2)):
                continue  # `[^` with no label or not closed: text
            column = col + match.start() if col else 0
            self._problem(
                f"footnote [^{match.group(1)}] has no definition; add a line '[^{match.group(1)}]: text'",
                line, column,
            )

    def _check_notes(self, doc: m.Document) -> None:
        defined = {n.id for n in doc.footnotes}
        for label, (line, col) in self.note_calls.items():
            if label not in defined:  # pragma: no cover - markdown-it leaves such calls as text
                self._problem(f"footnote [^{label}] has no definition", line, col)
        # markdown-it drops definitions nobody calls, so they are found in the source lines
        called = {label.casefold() for label in self.note_numbers}
        for label, line in self.definitions.items():
            if label.casefold() not in called:
                self.warnings.add(self.file, line, 1, f"footnote [^{label}] is defined but never called; "
                                                      "call it or remove it")


def _title_block(text: str) -> tuple[dict[str, str], str]:
    """Pandoc's title block (pandoc_title_block): a source that starts with `%` lines has its title,
    authors (separated by `;`) and date there, each line continued by lines starting with a space,
    an empty field a lone `%`. Returns the fields and the text with those lines left blank (the
    others keep their numbers)."""
    if not text.startswith("%"):
        return {}, text
    lines = text.split("\n")
    fields: list[list[str]] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        if line.startswith("%") and len(fields) < 3:
            fields.append([line[1:].strip()])
        elif line[:1] in (" ", "\t") and line.strip() and fields:
            fields[-1].append(line.strip())
        else:
            break
        k += 1
    fields += [[]] * (3 - len(fields))
    title, date = (" ".join(p for p in field if p) for field in (fields[0], fields[2]))
    # each line of the authors' field, and each `;` in it, separates authors (as pandoc reads them)
    authors = [a.strip() for line in fields[1] for a in line.split(";") if a.strip()]
    found = {"title": title, "author": ", ".join(authors), "date": date}
    return {key: value for key, value in found.items() if value}, "\n" * k + "\n".join(lines[k:])


_TASK = re.compile(r"\[([ xX])\][ \t]+")  # pandoc's task_lists: `[ ]` or `[x]` and a space


def _task(blocks: list) -> str:
    """A task list item's state ("todo", "done"; "" for any other item): its first paragraph
    starts `[ ] ` or `[x] `, which becomes the box ☐ or ☒ and a no-break space."""
    if not blocks or type(blocks[0]) is not m.Paragraph or not blocks[0].children:
        return ""
    first = blocks[0].children[0]
    match = _TASK.match(first.text) if isinstance(first, m.Text) else None
    if not match:
        return ""
    state = "todo" if match.group(1) == " " else "done"
    first.text = m.TASK_BOX[state] + "\u00a0" + first.text[match.end():]
    return state


_EXAMPLE_REF = re.compile(r"\(@([\w-]+)\)")


def _example_references(doc: m.Document, labels: dict[str, int]) -> None:
    """pandoc's example_lists: `(@label)` in the text is the number of the example so labelled,
    in parentheses (`(2)`); an unknown label stays as written."""
    if not labels:
        return
    for node in m.text_nodes(doc):
        if "(@" in node.text:
            node.text = _EXAMPLE_REF.sub(lambda mt: f"({labels[mt.group(1)]})" if mt.group(1) in labels
                                         else mt.group(0), node.text)


def _resolve_heading_targets(doc: m.Document) -> None:
    """The links `[Heading text]` made (`_implicit_heading_references`) point at their heading's id."""
    targets = {}
    for heading in m.query(doc, m.Heading):
        targets.setdefault(_HEADING_TARGET.format(heading.line), "#" + heading.id)
    for link in m.query(doc, m.Link):
        if link.target.startswith(_HEADING_TARGET.split("{")[0]):
            link.target = targets.get(link.target, link.target)


def pandoc_identifier(text: str) -> str:
    """The identifier pandoc's `auto_identifiers` gives a heading of this plain text: letters,
    digits, `_`, `-`, `.` kept, spaces as hyphens, lower case, from the first letter on;
    «section» if nothing is left (pandoc's manual, "Extension: auto_identifiers")."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in "_-. \n\t")
    kept = re.sub(r"\s+", "-", kept.strip())
    start = next((k for k, c in enumerate(kept) if c.isalpha()), len(kept))
    return kept[start:] or "section"


def _resolve_pandoc_identifiers(doc: m.Document) -> None:
    """A link to the identifier pandoc would give a heading (`[қараңыз](#кіріспе)`,
    `#кіріспе-1` for the second of that title) leads to that heading: reportgen's own ids are
    `sec-N` (stable whatever the title), pandoc's are made of the title."""
    ids = {node.id for node in m.walk(doc) if getattr(node, "id", "")}
    aliases: dict[str, str] = {}
    counts: dict[str, int] = {}
    for heading in m.query(doc, m.Heading):
        base = pandoc_identifier(m.plain_text(heading).replace(m.SHY, ""))
        seen = counts.get(base, 0)
        counts[base] = seen + 1
        alias = f"{base}-{seen}" if seen else base
        if alias not in ids:
            aliases.setdefault(alias, heading.id)
    if not aliases:
        return
    for link in m.query(doc, m.Link):
        if link.target.startswith("#") and link.target[1:] in aliases:
            link.target = "#" + aliases[link.target[1:]]


def _assign_heading_ids(doc: m.Document) -> None:
    """Give every heading without `{#id}` a stable id (`sec-1`, `sec-2`, …); ids stay unique."""
    used = {h.id for h in m.query(doc, m.Heading) if h.id}
    number = 0
    for heading in m.query(doc, m.Heading):
        if heading.id:
            continue
        number += 1
        while f"sec-{number}" in used:
            number += 1
        heading.id = f"sec-{number}"
        used.add(heading.id)


_START = "reportgen-start"  # a token's offset in its first source line, where not at the line's start


def _place_inline_note(tokens: list[Token], i: int, call: tuple[int, int]) -> None:
    """Give the tokens of an inline note `^[…]` (markdown-it gives them no source map) the place
    of its text, just after the `^[` of its call (line, column): warnings and index locations
    in it point there."""
    line, column = call
    while i < len(tokens) and tokens[i].type != "footnote_close":
        if tokens[i].map is None and line:
            tokens[i].map = [line - 1, line]
            if tokens[i].type == "inline":
                tokens[i].meta = {**(tokens[i].meta or {}), _START: column + 1}
        i += 1


def _note_label(meta: dict) -> str:
    """A footnote's label: its own (`[^label]`), or for an inline note `^[…]`, which has none,
    `^inline-N` from markdown-it's note number (the `^` keeps it apart from written labels)."""
    return meta.get("label") or f"^inline-{meta['id'] + 1}"


def _number_tables(doc: m.Document) -> None:
    """Number the captioned tables 1, 2, … in document order («1-кесте»); uncaptioned ones stay 0;
    the figures 1, 2, … («1-сурет») and the display equations with an id, each count of its own."""
    numbers = {m.Table: 0, m.Figure: 0, m.Math: 0}
    for node in m.query(doc, m.Table, m.Figure):
        if node.caption is not None:
            numbers[type(node)] += 1
            node.number = numbers[type(node)]
    for block in m.query(doc, *m.TEXT_BLOCKS):  # equations with an id: (1), (2) … (walk skips inlines' order)
        for node in block.children:
            if isinstance(node, m.Math) and node.display and node.id:
                numbers[m.Math] += 1
                node.number = numbers[m.Math]


_ATTRIBUTES = re.compile(r"\{([^{}\n]*)\}")


def _image_attributes(nodes: list) -> list:
    """Attributes right after an image that markdown-it's attrs plugin leaves as text (it refuses
    pandoc's unquoted `width=50%`): read as pandoc reads them, and taken out of the text."""
    for k, node in enumerate(nodes[:-1]):
        after = nodes[k + 1]
        if isinstance(node, m.Math) and node.display and isinstance(after, m.Text):
            match = _ATTRIBUTES.match(after.text.lstrip(" "))
            if match and match.group(1).strip().startswith("#"):  # `$$…$$ {#eq-id}`: a numbered equation
                node.id = parse_attributes(match.group(0))[0]
                cut = len(after.text) - len(after.text.lstrip(" ")) + match.end()
                after.text = after.text[cut:]
                after.column = after.column + cut if after.column else 0
        if isinstance(node, m.Image) and isinstance(after, m.Text):
            match = _ATTRIBUTES.match(after.text)
            if match:
                ident, classes, attrs = parse_attributes(match.group(0))
                node.id = node.id or ident
                node.attrs.update(attrs)
                if classes:
                    node.attrs["class"] = " ".join(classes)
                after.text = after.text[match.end():]
                after.column = after.column + match.end() if after.column else 0
    return [n for n in nodes if not (isinstance(n, m.Text) and not n.text)]


def _alt_text(tokens: list[Token]) -> str:
    """The plain text of an image's alt (its inline tokens): an image's description."""
    parts = []
    for t in tokens:
        if t.type in ("text", "code_inline"):
            parts.append(t.content)
        elif t.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif t.children:
            parts.append(_alt_text(t.children))
    return "".join(parts)


def _merge_text(nodes: list) -> list:
    """Join adjacent Text nodes (markdown-it splits text at special characters), each run with one
    join (adding to a node's text piece by piece copies it each time: quadratic in the run)."""
    out: list = []
    run: list[str] = []  # the texts of the Text run out[-1] starts
    for node in nodes:
        if isinstance(node, m.Text) and run:
            run.append(node.text)
            continue
        if len(run) > 1:
            out[-1].text = "".join(run)
        out.append(node)
        run = [node.text] if isinstance(node, m.Text) else []
    if len(run) > 1:
        out[-1].text = "".join(run)
    return out
