"""`reportgen check`: findings about a source as `file:line:column: severity: message` or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..check import FAMILIES, check_file, exit_code
from ..diagnostics import ReportgenError

DEFAULT_SOURCE = "source/essay.md"


def register(sub) -> None:
    p = sub.add_parser(
        "check", help="report problems in a Markdown source (structure, typography, spelling, index)",
        description="Report findings about a Markdown source, one per line as file:line:column: severity: message. "
                    "Exit 0 when there is no error, 1 when there is one (or a warning, with --strict). "
                    "Notes (index candidates) never change the exit code.")
    p.add_argument("source", nargs="?", default=DEFAULT_SOURCE, help=f"the Markdown source (default {DEFAULT_SOURCE})")
    p.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    p.add_argument("--strict", action="store_true", help="warnings make the exit code 1 too")
    p.add_argument("--only", metavar="CHECKS", default=",".join(FAMILIES),
                   help=f"comma-separated checks among {', '.join(FAMILIES)} (default: all)")
    p.set_defaults(func=run)


def run(args) -> int:
    families = tuple(f.strip() for f in args.only.split(",") if f.strip())
    unknown = [f for f in families if f not in FAMILIES]
    if unknown or not families:
        raise ReportgenError(f"unknown check {', '.join(unknown) or repr(args.only)}; choose among {', '.join(FAMILIES)}")
    findings = check_file(Path(args.source), families)
    if args.json:
        json.dump([f.to_dict() for f in findings], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for finding in findings:
            print(finding)
        counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "note")}
        print(f"{counts['error']} errors, {counts['warning']} warnings, {counts['note']} notes", file=sys.stderr)
    return exit_code(findings, args.strict)
