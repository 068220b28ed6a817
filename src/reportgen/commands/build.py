"""`reportgen build`: source → every requested format in the output folder, atomically.

Parse, typeset and index once; write the formats concurrently in separate processes where there
are cores to spare; skip outputs whose inputs did not change (see `reportgen.cache`).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import cache
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
    p.add_argument("--paper", choices=("a4", "a5"), default="a4", help="page size of the PDF and DOCX (default a4)")
    p.add_argument("--no-hyphenate", action="store_true", help="do not insert hyphenation points")
    p.add_argument("--no-epub-soft-hyphens", action="store_true", help="leave soft hyphens out of the EPUB")
    p.add_argument("--pdf-profile", choices=("screen", "print"), default="screen",
                   help="screen: tagged PDF/UA-1 (default); print: PDF/X-4 for a print shop")
    p.add_argument("--impose", choices=("booklet",), default="",
                   help="booklet: also write <name>-booklet.pdf, the A5 pages imposed two-up on A4 for saddle stitching")
    p.add_argument("--force", action="store_true", help="rebuild every output even if its inputs did not change")
    p.add_argument("-j", "--jobs", type=int, default=0, help="writer processes (default: one per core, at most one per format)")
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
    build(Path(args.source), options, say, force=args.force, jobs=args.jobs)
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
    jobs = [Job(fmt, source.stem + EXTENSIONS[fmt], WRITERS[fmt], "write") for fmt in options.formats]
    if options.impose == "booklet":
        jobs.append(Job("booklet", f"{source.stem}-booklet.pdf", WRITERS["pdf"], "write_booklet"))
    for job in jobs:
        job.key = cache.output_key(job.label, source, options)
    return jobs


def remove_stale_temporaries(out: Path, jobs: list[Job]) -> None:
    """Delete temporary files a killed build of these outputs left behind (`.<name>.*.tmp`)."""
    for job in jobs:
        for stale in out.glob(f".{job.name}.*.tmp"):
            stale.unlink(missing_ok=True)


def _warm(modules: tuple[str, ...]) -> None:
    """Worker start-up: import the writers (WeasyPrint alone takes half a second) while the
    parent process is still parsing and typesetting."""
    for module in modules:
        importlib.import_module(module)


def _ready() -> bool:
    return True


def _write(job: Job, tmp: str, options: Options, doc) -> tuple[float, list]:
    """Run one writer (in this process or a worker); returns its time and its new warnings."""
    t0 = time.perf_counter()
    seen = len(options.warnings)
    try:
        getattr(importlib.import_module(job.module), job.function)(doc, Path(tmp), options)
    except ReportgenError as exc:
        if multiprocessing.parent_process() is None:
            raise
        # ReportgenError does not survive pickling with its location: send the diagnostic back
        raise RuntimeError(exc.diagnostic) from None
    return time.perf_counter() - t0, list(options.warnings[seen:])


# the slowest writers first, so that the last one to finish starts early
JOB_ORDER = {"pdf": 0, "epub": 1, "booklet": 2, "docx": 3}


def build(source: Path, options: Options, say=lambda *a: None, force: bool = False, jobs: int = 0) -> list[Path]:
    """Read, transform and write the outputs whose inputs changed; all appear together or none."""
    start = time.perf_counter()
    todo = plan(source, options)
    state = cache.load_state(options.out)
    if not force and source.is_file():
        fresh = [j for j in todo if state.get(j.name) == j.key and (options.out / j.name).is_file()]
        for job in fresh:
            say(f"{job.label:<8} {options.out / job.name}  up to date")
        todo = [j for j in todo if j not in fresh]
        if not todo:
            return []
    todo.sort(key=lambda job: JOB_ORDER.get(job.label, 9))
    workers = min(len(todo), jobs or os.cpu_count() or 1)
    pool = None
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        # start the writer processes now: they import their writers while this one parses
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_warm, initargs=(tuple(sorted({j.module for j in todo})),))
        pool.submit(_ready)
    temps: list[tuple[Job, str]] = []
    try:
        doc = load(source, options)
        say(f"read     {source}  {time.perf_counter() - start:.2f} s")
        options.out.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(options.out, todo)
        for job in todo:
            fd, tmp = tempfile.mkstemp(prefix=f".{job.name}.", suffix=".tmp", dir=options.out)
            os.close(fd)
            temps.append((job, tmp))
        if pool is not None:
            futures = [(job, pool.submit(_write, job, tmp, options, doc)) for job, tmp in temps]
            results = []
            for job, future in futures:
                try:
                    results.append((job, future.result()))
                except RuntimeError as exc:
                    if exc.args and hasattr(exc.args[0], "severity"):
                        d = exc.args[0]
                        raise ReportgenError(d.message, d.file, d.line, d.column) from None
                    raise
        else:
            results = [(job, _write(job, tmp, options, doc)) for job, tmp in temps]
        for job, (seconds, warnings) in results:
            if pool is not None:
                options.warnings.extend(warnings)
            say(f"{job.label:<8} {options.out / job.name}  {seconds:.2f} s")
    except BaseException:
        for _, tmp in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    for job, tmp in temps:
        os.chmod(tmp, 0o644)
        os.replace(tmp, options.out / job.name)
        state[job.name] = job.key
    cache.save_state(options.out, state)
    say(f"done     {time.perf_counter() - start:.2f} s")
    return [options.out / job.name for job, _ in temps]
