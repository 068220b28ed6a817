"""The PDF of a long document laid out in parts, in parallel processes, and merged; the parts kept
between builds (issue 19; docs/performance.md, "The layout in parts").

A level-1 chapter opens a page (print.css, academic.css: `break-before: page`), so from its
opening on, a chapter's layout does not depend on what comes before it — but for four things,
each handled here: the page numbers in the margins (made again once the part's first page is
known: weasyprint_pages.renumber), the footnote numbers (each part's counter starts where the
part before it ended), the contents' page numbers (the front — title page, contents, lists, what
comes before the first chapter — is laid out after the body, its numbers given as text), and the
index's locators (laid out last, as in one layout). The body is cut into pieces of whole chapters
(`MAX_PARTS` at most), shared among the processes (`groups`): this process lays out the first
share and writes it while forked processes lay out the others, then the front and the index
while they write theirs; the part PDFs are merged by writers/pdfmerge.py. Pieces are kept in the output folder
(writers/partcache.py): a rebuild lays out only those whose HTML changed or whose first page moved.

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

from .. import cache, pagination, progress, templating
from .. import model as m
from .. import stylesheets as style_files
from ..diagnostics import ReportgenError
from . import partcache, pdf, pdfmerge, weasyprint_pages

# what in a project's styles ties a chapter's layout to what comes before it
_ACROSS = re.compile(r"counter-reset|counter-increment|string-set|target-counter|target-text|counter\(\s*pages")


# the contents' page numbers given as text (`print_page`'s numbers): the front is laid out apart
# from the pages it names (print.css counts them with target-counter in one layout)
_FRONT_CSS = '.toc a::after { content: leader(".") attr(data-page); }'


_ID = re.compile(r'\sid="([^"]*)"')
# numbered through the whole document, so an edit shifts them in every later chapter: a part's key
# and kept summary count them from its first (`_Numbering`)
_BLOCK = re.compile(r' data-b="(\d+)"')  # blocks, for the e-book's page-list (reportgen.pagination)
_MENTION = re.compile(r' id="m-(\d+)"')  # index mentions (index/build.py `_anchor`)
_MENTION_NAME = re.compile(r"m-(\d+)")
# chapters per piece: at most this many pieces (a piece's PDF has its own fonts to subset and join,
# about 0.1 s each), grouped by count alone so that an edit inside a chapter keeps every boundary
MAX_PARTS = 16


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


def chapters(doc: m.Document) -> tuple[int, list[tuple[int, int]]]:
    """Where the front ends (the index of the first level-1 heading in doc.blocks) and each
    level-1 chapter's (start, end) block indexes."""
    openings = [k for k, block in enumerate(doc.blocks) if isinstance(block, m.Heading) and block.level == 1]
    if not openings:
        return len(doc.blocks), []
    bounds = openings + [len(doc.blocks)]
    return openings[0], list(zip(bounds, bounds[1:]))


def groups(sizes: list[int], processes: int) -> list[tuple[int, int]]:
    """Consecutive items of `sizes` in one group per process, (start, end) indexes: the first
    (this process's) of `LAYOUT`'s share of the total, the others of equal shares of the rest."""
    count = min(processes, len(sizes))
    if count <= 1:
        return [(0, len(sizes))] if sizes else []
    first = LAYOUT / ((count - 1) + LAYOUT)
    total = sum(sizes)
    # the cumulative size at which each group after the first begins
    thresholds = [total * (first + k * (1 - first) / (count - 1)) for k in range(count - 1)]
    out, start, done = [], 0, 0
    for k, size in enumerate(sizes):
        # a group ends before the item whose middle passes its threshold, or where each group
        # still to begin needs one of the items left
        wanted = count - len(out) - 1
        if wanted and k > start and (done + size / 2 > thresholds[len(out)] or len(sizes) - k == wanted):
            out.append((start, k))
            start = k
        done += size
    out.append((start, len(sizes)))
    return out


def _size(blocks) -> int:
    return sum(len(t.text) for b in blocks for t in m.text_nodes(b))


def _suitable(doc: m.Document, options, processes: int) -> bool:
    """Whether parts may stand for one layout here (see the module's docstring)."""
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if sum(len(t.text) for t in m.text_nodes(doc)) < options.parts_from:
        return False
    root = Path(options.project_root)
    if len(templating.files(root, "print.html.j2")) > 1:
        return False
    for name in pdf.style_names(doc):
        shipped, *own = style_files.files(root, name)  # the project's over the shipped one
        for path in own:
            if not path.is_file() or path.read_bytes() == shipped.read_bytes():
                continue  # a copy of the shipped file adds nothing the parts do not handle
            if _ACROSS.search(path.read_text(encoding="utf-8", errors="replace")):
                return False
    return True


def _laid(document, part_id: str | None, warnings: list) -> Laid:
    """The summary of a laid-out part; Unsuitable if its chapter does not open a page."""
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


def _child(conn, parent: int, doc, options, pieces: list, on_page) -> None:
    """A forked process: lay its pieces out, tell the parent, wait for their first pages, write."""
    from .. import processes

    processes.die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the build (and this process)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        laid = [_lay_out(doc, options, piece.html, piece.css, on_page) for piece in pieces]
        conn.send(("laid", [_laid(document, piece.ident, warnings) for piece, (document, _, warnings) in zip(pieces, laid)]))
        order = conn.recv()
        if order[0] == "write":
            _, targets, elsewhere, ident = order
            for (document, context, _), (first, total, target) in zip(laid, targets):
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
    conn, process = child[:2]
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


@dataclass(frozen=True)
class _Numbering:
    """Where a part's block positions and mention anchors start."""

    blocks: int
    mentions: int

    @classmethod
    def of(cls, html: str) -> "_Numbering":
        block, mention = _BLOCK.search(html), _MENTION.search(html)
        return cls(int(block.group(1)) if block else 0, int(mention.group(1)) - 1 if mention else 0)

    def relative(self, html: str) -> str:
        """The HTML with its positions and mentions counted from its own first."""
        html = _BLOCK.sub(lambda x: f' data-b="{int(x.group(1)) - self.blocks}"', html)
        return _MENTION.sub(lambda x: f' id="m-{int(x.group(1)) - self.mentions}"', html)

    def shift(self, laid: Laid, sign: int) -> Laid:
        """`laid` counted from this part's first (sign −1) or from the document's (sign +1)."""
        def name(anchor: str) -> str:
            found = _MENTION_NAME.fullmatch(anchor)
            return f"m-{int(found.group(1)) + sign * self.mentions}" if found else anchor

        return dataclasses.replace(
            laid, anchors={name(k): v for k, v in laid.anchors.items()},
            starts=[s if s.block is None else dataclasses.replace(s, block=s.block + sign * self.blocks) for s in laid.starts])


@dataclass
class Piece:
    """Whole chapters (or the index) laid out on their own: the HTML, its own CSS (the footnote
    counter's start), the id it opens with, its content key (partcache.key)."""

    html: str
    css: str
    ident: str
    key: str
    number: int = 0  # its place among the pieces
    size: int = 0
    laid: Laid | None = None
    first: int = 0
    file: Path | None = None  # its PDF: written by this build, or kept from the last
    local: tuple | None = None  # laid out in this process: (document, layout context, warnings)
    numbering: _Numbering = _Numbering(0, 0)
    file_mentions: int = 0  # the mention base its PDF's named destinations were written with


@dataclass
class Written:
    """What a PDF written in parts took: the pieces (their numbers) laid out by this build, those
    whose PDF was kept from the last one, and whether the index was kept."""

    laid: list[int]
    kept: list[int]
    index_kept: bool = False


def write(doc: m.Document, path: Path, options, on_pages=None) -> Written | None:
    """Write the PDF of `doc` to `path` laid out in parts; None (nothing written) where one layout
    is kept (see the module's docstring)."""
    processes = options.processes or os.cpu_count() or 1
    if not _suitable(doc, options, processes):
        return None
    front_end, spans = chapters(doc)
    if len(spans) < 2:
        return None
    from ..outdir import temporary_folder

    tmp = temporary_folder(Path(path).parent, "parts")  # a killed build's is removed as stale
    children: list = []
    try:
        return _Build(doc, Path(path), options, processes, tmp, children).run(on_pages, front_end, spans)
    except Unsuitable:
        return None
    finally:
        _end(children)
        shutil.rmtree(tmp, ignore_errors=True)


def _end(children: list) -> None:
    """Stop and reap the layout processes still running."""
    for conn, process, *_ in children:
        if process.is_alive():
            process.kill()
        process.join()
        conn.close()
    children.clear()


class _Build:
    """One PDF written in parts (the timeline is in the module's docstring)."""

    def __init__(self, doc, path: Path, options, processes: int, tmp: Path, children: list):
        self.doc, self.path, self.options, self.processes, self.tmp = doc, path, options, processes, tmp
        self.children = children
        self.round: list = []  # the forked processes of the round being laid out
        self.root = Path(options.project_root).resolve()
        self.store = partcache.PartCache(path.parent)
        self.layout_key = cache.layout_key(Path(doc.source), options) if doc.source else ""
        self.ident = pdf.identifier(doc)
        self.context = multiprocessing.get_context("fork")
        self.laid_pages = self.context.Value("i", 0)
        self.count = 0

    def on_page(self, _number: int) -> None:
        with self.laid_pages.get_lock():
            self.laid_pages.value += 1
            progress.report("pdf", f"{self.count} parts, {self.laid_pages.value} pages laid out")

    def key(self, kind: str, html: str, css: str = "") -> str:
        return partcache.key(self.layout_key, kind, html, css)

    def start_round(self, todo: list[Piece]) -> list[Piece]:
        """Lay `todo` out: the pieces of every group but the first in forked processes (started
        now), the first group's here; returns the pieces laid out here."""
        spans = groups([piece.size for piece in todo], self.processes)
        self.round = []
        for a, z in spans[1:]:
            ours, theirs = self.context.Pipe()
            process = self.context.Process(target=_child, daemon=True,
                                           args=(theirs, os.getpid(), self.doc, self.options, todo[a:z], self.on_page))
            process.start()
            theirs.close()
            self.children.append((ours, process, todo[a:z]))
            self.round.append(self.children[-1])
        mine = todo[spans[0][0]:spans[0][1]] if spans else []
        for piece in mine:
            piece.local = _lay_out(self.doc, self.options, piece.html, piece.css, self.on_page)
            piece.laid = _laid(piece.local[0], piece.ident, piece.local[2])
        return mine

    def finish_round(self) -> None:
        """The forked processes' pieces of this round laid out: their summaries in the pieces."""
        for conn, process, pieces in self.round:
            for piece, laid in zip(pieces, _receive((conn, process))[1]):
                piece.laid = laid

    def file(self, piece: Piece) -> Path:
        """Where this build writes the piece's PDF."""
        return self.tmp / f"piece-{piece.number}.pdf"

    def write_local(self, piece: Piece, total: int, elsewhere) -> None:
        """Write a piece laid out here, numbered from its `first` page."""
        document, context, _ = piece.local
        weasyprint_pages.renumber(document, context, piece.first, total)
        piece.file = self.file(piece)
        with weasyprint_pages.linking_elsewhere(elsewhere):
            pdf.write_document(document, piece.file, self.options, self.ident)

    def start_writing(self, total: int, elsewhere) -> None:
        """The forked processes start writing their pieces, numbered from each piece's `first`
        (meanwhile this process writes the front and lays the index out: `finish_writing`)."""
        for conn, _process, pieces in self.children:
            targets = []
            for piece in pieces:
                piece.file = self.file(piece)
                targets.append((piece.first, total, str(piece.file)))
            conn.send(("write", targets, elsewhere, self.ident))

    def finish_writing(self) -> None:
        """Wait for the forked processes' pieces to be written; end the processes."""
        for conn, process, _ in self.children:
            _receive((conn, process))
        _end(self.children)

    def run(self, on_pages, front_end: int, spans: list[tuple[int, int]]) -> Written:
        doc, options = self.doc, self.options
        hooked, hyphenated = pdf.hyphenation(doc)  # before forking: every process has the points
        renderer = pdf.print_renderer(doc, soft_hyphens=not hooked, hyphenated=hyphenated)
        front_body = renderer.blocks(doc.blocks[:front_end])
        pieces = []
        size = -(-len(spans) // MAX_PARTS)  # chapters per piece
        for k in range(0, len(spans), size):  # one renderer in order: a note is placed at its first call
            start, end = spans[k][0], spans[min(k + size, len(spans)) - 1][1]
            css = f"body {{ counter-reset: footnote {len(renderer.placed_notes)} }}"
            html = pdf.print_page(doc, renderer, self.root, front=False, body=renderer.blocks(doc.blocks[start:end]))
            numbering = _Numbering.of(html)
            pieces.append(Piece(html, css, doc.blocks[start].id, self.key("chapter", numbering.relative(html), css),
                                len(pieces), _size(doc.blocks[start:end]), numbering=numbering,
                                file_mentions=numbering.mentions))
        kept = set()  # the keys of the pieces whose summary the last build kept
        reuse = self.store.usable and options.reuse_parts
        for piece in pieces:
            laid = self.store.laid(piece.key, Laid) if reuse else None
            if laid is not None:
                kept.add(piece.key)
                piece.laid = piece.numbering.shift(laid, +1)
                piece.file_mentions = self.store.mention_base(piece.key)
        self.count = len(pieces) + 1 + bool(doc.index)
        # the anchors a link may lead to in another part: every id of the print HTML (WeasyPrint
        # makes an anchor of each element's id), the index's own heading among them
        elsewhere = frozenset(name for piece in pieces for name in _ID.findall(piece.html)) | {"index", "index-section"}

        def front_layout(numbers):
            """The front laid out with the contents' numbers as text: (document, context, warnings)."""
            html = pdf.print_page(doc, renderer, self.root, front=True, body=front_body, numbers=numbers,
                                  main=bool(front_body.strip()))
            return _lay_out(doc, options, html, _FRONT_CSS, self.on_page)

        def numbers(front_pages: int) -> dict[str, int]:
            """Every anchor's page, the pieces laid out so far after `front_pages` of front."""
            pages, offset = {}, front_pages
            for piece in pieces:
                if piece.laid is None:
                    break
                piece.first = offset + 1
                for anchor, page in piece.laid.anchors.items():
                    pages.setdefault(anchor, page + offset)
                offset += piece.laid.pages
            pages["index"] = pages["index-section"] = offset + 1
            return pages

        laid_out = [piece.number for piece in pieces if piece.laid is None]
        # round one: the pieces not kept from the last build; while forked processes lay theirs
        # out, this process writes its own, numbered after a first layout of the front (its
        # length as the last build's, if known, is the first guess)
        mine = self.start_round([piece for piece in pieces if piece.laid is None])
        front_pages, estimated = (self.store.front_pages if reuse and self.store.front_pages else 1), None
        if self.round:
            front_pages = estimated = len(front_layout(numbers(front_pages))[0].pages)
            numbers(front_pages)
            for piece in mine:
                self.write_local(piece, 0, elsewhere)
        self.finish_round()
        for piece in pieces:
            options.warnings.extend(piece.laid.warnings)
        for _ in range(4):  # the contents' numbers, as text, may change its length: until it stays
            front, _, warnings = front_layout(numbers(front_pages))
            if len(front.pages) == front_pages:
                break
            front_pages = len(front.pages)
        else:
            raise Unsuitable()
        options.warnings.extend(warnings)
        pages = numbers(front_pages)
        total = front_pages + sum(piece.laid.pages for piece in pieces)
        if front_pages != estimated:  # this process's pieces: not written yet, or their numbers moved
            for piece in mine:
                self.write_local(piece, total, elsewhere)
        # round two: kept pieces that now start on another page (an edit before them changed the
        # number of pages) are laid out again; the others' files are used as kept
        moved = []
        for piece in pieces:
            if piece.key in kept and piece.file is None:
                piece.file = self.store.file(piece.key, piece.first)
                if piece.file is None:
                    piece.laid = None
                    piece.file_mentions = piece.numbering.mentions
                    moved.append(piece)
                    laid_out.append(piece.number)
        if moved:
            for piece in self.start_round(moved):
                self.write_local(piece, total, elsewhere)
            self.finish_round()
            if numbers(front_pages) != pages:  # the same pieces, laid out again, ended elsewhere
                raise Unsuitable()
        for anchor, page in pdf.anchor_pages(front).items():
            pages.setdefault(anchor, page)
        elsewhere |= frozenset(pages)
        starts, offset = pagination.page_starts(front), front_pages
        for piece in pieces:
            starts += [dataclasses.replace(s, page=s.page + offset) for s in piece.laid.starts]
            offset += piece.laid.pages
        if on_pages is not None:
            on_pages(starts)
        self.start_writing(total, elsewhere)
        progress.report("pdf", f"{self.count} parts: the index and the front")
        files = [self.tmp / "front.pdf"]
        marks = [_marks(front)] + [piece.laid.marks for piece in pieces]
        index = None
        with weasyprint_pages.linking_elsewhere(elsewhere):
            pdf.write_document(front, files[0], options, self.ident)
            files += [piece.file for piece in pieces]
            if doc.index:  # kept from the last build if its first pass's HTML and first page are the same
                index_html = pdf.render_html(doc, pages, index_only=True, root=self.root)
                index = Piece(index_html, "", "", self.key("index", index_html, str(total + 1)), len(pieces), first=total + 1)
                index.laid = self.store.laid(index.key, Laid) if reuse else None
                index.file = self.store.file(index.key, total + 1) if index.laid is not None else None
                if index.file is None:
                    index.file = self.tmp / "index.pdf"
                    index_doc = front.copy(pdf.index_layout(doc, options, pages, total + 1))
                    pdf.write_document(index_doc, index.file, options, self.ident)
                    index.laid = Laid(len(index_doc.pages), {}, [], _marks(index_doc))
                files.append(index.file)
                marks.append(index.laid.marks)
        self.finish_writing()  # the forked processes wrote their pieces meanwhile
        pdf.warn_misplaced_notes(doc, options, pages)
        progress.report("pdf", f"merging {self.count} parts")
        renames = [None] + [_renaming(piece.numbering.mentions - piece.file_mentions) for piece in pieces] + [None]
        pdfmerge.merge(files, self.path, self.ident, outline(marks), renames)
        if self.layout_key:  # kept for the next build: the pieces that gave no warning
            keep = [piece for piece in pieces + ([index] if index else []) if not piece.laid.warnings]
            self.store.save({piece.key: (piece.first, piece.file, piece.numbering.shift(piece.laid, -1), piece.file_mentions)
                             for piece in keep}, front_pages)
        return Written(sorted(laid_out), [p.number for p in pieces if p.number not in laid_out],
                       index is not None and index.file.parent != self.tmp)


def _renaming(offset: int):
    """The names of a kept part's mention anchors in this build (None: the same)."""
    if not offset:
        return None
    return lambda name: f"m-{int(found.group(1)) + offset}" if (found := _MENTION_NAME.fullmatch(name)) else name


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
