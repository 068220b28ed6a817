"""HTML rendering of the model, shared by the PDF writer (print HTML) and the EPUB writer (XHTML).

`HtmlRenderer` turns nodes into escaped markup; subclasses change only what differs per medium
(footnotes, index locators). Output is well-formed XHTML too (void elements self-closed).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from markupsafe import Markup, escape

from .. import model as m
from .. import highlight, texmath
from .meta import figure_label, span_lang, table_label

# A word holding U+2011, tried only where a word starts: tried inside a long word without U+2011,
# from each of its characters, it read the rest of the word each time (quadratic).
#: what never breaks: a word holding U+2011 (БҰҰ‑ның), or a range of figures the typography wrote
#: with an en dash (300–500, 1999–2001: issue 18 item 3; a line may break after an en dash); the
#: span takes in the words no-break spaces join to it («С.\u00a0101–130»): a no-break space just
#: before the span made WeasyPrint break the line words earlier, leaving one word on a line
_NOBR_WORD = re.compile(r"(?<!\S)(?<!\u00a0)(?:\S|\u00a0)*?(?:\u2011|\d\u2013\d)(?:\S|\u00a0)*")
_CLASS_OK = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_SAFE_HREF = re.compile(r"^(https?:|mailto:|#)", re.I)
# an image's `width`/`height` as CSS takes it: a number (pixels), a percentage of the text width, or
# a length in an absolute unit; anything else is left out (never written into the style attribute)
_MATH_SIZE = 16.0  # the font size ziamath draws at (CSS px); the image is then sized in em
_CSS_LENGTH = re.compile(r"^\d+(?:\.\d+)?(?:%|px|pt|mm|cm|in|em)?$")


#: a no-break group: words joined by no-break spaces («Н.\u00a0Назарбаев», «26\u00a0мамыр»); or a
#: compound written with a hyphen («кез-келген»), which breaks at its own hyphen only (issue 18
#: item 5) though its parts, written alone elsewhere, have hyphenation points
#: (each alternative starts only where a run or a word starts: from any letter of a long run it
#: read the run to its end again, quadratic)
_NOBREAK_GROUP = re.compile(r"(?<![^\s\u00a0])[^\s\u00a0]+(?:\u00a0[^\s\u00a0]+)+|(?<![\w\u00ad-])\w+(?:-\w+)+(?![\w\u00ad-])")
#: a word with no hyphenation point in it
_PLAIN_WORD = re.compile(r"(?<![\w\u00ad])\w+(?![\w\u00ad])")


#: a run of characters with no space that no line holds (a URL, a hash, a pasted blob)
_LONG_RUN = re.compile(r"(?<![^\s\u200b])[^\s\u200b]{80,}")


def _breakable(match: re.Match) -> str:
    """The run with a zero-width space (a break opportunity, no glyph) after every 40 characters:
    WeasyPrint set an unbreakable run on one line past the right margin, off the page."""
    run = match.group(0)
    return "\u200b".join(run[k : k + 40] for k in range(0, len(run), 40))


def text_markup(text: str) -> str:
    """Escaped text; a word holding U+2011 becomes an unbreakable span with a plain hyphen
    (fonts such as PT Serif have no U+2011 glyph; see docs/ARCHITECTURE.md), and so does a range
    of figures (its en dash is a break opportunity otherwise)."""
    out, last = [], 0
    for match in _NOBR_WORD.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        word = match.group(0).replace("\u2011", "-")
        out.append(f'<span class="nobr">{escape(word)}</span>')
        last = match.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


def _chapter_ends(blocks: list) -> set[int]:
    """id() of the last top-level paragraph before each level-1 heading and at the end."""
    out: set[int] = set()
    last = None
    for block in blocks:
        if isinstance(block, m.Heading) and block.level == 1:
            if last is not None:
                out.add(id(last))
            last = None
        elif isinstance(block, m.Paragraph):
            last = block
        else:
            last = None  # a chapter ending in a list or a table: nothing to keep
    if last is not None:
        out.add(id(last))
    return out


def lang_attr(attrs: dict[str, str], xml: bool = False) -> str:
    """` lang="…"` (and ` xml:lang="…"` in XHTML) for a span's `lang=` attribute: text in
    another language is tagged as such (issue 18 item 18)."""
    lang = span_lang(attrs)
    return (f' lang="{lang}"' + (f' xml:lang="{lang}"' if xml else "")) if lang else ""


def classes_attr(classes: list[str]) -> str:
    """A safe ` class="…"` attribute (only plain identifiers pass)."""
    ok = [c for c in classes if _CLASS_OK.match(c)]
    return f' class="{" ".join(ok)}"' if ok else ""


def id_attr(ident: str) -> str:
    return f' id="{escape(ident)}"' if ident else ""


class HtmlRenderer:
    """Model → HTML markup. `heading_offset` shifts heading levels (the title page owns h1)."""

    heading_offset = 1

    def __init__(self, doc: m.Document, mark_blocks: bool = False, soft_hyphens: bool = True,
                 hyphenated: frozenset[str] = frozenset(), break_long_runs: bool = False):
        self.doc = doc
        # the print edition: a run longer than a line gets break opportunities (`_breakable`);
        # an e-book's reading system wraps such a run itself
        self.break_long_runs = break_long_runs
        # without soft_hyphens, the hyphenation points (U+00AD) are left out of the text and the
        # layout takes them per word (weasyprint_fixes.hyphenate_from); `hyphenated`: the words
        # that have points somewhere — an occurrence written without them (a word in a no-break
        # group, «Н. Назарбаев») is marked so that it is never broken (`text`)
        self.soft_hyphens = soft_hyphens
        self.hyphenated = hyphenated
        # the last paragraph of each chapter (level-1 section): class "chapter-end", which the
        # print style keeps on one page with the paragraph before it (issue 18 item 6)
        self.chapter_ends = _chapter_ends(doc.blocks)
        self.notes = {n.id: n for n in doc.footnotes}
        self.placed_notes: set[str] = set()
        # with mark_blocks, text blocks carry data-b="i", i their position in model.walk order,
        # so that a layout can be traced back to the model (see reportgen.pagination)
        self.mark_blocks = mark_blocks
        self._positions: dict[int, int] | None = None
        self.anchors: dict[int, str] = {}  # ids given to the listed figures and tables that have none
        self._repeating = False  # rendering a copy of a heading or caption (`repeated`)

    def block_attr(self, node: m.Node) -> str:
        if not self.mark_blocks:
            return ""
        if self._positions is None:
            self._positions = {id(n): i for i, n in enumerate(m.walk(self.doc))}
        return f' data-b="{self._positions[id(node)]}"'

    # ---- inlines

    def inlines(self, nodes: list) -> str:
        return "".join(self.inline(n) for n in nodes)

    def repeated(self, nodes: list) -> str:
        """A heading's or caption's inlines where the document repeats them (the contents, the
        lists of figures and tables): without the ids, note calls and links, which stay with the
        original — an id is the document's once, an index mention is found on the heading's page,
        not the contents' (pandoc leaves notes out of the contents too), and the entry is a link
        itself."""
        was, self._repeating = self._repeating, True
        try:
            return self.inlines(nodes)
        finally:
            self._repeating = was

    def text(self, text: str) -> str:
        if self.break_long_runs:
            text = _LONG_RUN.sub(_breakable, text)
        if self.soft_hyphens:
            return text_markup(text)
        if not self.hyphenated:
            return text_markup(text.replace("\u00ad", ""))
        out, last = [], 0
        for match in _NOBREAK_GROUP.finditer(text):
            group = match.group(0)
            if any(word in self.hyphenated for word in _PLAIN_WORD.findall(group)):
                # the points are per word, not per occurrence: this group's (or compound's)
                # words have none, so none apply; the whole group in one span (a span starting
                # after its no-break space would let the line break there)
                out.append(text_markup(text[last : match.start()].replace("\u00ad", "")))
                out.append(f'<span style="hyphens: manual">{text_markup(group.replace(chr(0xAD), ""))}</span>')
                last = match.end()
        out.append(text_markup(text[last:].replace("\u00ad", "")))
        return "".join(out)

    def inline(self, node) -> str:
        if isinstance(node, m.Text):
            return self.text(node.text)
        if isinstance(node, m.Code):
            return f"<code>{escape(node.text)}</code>"
        if isinstance(node, m.SoftBreak):
            # a space, not the source's line end: WeasyPrint kept a newline as a line break in
            # a footnote (`float: footnote`), cutting each wrapped note line short
            return " "
        if isinstance(node, m.LineBreak):
            return "<br/>"
        if isinstance(node, m.Emph):
            return f"<em>{self.inlines(node.children)}</em>"
        if isinstance(node, m.Strong):
            return f"<strong>{self.inlines(node.children)}</strong>"
        if isinstance(node, m.Strikeout):
            return f"<del>{self.inlines(node.children)}</del>"
        if isinstance(node, m.Superscript):
            return f"<sup>{self.inlines(node.children)}</sup>"
        if isinstance(node, m.Subscript):
            return f"<sub>{self.inlines(node.children)}</sub>"
        if isinstance(node, m.Span):
            ident = "" if self._repeating else self.node_id(node)
            return (f"<span{id_attr(ident)}{classes_attr(node.classes)}{self.lang(node.attrs)}>"
                    f"{self.inlines(node.children)}</span>")
        if isinstance(node, m.Link):
            if _SAFE_HREF.match(node.target) and not self._repeating:
                return f'<a href="{escape(node.target)}">{self.inlines(node.children)}</a>'
            return f"<span>{self.inlines(node.children)}</span>"
        if isinstance(node, m.Mention):
            if self._repeating:
                return self.inlines(node.children)
            return f'<span id="{escape(node.anchor)}" class="mention">{self.inlines(node.children)}</span>'
        if isinstance(node, m.FootnoteRef):
            return "" if self._repeating else self.footnote_ref(node)
        if isinstance(node, m.PageMarker):
            return "" if self._repeating else self.page_marker(node)
        if isinstance(node, m.Image):
            return self.image(node)
        if isinstance(node, m.Math):
            return self.math(node)
        if isinstance(node, m.Cite):
            ident = "" if self._repeating else self.node_id(node)
            return f'<span class="citation"{id_attr(ident)}>{self.inlines(node.children)}</span>'
        raise TypeError(f"no HTML for {type(node).__name__}")

    def math(self, node: m.Math) -> str:
        """A formula: its markup (`formula`), in a block of its own when displayed, with its number
        «(1)» at the right when it has one; TeX that cannot be read is shown as its source."""
        if node.unsupported:
            inner = f'<code class="math-source">{escape(node.tex)}</code>'
        else:
            inner = self.formula(node)
        if not node.display:
            return inner
        number = f'<span class="equation-number">({node.number})</span>' if node.number else ""
        return f'<span class="equation"{id_attr(self.node_id(node))}>{number}{inner}</span>'

    def formula(self, node: m.Math) -> str:
        """Print: the formula drawn by ziamath (texmath.svg), an image whose text alternative is the
        TeX (PDF/UA), sized in em so that it follows the text, its baseline on the line's."""
        markup, width, height, depth = texmath.svg(node.tex, node.display, _MATH_SIZE)
        data = base64.b64encode(markup.encode("utf-8")).decode("ascii")
        style = (f"width: {width / _MATH_SIZE:.3f}em; height: {height / _MATH_SIZE:.3f}em; "
                 f"vertical-align: {-depth / _MATH_SIZE:.3f}em")
        return f'<img class="math" src="data:image/svg+xml;base64,{data}" alt="{escape(node.tex)}" style="{style}"/>'


    def image(self, node: m.Image, alt: str | None = None) -> str:
        """`<img>` with its alt text (PDF/UA: a Figure with /Alt) and its size as written (`width=50%`
        of the text, `8cm`…; else its natural size), never wider than the text (the style sheets);
        an image not in the project (remote) is its alt text."""
        alt = node.alt if alt is None else alt
        src = self.image_src(node)
        if not src:
            return f'<span class="image-alt">{self.text(alt)}</span>'
        style = []
        for side in ("width", "height"):
            value = node.attrs.get(side, "").strip()
            if _CSS_LENGTH.match(value):
                style.append(f"{side}: {value}{'px' if value[-1].isdigit() else ''}")
        if not style and node.width_px:
            style.append(f"width: {node.width_px:.2f}px")
        style_attr = f' style="{"; ".join(style)}"' if style else ""
        title = f' title="{escape(node.title)}"' if node.title else ""
        return f'<img src="{escape(src)}" alt="{escape(alt)}"{title}{style_attr}/>'

    def image_src(self, node: m.Image) -> str:
        """Where the output finds the image: the print HTML reads the project file itself."""
        return Path(node.path).as_uri() if node.path else ""

    def footnote_ref(self, node: m.FootnoteRef) -> str:
        """Print: the note's text floats to the foot of the page (CSS `float: footnote`);
        a second call of the same note is a plain superscript number."""
        if node.id in self.placed_notes:
            return f'<sup class="fnref">{node.number}</sup>'
        self.placed_notes.add(node.id)
        note = self.notes[node.id]
        ident = escape(node.id)
        return (f'<span class="fncall" id="fncall-{ident}"></span>'
                f'<span class="footnote" id="fn-{ident}">{self.note_body(note)}</span>')

    def page_marker(self, node: m.PageMarker) -> str:
        """Print editions mark no page starts (the PDF has real pages)."""
        return ""

    def note_body(self, note: m.Footnote) -> str:
        """A note's blocks as inline markup (a floated footnote is one inline box)."""
        parts = []
        for block in note.children:
            if isinstance(block, (m.Paragraph, m.Heading)):
                parts.append(self.inlines(block.children))
            elif isinstance(block, m.CodeBlock):  # verbatim, its lines kept (it was left out: no text nodes)
                parts.append(f'<code class="note-code">{escape(block.text.rstrip(chr(10)))}</code>')
            else:  # a list, a quote, a table: each of its text blocks a line of the note
                parts.extend(self.inlines(inner.children) for inner in m.query(block, *m.TEXT_BLOCKS))
        return "<br/>".join(parts)

    # ---- blocks

    def blocks(self, blocks: list) -> str:
        return "\n".join(self.block(b) for b in blocks)

    def block(self, node) -> str:
        if isinstance(node, m.Heading):
            level = min(node.level + self.heading_offset, 6)
            attrs = id_attr(node.id) + classes_attr(node.classes) + self.block_attr(node)
            return f"<h{level}{attrs}>{self.inlines(node.children)}</h{level}>"
        if isinstance(node, m.Paragraph):
            end = ' class="chapter-end"' if id(node) in self.chapter_ends else ""
            return f"<p{end}{self.block_attr(node)}>{self.inlines(node.children)}</p>"
        if isinstance(node, m.BlockQuote):
            return f"<blockquote>\n{self.blocks(node.children)}\n</blockquote>"
        if isinstance(node, m.BulletList):
            tasks = ' class="task-list"' if node.items and all(i.task for i in node.items) else ""
            return f"<ul{tasks}>\n" + "\n".join(self.block(i) for i in node.items) + "\n</ul>"
        if isinstance(node, m.OrderedList):
            start = f' start="{node.start}"' if node.start != 1 else ""
            # pandoc's other markers: the HTML `type` (its delimiter, as in pandoc's HTML, is not shown)
            start += {"lower-alpha": ' type="a"', "upper-alpha": ' type="A"', "lower-roman": ' type="i"',
                      "upper-roman": ' type="I"', "example": ' class="example"'}.get(node.style, "")
            # the same as CSS: WeasyPrint reads no presentational attributes (CSS Lists 3: the
            # list-item counter starts one before `start`)
            css = []
            if node.style in ("lower-alpha", "upper-alpha", "lower-roman", "upper-roman"):
                css.append(f"list-style-type: {node.style}")
            if node.start != 1:
                css.append(f"counter-reset: list-item {node.start - 1}")
            if css:
                start += f' style="{"; ".join(css)}"'
            return f"<ol{start}>\n" + "\n".join(self.block(i) for i in node.items) + "\n</ol>"
        if isinstance(node, m.ListItem):  # a task's box is its text: the class names its state
            task = f' class="task {node.task}"' if node.task else ""
            return f"<li{task}>{self.blocks(node.children)}</li>"
        if isinstance(node, m.CodeBlock):
            return f"<pre><code>{self.code(node)}</code></pre>"
        if isinstance(node, m.ThematicBreak):
            return "<hr/>"
        if isinstance(node, m.Table):
            return self.table(node)
        if isinstance(node, m.Figure):
            return self.figure(node)
        if isinstance(node, m.Bibliography):
            return self.bibliography(node)
        if isinstance(node, m.LineBlock):  # pandoc's markup for a line block
            return f'<div class="line-block"{self.block_attr(node)}>{self.inlines(node.children)}</div>'
        if isinstance(node, m.DefinitionList):
            parts = ["<dl>"]
            for item in node.items:
                parts.append(f"<dt{self.block_attr(item.term)}>{self.inlines(item.term.children)}</dt>")
                parts.extend(f"<dd>{self.blocks(d.children)}</dd>" for d in item.children)
            parts.append("</dl>")
            return "\n".join(parts)
        if isinstance(node, m.Div):
            attrs = id_attr(self.node_id(node)) + classes_attr(node.classes) + self.lang(node.attrs)
            return f"<div{attrs}>\n{self.blocks(node.children)}\n</div>"
        raise TypeError(f"no HTML for {type(node).__name__}")

    def figure(self, node: m.Figure) -> str:
        """A figure: the image, its numbered caption below it («1-сурет – Атауы», the Kazakh academic
        convention; writers/meta.figure_label); the caption is the image's text alternative."""
        caption = node.caption.children if node.caption else []
        label = f'<span class="caption-label">{self.text(figure_label(node.number))}</span>' if node.number else ""
        # an image not shown (remote) leaves its caption, which is its alt text, alone
        image = self.image(node.image, alt=m.plain_text(node.caption).replace("\u00ad", "") if node.caption else None) \
            if self.image_src(node.image) else ""
        block = self.block_attr(node.caption) if node.caption else ""
        return (f'<figure class="figure"{id_attr(self.node_id(node))}>\n{image}\n'
                f"<figcaption{block}>{label}{self.inlines(caption)}</figcaption>\n</figure>")

    def bibliography(self, node: m.Bibliography) -> str:
        """The references list: an ordered list when the style numbers it (ГОСТ), each entry with
        the id its citations link to (`ref-KEY`)."""
        tag = "ol" if node.numbered else "ul"
        items = "\n".join(f'<li id="{escape(self.entry_id(e))}"{self.block_attr(e)}>{self.inlines(e.children)}'
                          f"{self.backlink(e)}</li>" for e in node.entries)
        return f'<div class="references" {self.bibliography_role()}>\n<{tag} class="references">\n{items}\n</{tag}>\n</div>'

    def bibliography_role(self) -> str:
        return 'role="doc-bibliography"'

    def backlink(self, entry: m.BibEntry) -> str:
        """Print has none (a page has no «back»); the EPUB links each entry to its first citation."""
        return ""

    def entry_id(self, entry: m.BibEntry) -> str:
        return f"ref-{entry.id}"

    def code(self, node: m.CodeBlock, strip: bool = False) -> str:
        """A code block's text, highlighted (highlight.py: `tok-KIND` spans) when it names a language."""
        text = node.text.rstrip("\n") if strip else node.text
        return "".join(f'<span class="tok-{kind}">{escape(value)}</span>' if kind else str(escape(value))
                       for kind, value in highlight.runs(text, node.info))

    def node_id(self, node) -> str:
        """The id `node` carries in this output (the source's `{#id}`; a listed figure or table
        without one: the id `anchor_lists` gave it)."""
        return node.id or self.anchors.get(id(node), "")

    def anchor_lists(self, lists: list[tuple[str, list]]) -> None:
        """Give each figure and table of the lists of figures and tables an id to link to
        (`fig-N`, `tbl-N`, or with a further number where the source uses that one)."""
        used = {n.id for n in m.walk(self.doc) if getattr(n, "id", "")}
        for _key, entries in lists:
            for node, _label in entries:
                if node.id:
                    continue
                base = f"{'fig' if isinstance(node, m.Figure) else 'tbl'}-{node.number}"
                ident, k = base, 1
                while ident in used:
                    k += 1
                    ident = f"{base}-{k}"
                used.add(ident)
                self.anchors[id(node)] = ident

    def lang(self, attrs: dict[str, str]) -> str:
        """The `lang` attribute of a span or div in another language."""
        return lang_attr(attrs)

    def table(self, node: m.Table) -> str:
        """A table with its numbered caption above it, the columns' widths (`colgroup`), `th scope`
        in header rows (accessible), the alignment as a class (`align-right`), a grid cell's blocks;
        styled by `table.table` in the stylesheets."""
        parts = [f'<table class="table"{id_attr(self.node_id(node))}>']
        if node.caption is not None:
            label = f'<span class="caption-label">{self.text(table_label(node.number))}</span>' if node.number else ""
            parts.append(f"<caption{self.block_attr(node.caption)}>{label}{self.inlines(node.caption.children)}</caption>")
        if node.widths:  # multiline and grid tables: the columns' shares of the table's width
            total = sum(node.widths)
            parts.append("<colgroup>" + "".join(f'<col style="width: {100 * w / total:.1f}%"/>' for w in node.widths)
                         + "</colgroup>")
        for group, rows in (("thead", node.head), ("tbody", node.children)):
            if not rows:
                continue
            parts.append(f"<{group}>")
            for row in rows:
                cells = []
                for cell in row.children:
                    tag = "th" if cell.header else "td"
                    scope = ' scope="col"' if cell.header else ""
                    align = f' class="align-{cell.align}"' if cell.align in ("left", "center", "right") else ""
                    content = self.blocks(cell.blocks) if cell.blocks else self.inlines(cell.children)
                    cells.append(f"<{tag}{scope}{align}{self.block_attr(cell)}>{content}</{tag}>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append(f"</{group}>")
        parts.append("</table>")
        return "\n".join(parts)

    # ---- pieces the templates use

    def toc(self, max_level: int = 2) -> list[dict]:
        """Headings for a table of contents: `{"id", "level", "html"}`."""
        return [
            {"id": h.id, "level": h.level, "html": Markup(self.repeated(h.children))}
            for h in self.doc.blocks
            if isinstance(h, m.Heading) and h.level <= max_level
        ]
