"""The PDF of a long document laid out in parts, in parallel processes, and merged (issue 19;
docs/performance.md, "The layout in parts").

A level-1 chapter opens a page (print.css, academic.css: `break-before: page`), so from its
opening on, a chapter's layout does not depend on what comes before it — but for four things,
each handled here: the page numbers in the margins (made again once the part's first page is
known: weasyprint_pages.renumber), the footnote numbers (each part's counter starts where the
part before it ended), the contents' page numbers (the front — title page, contents, lists, what
comes before the first chapter — is laid out last, its numbers given as text), and the index's
locators (laid out last, as in one layout). The body is cut at chapter openings into one run of
chapters per process, of about equal length; this process lays out the first run, the front and
the index, forked processes the others, at once; the part PDFs are merged by writers/pdfmerge.py.

One layout (`pdf.write`) is kept where parts would not give the same pages, or would not pay:
one process; a document under `Options.parts_from` characters of text (the merge and the
processes cost more than they save); fewer than two chapters; a project's own print template;
styles that use counters, strings or cross-references across chapters (`counter-reset`,
`counter-increment`, `string-set`, `target-counter`, `target-text`, `counter(pages)`) other than
the shipped ones, or a chapter that does not open a page (checked on each part's layout).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import re
import signal
import shutil
import types
from dataclasses import dataclass, field
from pathlib import Path

from .. import model as m
from .. import progress, templating
from .. import stylesheets as style_files
from ..diagnostics import ReportgenError
from . import pdf, weasyprint_pages
from .meta import academic

# what in a project's styles ties a chapter's layout to what comes before it
_ACROSS = re.compile(r"counter-reset|counter-increment|string-set|target-counter|target-text|counter\(\s*pages")


# the contents' page numbers given as text (`print_page`'s numbers): the front is laid out apart
# from the pages it names (print.css counts them with target-counter in one layout)
_FRONT_CSS = '.toc a::after { content: leader(".") attr(data-page); }'


_ID = re.compile(r'\sid="([^"]*)"')


class Unsuitable(Exception):
    """A part's layout shows that parts would not give one layout's pages: lay it out whole."""


@dataclass
class Laid:
    """What a part's layout tells the merging process (plain data: it crosses processes)."""

    pages: int
    anchors: dict[str, int]  # anchor → page within the part (1-based)
    starts: list = field(default_factory=list)  # pagination.PageStart, numbered within the part
    marks: list = field(default_factory=list)  # per page: (its bookmarks, its height): the outline
    warnings: list = field(default_factory=list)


# Of one part's time, laying out is about two thirds, writing one third (the 30× book: 15.8 s and
# 7.6 s). This process writes its run while the others still lay theirs out, so its run is the
# share that it can lay out and write in the time another process lays out its own: with n
# processes, LAYOUT / ((n − 1) + LAYOUT) of the text (0.40 with two). The index, which needs every
# run's pages, comes after.
LAYOUT = 0.675


def runs(doc: m.Document, processes: int) -> tuple[int, list[tuple[int, int]]]:
    """Where the front ends (the index of the first level-1 heading in doc.blocks) and the runs of
    whole chapters, (start, end) block indexes, one per process: the first (this process's) of
    `LAYOUT`'s share of the text, the others of equal shares of the rest."""
    openings = [k for k, block in enumerate(doc.blocks) if isinstance(block, m.Heading) and block.level == 1]
    if not openings:
        return len(doc.blocks), []
    bounds = openings + [len(doc.blocks)]
    sizes = [sum(len(t.text) for b in doc.blocks[a:z] for t in m.text_nodes(b)) for a, z in zip(bounds, bounds[1:])]
    count = min(processes, len(sizes))
    first = LAYOUT / ((count - 1) + LAYOUT)
    total = sum(sizes)
    # the cumulative text at which each run after the first begins
    thresholds = [total * (first + k * (1 - first) / (count - 1)) for k in range(count - 1)] if count > 1 else []
    out, start, done = [], 0, 0
    for k, size in enumerate(sizes):
        # a run ends before the chapter whose middle passes its threshold, or where each run still
        # to begin needs one of the chapters left
        wanted = count - len(out) - 1
        if wanted and k > start and (done + size / 2 > thresholds[len(out)] or len(sizes) - k == wanted):
            out.append((bounds[start], bounds[k]))
            start = k
        done += size
    out.append((bounds[start], bounds[-1]))
    return openings[0], out


def _suitable(doc: m.Document, options, processes: int) -> bool:
    """Whether parts may stand for one layout here (see the module's docstring)."""
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if sum(len(t.text) for t in m.text_nodes(doc)) < options.parts_from:
        return False
    root = Path(options.project_root)
    if len(templating.files(root, "print.html.j2")) > 1:
        return False
    names = ("print.css", "academic.css") if academic(doc.meta) else ("print.css",)
    for name in names:
        for path in style_files.files(root, name)[1:]:  # the project's over the shipped one
            if path.is_file() and _ACROSS.search(path.read_text(encoding="utf-8", errors="replace")):
                return False
    return True


def _laid(document, part_id: str | None, warnings: list) -> Laid:
    """The summary of a laid-out part; Unsuitable if its chapter does not open a page."""
    from .. import pagination

    if part_id is not None and not weasyprint_pages.opens_page(document, part_id):
        raise Unsuitable(part_id)
    return Laid(len(document.pages), pdf.anchor_pages(document), pagination.page_starts(document),
                _marks(document), warnings)


def _lay_out(doc, options, html: str, css: str, on_page):
    """Lay a part out; (the document, its layout context, the warnings it gave)."""
    kept: list = []
    seen = len(options.warnings)
    with weasyprint_pages.keeping_context(kept):
        document = pdf.layout(doc, options, source=html, extra_css=css, on_page=on_page)
    return document, kept[-1], list(options.warnings[seen:])


def _child(conn, parent: int, doc, options, html: str, css: str, part_id: str, on_page) -> None:
    """A forked process: lay one run out, tell the parent, wait for its first page, write it."""
    from .. import processes

    processes.die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the build (and this process)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        document, context, warnings = _lay_out(doc, options, html, css, on_page)
        conn.send(("laid", _laid(document, part_id, warnings)))
        order = conn.recv()
        if order[0] == "write":
            _, first, total, elsewhere, target, ident = order
            weasyprint_pages.renumber(document, context, first, total)
            with weasyprint_pages.linking_elsewhere(elsewhere):
                pdf.write_document(document, Path(target), options, ident)
            conn.send(("written",))
    except Unsuitable:
        conn.send(("unsuitable",))
    except ReportgenError as exc:
        conn.send(("error", exc.diagnostic))
    except BaseException as exc:  # noqa: BLE001 (told to the parent, which raises it)
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
        os._exit(0)  # no atexit handlers of the parent's (its progress display, its pools)


def _receive(child) -> tuple:
    """A child's next message; its failure raised here."""
    conn, process = child
    try:
        message = conn.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"a layout process ended without a word (exit {process.exitcode})") from None
    if message[0] == "unsuitable":
        raise Unsuitable()
    if message[0] == "error":
        d = message[1]
        raise ReportgenError(d.message, d.file, d.line, d.column)
    if message[0] == "failed":
        raise RuntimeError(message[1])
    return message


def write(doc: m.Document, path: Path, options, on_pages=None) -> bool:
    """Write the PDF of `doc` to `path` laid out in parts; False (nothing written) where one layout
    is kept (see the module's docstring)."""
    processes = options.processes or os.cpu_count() or 1
    if not _suitable(doc, options, processes):
        return False
    front_end, chapter_runs = runs(doc, processes)
    if len(chapter_runs) < 2:
        return False
    from ..outdir import temporary_folder

    tmp = temporary_folder(Path(path).parent, "parts")  # a killed build's is removed as stale
    children: list = []
    try:
        return _write_parts(doc, path, options, on_pages, front_end, chapter_runs, tmp, children)
    except Unsuitable:
        return False
    finally:
        for conn, process in children:
            if process.is_alive():
                process.kill()
            process.join()
            conn.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _write_parts(doc, path, options, on_pages, front_end, chapter_runs, tmp: Path, children: list) -> bool:
    """`write`, its temporary folder made: the timeline is in the module's docstring."""
    from .. import pagination
    from . import pdfmerge

    root = Path(options.project_root).resolve()
    hooked, hyphenated = pdf.hyphenation(doc)  # before forking: every process has the points
    renderer = pdf.print_renderer(doc, soft_hyphens=not hooked, hyphenated=hyphenated)
    front_body = renderer.blocks(doc.blocks[:front_end])
    sources = []
    for start, end in chapter_runs:  # one renderer in order: a note is placed at its first call
        notes = len(renderer.placed_notes)
        html = pdf.print_page(doc, renderer, root, front=False, body=renderer.blocks(doc.blocks[start:end]))
        sources.append((html, f"body {{ counter-reset: footnote {notes} }}", doc.blocks[start].id))
    context = multiprocessing.get_context("fork")
    laid_pages = context.Value("i", 0)
    parts_count = len(chapter_runs) + 1 + bool(doc.index)

    def on_page(_number: int) -> None:
        with laid_pages.get_lock():
            laid_pages.value += 1
            progress.report("pdf", f"{parts_count} parts, {laid_pages.value} pages laid out")

    for html, css, part_id in sources[1:]:
        ours, theirs = context.Pipe()
        process = context.Process(target=_child, args=(theirs, os.getpid(), doc, options, html, css, part_id, on_page),
                                  daemon=True)
        process.start()
        theirs.close()
        children.append((ours, process))
    ident = pdf.identifier(doc)
    files = [tmp / "front.pdf"] + [tmp / f"part-{k}.pdf" for k in range(len(chapter_runs))]

    # this process: the first run, laid out and written while the others are laid out (its first
    # page follows the front, whose length a first layout of it tells: its numbers are not known
    # yet, and seldom change it)
    html, css, part_id = sources[0]
    first_doc, first_context, warnings = _lay_out(doc, options, html, css, on_page)
    laid = [_laid(first_doc, part_id, warnings)]

    def lay_out_front(numbers: dict[str, int]):
        front_html = pdf.print_page(doc, renderer, root, front=True, body=front_body, numbers=numbers,
                                    main=bool(front_body.strip()))
        return _lay_out(doc, options, front_html, _FRONT_CSS, on_page)

    def numbers_for(front_pages: int) -> dict[str, int]:
        pages, offset = {}, front_pages
        for part in laid:
            for anchor, page in part.anchors.items():
                pages.setdefault(anchor, page + offset)
            offset += part.pages
        pages["index"] = pages["index-section"] = offset + 1
        return pages

    front_pages = estimated = len(lay_out_front(numbers_for(1))[0].pages)

    def write_first(total: int) -> None:
        weasyprint_pages.renumber(first_doc, first_context, front_pages + 1, total)
        with weasyprint_pages.linking_elsewhere(elsewhere):
            pdf.write_document(first_doc, files[1], options, ident)

    # the anchors a link may lead to in another part: every id of the print HTML (WeasyPrint makes
    # an anchor of each element's id), the index's own heading among them
    elsewhere = frozenset(name for html, _, _ in sources for name in _ID.findall(html)) | {"index", "index-section"}
    write_first(0)
    laid += [_receive(child)[1] for child in children]
    for part in laid:
        options.warnings.extend(part.warnings)
    for _ in range(4):  # the contents' numbers, as text, may change its length: until it stays
        front, _, warnings = lay_out_front(numbers_for(front_pages))
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    else:
        raise Unsuitable()
    options.warnings.extend(warnings)
    total = front_pages + sum(part.pages for part in laid)
    pages = numbers_for(front_pages)
    for anchor, page in pdf.anchor_pages(front).items():
        pages.setdefault(anchor, page)
    elsewhere |= frozenset(pages)
    if front_pages != estimated:  # the first run's page numbers moved: written again
        write_first(total)
    starts, offset = pagination.page_starts(front), front_pages
    for part in laid:
        starts += [dataclasses.replace(s, page=s.page + offset) for s in part.starts]
        offset += part.pages
    if on_pages is not None:
        on_pages(starts)
    offset = front_pages + laid[0].pages
    for (conn, _process), part, target in zip(children, laid[1:], files[2:]):
        conn.send(("write", offset + 1, total, elsewhere, str(target), ident))
        offset += part.pages
    progress.report("pdf", f"{parts_count} parts: the index and the front")
    marks = [_marks(front)] + [part.marks for part in laid]
    with weasyprint_pages.linking_elsewhere(elsewhere):
        pdf.write_document(front, files[0], options, ident)
        if doc.index:
            files.append(tmp / "index.pdf")
            index_doc = front.copy(pdf.index_layout(doc, options, pages, total + 1))
            pdf.write_document(index_doc, files[-1], options, ident)
            marks.append(_marks(index_doc))
    for child in children:
        _receive(child)
    pdf.warn_misplaced_notes(doc, options, pages)
    progress.report("pdf", f"merging {parts_count} parts")
    pdfmerge.merge(files, Path(path), ident, outline(marks))
    return True


def _marks(document) -> list:
    """Each page's bookmarks and height (the outline is made of them, `outline`)."""
    return [(page.bookmarks, page.height) for page in document.pages]


def outline(marks: list[list]) -> list:
    """The merged outline, as WeasyPrint's `make_bookmark_tree` makes it for one document (PDF
    coordinates: scale 0.75 from CSS px, origin at the bottom left), from every part's pages'
    bookmarks in order: (label, (page index, x, y), children, state) trees."""
    from weasyprint.document import Document

    pages = [types.SimpleNamespace(bookmarks=bookmarks, height=height) for part in marks for bookmarks, height in part]
    return Document.make_bookmark_tree(types.SimpleNamespace(pages=pages), 0.75, transform_pages=True)
