"""The PDF writer: print HTML (Jinja2, autoescaped) + styles/print.css, laid out by WeasyPrint.

The index needs the page of every mention, which only layout knows: the document is laid out
once, the anchors' pages are read from that layout, and the index (at the end, so nothing before
it moves) is written with merged page numbers and ranges and laid out again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import shutil
from pathlib import Path

from markupsafe import Markup, escape

from .. import __version__
from .. import model as m
from ..diagnostics import ReportgenError
from .. import progress, templating
from .. import stylesheets as style_files
from ..safety import allowed_roots, check_path
from .fetcher import ProjectURLFetcher, RefusedURL
from . import weasyprint_fixes
from .html import HtmlRenderer
from .meta import (LABELS, academic, captioned_lists, contents_settings, date_label, locator_separators, page_runs, place_year, see_also, signatures,
                   source_date)

PAPER_CSS = {
    "a4": "@page { size: A4; margin: 25mm 22mm 28mm 25mm; }",
    "a5": "@page { size: A5; margin: 17mm 15mm 20mm 17mm; } html { font-size: 10pt; }",
}
PDF_VARIANTS = {"screen": "pdf/ua-1", "print": "pdf/x-4"}
# The print shop profile: 3 mm bleed around the trim size, crop marks in the bleed (CSS Paged Media § 8).
PROFILE_CSS = {"screen": "", "print": "@page { bleed: 3mm; marks: crop; }"}
# PDF/X needs an output intent: a CMYK characterisation. Debian's libgs-common ships Ghostscript's
# default CMYK profile (a system resource like the fonts, installed by `make`).
CMYK_PROFILES = [Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")]


def output_intent_profiles() -> dict:
    """WeasyPrint colour profiles for the print profile's output intent (device-cmyk)."""
    from weasyprint.css import ColorProfile

    for path in CMYK_PROFILES:
        if path.is_file():
            with path.open("rb") as handle:
                return {"device-cmyk": ColorProfile(handle, path.as_uri(), "relative-colorimetric", ["cyan", "magenta", "yellow", "black"])}
    raise ReportgenError("no CMYK ICC profile for the PDF/X output intent; install Debian libgs-common (make does)")



class IndexRenderer:
    """The index as HTML, its locators the laid-out pages of the mentions, merged into ranges."""

    def __init__(self, pages: dict[str, int], continued: frozenset[str] = frozenset()):
        self.pages = pages
        # the sub-entries (ids) before which their group's heading is repeated: the group runs on
        # into the next column or page there (issue 18 item 8: «2002 (жалғасы)»; `continuations`)
        self.continued = continued

    def with_locators(self, label: str, anchors: list[str]) -> str:
        """The entry's label and its locators; the last locator and what stands before it (the
        label's last word, or the locator before) in one unbreakable span: WeasyPrint, finding no
        break before a link that follows a no-break space, broke the line at its first
        opportunity instead («Білім / және ғылым министрлігі, 4» in a narrow column)."""
        parts = [f'<a href="#{escape(first)}">{text}</a>' for text, first, _last in page_runs(anchors, self.pages)]
        if not parts:
            return label
        seps = locator_separators(len(parts))
        if len(parts) == 1:
            head, space, last = label.rpartition(" ")
            return f'{head}{space}<span class="nobr">{last}{seps[0]}{parts[0]}</span>'
        middle = "".join(sep + part for sep, part in zip(seps[:-2], parts[:-2]))
        return f'{label}{middle}{seps[-2]}<span class="nobr">{parts[-2]}{seps[-1]}{parts[-1]}</span>'

    def entry(self, entry: m.IndexEntry, ident: str = "") -> str:
        label = escape(entry.label)
        attr = f' id="{ident}"' if ident else ""
        if entry.see:
            before, see = see_also(label)
            return f'<li{attr}>{before}<span class="see">{escape(see)}</span> {escape(entry.see)}</li>'
        kids = []
        for k, child in enumerate(entry.children):
            child_id = f"{ident}-{k}" if ident else ""
            if child_id in self.continued:  # the group's heading again, at the top of the next column
                kids.append(f'<li class="continued" id="continued-{child_id}">{label} ({escape(LABELS["continued"])})</li>')
            kids.append(self.entry(child, child_id))
        kids = f"<ul>{''.join(kids)}</ul>" if kids else ""
        return f"<li{attr}>{self.with_locators(label, entry.anchors)}{kids}</li>"

    def render(self, sections: list[m.IndexSection]) -> str:
        out = []
        for s, section in enumerate(sections):
            items = "\n".join(self.entry(e, f"ix-{s}-{k}") for k, e in enumerate(section.entries))
            out.append(f"<h3>{escape(section.title)}</h3>\n<ul>\n{items}\n</ul>")
        return "\n".join(out)


def render_html(doc: m.Document, pages: dict[str, int] | None = None, index_only: bool = False,
                soft_hyphens: bool = True, hyphenated: frozenset[str] = frozenset(), root: Path | None = None,
                continued: frozenset[str] = frozenset()) -> str:
    """The print HTML of `doc` (pages: known anchor pages for the index, if laid out already;
    index_only: just the index, to lay out again once the body's pages are known; soft_hyphens:
    keep the hyphenation points in the text, see `layout`; root: the project, whose `templates/`
    may hold its own print.html.j2)."""
    renderer = print_renderer(doc, soft_hyphens, hyphenated, blocks=not index_only)
    body = "" if index_only else renderer.blocks(doc.blocks)
    # The index's entries are laid out only once their pages are known (index_only); before that
    # its heading alone stands in for it, so the contents can point at it (columns are costly)
    index = IndexRenderer(pages or {}, continued).render(doc.index) if doc.index and index_only else ""
    return print_page(doc, renderer, root, front=not index_only, body=body, index=index, has_index=bool(doc.index))


def print_renderer(doc: m.Document, soft_hyphens: bool = True, hyphenated: frozenset[str] = frozenset(),
                   blocks: bool = True) -> HtmlRenderer:
    """The HTML renderer of the print edition, the listed figures and tables given their ids
    (`blocks`: it will render the body, whose figures and tables the lists link to)."""
    # text blocks carry data-b, so that the e-book can cite this layout's pages (reportgen.pagination)
    renderer = HtmlRenderer(doc, mark_blocks=True, soft_hyphens=soft_hyphens, hyphenated=hyphenated,
                            break_long_runs=True)
    if blocks:
        renderer.anchor_lists(captioned_lists(doc))  # `lof`, `lot`: linked to their figures and tables
    return renderer


def print_page(doc: m.Document, renderer: HtmlRenderer, root: Path | None, *, front: bool, body: str,
               index: str = "", has_index: bool = False, numbers: dict[str, int] | None = None,
               main: bool | None = None) -> str:
    """The print template filled: the title page, contents and lists if `front`; `body` (blocks'
    HTML) in the main element (`main`: whether there is one; by default with the front or a
    body); the index section if `has_index`. `numbers`: the contents' page
    numbers as text (anchor → page), for a front laid out apart from the body (writers/parts.py)."""
    # `lof`, `lot`: after the contents (ids given by `print_renderer`); a walk of the whole
    # document, made only for the front (a book's parts and the index's passes need none)
    lists = captioned_lists(doc) if front else []
    listed = [{"id": f"list-{key}", "title": LABELS[key],
               "items": [{"id": renderer.node_id(node),
                          "html": Markup(renderer.text(label) + renderer.repeated(node.caption.children))}
                         for node, label in entries]}
              for key, entries in lists]
    created = source_date()
    show_toc, toc_depth = contents_settings(doc)
    return templating.environment(root).get_template("print.html.j2").render(
        lang=doc.meta.lang or "kk",
        meta=doc.meta,
        version=__version__,
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else "",
        date_label=date_label(doc.meta.date),
        signatures=signatures(doc.meta),
        place_year=place_year(doc.meta),
        labels=LABELS,
        toc=renderer.toc(toc_depth) if front else [],
        show_toc=show_toc,
        lists=listed,
        body=Markup(body),
        index=Markup(index),
        index_only=not front and not body,  # for a project's own template of an earlier reportgen
        front=front,
        main=(front or bool(body)) if main is None else main,
        numbers=numbers,
        has_index=has_index,
        doc_has_index=bool(doc.index),
    )


def continuations(doc: m.Document, index_pages) -> frozenset[str]:
    """The index's sub-entries (their ids, `IndexRenderer`) that open a new column or page of their
    group: the group's heading is repeated before each (issue 18 item 8). Read from the laid-out
    pages' anchors: a sub-entry's (page, column), the column from its x in the page's halves."""
    where: dict[str, tuple[int, int]] = {}
    for number, page in enumerate(index_pages):
        for name, box in page.anchors.items():  # (x1, y1, x2, y2) in CSS px
            if name.startswith(("ix-", "continued-")):
                where[name] = (number, int(box[0] > page.width / 2))
    found = set()
    for s, section in enumerate(doc.index):
        for k, entry in enumerate(section.entries):
            ids = [f"ix-{s}-{k}-{c}" for c in range(len(entry.children))]
            for before, after in zip(ids, ids[1:]):
                if before in where and after in where and where[before] != where[after]:
                    found.add(after)
                # a repeated heading left at the foot of the column before is no heading of the next
                heading = where.get(f"continued-{after}")
                if heading is not None and heading != where.get(after):
                    found.add(f"misplaced-{after}")
    return frozenset(found)


def anchor_pages(document) -> dict[str, int]:
    """Page number (1-based, as printed) of every anchor in a laid-out WeasyPrint document."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


_WARM_UP_HTML = ('<html lang="kk"><body style="font-family: \'PT Serif\'; hyphens: auto; columns: 2">'
                 '<p>Қазақ <b>Ұйым</b> <i>ынтымақ</i> <code>1</code><span style="float: footnote">а</span></p>'
                 '</body></html>')


def warm_up() -> None:
    """Pay once what each process's first PDF costs besides the work itself (fontconfig and the
    fonts, cffi's C types, the UA stylesheet, the patches, the template, the font tables of a
    first write): for `reportgen watch`, whose rebuild workers are forked from a warm process.
    Starts no thread, so forking afterwards stays safe."""
    import io

    import weasyprint

    weasyprint_fixes.apply()
    weasyprint_fixes.cache_page_references()
    templating.environment().get_template("print.html.j2")
    weasyprint.HTML(string=_WARM_UP_HTML).render().write_pdf(io.BytesIO(), pdf_variant=PDF_VARIANTS["screen"])


def hyphenation(doc: m.Document) -> tuple[bool, frozenset[str]]:
    """Hand the document's hyphenation points to WeasyPrint's `hyphens: auto` (print.css) word
    by word (writers/weasyprint_fixes.py), so that the text goes without its soft hyphens: (whether
    that hook is in place, the words that have points). If it cannot be installed, the soft hyphens
    stay in the text and WeasyPrint breaks at them as before."""
    points = weasyprint_fixes.hyphenation_points(t.text for t in m.text_nodes(doc))
    return weasyprint_fixes.hyphenate_from(points), frozenset(points)


def style_names(doc: m.Document) -> tuple[str, ...]:
    """The style files the PDF of `doc` is laid out with, in the order they apply."""
    return ("common.css", "print.css", "academic.css") if academic(doc.meta) else ("common.css", "print.css")


def layout(doc: m.Document, options, pages: dict[str, int] | None = None, first_page: int = 0,
           continued: frozenset[str] = frozenset(), source: str | None = None, extra_css: str = "",
           on_page=None):
    """Lay `doc` out with WeasyPrint; returns the rendered document. With `first_page`, only the
    index is laid out, its pages numbered from `first_page`, its locators from `pages`. `source`:
    print HTML made already (a part of the document, writers/parts.py), with `extra_css` over the
    styles; `on_page(n)`: called as page n is laid out, instead of the progress report."""
    import weasyprint

    weasyprint_fixes.apply()
    weasyprint_fixes.cache_page_references()
    weasyprint_fixes.tag_languages()
    root = Path(options.project_root).resolve()
    roots = allowed_roots(root, Path(doc.source) if doc.source else None)
    css = {name: [check_path(path, roots, "stylesheet") for path in style_files.files(root, name)] for name in style_names(doc)}
    for path in (p for paths in css.values() for p in paths):
        if not path.is_file():
            raise ReportgenError("the stylesheet is missing or not a file; restore it (or reinstall reportgen)", str(path))
    fetcher = ProjectURLFetcher(roots, options.warnings)
    base = (Path(doc.source).resolve().parent if doc.source else root).as_uri() + "/"
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    extra = {}
    if options.pdf_profile == "print":
        extra = {"pdf_variant": PDF_VARIANTS["print"], "color_profiles": output_intent_profiles()}
    try:
        # the stylesheets are parsed here too: an @import the fetcher refuses surfaces while parsing
        families = [font.family for font in doc.fonts]  # for characters the body font lacks

        def sheet(path: Path):
            """A style file, its font lists extended with the fallback families (if any)."""
            if not families:
                return weasyprint.CSS(filename=str(path), url_fetcher=fetcher)
            text = style_files.with_fallbacks(path.read_text(encoding="utf-8"), families)
            return weasyprint.CSS(string=text, base_url=path.as_uri(), url_fetcher=fetcher)

        # the shared rules (the default, then the project's), then the print edition's own
        stylesheets = [sheet(path) for path in css["common.css"] + css["print.css"]]
        stylesheets += [
            weasyprint.CSS(string=PAPER_CSS[options.paper] + PROFILE_CSS[options.pdf_profile], url_fetcher=fetcher),
        ]
        if academic(doc.meta):  # `layout: academic`: its page and type over the book's (academic.css)
            stylesheets += [sheet(path) for path in css["academic.css"]]
        if extra_css:
            stylesheets.append(weasyprint.CSS(string=extra_css, url_fetcher=fetcher))
        if source is None and first_page:  # the index alone: never hyphenated (print.css)
            stylesheets.append(weasyprint.CSS(string=f"@page :first {{ counter-reset: page {first_page} }}"))
            source = render_html(doc, pages, index_only=True, root=root, continued=continued)
        elif source is None:
            hooked, hyphenated = hyphenation(doc)
            source = render_html(doc, pages, soft_hyphens=not hooked, hyphenated=hyphenated, root=root)
        html = weasyprint.HTML(string=source, base_url=base, url_fetcher=fetcher)
        what, furthest = ("index, page" if first_page else "page"), [0]

        def report(number: int) -> None:  # a repagination pass yields the pages again from the first
            if number > furthest[0]:
                furthest[0] = number
                progress.report("pdf", f"{what} {number}")

        with weasyprint_fixes.counting_pages(on_page or report):
            return html.render(stylesheets=stylesheets, **extra)
    except RefusedURL as exc:
        raise ReportgenError(str(exc)) from None


def misplaced_notes(doc: m.Document, pages: dict[str, int]) -> list[tuple[m.Footnote, int, int]]:
    """Footnotes printed on another page than their first call: (note, call page, note page)."""
    out = []
    for note in doc.footnotes:
        call, body = pages.get(f"fncall-{note.id}"), pages.get(f"fn-{note.id}")
        if call is not None and call != body:
            out.append((note, call, body or 0))
    return out


def index_layout(doc: m.Document, options, pages: dict[str, int], start: int) -> list:
    """The index's pages, numbered from `start`, its locators the pages of the mentions (`pages`).
    The columns are balanced: a repeated heading moves the break. Laid out again until the headings
    stand exactly where the groups break (at most three more times); a layout where they do not is
    never kept — the index goes without them rather than with one in the middle of a column."""
    index_pages = layout(doc, options, pages, first_page=start).pages
    continued = continuations(doc, index_pages)
    for _ in range(3):
        if not continued:
            break
        laid = layout(doc, options, pages, first_page=start, continued=continued).pages
        found = continuations(doc, laid)
        if found == continued:
            return laid
        continued = found
    return index_pages


def warn_misplaced_notes(doc: m.Document, options, pages: dict[str, int]) -> None:
    """A warning for each footnote printed on another page than its call."""
    for note, call, body in misplaced_notes(doc, pages):
        options.warnings.add(doc.source, note.line, 1,
                             f"footnote [^{note.id}] is printed on page {body}, its call on page {call}")


def identifier(doc: m.Document) -> bytes:
    """The PDF's /ID: the content's own, not the source path as spelled on the command line
    (reproducible)."""
    content = m.to_dict(doc)
    content.pop("source", None)
    return hashlib.sha256(repr(content).encode()).hexdigest()[:32].encode()


def write_document(document, path: Path, options, ident: bytes) -> None:
    """Write a laid-out document (or part, writers/parts.py) as the PDF variant the options ask."""
    variant = PDF_VARIANTS.get(options.pdf_profile, "pdf/ua-1")
    with weasyprint_fixes.document_id(ident):
        document.write_pdf(str(path), pdf_variant=variant, pdf_identifier=ident, custom_metadata=True)


def write(doc: m.Document, path: Path, options, on_pages=None) -> None:
    """Write the PDF of `doc` to `path`; `on_pages`, if given, is called with the page starts
    (reportgen.pagination) as soon as the body is laid out, for the e-book's page-list. A long
    document is laid out in parts in parallel where the options give processes (writers/parts.py)."""
    from . import parts

    if parts.write(doc, path, options, on_pages):
        return
    document = layout(doc, options)
    if on_pages is not None:
        from .. import pagination

        on_pages(pagination.page_starts(document))
    if doc.index:
        # The index's locators need the pages of the mentions, known only now. The index starts
        # on a page of its own at the end, so nothing before it moves: lay out just the index
        # again with merged page numbers and put its pages in place of the first draft's.
        pages = anchor_pages(document)
        start = pages["index-section"]
        document = document.copy(document.pages[: start - 1] + index_layout(doc, options, pages, start))
    warn_misplaced_notes(doc, options, anchor_pages(document))
    progress.report("pdf", f"writing {len(document.pages)} pages")
    write_document(document, path, options, identifier(doc))


def write_booklet(doc: m.Document, path: Path, options) -> None:
    """Write the A5 edition imposed as a saddle-stitched booklet on A4 sheets to `path`."""
    from .impose import impose_booklet

    a5 = dataclasses.replace(options, paper="a5", pdf_profile="screen")
    from ..outdir import temporary_folder

    tmp = temporary_folder(Path(path).parent, "booklet")  # a killed build's is removed as stale
    try:
        single = tmp / "a5.pdf"
        write(doc, single, a5)
        impose_booklet(single, Path(path))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
