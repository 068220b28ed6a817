"""`reportgen watch`: rebuild when the source or the styles change, and say what was rebuilt."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

from ..diagnostics import ReportgenError
from . import build as build_cmd


def register(sub) -> None:
    p = sub.add_parser("watch", help="rebuild whenever the source or styles change",
                       description="Build once, then rebuild the outputs whose inputs change (Ctrl-C stops).")
    p.add_argument("source", nargs="?", default=build_cmd.DEFAULT_SOURCE)
    p.add_argument("--to", default=",".join(build_cmd.WRITERS), metavar="FORMATS")
    p.add_argument("--out", default="dist")
    p.add_argument("--paper", choices=("a4", "a5"), default="a4")
    p.add_argument("--no-hyphenate", action="store_true")
    p.add_argument("--no-epub-soft-hyphens", action="store_true")
    p.add_argument("--pdf-profile", choices=("screen", "print"), default="screen")
    p.add_argument("--impose", choices=("booklet",), default="")
    p.add_argument("--stop-after", type=int, default=0, metavar="N", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def say(*parts) -> None:
    print(*parts, flush=True)


def rebuild(source: Path, args) -> None:
    """One build; an error (the user's, or an unexpected one: one line, as the CLI prints it) is
    reported and watching goes on."""
    options = build_cmd.options_from_args(args)
    try:
        build_cmd.build(source, options, say)
    except ReportgenError as exc:
        print(f"reportgen: {exc}", file=sys.stderr, flush=True)
    except Exception as exc:  # noqa: BLE001 - a bug in one build must not end the watch
        print(f"reportgen: internal error: {type(exc).__name__}: {exc} (watching goes on; "
              "run `reportgen --debug build` for details)", file=sys.stderr, flush=True)
    for warning in options.warnings:
        print(f"reportgen: {warning}", file=sys.stderr, flush=True)


def run(args) -> int:
    from watchfiles import DefaultFilter, watch

    source = Path(args.source)
    watched = [p for p in (source.resolve().parent, Path("styles").resolve()) if p.is_dir()]
    rebuild(source, args)
    # Import the writers here, once, and lay a few words out: every rebuild's worker processes
    # are forked from this one and start with WeasyPrint imported and warm (0.3 s + 0.1 s less
    # per rebuild). A plain build does not do this: its worker would not be idle meanwhile.
    for module in sorted(set(build_cmd.WRITERS.values())):
        importlib.import_module(module)
    importlib.import_module("reportgen.writers.pdf").warm_up()
    rounds = 0
    ready = False
    # what a build writes is no input: with the source beside the output folder, each build's
    # files (and its lock) would start the next build, for ever
    ignored = DefaultFilter(ignore_paths=[f"{Path(args.out).resolve()}{os.sep}"])
    # `watch` sets its watches up when first iterated; its first empty yield (after rust_timeout)
    # comes once they are in place: only then does "watching" tell an editor or a test to go on
    for changes in watch(*watched, watch_filter=ignored, debounce=200, raise_interrupt=False,
                         yield_on_timeout=True, rust_timeout=100):
        if not ready:
            say(f"watching {', '.join(str(p) for p in watched)} (Ctrl-C stops)")
            ready = True
        if not changes:
            continue
        names = sorted({Path(path).name for _, path in changes})
        say(f"changed  {', '.join(names)}  at {time.strftime('%H:%M:%S')}")
        rebuild(source, args)
        rounds += 1
        if args.stop_after and rounds >= args.stop_after:
            break
    return 0
