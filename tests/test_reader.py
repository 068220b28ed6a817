"""Reader fixtures: small Markdown in, model JSON out (golden files in tests/fixtures/reader)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reportgen import model as m
from reportgen.diagnostics import ReportgenError, Warnings
from reportgen.reader import read_file, read_string

FIXTURES = Path(__file__).parent / "fixtures" / "reader"
CASES = sorted(p.stem for p in FIXTURES.glob("*.md"))


def dump(path: Path) -> dict:
    data = m.to_dict(read_file(path))
    data.pop("source")
    return data


@pytest.mark.parametrize("name", CASES)
def test_reader_fixture(name):
    """The model of each fixture equals its golden JSON. The test never writes it: after a
    deliberate change, `scripts/regen-reader-goldens` rewrites the goldens and a reviewer reads
    the diff."""
    expected_path = FIXTURES / f"{name}.json"
    got = dump(FIXTURES / f"{name}.md")
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))


def test_json_round_trip():
    doc = read_file(FIXTURES / "basic.md")
    assert m.from_dict(m.to_dict(doc)) == doc


def test_front_matter_fields():
    doc = read_file(FIXTURES / "basic.md")
    assert (doc.meta.title, doc.meta.subtitle, doc.meta.lang, doc.meta.date) == ("Сынақ", "Реферат", "kk", "2025-03-01")
    assert doc.meta.extra == {"keywords": ["a", "b"]}


def test_positions_point_at_the_source():
    text = "---\ntitle: x\n---\n\nАлғы сөз[^n] бар.\n\n[^n]: Ескерту.\n"
    doc = read_string(text, "x.md")
    ref = next(m.query(doc, m.FootnoteRef))
    assert (ref.line, ref.column) == (5, 9)
    assert doc.blocks[0].line == 5
    assert doc.footnotes[0].line == 7


def test_footnotes_numbered_by_first_call():
    doc = read_file(FIXTURES / "footnotes.md")
    assert [(n.id, n.number) for n in doc.footnotes] == [("b", 1), ("a", 2)]
    assert [r.number for r in m.query(doc, m.FootnoteRef)] == [1, 2, 1]


def test_raw_html_is_text_and_warned():
    warnings = Warnings()
    doc = read_string('Сөз <script>alert(1)</script> бар.\n\n<iframe src="x"></iframe>\n', "x.md", warnings)
    assert not any(isinstance(n, m.CodeBlock) for n in m.walk(doc))
    assert "<script>" in m.plain_text(doc) and "<iframe" in m.plain_text(doc)
    assert len(warnings) == 3 and all(w.severity == "warning" for w in warnings)


def test_heading_ids_unique_and_stable():
    doc = read_string("# A\n\n# B {#sec-1}\n\n# C\n")
    assert [h.id for h in doc.blocks] == ["sec-2", "sec-1", "sec-3"]


@pytest.mark.parametrize(
    "text, line, column, words",
    [
        ("---\ntitle: x\n", 1, 1, "never closed"),
        ("---\ntitle: [x\n---\n\nA\n", 2, 10, "invalid YAML"),
        ("---\ntitle: !!python/object:os.system x\n---\n", 2, 8, "invalid YAML"),
        ("---\n- a\n- b\n---\n", 2, 1, "mapping"),
        ("Мәтін[^жоқ] бар.\n", 1, 6, "no definition"),
        ("[^a]: X\n\n[^a]: Y\n\nA[^a]\n", 3, 1, "defined twice"),
    ],
)
def test_bad_input_is_located(text, line, column, words):
    with pytest.raises(ReportgenError) as info:
        read_string(text, "bad.md")
    d = info.value.diagnostic
    assert (d.file, d.line, d.column) == ("bad.md", line, column)
    assert words in d.message


def test_inline_notes_are_footnotes_numbered_with_the_others():
    """Before: `^[…]` crashed the build (KeyError: 'label')."""
    doc = read_string("Мәтін^[ішкі *ескерту*] және[^b] тағы^[екінші].\n\n[^b]: Б.\n", "n.md")
    assert [(n.number, m.plain_text(n)) for n in doc.footnotes] == [(1, "ішкі ескерту"), (2, "Б."), (3, "екінші")]
    refs = [n for n in m.walk(doc.blocks[0]) if isinstance(n, m.FootnoteRef)]
    assert [r.number for r in refs] == [1, 2, 3] and refs[0].line == 1 and refs[0].column == 6
    assert doc.footnotes[0].line == 1 and isinstance(doc.footnotes[0].children[0].children[1], m.Emph)


def test_the_text_of_an_inline_note_is_located_where_it_is_written():
    """A warning or an index mention inside `^[…]` names the line and column of its text (markdown-it
    gives an inline note's tokens no source map: they were line 0)."""
    doc = read_string("Бірінші.\n\nМәтін^[Ескерту *қысқа*\nжәне ұзын] соңы.\n", "n.md")
    texts = [n for n in m.walk(doc.footnotes[0]) if isinstance(n, m.Text)]
    assert [(t.text, t.line, t.column) for t in texts] == [
        ("Ескерту ", 3, 8), ("қысқа", 3, 17), ("және ұзын", 4, 1)]
    assert doc.footnotes[0].children[0].line == 3


def test_a_front_matter_field_nothing_reads_is_a_located_warning():
    """Never dropped silently (issue 16): `faculty:` points to `institution:`; any other unknown
    field names the fields reportgen reads; the fields it reads give no warning."""
    warnings = Warnings()
    read_string("---\ntitle: Т\nfaculty: Физика факультеті\nlof: true\nkeywords: [а, б]\n---\n\nМәтін.\n", "f.md", warnings)
    found = [(w.line, w.column, w.message) for w in warnings]
    assert [(line, column) for line, column, _ in found] == [(3, 1), (5, 1)]
    assert "'faculty'" in found[0][2] and "institution:" in found[0][2]
    assert "'keywords'" in found[1][2] and "toc-depth" in found[1][2]


def test_title_fields_are_read_as_pandoc_reads_them_markdown():
    """`title: "*Курсив* және `код`"`: pandoc reads the value as Markdown; its text without the
    markers (they were printed as they stand on the title page, in the DOCX properties and the e-book)."""
    meta = read_string('---\ntitle: "Тақырып: *курсив* және `код`"\nauthor: [А. Б\\*, "[Ә. Ғ](http://x)"]\n'
                       "subtitle: C++ x_y\n---\n\nМәтін.\n", "t.md").meta
    assert (meta.title, meta.author, meta.subtitle) == ("Тақырып: курсив және код", "А. Б*, Ә. Ғ", "C++ x_y")


def test_links_to_pandocs_identifiers_lead_to_their_headings():
    """`[…](#кіріспе)` as a pandoc author writes it (auto_identifiers: the title in lower case,
    hyphens for spaces, `-1` for the second of a title) leads to that heading, whose id stays
    reportgen's `sec-N`; an explicit id wins, an unknown target stays as written."""
    doc = read_string("# Кіріспе\n\n[а](#кіріспе) [б](#кіріспе-1) [в](#халықаралық-қатынастар-20012003) "
                      "[г](#тарау) [д](#жоқ)\n\n# Кіріспе\n\n# Халықаралық қатынастар (2001–2003)\n\n"
                      "# Басқа {#тарау}\n\n# Тарау\n", "t.md")
    ids = [b.id for b in doc.blocks if isinstance(b, m.Heading)]
    assert [link.target for link in m.query(doc, m.Link)] == [
        f"#{ids[0]}", f"#{ids[1]}", f"#{ids[2]}", "#тарау", "#жоқ"]
