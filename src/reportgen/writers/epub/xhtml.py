"""The e-book's XHTML: every EPUB-specific markup trick lives here.

- `Plan` splits the body into one document per level-1 heading and knows, before anything is
  rendered, which document holds every id (headings, spans, index mentions, notes), so links
  across documents (notes, index, `#id` links) point at `file#id`.
- `XhtmlRenderer` (a `HtmlRenderer`) renders a section: footnote calls as EPUB 3 noterefs, notes
  as `aside epub:type="footnote"` at the end of the document that first calls them, each with a
  back-link to that first call.
- `Pages` builds every content document (cover, title page, navigation, sections, index,
  colophon) from the `epub-page.xhtml.j2` template (Jinja2, autoescaped). All text is escaped;
  the model holds no raw HTML and none is ever let through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ... import model as m
from ... import templating, texmath
from ..html import HtmlRenderer, classes_attr, lang_attr, text_markup
from ..meta import LABELS as PRINT_LABELS
from ..meta import captioned_lists, date_label, locator_separators, page_runs, place_year, see_also, signatures

LABELS = {
    "figures": PRINT_LABELS["figures"],  # the lists of figures and tables, as in print
    "tables": PRINT_LABELS["tables"],
    "contents": "Мазмұны",
    "index": "Көрсеткіш",
    "cover": "Мұқаба",
    "titlepage": "Титул беті",
    "bodymatter": "Негізгі мәтін",
    "landmarks": "Бағдарлар",
    "notes": "Ескертпелер",
    "colophon": "Қаріп лицензиясы",
    "pages": "Баспа беттері",
}

_ID_OK = re.compile(r"^[^\W\d_][\w.-]*$")  # an XML NCName of letters, digits, `_.-` (Kazakh ids too)
_RESERVED = re.compile(r"^(fn|fnref|ie|idx|toc|landmarks|colophon-title)(-|$)")
_SAFE_HREF = re.compile(r"^(https?:|mailto:)", re.I)
_EXTENSIONS = {"png": "png", "jpeg": "jpg", "gif": "gif", "svg": "svg"}
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml"}



def plain(nodes: list) -> str:
    """Inline nodes as one line of plain text (titles, NCX labels): no soft hyphens, U+2011 → '-'."""
    text = "".join(m.plain_text(n) for n in nodes)
    return " ".join(text.replace("\u00ad", "").replace("\u2011", "-").split())


def date_text(value: str) -> str:
    """The front-matter date as the title page shows it (`meta.date_label`, CLDR long style), with
    CLDR's U+202F narrow no-break space made U+00A0: PT Serif has no U+202F glyph."""
    return date_label(value).replace("\u202f", "\u00a0") if value else ""


def clean(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("\u2011", "-").split())


@dataclass
class Section:
    """One content document: the blocks from a level-1 heading to the next."""

    number: int
    file: str
    heading: m.Heading | None
    blocks: list
    notes: list[str] = field(default_factory=list)  # ids of the notes placed at its end

    @property
    def title(self) -> str:
        return plain(self.heading.children) if self.heading else ""


class Plan:
    """Where everything goes, computed once before rendering."""

    def __init__(self, doc: m.Document, warnings=None):
        self.doc = doc
        self.warnings = warnings
        self.sections = self._split(doc.blocks)
        self.ids: dict[int, str] = {}  # id(node) → XHTML id (headings, spans)
        self.user_ids: dict[str, str] = {}  # source id → XHTML id (for `#id` links)
        self.file_of: dict[str, str] = {}  # XHTML id → file
        self.heading_of: dict[str, str] = {}  # mention anchor → title of the heading above it
        self.note_file: dict[str, str] = {}  # note id → file of its aside
        self.note_number: dict[str, int] = {}  # note id → 1, 2, 3 (order of first call)
        self.mention_ids: dict[int, str] = {}  # id(Mention) → its anchor, first occurrence only
        self.position: dict[str, int] = {}  # mention anchor → its place in reading order
        self.page_of: dict[str, int] = {}  # mention anchor → the print page it is on (page-list)
        # note id → its definition (the first, as Document.footnote, whose scan of every note at
        # each one placed was quadratic in the number of notes)
        self.notes: dict[str, m.Footnote] = {}
        for note in doc.footnotes:
            self.notes.setdefault(note.id, note)
        # the real path of each image the book shows → its name in the package (images/img-N.ext),
        # in reading order; one file used twice is stored once
        self.images: dict[str, str] = {}
        for image in m.query(doc, m.Image):
            if image.path and image.path not in self.images:
                self.images[image.path] = f"images/img-{len(self.images) + 1}.{_EXTENSIONS[image.kind]}"
        self._assign_ids()
        self._place()

    # -- splitting

    @staticmethod
    def _split(blocks: list) -> list[Section]:
        groups: list[tuple[m.Heading | None, list]] = []
        for block in blocks:
            if isinstance(block, m.Heading) and block.level == 1:
                groups.append((block, []))
            elif not groups:
                groups.append((None, [block]))
            else:
                groups[-1][1].append(block)
        return [Section(n, f"section-{n:02d}.xhtml", h, b) for n, (h, b) in enumerate(groups, 1)]

    # -- ids

    def _assign_ids(self) -> None:
        taken: set[str] = set()
        counter = 0
        # headings always (the contents link to them); spans, tables and divs when the source names them
        # and the figures and tables of the lists of figures and tables (`lof`, `lot`: the nav's loi, lot)
        listed = {id(node) for _key, entries in captioned_lists(self.doc) for node, _label in entries}
        nodes = [n for n in m.walk(self.doc)
                 if isinstance(n, m.Heading) or id(n) in listed
                 or (isinstance(n, (m.Span, m.Table, m.Div, m.Figure, m.Math, m.BibEntry, m.Cite)) and n.id)]
        # mention anchors are ids too: reserve the valid ones first
        for mention in m.query(self.doc, m.Mention):
            if mention.anchor and _ID_OK.match(mention.anchor) and mention.anchor not in taken:
                taken.add(mention.anchor)
                self.mention_ids[id(mention)] = mention.anchor
        for node in nodes:
            wanted = f"ref-{node.id}" if isinstance(node, m.BibEntry) else node.id
            duplicate = wanted in self.user_ids  # a second `{#same}`: links go to the first
            if duplicate and not isinstance(node, m.Heading):
                continue
            if wanted and not duplicate and _ID_OK.match(wanted) and not _RESERVED.match(wanted) and wanted not in taken:
                ident = wanted
            else:
                counter += 1
                while f"id-{counter}" in taken:
                    counter += 1
                ident = f"id-{counter}"
            taken.add(ident)
            self.ids[id(node)] = ident
            if wanted and not duplicate:
                self.user_ids[wanted] = ident

    # -- placing ids and notes in files

    def _place(self) -> None:
        count = 0
        page: int | None = None  # the print page read so far (the last PageMarker)
        note_page: dict[str, int | None] = {}  # note id → the print page of its first call
        for section in self.sections:
            queue: list[str] = []
            heading = section.title

            def visit(blocks: list) -> None:
                nonlocal heading, count, page
                for block in blocks:
                    for node in m.walk(block):
                        if isinstance(node, m.PageMarker) and node.page.isdigit():
                            page = int(node.page)
                        if isinstance(node, m.Heading):
                            heading = plain(node.children)
                        if id(node) in self.ids:
                            self.file_of.setdefault(self.ids[id(node)], section.file)
                        if id(node) in self.mention_ids:
                            self.position[node.anchor] = len(self.position)
                            self.file_of[node.anchor] = section.file
                            self.heading_of[node.anchor] = heading or self.doc.meta.title
                            if page is not None:
                                self.page_of[node.anchor] = page
                        if isinstance(node, m.FootnoteRef) and node.id not in self.note_file:
                            if node.id not in self.notes:
                                continue
                            count += 1
                            self.note_number[node.id] = count
                            self.note_file[node.id] = section.file
                            note_page[node.id] = page  # a note is printed on its call's page
                            section.notes.append(node.id)
                            queue.append(node.id)

            # the heading first: the page a chapter opens starts there (its PageMarker)
            visit(([section.heading] if section.heading is not None else []) + section.blocks)
            done = 0
            while done < len(queue):  # notes may call notes: placed in the same document
                after = page
                page = note_page[queue[done]]
                visit(self.notes[queue[done]].children)
                page = after
                done += 1

    # -- links

    def href(self, target: str, here: str) -> str | None:
        """A link target inside the book (`#id` in the source) as a relative href, or None."""
        ident = self.user_ids.get(target, target if target in self.file_of else None)
        if ident is None or ident not in self.file_of:
            return None
        where = self.file_of[ident]
        return f"#{ident}" if where == here else f"{where}#{ident}"

    def toc(self, max_level: int = 2, untitled: str = "—") -> list[dict]:
        """The table of contents: [{"title", "html", "href", "children": [...]}] (sections, level-2 headings)."""
        items = []
        for section in self.sections:
            children = []
            for block in section.blocks:
                if isinstance(block, m.Heading) and 1 < block.level <= max_level:
                    ident = self.ids[id(block)]
                    children.append({"title": plain(block.children), "nodes": block.children,
                                     "href": f"{section.file}#{ident}", "children": []})
            if section.heading is not None:
                items.append({"title": section.title, "nodes": section.heading.children,
                              "href": section.file, "children": children})
            else:
                items.append({"title": clean(self.doc.meta.title) or untitled, "nodes": None,
                              "href": section.file, "children": children})
        return items


class XhtmlRenderer(HtmlRenderer):
    """The model as EPUB 3 XHTML for one section document at a time."""

    heading_offset = 0  # every section is its own document: its heading is the h1

    def __init__(self, doc: m.Document, plan: Plan, soft_hyphens: bool = True):
        super().__init__(doc, soft_hyphens=soft_hyphens)
        self.plan = plan
        self.here = ""
        self.calls: dict[str, int] = {}  # note id → calls rendered so far

    # ---- inlines

    def inline(self, node) -> str:
        if isinstance(node, m.Text):
            return self.text(node.text)
        if self._repeating:  # a title's copy (`repeated`): links and mentions as HtmlRenderer copies them
            if isinstance(node, m.Math):
                # the navigation document is declared without MathML (EPUBCheck OPF-014): its TeX as text
                return f'<span class="math">{escape(node.tex)}</span>'
        elif isinstance(node, m.Link):
            return self.link(node)
        elif isinstance(node, m.Mention):
            ident = self.plan.mention_ids.get(id(node))
            id_part = f' id="{escape(ident)}"' if ident else ""
            return f'<span{id_part} class="mention">{self.inlines(node.children)}</span>'
        return super().inline(node)

    def formula(self, node: m.Math) -> str:
        """EPUB 3: MathML (its TeX as `alttext`, which reading systems without MathML show)."""
        markup = texmath.mathml(node.tex, node.display)
        return markup.replace("<math ", f'<math alttext="{escape(node.tex)}" ', 1)

    def bibliography_role(self) -> str:
        return 'epub:type="bibliography" role="doc-bibliography"'

    def entry_id(self, entry: m.BibEntry) -> str:
        return self.plan.ids.get(id(entry), "")

    def backlink(self, entry: m.BibEntry) -> str:
        href = self.plan.href(entry.cited_at, self.here) if entry.cited_at else None
        # «^» (as Wikipedia's references): a mark the embedded PT Serif has (it has no arrows: «↩»
        # fell to whatever font a reader has, or none); the label says where it leads
        return f' <a href="{escape(href)}" role="doc-backlink" aria-label="мәтінге қайту">^</a>' if href else ""

    def image_src(self, node: m.Image) -> str:
        """The image's file in the package (Plan.images)."""
        return self.plan.images.get(node.path, "")

    def node_id(self, node) -> str:
        """The planned XHTML id (valid, unique across the book's documents; links resolve to it)."""
        return self.plan.ids.get(id(node), "")

    def lang(self, attrs: dict[str, str]) -> str:
        return lang_attr(attrs, xml=True)

    def page_marker(self, node: m.PageMarker) -> str:
        """Where a page of the PDF edition starts (EPUB 3 § page navigation)."""
        return page_break(node.page)

    def link(self, node: m.Link) -> str:
        inner = self.inlines(node.children)
        target = node.target
        if target.startswith("#"):
            href = self.plan.href(target[1:], self.here)
            if href:
                return f'<a href="{escape(href)}">{inner}</a>'
            if self.plan.warnings is not None:
                self.plan.warnings.add(self.doc.source, node.line, node.column,
                                       f"link target {target} is not an id in the document; the EPUB shows plain text")
        elif _SAFE_HREF.match(target) and not re.search(r"\s", target):
            return f'<a href="{escape(target)}">{inner}</a>'
        elif target and self.plan.warnings is not None and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target):
            self.plan.warnings.add(self.doc.source, node.line, node.column,
                                   f"link to {target} (a file, not part of the e-book) is plain text in the EPUB")
        return f"<span>{inner}</span>"  # a relative path or an unknown scheme: never a link

    def footnote_ref(self, node: m.FootnoteRef) -> str:
        """`<a epub:type="noteref" role="doc-noteref">`: the first call has id fnref-N (the note's
        back-link goes there), later calls fnref-N-2, fnref-N-3 …; all link to the note."""
        number = self.plan.note_number.get(node.id)
        if number is None:  # pragma: no cover - the reader refuses calls without a definition
            return ""
        self.calls[node.id] = self.calls.get(node.id, 0) + 1
        ident = f"fnref-{number}" if self.calls[node.id] == 1 else f"fnref-{number}-{self.calls[node.id]}"
        where = self.plan.note_file[node.id]
        href = f"#fn-{number}" if where == self.here else f"{where}#fn-{number}"
        return (f'<a class="noteref" epub:type="noteref" role="doc-noteref" id="{ident}" '
                f'href="{escape(href)}">{number}</a>')

    def note(self, note_id: str) -> str:
        number = self.plan.note_number[note_id]
        back = f'<a class="note-back" role="doc-backlink" href="#fnref-{number}">{number}.</a>'
        blocks = list(self.plan.notes[note_id].children)
        if blocks and isinstance(blocks[0], m.Paragraph):
            first = f"<p>{back}\u00a0{self.inlines(blocks[0].children)}</p>"
            rest = blocks[1:]
        else:
            first, rest = f"<p>{back}</p>", blocks
        body = "\n".join([first] + [self.block(b) for b in rest])
        return (f'<aside class="footnote" epub:type="footnote" role="doc-footnote" id="fn-{number}">\n'
                f"{body}\n</aside>")

    # ---- blocks

    def block(self, node) -> str:
        if isinstance(node, m.Heading):
            level = min(node.level + self.heading_offset, 6)
            ident = self.plan.ids.get(id(node), "")
            id_part = f' id="{escape(ident)}"' if ident else ""
            return f"<h{level}{id_part}{classes_attr(node.classes)}>{self.inlines(node.children)}</h{level}>"
        if isinstance(node, m.CodeBlock):
            return f'<pre class="code"><code>{self.code(node, strip=True)}</code></pre>'
        return super().block(node)

    def section(self, section: Section) -> str:
        """The body of a section document: its blocks, then the asides of the notes it calls."""
        self.here = section.file
        body = self.blocks(([section.heading] if section.heading else []) + section.blocks)
        notes = ""
        if section.notes:
            # render in order; notes called only from notes were queued after their caller
            asides = [self.note(note_id) for note_id in section.notes]
            notes = '\n<div class="notes">\n' + "\n".join(asides) + "\n</div>"
        heading_ref = ""
        if section.heading is not None:
            heading_ref = f' aria-labelledby="{escape(self.plan.ids[id(section.heading)])}"'
        return (f'<section class="chapter" epub:type="chapter" role="doc-chapter"{heading_ref}>\n'
                f"{body}{notes}\n</section>")

    def title_markup(self, nodes) -> str:
        """Inline markup for a title (TOC, index): no soft hyphens, no ids, note calls, links or
        page-break marks (`repeated`: the navigation's entry is a link itself)."""
        saved = self.soft_hyphens
        self.soft_hyphens = False
        try:
            return _strip_ids(self.repeated(nodes))
        finally:
            self.soft_hyphens = saved


def page_break(page: str) -> str:
    """An invisible page-break marker for print page `page`."""
    label = escape(page)
    return f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{label}" aria-label="{label}"></span>'


PAGE_BREAK_ID = re.compile(r'epub:type="pagebreak"[^>]*\bid="page-([^"]+)"')


def _strip_ids(markup: str) -> str:
    return re.sub(r' id="[^"]*"', "", markup)


@dataclass
class Page:
    """One XHTML content document of the e-book."""

    file: str
    title: str
    content: bytes
    properties: tuple[str, ...] = ()
    landmark: str = ""  # epub:type of its landmark, if any
    guide: str = ""  # EPUB 2 guide type, if any


class Pages:
    """Every content document of the book, in reading order."""

    def __init__(self, doc: m.Document, soft_hyphens: bool = True, warnings=None, title_page_break: str = "",
                 root=None):
        self.doc = doc
        self.templates = templating.environment(root)  # the project's templates/ over the package's
        self.title_page_break = title_page_break  # the print page the title page starts, if marked
        self._warned: set[str] = set()
        self.lang = doc.meta.lang or "kk"
        self.warnings = warnings
        self.plan = Plan(doc, warnings)
        self.renderer = XhtmlRenderer(doc, self.plan, soft_hyphens)
        # the book needs a title: the front matter's, else the first heading, else the file name
        first_heading = next((plain(h.children) for h in m.query(doc, m.Heading) if plain(h.children)), "")
        stem = doc.source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] if doc.source else ""
        self.title = clean(doc.meta.title) or first_heading or stem or "—"

    # ---- the page skeleton

    def page(self, title: str, body: str, body_type: str = "", body_class: str = "", css: bool = True) -> bytes:
        html = self.templates.get_template("epub-page.xhtml.j2").render(
            lang=self.lang,
            title=title or self.title or "—",
            stylesheets=["css/fonts.css", "css/ebook.css"] if css else [],
            body=Markup(body),
            body_type=body_type,
            body_class=body_class,
        )
        return html.encode("utf-8")

    def heading_text(self, text: str) -> str:
        return text_markup(clean(text))

    # ---- documents

    def cover(self, image: str, alt: str) -> Page:
        body = (f'<section class="cover" epub:type="cover">\n'
                f'<img class="cover-image" role="doc-cover" src="{escape(image)}" alt="{escape(alt)}"/>\n'
                "</section>")
        return Page("cover.xhtml", LABELS["cover"], self.page(LABELS["cover"], body, body_class="cover-page"),
                    landmark="cover", guide="cover")

    def titlepage(self) -> Page:
        meta = self.doc.meta
        parts = ['<section class="title-page" epub:type="titlepage">']
        if self.title_page_break:
            parts.append(page_break(self.title_page_break))
        parts.extend(f'<p class="institution">{self.heading_text(line)}</p>' for line in meta.institution)
        if meta.subtitle:
            parts.append(f'<p class="genre">{self.heading_text(meta.subtitle)}</p>')
        parts.append(f'<h1 class="title" epub:type="fulltitle">{self.heading_text(self.title)}</h1>')
        if meta.academic:  # a university title page: the signatures, the place and year
            for label, lines in signatures(meta):
                parts.append(f'<p class="signature"><span class="signature-label">{escape(label)}</span> '
                             + "<br/>".join(self.heading_text(line) for line in lines) + "</p>")
            if place_year(meta):
                parts.append(f'<p class="place-year">{escape(place_year(meta))}</p>')
        else:
            if meta.author:
                parts.append(f'<p class="author">{self.heading_text(meta.author)}</p>')
            if meta.date:
                parts.append(f'<p class="date">{escape(date_text(meta.date))}</p>')
        parts.append("</section>")
        return Page("title.xhtml", self.title, self.page(self.title, "\n".join(parts), body_type="frontmatter"),
                    landmark="titlepage", guide="title-page")

    def sections(self) -> list[Page]:
        pages = []
        for section in self.plan.sections:
            body = self.renderer.section(section)
            title = section.title or self.title
            pages.append(Page(section.file, title, self.page(title, body, body_type="bodymatter"),
                              properties=("mathml",) if "<math " in body else (),
                              landmark="bodymatter" if section.number == 1 else "",
                              guide="text" if section.number == 1 else ""))
        return pages

    def nav(self, has_index: bool, extra: list[tuple[str, str]], page_list: list[tuple[str, str]] = ()) -> Page:
        """The navigation document: the table of contents and the (hidden) landmarks."""

        def items(entries) -> str:
            out = []
            for e in entries:
                label = self.renderer.title_markup(e["nodes"]) if e["nodes"] is not None else escape(e["title"])
                kids = f"\n<ol>\n{items(e['children'])}\n</ol>" if e["children"] else ""
                out.append(f'<li><a href="{escape(e["href"])}">{label}</a>{kids}</li>')
            return "\n".join(out)

        entries = self.plan.toc(untitled=self.title)
        if has_index:
            entries.append({"title": LABELS["index"], "nodes": None, "href": "index.xhtml", "children": []})
        for title, href in extra:
            entries.append({"title": title, "nodes": None, "href": href, "children": []})
        landmarks = [("cover", "cover.xhtml", LABELS["cover"]),
                     ("titlepage", "title.xhtml", LABELS["titlepage"]),
                     ("toc", "nav.xhtml#toc", LABELS["contents"]),
                     ("bodymatter", self.plan.sections[0].file if self.plan.sections else "nav.xhtml",
                      LABELS["bodymatter"])]
        if has_index:
            landmarks.append(("index", "index.xhtml", LABELS["index"]))
        marks = "\n".join(f'<li><a epub:type="{t}" href="{escape(h)}">{escape(label)}</a></li>'
                          for t, h, label in landmarks)
        body = (f'<nav class="toc" epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">\n'
                f'<h1 class="toc-title" id="toc-title">{escape(LABELS["contents"])}</h1>\n'
                f"<ol>\n{items(entries)}\n</ol>\n</nav>\n"
                f'<nav epub:type="landmarks" id="landmarks" hidden="hidden" aria-labelledby="landmarks-title">\n'
                f'<h2 id="landmarks-title">{escape(LABELS["landmarks"])}</h2>\n<ol>\n{marks}\n</ol>\n</nav>')
        for key, listed in captioned_lists(self.doc):  # EPUB 3 Structural Semantics: loi, lot
            kind = "loi" if key == "figures" else "lot"
            links = "\n".join(
                f'<li><a href="{escape(self.plan.file_of[self.plan.ids[id(node)]])}#{self.plan.ids[id(node)]}">'
                f"{escape(label)}{self.renderer.title_markup(node.caption.children)}</a></li>"
                for node, label in listed if self.plan.ids.get(id(node)) in self.plan.file_of)
            if links:
                body += (f'\n<nav class="toc" epub:type="{kind}" id="{kind}" aria-labelledby="{kind}-title">\n'
                         f'<h2 class="toc-title" id="{kind}-title">{escape(LABELS[key])}</h2>\n<ol>\n{links}\n</ol>\n</nav>')
        if page_list:
            pages = "\n".join(f'<li><a href="{escape(href)}">{escape(label)}</a></li>' for label, href in page_list)
            body += (f'\n<nav epub:type="page-list" id="page-list" hidden="hidden" aria-labelledby="page-list-title">\n'
                     f'<h2 id="page-list-title">{escape(LABELS["pages"])}</h2>\n<ol>\n{pages}\n</ol>\n</nav>')
        return Page("nav.xhtml", LABELS["contents"], self.page(LABELS["contents"], body, body_type="frontmatter"),
                    properties=("nav",), guide="toc")

    # ---- index

    def index(self) -> Page | None:
        """The index document (EPUB Indexes 1.0): each IndexSection an `index-group`; each
        reference a link numbered 1, 2, 3 … within its entry, titled with its section heading."""
        if not self.doc.index:
            return None
        entry_ids: dict[str, str] = {}
        renderable = []
        for s, section in enumerate(self.doc.index, 1):
            entries = [e for e in section.entries if self._has_content(e)]
            renderable.append((s, section, entries))
            for e, entry in enumerate(entries, 1):
                entry_ids.setdefault(entry.label, f"ie-{s}-{e}")
        groups = []
        for s, section, entries in renderable:
            if not entries:
                continue
            items = "\n".join(self._entry(e, f"ie-{s}-{n}", entry_ids) for n, e in enumerate(entries, 1))
            groups.append(f'<section class="index-group" epub:type="index-group" id="idx-{s}">\n'
                          f"<h2>{self.heading_text(section.title)}</h2>\n"
                          f'<ul epub:type="index-entry-list">\n{items}\n</ul>\n</section>')
        # the document holds only the index: EPUB Indexes wants epub:type="index" on its body
        body = (f'<section class="index" role="doc-index" aria-labelledby="idx-title">\n'
                f'<h1 id="idx-title">{escape(LABELS["index"])}</h1>\n' + "\n".join(groups) + "\n</section>")
        return Page("index.xhtml", LABELS["index"], self.page(LABELS["index"], body, body_type="index"),
                    properties=("index",), landmark="index", guide="index")

    def _has_content(self, entry: m.IndexEntry) -> bool:
        return bool(entry.see or self._anchors(entry) or any(self._has_content(c) for c in entry.children))

    def _anchors(self, entry: m.IndexEntry) -> list[str]:
        """The entry's anchors that have a target, in reading order (numbered 1, 2, 3 … so)."""
        found = []
        for anchor in entry.anchors:
            if anchor in self.plan.file_of and anchor in self.plan.heading_of:
                found.append(anchor)
            elif self.warnings is not None and anchor not in self._warned:
                self._warned.add(anchor)
                self.warnings.add(self.doc.source, entry.line, entry.column,
                                  f"index entry {entry.label!r}: no mention with anchor {anchor!r}; reference left out")
        return sorted(dict.fromkeys(found), key=self.plan.position.__getitem__)

    def _locators(self, entry: m.IndexEntry) -> list[tuple[str, str]]:
        """(anchor, text) of each locator: the print pages of the mentions (the page-list's), one
        per page, consecutive pages merged into a range as in the PDF, each to the first mention
        on its first page — so the e-book and the handout cite the same pages; without print
        pages (a mention before any page marker), the mentions numbered in reading order."""
        anchors = self._anchors(entry)
        if not all(a in self.plan.page_of for a in anchors):
            return [(anchor, str(n)) for n, anchor in enumerate(anchors, 1)]
        return [(first, text) for text, first, _last in page_runs(anchors, self.plan.page_of)]

    def _locator(self, anchor: str, text: str) -> str:
        href = f"{self.plan.file_of[anchor]}#{anchor}"
        return (f'<a class="locator" epub:type="index-locator" href="{escape(href)}" '
                f'title="{escape(self.plan.heading_of[anchor])}">{escape(text)}</a>')

    def _entry(self, entry: m.IndexEntry, ident: str, entry_ids: dict[str, str]) -> str:
        term = f'<span class="index-term" epub:type="index-term">{self.heading_text(entry.label)}</span>'
        if entry.see:
            see_term = f'<span epub:type="index-term">{self.heading_text(entry.see)}</span>'
            target = entry_ids.get(entry.see)
            xref = (f'<a epub:type="index-xref-preferred" href="#{target}">{see_term}</a>' if target
                    else f'<span epub:type="index-xref-preferred">{see_term}</span>')
            before, see = see_also(term)
            return (f'<li epub:type="index-entry" id="{ident}">{before}'
                    f'<span class="see">{escape(see)}</span> {xref}</li>')
        links = [self._locator(anchor, text) for anchor, text in self._locators(entry)]
        kids = [c for c in entry.children if self._has_content(c)]
        sub = ""
        if kids:
            sub = ("\n<ul epub:type=\"index-entry-list\">\n"
                   + "\n".join(self._entry(c, f"{ident}-{k}", entry_ids) for k, c in enumerate(kids, 1))
                   + "\n</ul>")
        locators = "".join(sep + link for sep, link in zip(locator_separators(len(links)), links))
        return f'<li epub:type="index-entry" id="{ident}">{term}{locators}{sub}</li>'

    # ---- colophon (font licence)

    def colophon(self, fonts: list[tuple[str, str, str]], licence: str, others: list[tuple[str, str]] = ()) -> Page:
        """The font licence page. fonts: [(embedded family, original family, copyright notice)];
        others: [(family, its copyright and licence)], the installed fonts set characters the body
        font lacks (each under its own licence, e.g. the SIL Open Font License of Noto)."""
        names = sorted({(new, old) for new, old, _ in fonts})
        notices = sorted({notice for _, _, notice in fonts if notice})
        which = " and ".join(f"{new} (a subset of {old})" for new, old in names)
        paragraphs = [p.replace("\n", " ") for p in licence.strip().split("\n\n")]
        licence_html = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        body = (
            '<section class="colophon" epub:type="colophon" aria-labelledby="colophon-title">\n'
            f'<h1 id="colophon-title">{escape(LABELS["colophon"])}</h1>\n'
            '<div lang="en" xml:lang="en">\n'
            f"<p>This e-book embeds the fonts {escape(which)}, made by ParaType Ltd. The subsets hold only "
            "the characters this book uses and were renamed, as the ParaType Free Font License below "
            "requires of modified versions.</p>\n"
            + "".join(f'<p class="notice">{escape(n)}</p>\n' for n in notices)
            + f'<div class="licence">\n{licence_html}\n</div>\n'
            + "".join(f"<p>For characters those fonts lack it embeds a subset of {escape(family)}: "
                      f'</p>\n<p class="notice">{escape(notice)}</p>\n' for family, notice in others)
            + "</div>\n</section>"
        )
        return Page("colophon.xhtml", LABELS["colophon"], self.page(LABELS["colophon"], body, body_type="backmatter"),
                    guide="colophon")
