"""`reportgen build`: source → every requested format in the output folder, atomically."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

from ..diagnostics import ReportgenError
from ..pipeline import Options, load

# format → writer module; a writer exposes write(doc, path, options)
WRITERS = {
    "pdf": "reportgen.writers.pdf",
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
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=run)


def parse_formats(value: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        raise ReportgenError(f"unknown format {', '.join(unknown) or repr(value)}; choose among {', '.join(WRITERS)}")
    return formats


def run(args) -> int:
    options = Options(
        formats=parse_formats(args.to),
        out=Path(args.out),
        paper=args.paper,
        hyphenate=not args.no_hyphenate,
        epub_soft_hyphens=not args.no_epub_soft_hyphens,
        pdf_profile=args.pdf_profile,
        impose=args.impose,
    )
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    build(Path(args.source), options, say)
    for warning in options.warnings:
        if not args.quiet:
            print(f"reportgen: {warning}", file=sys.stderr)
    return 0


def build(source: Path, options: Options, say=lambda *a: None) -> list[Path]:
    """Read, transform and write every format; outputs appear only when all are written."""
    start = time.perf_counter()
    doc = load(source, options)
    say(f"read     {source}  {time.perf_counter() - start:.2f} s")
    options.out.mkdir(parents=True, exist_ok=True)
    jobs = [(fmt, source.stem + EXTENSIONS[fmt], WRITERS[fmt], "write") for fmt in options.formats]
    if options.impose == "booklet":
        jobs.append(("booklet", f"{source.stem}-booklet.pdf", WRITERS["pdf"], "write_booklet"))
    done: list[tuple[Path, Path]] = []
    try:
        for label, name, module, function in jobs:
            t0 = time.perf_counter()
            target = options.out / name
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=options.out)
            os.close(fd)
            done.append((Path(tmp), target))
            getattr(importlib.import_module(module), function)(doc, Path(tmp), options)
            say(f"{label:<8} {target}  {time.perf_counter() - t0:.2f} s")
    except BaseException:
        for tmp, _ in done:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, target in done:
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    return [t for _, t in done]
