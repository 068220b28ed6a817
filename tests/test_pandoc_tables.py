"""pandoc's simple, multiline and grid tables (issue 15), read as pandoc reads them: for every
table of tests/fixtures/pandoc/tables.md, the header rows, each cell's words, each column's
alignment, the relative widths and the caption equal those of `pandoc -t json` on the same file
(pandoc from Debian, run here). Then the cases that are no table (linear time:
tests/robustness/test_linear_time.py)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from conftest import ROOT

from reportgen import model as m
from reportgen.diagnostics import Warnings
from reportgen.reader import read_string

FIXTURE = ROOT / "tests" / "fixtures" / "pandoc" / "tables.md"
_ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center", "AlignDefault": ""}


def _words(node) -> list[str]:
    return m.plain_text(node).replace(m.SHY, "").split()


def _ours(text: str) -> list[tuple]:
    doc = read_string(text, "tables.md", Warnings())
    tables = []
    for table in m.query(doc, m.Table):
        rows = [[(_words(cell), cell.align) for cell in row.children] for row in table.head + table.children]
        caption = " ".join(_words(table.caption)) if table.caption else None
        tables.append((len(table.head), rows, [round(w, 3) for w in table.widths], caption))
    return tables


def _stringify(value) -> str:
    """pandoc JSON inlines/blocks as text (notes left out: reportgen's plain text leaves them out)."""
    out: list[str] = []

    def go(v):
        if isinstance(v, dict):
            if v.get("t") == "Str":
                out.append(v["c"])
            elif v.get("t") in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif v.get("t") != "Note":
                go(v.get("c"))
        elif isinstance(v, list):
            for item in v:
                go(item)
    go(value)
    return "".join(out).replace("\u2019", "'")


def _pandocs(path) -> list[tuple]:
    data = json.loads(subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(path)], capture_output=True,
                                     check=True, timeout=120).stdout)
    tables = []

    def walk(v):
        if isinstance(v, dict):
            if v.get("t") == "Table":
                _attr, caption, specs, head, bodies, _foot = v["c"]
                aligns = [_ALIGN[spec[0]["t"]] for spec in specs]
                widths = [round(spec[1]["c"], 3) for spec in specs if spec[1]["t"] == "ColWidth"]
                rows = [[(_stringify(cell[4]).split(), aligns[k]) for k, cell in enumerate(row[1])]
                        for row in head[1] + [r for body in bodies for r in body[3]]]
                # pandoc 3.1 keeps a caption's `{#tbl-id}` as text; reportgen reads it as the id
                text = re.sub(r" *\{#[^}]*\}", "", " ".join(_stringify(caption[1]).split()))
                tables.append((len(head[1]), rows, widths, text or None))
            for item in v.values():
                walk(item)
        elif isinstance(v, list):
            for item in v:
                walk(item)
    walk(data["blocks"])
    return tables


def test_every_table_as_pandoc_reads_it():
    ours, theirs = _ours(FIXTURE.read_text(encoding="utf-8")), _pandocs(FIXTURE)
    assert len(theirs) == 8
    assert len(ours) == len(theirs)
    for k, (a, b) in enumerate(zip(ours, theirs)):
        assert a == b, f"table {k + 1}: ours {a}\npandoc's {b}"


def _tables(text: str) -> list[m.Table]:
    warnings = Warnings()
    doc = read_string(text, "t.md", warnings)
    return list(m.query(doc, m.Table)), list(warnings)


def test_grid_cell_blocks():
    text = ("+------+--------------+\n| A    | - бір        |\n|      | - екі        |\n+------+--------------+\n"
            "| B    | Бір.         |\n|      |              |\n|      | Екі.         |\n+------+--------------+\n")
    (table,), _ = _tables(text)
    first, second = table.children
    assert first.children[1].children == [] and isinstance(first.children[1].blocks[0], m.BulletList)
    assert [type(b) for b in second.children[1].blocks] == [m.Paragraph, m.Paragraph]
    assert second.children[1].blocks[1].line == 7  # the cell's lines map to the source's
    assert _words(first.children[0]) == ["A"]


@pytest.mark.parametrize("text", [
    "Мәтін.\n\n---\nТақырып\n-------\n\nМәтін.\n",  # a rule, then a setext heading: no multiline table
    "Мәтін\n-----\n\nМәтін.\n",  # a setext heading (one run of dashes under text)
    "-- --\nмәтін\n\nмәтін\n",  # a column line without its closing line: no headerless table
])
def test_no_table(text):
    tables, _ = _tables(text)
    assert tables == []


def test_grid_with_spanning_cells_is_a_located_warning():
    text = "Мәтін.\n\n+-----+-----+\n| A   | B   |\n+-----+-----+\n| бірге     |\n+-----+-----+\n"
    tables, warnings = _tables(text)
    assert tables == []
    assert any(w.line == 3 and "grid table" in w.message for w in warnings), warnings


def test_a_caption_before_a_table_only_after_a_blank_line(tmp_path):
    """`Text` / `: Caption` right under it is a definition list for pandoc (the table after it has
    no caption); after a blank line, `: Caption` is the next table's caption."""
    for text in ("Термин\n: Анықтамасы.\n\n| А |\n|---|\n| 1 |\n", "Мәтін.\n\n: Кесте атауы\n\n| А |\n|---|\n| 1 |\n"):
        path = tmp_path / "t.md"
        path.write_text(text, encoding="utf-8")
        assert _ours(text) == _pandocs(path), text
        doc = read_string(text, "t.md")
        kinds = [type(b).__name__ for b in doc.blocks]
        assert kinds == (["DefinitionList", "Table"] if text.startswith("Термин") else ["Paragraph", "Table"])


def test_a_pipe_inside_code_does_not_cut_a_cell():
    """pandoc keeps «`a|b`» in one cell and `\\|` inside code as written; markdown-it (after GFM)
    cut the header into three cells, so the table was no table: printed as text, unwarned."""
    from reportgen.pandoc_tables import split_pipe_row

    assert split_pipe_row("| Баған `a|b` | Екінші \\| баған |") == ["", " Баған `a|b` ", " Екінші \\| баған ", ""]
    assert split_pipe_row("| ``a|` b`` | ` | c |") == ["", " ``a|` b`` ", " ` ", " c ", ""]  # an unclosed ` is text
    doc = read_string("| Баған `a|b` | Екінші \\| баған |\n|---|---|\n| `x \\| y` | z |\n", "t.md", Warnings())
    table = doc.blocks[0]
    assert isinstance(table, m.Table)
    assert [m.plain_text(c) for c in table.head[0].children] == ["Баған a|b", "Екінші | баған"]
    assert [m.plain_text(c) for c in table.children[0].children] == ["x \\| y", "z"]
