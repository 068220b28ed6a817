"""`reportgen typeset`: plain text on stdin → the same text with Kazakh typography on stdout.

    echo 'БҰҰ-ның "Бала еңбегі" деген 2-4 қыркүйек...' | reportgen typeset --show

Paragraphs are separated by blank lines (a quotation never spans two). `--show` makes the
invisible characters visible: no-break space `·`, no-break hyphen `=`, soft hyphen `¦`.
`--hyphenate` adds soft hyphens at every allowed break.
"""

from __future__ import annotations

import sys

from ..diagnostics import ReportgenError
from ..typography.style import DASHES, QUOTE_PAIRS, HouseStyle


def register(sub) -> None:
    p = sub.add_parser("typeset", help="apply Kazakh typography to text on stdin",
                       description="Read text on stdin and write it typeset (quotes, dashes, no-break spaces and "
                                   "hyphens, digit groups) to stdout.")
    p.add_argument("--show", action="store_true",
                   help="show no-break space as '·', no-break hyphen as '=', soft hyphen as '¦'")
    p.add_argument("--hyphenate", action="store_true", help="also insert soft hyphens (U+00AD) at allowed breaks")
    p.add_argument("--dash", choices=sorted(DASHES), default="em", help="the spaced dash: em — (default) or en –")
    p.add_argument("--nested-quotes", choices=QUOTE_PAIRS, default="„“", help="inner quotation marks (default „“)")
    p.set_defaults(func=run)


def run(args) -> int:
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReportgenError(f"stdin is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", "<stdin>") from None
    from ..typography import show_invisible, typeset_text

    style = HouseStyle(dash=args.dash, nested_quotes=args.nested_quotes)

    def warn(line: int, column: int, message: str) -> None:
        print(f"reportgen: <stdin>:{line}:{column}: warning: {message}", file=sys.stderr)

    out = typeset_text(text, style, hyphenate=args.hyphenate, warn=warn)
    if args.show:
        out = show_invisible(out)
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.flush()
    return 0
