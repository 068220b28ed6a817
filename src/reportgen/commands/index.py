"""`reportgen index [SOURCE] [--json]`: the organizations and dates the index finds.

    reportgen index                      # source/essay.md, a readable list
    reportgen index notes.md --json      # {"organizations": [...], "dates": [...]}

Mentions are reported as written in the source (`text`, the exact words of the source file, not
the typeset ones) with their source line. The format is documented in docs/index.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


DEFAULT_SOURCE = "source/essay.md"


def register(sub) -> None:
    p = sub.add_parser("index", help="list the organizations and dates the index finds in a source",
                       description="Find the organizations and dates of a Markdown source, as the built index has them.")
    p.add_argument("source", nargs="?", default=DEFAULT_SOURCE, help=f"the Markdown source (default {DEFAULT_SOURCE})")
    p.add_argument("--json", action="store_true", help="print JSON: {organizations: [...], dates: [...]}")
    p.set_defaults(func=run)


def _lines(mentions: list[dict]) -> str:
    return ", ".join(str(x["line"]) for x in mentions)


def render_text(data: dict) -> str:
    """The readable list: entries, their mentions' lines, sub-entries indented."""
    out = ["Ұйымдар"]

    def org(entry: dict, depth: int) -> None:
        label = entry["name"] + (f" ({entry['abbr']})" if entry["abbr"] else "")
        pad = "  " * depth
        lines = _lines(entry["mentions"])
        out.append(f"{pad}{label}" + (f" — {len(entry['mentions'])}: жол {lines}" if lines else ""))
        for mention in entry["mentions"]:
            out.append(f"{pad}    {mention['line']}: {mention['text']}")
        for child in entry["children"]:
            org(child, depth + 1)

    for entry in data["organizations"]:
        org(entry, 1)
    out.append("")
    out.append("Даталар")
    for date in data["dates"]:
        out.append(f"  {date['date']:<24} {date['label']} — жол {_lines(date['mentions'])}")
        for mention in date["mentions"]:
            out.append(f"      {mention['line']}: {mention['text']}")
    return "\n".join(out) + "\n"


def run(args) -> int:
    from ..diagnostics import Warnings
    from ..index import index_json
    from ..reader import read_file
    from ..safety import check_source

    warnings = Warnings()
    check_source(Path(args.source), Path.cwd())  # as `build`: nothing is read outside the project
    doc = read_file(Path(args.source), warnings)
    data = index_json(doc)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n" if args.json else render_text(data)
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    for warning in warnings:
        print(f"reportgen: {warning}", file=sys.stderr)
    return 0
