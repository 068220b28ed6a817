"""Pandoc Markdown that reportgen does not render yet, found in the text of a paragraph or a
heading so that it is never silent (issue 15: a warning with file:line:column; the text is shown
as written until the construct has its node and renderers).

Inline: raw LaTeX (a `\\command{…}` outside TeX math; images, TeX math, strikeout, sub/superscript
are read into nodes). By line:
fenced divs `:::`, definition lists (a line starting with `:` and spaces after the term's line),
line blocks (every line starts with `| `), grid tables (`+---+`) that pandoc_tables.py could not
read (cells spanning rows or columns). Code spans
are left out of the search. Each construct is reported once per paragraph, at its first place.
Every pattern stops at the next delimiter it cannot hold (`[^$]`, `[^~]`…): linear on any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_CODE = re.compile(r"(`+)[^`]*\1")
_MATH = re.compile(r"\$\$[^$]*\$\$|\$[^$\n]+\$")  # TeX math is read (texmath.py): its commands are no raw TeX
# raw TeX (pandoc's raw_tex: `\cite[22-23]{smith}`, `\begin{tabular}`), which reportgen does not
# typeset: a command with a braced argument
_INLINE: list[tuple[str, re.Pattern]] = [("raw LaTeX", re.compile(r"\\[A-Za-z]+\*?(?:\[[^\]\n]*\])?\{"))]
# a paragraph of LaTeX commands only, each with its optional and brace arguments (no nesting):
# pandoc's raw TeX block (`\newpage`, `\clearpage`, `\vspace{1cm}`, `\begin{center}`), which pandoc
# passes to LaTeX and leaves out of every other format
_RAW_TEX_BLOCK = re.compile(r"^\s*(?:\\[A-Za-z]+\*?(?:\[[^\]\n]*\])?(?:\{[^{}\n]*\})*\s*)+$")


def raw_tex_block(content: str) -> bool:
    """Whether a paragraph's source text is a raw TeX block (see `_RAW_TEX_BLOCK`)."""
    return bool(_RAW_TEX_BLOCK.match(content))
_LINES = [
    ("a fenced div", re.compile(r"^\s*:::")),
    ("a grid table with cells spanning rows or columns", re.compile(r"^\s*\+[-=:]{3,}")),
]
_DEFINITION = re.compile(r"^\s{0,3}:\s+\S")
_LINE_BLOCK = re.compile(r"^\s*\|(?: |$)")


def find(content: str) -> Iterator[tuple[str, int, str]]:
    """(what, line within `content` (0-based), the matched text) of each construct in the source
    text of one block (markdown-it's inline `content`)."""
    masked = _CODE.sub(lambda mt: " " * len(mt.group(0)), content)
    masked = _MATH.sub(lambda mt: re.sub(r"[^\n]", " ", mt.group(0)), masked)
    for what, pattern in _INLINE:
        match = pattern.search(masked)
        if match:
            yield what, masked.count("\n", 0, match.start()), content[match.start():match.end()].split("\n")[0]
            # what one construct holds is not another's (the `$` of `$$…$$`, the `^` in math)
            masked = pattern.sub(lambda mt: re.sub(r"[^\n]", " ", mt.group(0)), masked)
    lines = masked.split("\n")
    for what, pattern in _LINES:
        for k, line in enumerate(lines):
            if pattern.match(line):
                yield what, k, line.strip()
                break
    for k, line in enumerate(lines[1:], 1):
        if _DEFINITION.match(line):
            yield "a definition list", k, line.strip()
            break
    if len(lines) > 1 and all(_LINE_BLOCK.match(line) for line in lines if line.strip()):
        yield "a line block", 0, lines[0].strip()
