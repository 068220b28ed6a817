"""Quotation marks by nesting depth: « » outside, „ “ inside (house style, configurable).

Straight quotes `"` are given a direction from their neighbours; typographic marks already in
the source are re-normalized by depth (the source's «…«…»…» becomes «…„…“…»). A quote that
closes two levels at once keeps both marks: `«… „…“»`.

Directions:
  « „       always open;   » ”   always close;
  “         closes when the innermost open quote's closing mark is “ (the „…“ pair), opens
            when the opening mark of the next level is “ (the “…” pair); otherwise like `"`;
  "         opens after a space, line start, bracket or dash and before a non-space; closes
            after a non-space and before a space, punctuation or the end; when both or neither
            hold it closes an open quote if there is one, else opens.
Other quotation marks are transparent when looking at neighbours, so `""a" b"` nests.

An unmatched closing mark or an opening mark never closed in its block is left (a straight one
becomes the outer mark) and reported through `warn(index, message)`.
"""

from __future__ import annotations

from typing import Callable

from .stream import BREAK, NOTE, Stream
from .style import HouseStyle

QUOTES = '"«»„“”'
_OPEN_BEFORE = "([{<\u2014\u2013\u2012-\u2011\u2010/"  # what may stand right before an opening mark
_CLOSE_AFTER = ".,;:!?…)]}>\u2014\u2013\u2012-\u2011\u2010/"  # what may stand right after a closing mark


def _neighbour(text: str, index: int, step: int) -> str | None:
    """The nearest character from `index` in direction `step`, skipping quotation marks and notes."""
    k = index + step
    while 0 <= k < len(text) and (text[k] in QUOTES or text[k] == NOTE):
        k += step
    return text[k] if 0 <= k < len(text) else None


def _spacey_before(char: str | None) -> bool:
    return char is None or char.isspace() or char in _OPEN_BEFORE


def _spacey_after(char: str | None) -> bool:
    return char is None or char.isspace() or char in _CLOSE_AFTER


def normalize_quotes(stream: Stream, style: HouseStyle, warn: Callable[[int, str], None] | None = None) -> None:
    """Give every quotation mark of `stream` the mark of its nesting depth (in place)."""
    text = stream.text
    edits: list[tuple[int, int, str]] = []
    stack: list[int] = []  # indices of the open marks

    for i, char in enumerate(text):
        if char not in QUOTES or stream.owners[i] < 0:
            continue
        depth = len(stack)
        if char in "«„":
            opening = True
        elif char in "»”":
            opening = False
        else:
            opening = None
            if char == "“":
                if stack and style.closer(depth - 1) == "“":
                    opening = False
                elif style.opener(depth) == "“":
                    opening = True
            if opening is None:
                before, after = _neighbour(text, i, -1), _neighbour(text, i, +1)
                left, right = _spacey_before(before), _spacey_after(after)
                if left and not right:
                    opening = True
                elif right and not left:
                    opening = False
                else:
                    opening = not stack
        if opening:
            edits.append((i, i + 1, style.opener(depth)))
            stack.append(i)
        elif stack:
            stack.pop()
            edits.append((i, i + 1, style.closer(depth - 1)))
        else:
            if char == '"':
                edits.append((i, i + 1, style.closer(0)))
            if warn:
                warn(i, "closing quotation mark without an opening one in this paragraph; left as it is")
    if warn:
        for i in stack:
            warn(i, "quotation mark opened here is not closed in this paragraph; left as it is")
    stream.apply(edits)


__all__ = ["normalize_quotes", "QUOTES", "BREAK"]
