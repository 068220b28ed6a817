"""Quotation marks by nesting depth: « » outside, „ “ inside (house style, configurable).

Straight quotes `"` are given a direction from their neighbours; typographic marks already in
the source are re-normalized by depth (the source's «…«…»…» becomes «…„…“…»). A quote that
closes two levels at once keeps both marks: `«… „…“»`.

Directions:
  « „       always open;   » ”   always close;
  “         closes when the innermost open quote's closing mark is “ (the „…“ pair), opens
            when the opening mark of the next level is “ (the “…” pair) — unless its neighbours
            clearly say the other way (`„а “б” в“`: the inner “ opens); otherwise like `"`;
  "         opens after a space, line start, bracket or dash and before a non-space; closes
            after a non-space and before a space, punctuation or the end; when both or neither
            hold it closes an open quote if there is one, else opens.
Other quotation marks are transparent when looking at neighbours, so `""a" b"` nests.

An unmatched closing mark or an opening mark never closed in its block is left (a straight one
becomes the outer mark) and reported through `warn(index, message)`. A typographic mark whose
new form would be read the other way on a second run (a closing ” after a space, `„а ”б`) is
kept as written, so the transform stays idempotent even on such input.
"""

from __future__ import annotations

import re
from typing import Callable

from .stream import NOTE, Stream
from .style import HouseStyle

QUOTES = '"«»„“”'
_OPEN_BEFORE = "([{<\u2014\u2013\u2012-\u2011\u2010/"  # what may stand right before an opening mark
_CLOSE_AFTER = ".,;:!?…)]}>\u2014\u2013\u2012-\u2011\u2010/"  # what may stand right after a closing mark
_SKIPPED_RUN = re.compile(f"[{re.escape(QUOTES)}{NOTE}]+")  # what the neighbours of a mark are looked for past


def _surroundings(text: str) -> dict[int, tuple[str | None, str | None]]:
    """For each quotation mark of `text`, the nearest characters before and after it that are
    neither quotation marks nor notes (None at the ends): found once per run of such characters,
    not walked again from each mark of the run (`«»` repeated was quadratic)."""
    out: dict[int, tuple[str | None, str | None]] = {}
    for run in _SKIPPED_RUN.finditer(text):
        start, end = run.span()
        pair = (text[start - 1] if start else None, text[end] if end < len(text) else None)
        for k in range(start, end):
            out[k] = pair
    return out


def _spacey_before(char: str | None) -> bool:
    return char is None or char.isspace() or char in _OPEN_BEFORE


def _spacey_after(char: str | None) -> bool:
    return char is None or char.isspace() or char in _CLOSE_AFTER


def _direction(char: str, depth: int, style: HouseStyle, opener_only: bool, closer_only: bool) -> bool:
    """True if mark `char` opens a quotation at `depth` (the number of quotations open)."""
    if char in "«„":
        return True
    if char in "»”":
        return False
    if char == "“":
        if depth and style.closer(depth - 1) == "“" and not opener_only:
            return False
        if style.opener(depth) == "“" and not closer_only:
            return True
    if opener_only:
        return True
    if closer_only:
        return False
    return depth == 0


def normalize_quotes(stream: Stream, style: HouseStyle, warn: Callable[[int, str], None] | None = None) -> None:
    """Give every quotation mark of `stream` the mark of its nesting depth (in place)."""
    text = stream.text
    edits: list[tuple[int, int, str]] = []
    stack: list[int] = []  # indices of the open marks
    around = _surroundings(text)

    for i, char in enumerate(text):
        if char not in QUOTES or stream.owners[i] < 0:
            continue
        depth = len(stack)
        left = _spacey_before(around[i][0])
        right = _spacey_after(around[i][1])
        opener_only, closer_only = left and not right, right and not left
        opening = _direction(char, depth, style, opener_only, closer_only)
        if opening:
            mark = style.opener(depth)
            stack.append(i)
        elif stack:
            stack.pop()
            mark = style.closer(depth - 1)
        else:
            mark = style.closer(0) if char == '"' else char
            if warn:
                warn(i, "closing quotation mark without an opening one in this paragraph; left as it is")
        if _direction(mark, depth, style, opener_only, closer_only) != opening:
            # an explicit mark standing where its new form would be read the other way
            # (a space before a closing mark, `„а ”б`): keep it, so a second run agrees
            mark = char
        edits.append((i, i + 1, mark))
    if warn:
        for i in stack:
            warn(i, "quotation mark opened here is not closed in this paragraph; left as it is")
    stream.apply(edits)
