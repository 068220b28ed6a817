"""The `reportgen` command line: one sub-command per module in `reportgen.commands`.

Imports beyond the interpreter's own happen inside `main`, so that a Ctrl-C while they load is
the usual one line and exit 130, not a traceback (the first tens of milliseconds of the
interpreter's own start-up are Python's)."""

from __future__ import annotations

import os
import signal
import sys

# Each name is a module `reportgen.commands.<name>` with `register(subparsers)`; the parser it
# adds sets `func(args) -> int` as its default.
COMMANDS = ["build", "check", "watch", "typeset", "hyphenate", "index", "init"]


def make_parser():
    """The argument parser with every sub-command registered."""
    import argparse
    import importlib

    from . import __version__

    parser = argparse.ArgumentParser(
        prog="reportgen",
        description="Typeset a Kazakh Markdown source into PDF, DOCX and EPUB.",
    )
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"reportgen.commands.{name}").register(sub)
    parser.commands = sub.choices  # name → sub-command parser (config.apply sets their defaults)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised in the main process so that a build cleans up as it does on Ctrl-C."""


def _terminate(signum, frame):
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """Run the command line; user errors become one line on stderr and a non-zero exit, Ctrl-C
    exit 130 and SIGTERM 143, each with one line."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return _run_command(argv)
    except KeyboardInterrupt:
        print("reportgen: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("reportgen: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM


def _run_command(argv: list[str] | None) -> int:
    from .diagnostics import ReportgenError

    from pathlib import Path

    from . import config

    parser = make_parser()
    try:
        config.apply(parser, Path.cwd())  # the project's reportgen.yaml: its values become the defaults
    except ReportgenError as exc:
        print(f"reportgen: {exc}", file=sys.stderr)
        return 1
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ReportgenError as exc:
        if args.debug:
            raise
        print(f"reportgen: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # an unexpected failure is still one line, unless --debug
        if args.debug:
            raise
        print(f"reportgen: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 70


def run() -> None:
    """The `reportgen` program: `main`, then exit without tearing the interpreter down (freeing
    every object of a build one by one takes a tenth of a second; the files are written and
    closed, the worker processes gone, so there is nothing left to clean up)."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
