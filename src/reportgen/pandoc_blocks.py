"""markdown-it block rules for the pandoc Markdown blocks that no plugin reads as pandoc does: line
blocks (`| ` lines) and fenced divs (`::: {#id .class}` … `:::`, nested with fences of any length).

Tokens: `line_block_open`, one `inline` per line, `line_block_close`; `div_open` (meta: id, classes,
attrs), the div's blocks, `div_close`. Both rules stay linear: a line block takes each line once, and
the fences of a div are matched in one stack pass whose result is kept for the openers it saw.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

# pandoc: a div opens with three or more colons and attributes (`{…}` or one bare class word),
# optionally followed by more colons; a fence of colons alone closes the innermost open div
_DIV_OPEN = re.compile(r":{3,}[ \t]*(\{[^{}\n]*\}|[^\s{}:]+)[ \t]*:*[ \t]*$")
_DIV_CLOSE = re.compile(r":{3,}[ \t]*$")
_ATTR = re.compile(r"""#([^\s}]+)|\.([^\s}]+)|([\w:-]+)=("[^"]*"|'[^']*'|[^\s}]+)""")


def parse_attributes(text: str) -> tuple[str, list[str], dict[str, str]]:
    """`{#id .class key=value}` (or one bare word, a class) → id, classes, attributes."""
    text = text.strip()
    if not text.startswith("{"):
        return "", [text], {}
    ident, classes, attrs = "", [], {}
    for match in _ATTR.finditer(text[1:-1]):
        if match.group(1):
            ident = match.group(1)
        elif match.group(2):
            classes.append(match.group(2))
        else:
            attrs[match.group(3)] = match.group(4).strip("\"'")
    return ident, classes, attrs


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]]


def line_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Pandoc's line_blocks: lines starting `| ` (or a lone `|`); a line starting with a space
    continues the line before it. Each line keeps its leading spaces (as no-break spaces)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = _line(state, start)
    if not (first == "|" or first.startswith("| ")):
        return False
    if silent:
        return True
    lines: list[tuple[int, str]] = []
    line = start
    while line < end:
        text = _line(state, line)
        if state.isEmpty(line) or state.sCount[line] < state.blkIndent:
            break
        if text == "|" or text.startswith("| "):
            body = text[2:]
            kept = len(body) - len(body.lstrip(" "))
            lines.append((line, "\u00a0" * kept + body.lstrip(" ")))
        elif state.sCount[line] > state.blkIndent and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + " " + text.strip())
        else:
            break
        line += 1
    token = state.push("line_block_open", "div", 1)
    token.map = [start, line]
    for number, text in lines:
        token = state.push("inline", "", 0)
        token.content = text
        token.map = [number, number + 1]
        token.children = []
    state.push("line_block_close", "div", -1)
    state.line = line
    return True


def fenced_div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Pandoc's fenced_divs: `::: {attributes}` … `:::`; divs nest, each `:::` alone closing the
    innermost. An opening fence that is never closed is no div (pandoc's rule): its text stays."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    opening = _DIV_OPEN.match(_line(state, start))
    if not opening:
        return False
    close = _match(state, start, end)
    if close is None:
        return False
    if silent:
        return True
    ident, classes, attrs = parse_attributes(opening.group(1))
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "div"
    state.lineMax = close
    token = state.push("div_open", "div", 1)
    token.map = [start, close + 1]
    token.meta = {"id": ident, "classes": classes, "attrs": attrs}
    state.md.block.tokenize(state, start + 1, close)
    state.push("div_close", "div", -1)
    state.parentType, state.lineMax = old_parent, old_max
    state.line = close + 1
    return True


def _match(state: StateBlock, start: int, end: int) -> int | None:
    """The line of the fence that closes the div opened at `start` (None: never closed). One stack
    pass from `start` records the match of every opener it meets (`state.env`), so that a later
    opener inside it is answered without a second pass."""
    cache = state.env.setdefault("reportgen_divs", {})
    key = (start, state.bMarks[start] + state.tShift[start])
    if key in cache:
        found = cache[key]
        return found if found is not None and found < end else None
    stack: list[tuple[int, int]] = []
    line = start
    while line < end:
        if not state.isEmpty(line):
            if state.sCount[line] < state.blkIndent:
                break  # the container (list item, quote) this div is in ends here
            text = _line(state, line)
            if _DIV_OPEN.match(text):
                stack.append((line, state.bMarks[line] + state.tShift[line]))
            elif stack and _DIV_CLOSE.match(text):
                cache[stack.pop()] = line
                if not stack:
                    break
        line += 1
    for opener in stack:
        cache[opener] = None
    found = cache[key]
    return found


def pandoc_blocks_plugin(md: MarkdownIt) -> None:
    """Add the two rules: divs before paragraphs (they may interrupt one), line blocks after pipe
    tables (pandoc tries tables first: `| a | b |` with a delimiter row is a table) and never inside a
    paragraph (a line starting `| ` there is the paragraph's text, as in pandoc)."""
    md.block.ruler.before("fence", "fenced_div", fenced_div,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.after("table", "line_block", line_block)
