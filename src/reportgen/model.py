"""The document model: one small, typed, closed tree that every reader fills and every writer reads.

Conventions every writer relies on (the typeset text of `Text` nodes):
  U+00A0 no-break space   — must not break (Kazakh typography reference, "Spaces that must not break").
  U+2011 no-break hyphen  — a suffix hyphen glued to its abbreviation or number (`БҰҰ‑ның`).
                            Writers render it as the format allows: DOCX `w:noBreakHyphen`,
                            HTML a hyphen-minus inside an unbreakable span (fonts lack U+2011).
  U+00AD soft hyphen      — an allowed hyphenation point (DOCX `w:softHyphen`, HTML `&shy;`).
Writers never see Markdown or markdown-it tokens; they see only these nodes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Iterator, Union

NBSP = "\u00a0"
NBHY = "\u2011"
SHY = "\u00ad"


@dataclass(kw_only=True)
class Node:
    """Base of every node: where it came from in the source (1-based; column 0 = unknown)."""

    line: int = 0
    column: int = 0


# ---------------------------------------------------------------- inlines


@dataclass
class Text(Node):
    """A run of plain text."""

    text: str


@dataclass
class Code(Node):
    """Inline code: verbatim, never typeset or hyphenated."""

    text: str


@dataclass
class SoftBreak(Node):
    """A line end inside a paragraph: a space in every output."""


@dataclass
class LineBreak(Node):
    """A hard line break."""


@dataclass
class Emph(Node):
    children: list[Inline] = field(default_factory=list)


@dataclass
class Strong(Node):
    children: list[Inline] = field(default_factory=list)


@dataclass
class Strikeout(Node):
    """`~~text~~`: struck-out text (HTML `del`, DOCX `w:strike`)."""

    children: list[Inline] = field(default_factory=list)


@dataclass
class Superscript(Node):
    """`^text^` (pandoc's superscript): raised text, e.g. «м^2^»."""

    children: list[Inline] = field(default_factory=list)


@dataclass
class Subscript(Node):
    """`~text~` (pandoc's subscript): lowered text, e.g. «H~2~O»."""

    children: list[Inline] = field(default_factory=list)


@dataclass
class Span(Node):
    """A bracketed span with attributes: `[text]{#id .class key=value}`."""

    children: list[Inline] = field(default_factory=list)
    id: str = ""
    classes: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Link(Node):
    children: list[Inline] = field(default_factory=list)
    target: str = ""
    title: str = ""


@dataclass
class FootnoteRef(Node):
    """A call of footnote `id`; `number` is its place in the order of first calls (1-based)."""

    id: str
    number: int = 0


@dataclass
class Mention(Node):
    """A mention found by the index: `kind` is "org" or "date", `key` the entry, `anchor` a unique id."""

    children: list[Inline] = field(default_factory=list)
    kind: str = "org"
    key: str = ""
    anchor: str = ""


@dataclass
class Image(Node):
    """An image `![alt](src "title"){#id width=50%}`. `src` as written; the resources transform
    sets `path` (the real file, checked inside the project), `kind` (png, jpeg, gif, svg) and the
    natural size in CSS pixels (`width_px`, `height_px`); a remote or unreadable image keeps
    `path` empty and is shown as its alt text."""

    src: str = ""
    alt: str = ""
    title: str = ""
    id: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    path: str = ""
    kind: str = ""
    width_px: float = 0.0
    height_px: float = 0.0


@dataclass
class Math(Node):
    """TeX math: `$…$` inline, `$$…$$` display (set on a line of its own); a display formula with
    `{#eq-id}` has that id and a `number` (1, 2 … in reading order). `unsupported`: why
    latex2mathml cannot read it ("" when it can); such a formula is shown as its TeX source."""

    tex: str = ""
    display: bool = False
    id: str = ""
    number: int = 0
    unsupported: str = ""


@dataclass
class CiteItem(Node):
    """One cited work in a citation: its key, the text before and after it, a locator (`45`, with
    its CSL label: page, volume …), and whether the author is left out (`[-@key]`)."""

    key: str = ""
    prefix: str = ""
    suffix: str = ""
    locator: str = ""
    label: str = ""
    suppress_author: bool = False


@dataclass
class Cite(Node):
    """A citation (`[@a, 45 б.; @b]`, or `@a` in the text when `textual`): its `items`, and its
    text — as written until the citations transform renders it by the style («[1, 45 б.]»)."""

    items: list[CiteItem] = field(default_factory=list)
    textual: bool = False
    children: list[Inline] = field(default_factory=list)
    id: str = ""  # `cite-KEY` on the first citation of a work: the references list links back to it


@dataclass
class PageMarker(Node):
    """Where page `page` of the print edition starts (EPUB page-list); invisible in print."""

    page: str = ""


Inline = Union[Text, Code, SoftBreak, LineBreak, Emph, Strong, Strikeout, Superscript, Subscript, Span, Link,
               FootnoteRef, Mention, Image, Math, Cite, PageMarker]
INLINE_TYPES = (Text, Code, SoftBreak, LineBreak, Emph, Strong, Strikeout, Superscript, Subscript, Span, Link,
                FootnoteRef, Mention, Image, Math, Cite, PageMarker)
# the inlines that hold other inlines (`children`): transforms go through them to the text
INLINE_CONTAINERS = (Emph, Strong, Strikeout, Superscript, Subscript, Span, Link, Mention, Cite)

# ----------------------------------------------------------------- blocks


@dataclass
class Heading(Node):
    level: int
    children: list[Inline] = field(default_factory=list)
    id: str = ""
    classes: list[str] = field(default_factory=list)


@dataclass
class Paragraph(Node):
    children: list[Inline] = field(default_factory=list)


@dataclass
class BlockQuote(Node):
    children: list[Block] = field(default_factory=list)


TASK_BOX = {"todo": "\u2610", "done": "\u2612"}  # ☐ ☒: a task list item's box, as text


@dataclass
class ListItem(Node):
    """A list item; `task` is "todo" or "done" for a task list item (`- [ ] …`, `- [x] …`), whose
    first paragraph then starts with its box, ☐ or ☒, as text (every writer shows the same)."""

    children: list[Block] = field(default_factory=list)
    task: str = ""


@dataclass
class BulletList(Node):
    items: list[ListItem] = field(default_factory=list)


@dataclass
class OrderedList(Node):
    """An ordered list from `start`; `style` is pandoc's for other markers (pandoc_lists.py):
    "lower-alpha", "upper-alpha", "lower-roman", "upper-roman", "decimal" (`(1)`, `#.`),
    "example" (`(@)`, numbered across the document), "" for `1.`/`1)`; `delimiter` ".", ")" or
    "()" for those."""

    items: list[ListItem] = field(default_factory=list)
    start: int = 1
    style: str = ""
    delimiter: str = ""


@dataclass
class CodeBlock(Node):
    """Verbatim block (fenced or indented code, or escaped raw HTML): never typeset."""

    text: str
    info: str = ""


@dataclass
class ThematicBreak(Node):
    pass


@dataclass
class TableCell(Node):
    """One cell: its inline content, the column's alignment ("", "left", "center", "right"), and
    whether it is a header cell (a `th`, a repeated header row). A grid-table cell holding more
    than one paragraph, or a list, has those blocks in `blocks` (and no inline `children`)."""

    children: list[Inline] = field(default_factory=list)
    align: str = ""
    header: bool = False
    blocks: list[Block] = field(default_factory=list)


@dataclass
class TableRow(Node):
    children: list[TableCell] = field(default_factory=list)


@dataclass
class Caption(Node):
    """A table's (or figure's) caption text."""

    children: list[Inline] = field(default_factory=list)


@dataclass
class Table(Node):
    """A table: its `caption` (or None) and `id` (`{#tbl-…}`), the header rows in `head`, the body
    rows in `children`; `number` is its place among captioned tables (0: not numbered); `widths`,
    each column's share of the line (multiline and grid tables; empty: automatic)."""

    caption: Caption | None = None
    widths: list[float] = field(default_factory=list)
    id: str = ""
    head: list[TableRow] = field(default_factory=list)
    children: list[TableRow] = field(default_factory=list)
    number: int = 0


@dataclass
class Figure(Node):
    """An image alone in its paragraph with a caption (pandoc's implicit_figures): the caption is
    the alt text, set below the image and numbered «1-сурет – Атауы» (`number`, among figures)."""

    image: Image = field(default_factory=Image)
    caption: Caption | None = None
    id: str = ""
    number: int = 0


@dataclass
class BibEntry(Node):
    """One work in the references list: its key (`id`), its number in the list, its text as the
    style renders it."""

    id: str = ""
    number: int = 0
    children: list[Inline] = field(default_factory=list)
    cited_at: str = ""  # the id of its first citation (`Cite.id`), "" if only `nocite` lists it


@dataclass
class Bibliography(Node):
    """The references list the citations transform makes («Пайдаланылған әдебиеттер тізімі»),
    where `::: {#refs}` stands or at the end of the text; `numbered`: the style numbers it."""

    entries: list[BibEntry] = field(default_factory=list)
    numbered: bool = True


@dataclass
class LineBlock(Node):
    """Pandoc's line block (`| ` lines: verse, addresses): its lines are kept, separated by
    `LineBreak`s, their leading spaces as no-break spaces."""

    children: list[Inline] = field(default_factory=list)


@dataclass
class Term(Node):
    """The term of a definition-list item."""

    children: list[Inline] = field(default_factory=list)


@dataclass
class Definition(Node):
    """One definition (`:   …`) of a term: blocks."""

    children: list[Block] = field(default_factory=list)


@dataclass
class DefinitionItem(Node):
    """A term and its definitions."""

    term: Term = field(default_factory=Term)
    children: list[Definition] = field(default_factory=list)


@dataclass
class DefinitionList(Node):
    items: list[DefinitionItem] = field(default_factory=list)


@dataclass
class Div(Node):
    """A fenced div `::: {#id .class key=value}` … `:::`: blocks with attributes (the classes reach
    the HTML and a DOCX paragraph style of the same name where one exists)."""

    children: list[Block] = field(default_factory=list)
    id: str = ""
    classes: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)


Block = Union[Heading, Paragraph, BlockQuote, BulletList, OrderedList, ListItem, CodeBlock, ThematicBreak, Table,
              Figure, LineBlock, DefinitionList, Div]
BLOCK_TYPES = (Heading, Paragraph, BlockQuote, BulletList, OrderedList, ListItem, CodeBlock, ThematicBreak, Table,
               Figure, LineBlock, DefinitionList, Div)
# the blocks whose children are inlines (text): the typography and the index work inside them
TEXT_BLOCKS = (Heading, Paragraph, Caption, TableCell, LineBlock, Term)


@dataclass
class Footnote(Node):
    """A footnote definition; `number` follows the order of first calls."""

    id: str
    number: int = 0
    children: list[Block] = field(default_factory=list)


# ------------------------------------------------------------------ index


@dataclass
class IndexEntry(Node):
    """One index line: a label, the anchors of its mentions, sub-entries, or a cross-reference."""

    label: str
    anchors: list[str] = field(default_factory=list)
    children: list[IndexEntry] = field(default_factory=list)
    see: str = ""


@dataclass
class IndexSection(Node):
    """A part of the index («Ұйымдар», «Даталар»)."""

    title: str
    entries: list[IndexEntry] = field(default_factory=list)


# --------------------------------------------------------------- document


@dataclass
class Metadata(Node):
    """Front matter: the known fields typed, everything else kept in `extra`."""

    title: str = ""
    subtitle: str = ""  # the genre («Реферат»): `subtitle:` or `genre:`
    author: str = ""
    date: str = ""
    lang: str = "kk"
    # the university title page (issue 16): institution lines (ministry, university, faculty,
    # department), the author's group, the supervisor, the city and year at the foot
    institution: list[str] = field(default_factory=list)
    group: str = ""
    supervisor: str = ""
    city: str = ""
    year: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def academic(self) -> bool:
        """Whether the title page is a university's (any of its own fields given)."""
        return bool(self.institution or self.supervisor or self.group or self.city)


@dataclass
class FontFallback(Node):
    """An installed font the characters the body font lacks are set in (typography/fallback.py):
    fontconfig's family name, its file, the characters."""

    family: str = ""
    file: str = ""
    chars: str = ""


@dataclass
class Document(Node):
    meta: Metadata = field(default_factory=Metadata)
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    index: list[IndexSection] = field(default_factory=list)
    source: str = ""
    fonts: list[FontFallback] = field(default_factory=list)  # the fonts transform's choice

    def footnote(self, id: str) -> Footnote:
        """The definition of footnote `id` (KeyError if there is none)."""
        for note in self.footnotes:
            if note.id == id:
                return note
        raise KeyError(id)


# ---------------------------------------------------------------- walking

# in reading order: a table's caption (set above it) and header rows come before its body rows
_CHILD_FIELDS = ("image", "caption", "term", "head", "children", "items", "blocks", "footnotes", "entries", "index")


def children(node: Node) -> Iterator[Node]:
    """The direct child nodes of `node`, in document order (blocks, then footnotes, then index)."""
    for name in _CHILD_FIELDS:
        value = getattr(node, name, None)
        if isinstance(value, list):
            yield from value
        elif isinstance(value, Node):
            yield value


def walk(node: Node) -> Iterator[Node]:
    """Every node under `node` (itself first), depth first in document order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))


def query(node: Node, *types: type) -> Iterator[Node]:
    """Every node under `node` that is an instance of one of `types`."""
    return (n for n in walk(node) if isinstance(n, types))


def text_blocks(doc: Document) -> Iterator[Node]:
    """The blocks that hold inline text (TEXT_BLOCKS: headings, paragraphs, captions, table cells,
    line blocks, terms), body then footnotes."""
    return query(doc, *TEXT_BLOCKS)


def text_nodes(node: Node, *, skip: tuple[type, ...] = ()) -> Iterator[Text]:
    """The `Text` nodes under `node` in reading order, not entering `Code` or nodes of `skip` types."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Text):
            yield current
        elif isinstance(current, Code) or (skip and isinstance(current, skip)):
            continue
        else:
            stack.extend(reversed(list(children(current))))


def plain_text(node: Node) -> str:
    """The text of `node` as a reader sees it (footnote calls and breaks as nothing/space)."""
    parts: list[str] = []
    for n in walk(node):
        if isinstance(n, (Text, Code)):
            parts.append(n.text)
        elif isinstance(n, (SoftBreak, LineBreak)):
            parts.append(" ")
    return "".join(parts)


# ------------------------------------------------------------------- JSON


def to_dict(node: Node) -> dict:
    """A JSON-ready dump of `node`: `{"type": ClassName, field: value, ...}` (for tests and --debug)."""

    def convert(value):
        if isinstance(value, Node):
            out = {"type": type(value).__name__}
            for f in dataclasses.fields(value):
                out[f.name] = convert(getattr(value, f.name))
            return out
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        return value

    return convert(node)


_TYPES = {cls.__name__: cls for cls in (*INLINE_TYPES, *BLOCK_TYPES, Caption, TableRow, TableCell, Term, Definition,
                                         DefinitionItem, CiteItem, BibEntry, Footnote, IndexEntry, IndexSection,
                                         Metadata, FontFallback, Document)}


def from_dict(data):
    """Rebuild a node tree from `to_dict` output."""
    if isinstance(data, list):
        return [from_dict(v) for v in data]
    if isinstance(data, dict) and "type" in data and data["type"] in _TYPES:
        cls = _TYPES[data["type"]]
        kwargs = {k: from_dict(v) for k, v in data.items() if k != "type"}
        if cls is Metadata:
            kwargs["extra"] = data.get("extra", {})
        return cls(**kwargs)
    if isinstance(data, dict):
        return {k: from_dict(v) for k, v in data.items()}
    return data
