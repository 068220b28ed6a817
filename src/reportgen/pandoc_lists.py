"""markdown-it block rule for pandoc's ordered lists that markdown-it does not read (pandoc's
manual, "Ordered lists": fancy_lists, startnum, example_lists): markers with letters (`a.`, `B)`,
`(c)`), Roman numerals (`iv.`, `(II)`), numbers in parentheses (`(2)`), `#.` (numbered in order),
and numbered examples `(@)`, `(@label)`, numbered across the whole document (a reference
`(@label)` in the text becomes the example's number: the reader, `examples`).

Tokens are markdown-it's own (`ordered_list_open` with `attrs["start"]` and `meta` {"style",
"delimiter"}, `list_item_open`, the item's blocks, …), so the reader and every writer take them
as any ordered list. The items' content is tokenized by markdown-it itself, indented past the
marker as a list item is (the container's `blkIndent`), so nested lists, code and paragraphs
inside work as in any list.

As pandoc reads a first marker: a number, an example, `#`, then `i`/`I` as Roman one, one letter,
Roman numerals; the next items keep the first one's style and delimiter. An upper-case letter or
numeral with a period needs two spaces after it (`B. Williams` is no list). A list does not
interrupt a paragraph, except inside a list item (a sublist, the next item), as in pandoc.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_MARKER = re.compile(r"(?:\((?P<p2>[^()\s]+)\)|(?P<p1>[^()\s.]+)(?P<d>[.)]))(?P<sp>[ \t]+|$)")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ROMAN_RE = re.compile(r"^m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
STYLES = ("decimal", "example", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman")


def _roman(text: str) -> int:
    low = text.lower()
    if not low or not _ROMAN_RE.match(low):
        return 0
    total = 0
    for k, ch in enumerate(low):
        value = _ROMAN[ch]
        total += -value if k + 1 < len(low) and _ROMAN[low[k + 1]] > value else value
    return total


def _value(body: str, style: str | None) -> tuple[str, int, str] | None:
    """(style, value, example label) of a marker's body, in pandoc's order of trying (or as
    `style`, the list's own, for a next item); None if it is none."""
    if body.startswith("@") and re.fullmatch(r"@[\w-]*", body):
        found = ("example", 0, body[1:])
    elif body == "#":
        found = (style or "decimal", 0, "")
    elif body.isdigit() and len(body) < 10:
        found = ("decimal", int(body), "")
    elif style in ("lower-roman", "upper-roman") and _roman(body) and (body.islower() == (style == "lower-roman")):
        found = (style, _roman(body), "")
    elif body in ("i", "I") and style not in ("lower-alpha", "upper-alpha"):
        found = ("lower-roman" if body == "i" else "upper-roman", 1, "")
    elif len(body) == 1 and "a" <= body <= "z":
        found = ("lower-alpha", ord(body) - 96, "")
    elif len(body) == 1 and "A" <= body <= "Z":
        found = ("upper-alpha", ord(body) - 64, "")
    elif body.islower() and _roman(body):
        found = ("lower-roman", _roman(body), "")
    elif body.isupper() and _roman(body):
        found = ("upper-roman", _roman(body), "")
    else:
        return None
    return found if style is None or found[0] == style else None


def _marker(state: StateBlock, line: int, style: str | None = None, delimiter: str | None = None):
    """The marker at `line`'s start: (style, value, label, delimiter, end position, spaces after)."""
    start = state.bMarks[line] + state.tShift[line]
    match = _MARKER.match(state.src, start, state.eMarks[line])
    if not match:
        return None
    if match.group("p2") is not None:
        body, delim = match.group("p2"), "()"
    else:
        body, delim = match.group("p1"), match.group("d")
    if delim in (".", ")") and (body.isdigit() or body.startswith("@")):
        return None  # `1.` and `1)`: markdown-it's own lists; an example is `(@…)` only
    found = _value(body, style)
    if found is None or (delimiter is not None and delim != delimiter):
        return None
    kind, value, label = found
    spaces = match.group("sp").replace("\t", "    ")
    if delim == "." and kind in ("upper-alpha", "upper-roman") and len(spaces) < 2 and match.end() < state.eMarks[line]:
        return None  # `B. Williams`: an initial, not a list (pandoc needs two spaces here)
    return kind, value, label, delim, match.end("d") if delim != "()" else match.end("p2") + 1, len(spaces)


def fancy_list(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An ordered list with pandoc's other markers (module docstring)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    if silent and state.parentType == "paragraph" and state.listIndent < 0:
        return False  # a list interrupts a paragraph only inside a list item (a sublist, the next item)
    first = _marker(state, start)
    if first is None:
        return False
    if silent:
        return True
    style, _value_, _label, delimiter, _end, _spaces = first
    examples = state.env.setdefault("reportgen_examples", {"count": 0, "labels": {}})
    list_token = state.push("ordered_list_open", "ol", 1)
    outer_indent = state.blkIndent
    old_parent = state.parentType
    state.parentType = "list"
    line = start
    number = None
    while line < end:
        if state.isEmpty(line) or state.sCount[line] < outer_indent or state.sCount[line] - outer_indent >= 4:
            break
        marker = _marker(state, line, style, delimiter)
        if marker is None:
            break
        _style, value, label, _delim, marker_end, spaces = marker
        if style == "example":
            examples["count"] += 1
            value = examples["count"]
            if label:
                examples["labels"].setdefault(label, value)
        elif value == 0:  # `#.`: the next number
            value = 1 if number is None else number + 1
        if number is None:
            list_token.attrs["start"] = value
        number = value
        # the item's content starts after the marker and its spaces (five or more: one, the rest
        # is the content's own indentation, as in a code block)
        spaces = spaces if 1 <= spaces <= 4 else 1
        content = marker_end + spaces if marker_end < state.eMarks[line] else marker_end
        column = state.sCount[line] + (marker_end - (state.bMarks[line] + state.tShift[line])) + spaces
        item = state.push("list_item_open", "li", 1)
        item.map = [line, line]
        saved = (state.tShift[line], state.sCount[line], state.blkIndent, state.listIndent, state.tight)
        state.listIndent = state.blkIndent
        state.blkIndent = column
        state.tShift[line] = content - state.bMarks[line]
        state.sCount[line] = column
        if content >= state.eMarks[line]:  # an empty first line: the item's content, if any, follows
            state.line = line + 1
            if state.line < end and not state.isEmpty(state.line) and state.sCount[state.line] >= column:
                state.md.block.tokenize(state, state.line, end)
        else:
            state.md.block.tokenize(state, line, end)
        state.tShift[line], state.sCount[line], state.blkIndent, state.listIndent, state.tight = saved
        state.push("list_item_close", "li", -1)
        item.map[1] = state.line
        if state.line <= line:  # nothing taken: never loop
            state.line = line + 1
        line = state.line
        while line < end and state.isEmpty(line):  # blank lines between items (checked at the loop's top)
            line += 1
    list_token.meta = {"style": style, "delimiter": delimiter}
    list_token.map = [start, state.line]
    state.push("ordered_list_close", "ol", -1)
    state.parentType = old_parent
    state.line = min(state.line, end)
    return True


def pandoc_lists_plugin(md: MarkdownIt) -> None:
    """Add the rule before markdown-it's lists; it may end a paragraph (the next item)."""
    md.block.ruler.before("list", "fancy_list", fancy_list, {"alt": ["paragraph", "reference", "blockquote"]})
