"""pandoc's other ordered lists (issue 15; pandoc's manual, "Ordered lists": fancy_lists,
startnum, example_lists): letters, Roman numerals, `(1)`, `#.`, numbered examples `(@label)`,
read as pandoc reads them — for tests/fixtures/pandoc/lists.md every ordered list's start, style,
delimiter and nesting equals `pandoc -t json`'s — and shown with their markers in every output."""

from __future__ import annotations

import json
import subprocess
import zipfile

from conftest import ROOT, pdf_pages, run_cli, soffice
from lxml import etree

from reportgen import model as m
from reportgen.diagnostics import Warnings
from reportgen.reader import read_string

FIXTURE = ROOT / "tests" / "fixtures" / "pandoc" / "lists.md"
_STYLES = {"DefaultStyle": "", "Decimal": "decimal", "Example": "example", "LowerAlpha": "lower-alpha",
           "UpperAlpha": "upper-alpha", "LowerRoman": "lower-roman", "UpperRoman": "upper-roman"}
_DELIMITERS = {"DefaultDelim": "", "Period": ".", "OneParen": ")", "TwoParens": "()"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _ours(blocks, depth=0) -> list:
    out = []
    for block in blocks:
        if isinstance(block, m.OrderedList):
            out.append((depth, block.start, block.style or "", block.delimiter or "", len(block.items)))
        for child in m.children(block):
            if not isinstance(child, m.Text):
                out += _ours([child], depth + isinstance(block, m.OrderedList))
    return out


def _pandocs(value, depth=0) -> list:
    out = []
    if isinstance(value, dict):
        if value.get("t") == "OrderedList":
            (start, style, delim), items = value["c"]
            # pandoc's default style and delimiter for `1.` lists are "decimal"/"." where it reads
            # a `(1)`; reportgen keeps "" for markdown-it's own `1.` and `1)` lists
            out.append((depth, start, _STYLES[style["t"]], _DELIMITERS[delim["t"]], len(items)))
            for item in items:
                out += _pandocs(item, depth + 1)
            return out
        for item in value.values():
            out += _pandocs(item, depth)
    elif isinstance(value, list):
        for item in value:
            out += _pandocs(item, depth)
    return out


def _plain(lists: list) -> list:
    """`1.` lists as one kind: pandoc calls markdown-it's `1.` "Decimal/Period" and `#.` its
    default; reportgen keeps "" for markdown-it's own and "decimal"/"." for `#.`."""
    return [(d, s, *(("decimal", ".") if (st, de) == ("", "") else (st, de)), n) for d, s, st, de, n in lists]


def test_every_ordered_list_as_pandoc_reads_it():
    doc = read_string(FIXTURE.read_text(encoding="utf-8"), "lists.md", Warnings())
    data = json.loads(subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(FIXTURE)], capture_output=True,
                                     check=True).stdout)
    theirs, ours = _plain(_pandocs(data["blocks"])), _plain(_ours(doc.blocks))
    assert len(theirs) == 13
    assert ours == theirs


def test_examples_are_numbered_across_the_document_and_cited_by_label():
    doc = read_string(FIXTURE.read_text(encoding="utf-8"), "lists.md", Warnings())
    examples = [b for b in m.query(doc, m.OrderedList) if b.style == "example"]
    assert [(e.start, len(e.items)) for e in examples] == [(1, 2), (3, 1)]
    assert "Мысалдар (2) мен (3) туралы" in m.plain_text(doc)


def test_initials_and_abbreviations_are_no_lists():
    # `@sec-intro-де.` on a line of its own is a cross-reference, not an example (those are `(@…)`)
    for text in ("B. Williams жазды.\n", "Ж.Т. 2007\n", "А. Байтұрсынұлы\n", "Мәтін\na. бұл жалғасы\n",
                 "@sec-intro-де.\n", "e.g. бұл\n"):
        doc = read_string(text, "t.md", Warnings())
        assert not list(m.query(doc, m.OrderedList)), text


def test_markers_in_every_output(tmp_path):
    source = tmp_path / "lists.md"
    source.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("build", "lists.md", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    pdf = "\n".join(pdf_pages(tmp_path / "out" / "lists.pdf")).replace("\u00ad", "")
    for marker in ("2.", "3.", "iv.", "v.", "A.", "I.", "6.", "c."):
        assert f"\n{marker}\n" in f"\n{pdf}\n" or f"{marker} " in pdf, marker
    with zipfile.ZipFile(tmp_path / "out" / "lists.docx") as z:
        numbering = etree.fromstring(z.read("word/numbering.xml"))
    formats = {(lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val"))
               for lvl in numbering.iter(f"{W}lvl") if lvl.getparent().tag == f"{W}lvlOverride"}
    assert {("lowerRoman", "%1."), ("upperLetter", "(%1)"), ("lowerLetter", "%1)"), ("decimal", "(%1)")} <= formats
    office = "\n".join(pdf_pages(soffice(tmp_path / "out" / "lists.docx", tmp_path)))
    assert "(A)" in office and "c)" in office and "(6)" in office
    with zipfile.ZipFile(tmp_path / "out" / "lists.epub") as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if "section-" in n)
    assert 'type="i"' in xhtml and 'start="4"' in xhtml and 'class="example"' in xhtml
