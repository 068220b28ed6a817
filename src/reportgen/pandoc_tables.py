"""markdown-it block rules for pandoc's simple, multiline and grid tables (pipe tables are
markdown-it's own `table` rule). Pandoc's manual, "Tables": the column layout comes from the
dashed lines, the alignment from where the header text stands against its dashes, the relative
widths of multiline and grid tables from the dashes' lengths.

Tokens are those of markdown-it's pipe tables (`table_open` … `th_open`/`td_open` with
`style="text-align:…"`, `inline`, …), with `table_open.meta["widths"]` (fractions of the line,
empty: automatic). A grid cell is Markdown of its own: its blocks (paragraphs, lists) are parsed
into the token stream between `td_open` and `td_close`.

Linear time: a rule reads each line of its table once; a table that never closes costs one scan
that passes no dashed line, and only a dashed line starts another attempt.
"""

from __future__ import annotations

import importlib
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_COLUMNS = re.compile(r"-+")
_DASHES = re.compile(r"^-+(?: +-+)* *$")  # a simple/multiline table's column line
_RULE = re.compile(r"^-{3,} *$")  # a multiline table's top and bottom line (one run of dashes)
_GRID_BORDER = re.compile(r"^\+(?:[-=:]+\+)+ *$")
_GRID_ROW = re.compile(r"^\|.*\| *$")
PAGE_COLUMNS = 72  # pandoc's --columns: widths are fractions of max(72, the table's width)


def _line(state: StateBlock, line: int) -> str:
    """The text of `line` past the container's indentation (tabs as markdown-it counted them)."""
    start = state.bMarks[line] + state.tShift[line]
    indent = state.sCount[line] - state.blkIndent
    return " " * max(indent, 0) + state.src[start: state.eMarks[line]].rstrip("\n")


def _runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of dashes in a column line."""
    return [(mt.start(), mt.end()) for mt in _COLUMNS.finditer(text)]


def _slices(text: str, runs: list[tuple[int, int]]) -> list[str]:
    """`text` cut at each column's start (the last column runs to the end of the line)."""
    starts = [start for start, _ in runs] + [None]
    return [text[starts[k]: starts[k + 1]] for k in range(len(runs))]


def _align(lines: list[str], runs: list[tuple[int, int]]) -> list[str]:
    """Pandoc's alignType per column: the shortest piece of header text in it, flush with the
    dashes on the left and/or the right (neither flush: centre; both: default)."""
    sliced = [_slices(line, runs) for line in lines]
    aligns = []
    for k, (start, end) in enumerate(runs):
        pieces = [piece[k].rstrip() for piece in sliced if piece[k].strip()]
        if not pieces:
            aligns.append("")
            continue
        shortest = min(pieces, key=len)
        left, right = shortest.startswith(" "), len(shortest) < end - start
        aligns.append({(True, False): "right", (False, True): "left", (True, True): "center"}.get((left, right), ""))
    return aligns


def _widths(runs: list[tuple[int, int]], width: int) -> list[float]:
    """Each column's share: its dashes and the spaces after them (the last: to `width`), of
    max(72, the table's width), as pandoc counts them."""
    starts = [start for start, _ in runs] + [width]
    total = max(PAGE_COLUMNS, starts[-1] - starts[0])
    return [(starts[k + 1] - starts[k]) / total for k in range(len(runs))]


def _is_blank(state: StateBlock, line: int) -> bool:
    return line >= state.lineMax or state.isEmpty(line)


def _inside(state: StateBlock, line: int) -> bool:
    """`line` belongs to the current container (not less indented, not past its end)."""
    return line < state.lineMax and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent)


def _emit(state: StateBlock, start: int, end: int, head: list | None, body: list, aligns: list[str],
          widths: list[float], blocks: bool = False) -> None:
    """Push the table's tokens. A row is (line, [cell text]); with `blocks` (a grid table) each
    cell's text is Markdown of its own, parsed into blocks."""
    token = state.push("table_open", "table", 1)
    token.map = [start, end]
    token.meta = {"widths": widths}
    for group, rows, cell in (("thead", head, "th"), ("tbody", body, "td")):
        if not rows:
            continue
        state.push(f"{group}_open", group, 1)
        for line, cells in rows:
            token = state.push("tr_open", "tr", 1)
            token.map = [line, line + 1]
            for k, text in enumerate(cells):
                token = state.push(f"{cell}_open", cell, 1)
                token.map = [line, line + 1]
                if aligns[k]:
                    token.attrs["style"] = f"text-align:{aligns[k]}"
                if blocks:
                    _blocks(state, text, line)
                else:
                    token = state.push("inline", "", 0)
                    token.content = text
                    token.map = [line, line + 1]
                    token.children = []
                state.push(f"{cell}_close", cell, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{group}_close", group, -1)
    state.push("table_close", "table", -1)
    state.line = end


def _blocks(state: StateBlock, text: str, line: int) -> None:
    """A grid cell's Markdown parsed into the token stream, its lines mapped to the source's."""
    first = len(state.tokens)
    state.md.block.parse(text, state.md, state.env, state.tokens)
    for token in state.tokens[first:]:
        token.level += state.level
        if token.map:
            token.map = [token.map[0] + line, token.map[1] + line]


# ------------------------------------------------------------------- simple tables


def simple_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A simple table: a header line over a column line of dashes, rows up to a blank line or a
    closing column line; or, headerless, a column line, rows, and a closing column line."""
    first = _line(state, start)
    if _DASHES.match(first.strip()) and len(_runs(first)) > 1:  # headerless (one run: a rule)
        if state.sCount[start] - state.blkIndent >= 4:
            return False
        stop = _next_rule(state, start + 1, blank_ends=True)
        if stop is None or stop == start + 1:
            return False
        if silent:
            return True
        runs = _runs(first)
        rows = [(k, _line(state, k)) for k in range(start + 1, stop)]
        body = [(k, [c.strip() for c in _slices(text, runs)]) for k, text in rows]
        _emit(state, start, stop + 1, None, body, _align([rows[0][1]], runs), [])
        return True
    if start + 1 >= end or _is_blank(state, start) or not _inside(state, start + 1) \
            or state.isEmpty(start + 1) or state.sCount[start + 1] - state.blkIndent >= 4:
        return False
    dashes = _line(state, start + 1)
    runs = _runs(dashes)
    if not _DASHES.match(dashes.strip()) or len(runs) < 2:  # one run under text: a setext heading
        return False
    if silent:
        return True
    line = start + 2
    while _inside(state, line) and not state.isEmpty(line) and not _DASHES.match(_line(state, line).strip()):
        line += 1
    head = [(start, [c.strip() for c in _slices(first, runs)])]
    body = [(k, [c.strip() for c in _slices(_line(state, k), runs)]) for k in range(start + 2, line)]
    closed = _inside(state, line) and not state.isEmpty(line)  # a closing column line is the table's
    _emit(state, start, line + 1 if closed else line, head, body, _align([first], runs), [])
    return True


def _next_rule(state: StateBlock, line: int, blank_ends: bool) -> int | None:
    """The first line from `line` that is all dashes (the table's last), within the container;
    None if a blank line (when `blank_ends`) or the container's end comes first. Linear: a scan
    that fails passes no line a later table could start at (every start is a dashed line)."""
    k = line
    while _inside(state, k):
        if state.isEmpty(k):
            if blank_ends:
                return None
        elif _DASHES.match(_line(state, k).strip()):
            return k
        k += 1
    return None


# ------------------------------------------------------------------- multiline tables


def multiline_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A multiline table: a rule of dashes, header lines, a column line, rows separated by blank
    lines, a closing rule before a blank line; headerless, it opens with the column line (and has
    a blank line between rows: without one it is a simple table). A row's lines are joined per
    column (a soft break between them)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = _line(state, start).rstrip()
    if not _DASHES.match(first.strip()):
        return False
    line = start + 1
    header_lines: list[str] = []
    if _RULE.match(first.strip()) and len(_runs(first)) == 1:
        while _inside(state, line) and not state.isEmpty(line) and not _DASHES.match(_line(state, line).strip()):
            header_lines.append(_line(state, line))
            line += 1
        if not header_lines or not _inside(state, line) or state.isEmpty(line):
            return False
        columns = _line(state, line)
        if _runs(columns)[-1][1] > len(first):  # the top rule spans the table (else: a rule, then a heading)
            return False
        line += 1
    else:
        columns = first
    runs = _runs(columns)
    close = _next_rule(state, line, blank_ends=False)
    if close is None or close <= line:
        return False
    if not header_lines and not any(state.isEmpty(k) for k in range(line, close)):
        return False
    if silent:
        return True
    groups: list[list[tuple[int, str]]] = [[]]
    for k in range(line, close):
        if state.isEmpty(k):
            groups.append([])
        else:
            groups[-1].append((k, _line(state, k)))
    groups = [group for group in groups if group]
    rows = [(group[0][0], _joined([text for _, text in group], runs)) for group in groups]
    aligns = _align(header_lines or [groups[0][0][1]], runs)  # headerless: the first line, as pandoc
    head = [(start + 1, _joined(header_lines, runs))] if header_lines else None
    _emit(state, start, close + 1, head, rows, aligns, _widths(runs, runs[-1][1] + 1))
    return True


def _joined(lines: list[str], runs: list[tuple[int, int]]) -> list[str]:
    """Each column's text over `lines`, its pieces joined by line breaks (soft breaks inline)."""
    pieces = [_slices(text, runs) for text in lines]
    return ["\n".join(p[c].strip() for p in pieces if p[c].strip()) for c in range(len(runs))]


# ------------------------------------------------------------------- grid tables


def grid_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A grid table: `+---+` borders, `|` between cells, `+===+` under the header rows; alignment
    colons in the header's border (or the first one). The column boundaries are the `+`s of the
    first border; a row's border or line that does not have them all (cells spanning rows or
    columns) makes it no table here, and the text stays, with unrendered.py's warning."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    top = _line(state, start).rstrip()
    if not _GRID_BORDER.match(top.strip()) or "=" in top:
        return False
    offset = len(top) - len(top.lstrip())
    top = top.strip()
    bounds = [k for k, ch in enumerate(top) if ch == "+"]
    line = start + 1
    rows: list[tuple[int, list[str]]] = []
    borders: list[str] = [top]
    head_rows = 0
    current: list[str] = []
    while _inside(state, line) and not state.isEmpty(line):
        text = _line(state, line).rstrip()[offset:]
        if _GRID_BORDER.match(text):
            if [k for k, ch in enumerate(text) if ch == "+"] != bounds or not current:
                return False
            rows.append((line - len(current), current))
            borders.append(text)
            current = []
            if "=" in text:
                if head_rows:
                    return False
                head_rows = len(rows)
        elif _GRID_ROW.match(text) and len(text) >= len(top) and all(text[b] == "|" for b in bounds[:-1]):
            current.append(text.rstrip())  # the last cell may run past the border (pandoc allows it)
        else:
            return False
        line += 1
    if current or not rows:
        return False
    if silent:
        return True
    aligns = [_grid_align(borders[head_rows if head_rows else 0][a: b + 1]) for a, b in zip(bounds, bounds[1:])]
    cuts = list(zip(bounds, bounds[1:-1] + [-1]))
    cells = [(first, [_cell_text([text[a + 1: b] for text in lines]) for a, b in cuts]) for first, lines in rows]
    widths = _widths([(a, b) for a, b in zip(bounds, bounds[1:])], bounds[-1])
    _emit(state, start, line, cells[:head_rows] or None, cells[head_rows:], aligns, widths, blocks=True)
    return True


def _grid_align(border: str) -> str:
    """`:---` left, `---:` right, `:---:` centre (pandoc's grid_tables alignment)."""
    inner = border.strip("+")
    left, right = inner.startswith(":"), inner.endswith(":")
    return {(True, False): "left", (False, True): "right", (True, True): "center"}.get((left, right), "")


def _cell_text(lines: list[str]) -> str:
    """A cell's lines without the indentation they share and trailing spaces: its Markdown."""
    lines = [text.rstrip() for text in lines]
    indents = [len(text) - len(text.lstrip()) for text in lines if text.strip()]
    cut = min(indents, default=0)
    return "\n".join(text[cut:] for text in lines).strip("\n")


_BACKTICKS = re.compile(r"`+")


def split_pipe_row(row: str) -> list[str]:
    """A pipe table's row cut into cells as pandoc cuts it: at each `|` not escaped and not inside
    a code span (markdown-it, after GFM, cut «`a|b`» into two cells, and a header holding one
    was no table at all: printed as text). An escaped `\\|` keeps its backslash; the inline
    parser reads it as `|` outside code, and in code it stays as written, as in pandoc.
    Linear: each backtick run's closing run is found by a pointer per run length."""
    runs: dict[int, list[int]] = {}
    for match in _BACKTICKS.finditer(row):
        runs.setdefault(len(match.group(0)), []).append(match.start())
    seen = {length: 0 for length in runs}  # per length: how many of its runs lie behind
    cells, start, pos, length_of = [], 0, 0, len(row)
    while pos < length_of:
        ch = row[pos]
        if ch == "\\":
            pos += 2
            continue
        if ch == "`":
            run = len(_BACKTICKS.match(row, pos).group(0))
            starts = runs[run]
            k = seen[run]
            while k < len(starts) and starts[k] <= pos:
                k += 1
            seen[run] = k
            if k < len(starts):  # a closing run of the same length: a code span, its pipes are text
                pos = starts[k] + run
                continue
            pos += run
            continue
        if ch == "|":
            cells.append(row[start:pos])
            start = pos + 1
        pos += 1
    cells.append(row[start:])
    return cells


def pandoc_tables_plugin(md: MarkdownIt) -> None:
    """Add the three rules after the pipe tables and before rules and headings (a multiline
    table's top rule would otherwise be a thematic break). pandoc's order: multiline, simple,
    grid."""
    # markdown-it's pipe table rule cuts its rows with its module's `escapedSplit`: pandoc's cut
    # (the module, not the rule function `markdown_it.rules_block.table`, which shadows its name)
    importlib.import_module("markdown_it.rules_block.table").escapedSplit = split_pipe_row
    md.block.ruler.after("table", "grid_table", grid_table)
    md.block.ruler.after("table", "simple_table", simple_table)
    md.block.ruler.after("table", "multiline_table", multiline_table)
