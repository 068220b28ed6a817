"""`reportgen hyphenate`: print words with `-` at every allowed Kazakh hyphenation point.

    reportgen hyphenate мектеп құмырсқа атом     # мек-теп / құ-мырс-қа / атом
    printf 'бала\\nқару-жарақ\\n' | reportgen hyphenate

Words come from the arguments or, without arguments, from stdin one a line; each is printed on
its own line in the same order (several words on one line stay on one line). A word with no
allowed break (one syllable, `атом`, an abbreviation such as `БҰҰ`) is printed unchanged; the
hyphen of a compound stays and its parts are divided (`қа-ру-жа-рақ`).
"""

from __future__ import annotations

import sys

from ..diagnostics import ReportgenError
from ..typography.hyphenate import hyphenate_text


def register(sub) -> None:
    p = sub.add_parser("hyphenate", help="show the allowed hyphenation points of Kazakh words",
                       description="Print each word (arguments, or stdin one a line) with '-' at every allowed break.")
    p.add_argument("words", nargs="*", help="words to divide (default: read stdin, one a line)")
    p.set_defaults(func=run)


def run(args) -> int:
    if args.words:
        lines = args.words
    else:
        data = sys.stdin.buffer.read()
        try:
            lines = data.decode("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise ReportgenError(f"stdin is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", "<stdin>") from None
    out = "".join(hyphenate_text(line.strip(), "-") + "\n" for line in lines)
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.flush()
    return 0
