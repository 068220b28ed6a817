"""`reportgen build`: source → every requested format in the output folder, atomically.

Parse, typeset and index once; write the formats concurrently in separate processes where there
are cores to spare; skip outputs whose inputs did not change (see `reportgen.cache`).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import cache, outdir, pagination, processes, progress, stylesheets, templating
from ..diagnostics import ReportgenError
from ..pipeline import Options, load

# format → writer module; a writer exposes write(doc, path, options)
WRITERS = {
    "pdf": "reportgen.writers.pdf",
    "docx": "reportgen.writers.docx",
    "epub": "reportgen.writers.epub",
}
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "epub": ".epub"}
DEFAULT_SOURCE = "source/essay.md"


def register(sub) -> None:
    p = sub.add_parser("build", help="build PDF, DOCX and EPUB from a Markdown source",
                       description="Build the outputs of a Markdown source into the output folder.")
    p.add_argument("source", nargs="?", default=DEFAULT_SOURCE, help=f"the Markdown source (default {DEFAULT_SOURCE})")
    p.add_argument("--to", default=",".join(WRITERS), metavar="FORMATS",
                   help=f"comma-separated formats among {', '.join(WRITERS)} (default: all)")
    p.add_argument("--out", default="dist", help="output folder (default dist/)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write one output to FILE, its format from the extension (.pdf, .docx, .epub)")
    p.add_argument("--paper", choices=("a4", "a5"), default="a4", help="page size of the PDF and DOCX (default a4)")
    p.add_argument("--no-hyphenate", action="store_true", help="do not insert hyphenation points")
    p.add_argument("--no-epub-soft-hyphens", action="store_true", help="leave soft hyphens out of the EPUB")
    p.add_argument("--pdf-profile", choices=("screen", "print"), default="screen",
                   help="screen: tagged PDF/UA-1 (default); print: PDF/X-4 for a print shop")
    p.add_argument("--impose", choices=("booklet",), default="",
                   help="booklet: also write <name>-booklet.pdf, the A5 pages imposed two-up on A4 for saddle stitching")
    p.add_argument("--force", action="store_true", help="rebuild every output even if its inputs did not change")
    p.add_argument("--no-wait", action="store_true",
                   help="if another build is writing into the output folder, exit 1 at once instead of waiting")
    p.add_argument("-j", "--jobs", type=int, default=0, help="processes for the jobs that lay pages out, and for a long PDF's parts (default: one per core; 1: everything in this process, the PDF in one layout)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=run)


def parse_formats(value: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        raise ReportgenError(f"unknown format {', '.join(unknown) or repr(value)}; choose among {', '.join(WRITERS)}")
    return formats


def options_from_args(args) -> Options:
    """The build options the command line asks for."""
    if not args.out:
        raise ReportgenError("--out is empty; give an output folder (default dist)")
    if getattr(args, "output", None):
        target = Path(args.output)
        formats = {ext: fmt for fmt, ext in EXTENSIONS.items()}
        fmt = formats.get(target.suffix.lower())
        if fmt is None or not target.stem:
            raise ReportgenError(f"-o {args.output}: give a file name ending in {', '.join(sorted(formats))}")
        if args.impose:
            raise ReportgenError("-o writes one file; build the booklet with --out and --impose booklet")
        return Options(formats=(fmt,), out=target.parent if str(target.parent) else Path("."), paper=args.paper,
                       hyphenate=not args.no_hyphenate, epub_soft_hyphens=not args.no_epub_soft_hyphens,
                       pdf_profile=args.pdf_profile, output_name=target.name)
    return Options(
        formats=parse_formats(args.to),
        out=Path(args.out),
        paper=args.paper,
        hyphenate=not args.no_hyphenate,
        epub_soft_hyphens=not args.no_epub_soft_hyphens,
        pdf_profile=args.pdf_profile,
        impose=args.impose,
    )


def run(args) -> int:
    options = options_from_args(args)
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    display = progress.Display() if not args.quiet and sys.stderr.isatty() else None  # only on a terminal
    build(Path(args.source), options, display.say if display else say, force=args.force, jobs=args.jobs,
          wait=not args.no_wait, display=display)
    for warning in options.warnings:
        if not args.quiet:
            print(f"reportgen: {warning}", file=sys.stderr)
    return 0


@dataclass
class Job:
    """One output file: which writer function makes it, and the content key of its inputs."""

    label: str
    name: str
    module: str
    function: str
    key: str = ""


def plan(source: Path, options: Options) -> list[Job]:
    """The outputs a build of `source` with `options` makes."""
    jobs = [Job(fmt, options.output_name or source.stem + EXTENSIONS[fmt], WRITERS[fmt], "write")
            for fmt in options.formats]
    if options.impose == "booklet":
        jobs.append(Job("booklet", f"{source.stem}-booklet.pdf", WRITERS["pdf"], "write_booklet"))
    for job in jobs:
        job.key = cache.output_key(job.label, source, options)
    return jobs


def read_files(source: Path, options: Options) -> list[Path]:
    """The files a build of `source` reads: no output may replace one of them."""
    root = Path(options.project_root)
    names = sorted({name for deps in cache.STYLE_DEPENDENCIES.values() for name in deps})
    templates = sorted({name for deps in cache.TEMPLATE_DEPENDENCIES.values() for name in deps})
    return [source, source.parent / "index.yaml", *(p for name in names for p in stylesheets.files(root, name)),
            *(p for name in templates for p in templating.files(root, name))]


# the channel a PDF worker sends its page starts back on (set in each worker by _warm)
_STARTS = None


def _warm(parent: int, modules: tuple[str, ...], starts_queue) -> None:
    """Worker start-up: import the writers (WeasyPrint alone takes a third of a second) while
    the parent process is still parsing and typesetting."""
    global _STARTS
    processes.die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent stops the build and these processes
    # with it; a worker must not print a KeyboardInterrupt traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (cli.Terminated)
    _STARTS = starts_queue
    for module in modules:
        importlib.import_module(module)
    # What is imported now lives as long as the worker: out of the collector's sight, a full
    # collection during layout (one, about 0.05 s on the essay) walks only what the job made.
    gc.freeze()


@contextlib.contextmanager
def _collector_paused():
    """Python's cycle collector off while the source is read and transformed: the worker waits
    for this model, and the collections (0.03 s on the essay) would find almost nothing — the
    model is a tree without cycles, what the transforms drop is freed by reference counting."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _ready() -> bool:
    return True


def _write(job: Job, tmp: str, options: Options, doc, **kwargs) -> tuple[float, list, object]:
    """Run one writer (in this process or a worker); returns its time, its new warnings and what
    the writer returned (the EPUB writer: the page starts its page-list cites)."""
    t0 = time.perf_counter()
    seen = len(options.warnings)
    if kwargs.pop("send_starts", False):
        kwargs["on_pages"] = _STARTS.put
    progress.report(job.label, "writing")
    try:
        value = getattr(importlib.import_module(job.module), job.function)(doc, Path(tmp), options, **kwargs)
        progress.report(job.label, "done")
    except ReportgenError as exc:
        if multiprocessing.parent_process() is None:
            raise
        # ReportgenError does not survive pickling with its location: send the diagnostic back
        raise RuntimeError(exc.diagnostic) from None
    return time.perf_counter() - t0, list(options.warnings[seen:]), value


def _result(future):
    """A worker's result; its ReportgenError raised again here with file, line and column."""
    try:
        return future.result()
    except RuntimeError as exc:
        if exc.args and hasattr(exc.args[0], "severity"):
            d = exc.args[0]
            raise ReportgenError(d.message, d.file, d.line, d.column) from None
        raise


# the slowest writers first, so that the last one to finish starts early
JOB_ORDER = {"pdf": 0, "epub": 1, "booklet": 2, "docx": 3}


def _fresh(job: Job, state: dict[str, str], options: Options, pdf_key: str) -> bool | None:
    """Whether `job`'s output is up to date (the file written for this key, bytes unchanged):
    True, False, or None for an EPUB whose page starts must be known first (the PDF's key changed
    since they were recorded)."""
    if job.label != "epub":
        return cache.output_matches(state, options.out, job.name, job.key)
    digest = cache.pages_record(state, job.name, pdf_key)
    if digest is None:
        return None if cache.output_matches(state, options.out, job.name, state.get(job.name, "")) else False
    return cache.output_matches(state, options.out, job.name, cache.epub_key(job.key, digest))


def _stop_workers() -> None:
    """Kill this build's worker processes now (their work is moot; shutting the pool down
    would wait for a PDF layout to end)."""
    for child in multiprocessing.active_children():
        child.kill()


def build(source: Path, options: Options, say=lambda *a: None, force: bool = False, jobs: int = 0,
          wait: bool = True, display: progress.Display | None = None) -> list[Path]:
    """Read, transform and write the outputs whose inputs changed; all appear together or none.

    One build at a time writes into an output folder (`outdir.locked`; `wait=False`: a busy
    folder is an error). Who does what: the jobs that lay pages out (PDF, booklet; an EPUB built
    without the PDF) run in worker processes, started first so that they import WeasyPrint while
    this process parses; this process then writes the DOCX and the EPUB, whose page-list takes
    the page starts the PDF worker sends as soon as its body is laid out (one layout serves both)."""
    start = time.perf_counter()
    options.processes = jobs or options.processes  # the PDF's layout processes (writers/parts.py)
    options.reuse_parts = options.reuse_parts and not force  # --force: every part laid out again
    todo = plan(source, options)
    out = options.out
    outdir.refuse_overwriting([out / job.name for job in todo], read_files(source, options))
    with outdir.locked(out, wait, say):
        outdir.remove_stale(out)  # under the lock: no other build owns a temporary file now
        for job in todo:
            outdir.check_target(out / job.name)
        try:
            return _build_locked(source, options, todo, say, force, jobs, start, display)
        except OSError as exc:
            if exc.errno in outdir.WRITE_ERRNOS:
                raise outdir.os_error(exc, out, "write the outputs") from None
            raise


def _build_locked(source: Path, options: Options, todo: list[Job], say, force: bool, jobs: int,
                  start: float, display: progress.Display | None = None) -> list[Path]:
    """`build`, once the output folder is locked and checked."""
    state = cache.load_state(options.out)
    pdf_key = cache.output_key("pdf", source, options)
    pending: set[str] = set()  # EPUBs that may turn out fresh once the page starts are known
    if not force and source.is_file():
        fresh = []
        for job in todo:
            verdict = _fresh(job, state, options, pdf_key)
            if verdict:
                fresh.append(job)
            elif verdict is None:
                pending.add(job.name)
        for job in fresh:
            say(f"{job.label:<8} {options.out / job.name}  up to date")
        todo = [j for j in todo if j not in fresh]
        if not todo:
            return []
    todo.sort(key=lambda job: JOB_ORDER.get(job.label, 9))
    pdf_job = next((j for j in todo if j.label == "pdf"), None)
    shares_layout = pdf_job is not None and any(j.label == "epub" for j in todo)
    heavy = [j for j in todo if j.label in ("pdf", "booklet") or (j.label == "epub" and not shares_layout)]
    workers = min(len(heavy), jobs or os.cpu_count() or 1)
    if (jobs or os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        workers = 0
    if display is not None:  # before the workers are forked: they write into the same slots
        display.start([job.label for job in todo])
    pool = None
    if workers:
        # start the writer processes now: they import their writers while this one parses
        context = multiprocessing.get_context("fork")
        starts_queue = context.SimpleQueue() if shares_layout else None
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_warm,
                                   initargs=(os.getpid(), tuple(sorted({j.module for j in heavy})), starts_queue))
        pool.submit(_ready)
    temps: list[tuple[Job, Path]] = []
    kept: list[Job] = []  # pending EPUBs found fresh after all
    try:
        with _collector_paused():
            doc = load(source, options)
        say(f"read     {source}  {time.perf_counter() - start:.2f} s")
        for job in todo:
            temps.append((job, outdir.temporary(options.out, job.name)))
        tmp_of = {job.name: tmp for job, tmp in temps}
        captured: list = []  # page starts, when the PDF is written in this process

        def page_starts():
            if pool is None:
                return captured[0]
            future = futures[pdf_job.name]
            while starts_queue.empty():
                if future.done():
                    _result(future)  # the PDF failed before its pages were known: raise that
                    raise RuntimeError("the PDF worker sent no page starts")
                time.sleep(0.002)
            return starts_queue.get()

        def run_here(job: Job) -> tuple[float, list, object]:
            kwargs = {}
            if job is pdf_job and shares_layout:
                kwargs["on_pages"] = captured.append
            if job.label == "epub" and shares_layout:
                starts = page_starts()
                if job.name in pending and cache.output_matches(
                        state, options.out, job.name, cache.epub_key(job.key, pagination.digest(starts))):
                    kept.append(job)  # the PDF's pages did not move: the EPUB stays as it is
                    return 0.0, [], starts
                kwargs["starts"] = starts
            return _write(job, str(tmp_of[job.name]), options, doc, **kwargs)

        futures = {}
        results = []
        if pool is not None:
            for job in heavy:
                futures[job.name] = pool.submit(_write, job, str(tmp_of[job.name]), options, doc,
                                                send_starts=job is pdf_job and shares_layout)
            # here: first what needs nothing from the PDF worker, then the EPUB that waits for its pages
            for job in sorted((j for j in todo if j not in heavy), key=lambda j: j.label == "epub"):
                results.append((job, run_here(job)))
            for job in heavy:
                seconds, warnings, value = _result(futures[job.name])
                options.warnings.extend(warnings)
                results.append((job, (seconds, [], value)))
        else:
            results = [(job, run_here(job)) for job in todo]
        for job, (seconds, _, value) in sorted(results, key=lambda r: JOB_ORDER.get(r[0].label, 9)):
            if job.label == "epub":  # its key includes the page starts it cites
                digest = pagination.digest(value)
                cache.record_pages(state, job.name, pdf_key, digest)
                job.key = cache.epub_key(job.key, digest)
            if job in kept:
                say(f"{job.label:<8} {options.out / job.name}  (the PDF's pages did not move) up to date")
            else:
                say(f"{job.label:<8} {options.out / job.name}  {seconds:.2f} s")
    except BaseException:
        if pool is not None:
            _stop_workers()
        for _, tmp in temps:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if display is not None:
            display.close()
    moves = [(tmp, job.name) for job, tmp in temps if job not in kept]
    digests = {name: outdir.digest(tmp) for tmp, name in moves}
    for job, tmp in temps:
        if job in kept:
            tmp.unlink(missing_ok=True)
    outdir.commit(options.out, moves)  # every output in place, or the previous ones back
    for job, tmp in temps:
        if job not in kept:
            cache.record_output(state, job.name, job.key, digests[job.name])
    cache.save_state(options.out, state)
    say(f"done     {time.perf_counter() - start:.2f} s")
    return [options.out / name for _, name in moves]
