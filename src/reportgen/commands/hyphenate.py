"""`reportgen hyphenate`: print words with `-` at every allowed Kazakh hyphenation point.

    reportgen hyphenate мектеп құмырсқа атом қару-жарақ   # мек-теп / құ-мырс-қа / атом / қару=жарақ
    printf 'балалар\\nқару-жарақ\\n' | reportgen hyphenate

Words come from the arguments or, without arguments, from stdin one a line; each is printed on
its own line in the same order (several words on one line stay on one line). `-` marks a break
the hyphenator allows; a hyphen that is part of the written word (a compound, `1441-ші`) is
shown as `=`, the notation of bench/data/hyphenation-words.txt — a compound breaks at its own
hyphen only. A word with no allowed break (four letters or fewer, one syllable, `атом`, an
abbreviation such as `БҰҰ`) is printed unchanged.
"""

from __future__ import annotations

import sys

from ..diagnostics import ReportgenError
from ..typography.hyphenate import SHY, hyphenate_text


def register(sub) -> None:
    p = sub.add_parser("hyphenate", help="show the allowed hyphenation points of Kazakh words",
                       description="Print each word (arguments, or stdin one a line) with '-' at every allowed break "
                                   "and '=' for a hyphen that is part of the word.")
    p.add_argument("words", nargs="*", help="words to divide (default: read stdin, one a line)")
    p.set_defaults(func=run)


def show(text: str) -> str:
    """`text` with its breaks as `-` and its own hyphens as `=` (told apart, unlike plain `-`)."""
    return hyphenate_text(text, SHY).replace("-", "=").replace(SHY, "-")


def run(args) -> int:
    if args.words:
        lines = args.words
    else:
        data = sys.stdin.buffer.read()
        try:
            lines = data.decode("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise ReportgenError(f"stdin is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", "<stdin>") from None
    out = "".join(show(line.strip()) + "\n" for line in lines)
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.flush()
    return 0
