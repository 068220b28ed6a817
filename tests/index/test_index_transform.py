"""The index transform: Mentions in the text, unique anchors, and the `doc.index` model writers read."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest

from conftest import ESSAY, ROOT
from reportgen import model as m
from reportgen.diagnostics import ReportgenError
from reportgen.index import find_mentions, index_transform
from reportgen.pipeline import Options, load
from reportgen.reader import read_file, read_string

SECOND = ROOT / "tests" / "fixtures" / "second.md"


def mentions(doc: m.Document) -> list[m.Mention]:
    return [n for n in m.walk(doc) if isinstance(n, m.Mention)]


def entries(section: m.IndexSection):
    def walk(items):
        for e in items:
            yield e
            yield from walk(e.children)

    return list(walk(section.entries))


def section(doc: m.Document, title: str) -> m.IndexSection:
    return next(s for s in doc.index if s.title == title)


@pytest.fixture(scope="module")
def essay() -> m.Document:
    doc = read_file(ESSAY)
    index_transform(doc, Options())
    return doc


def test_mentions_wrap_the_findings_with_unique_anchors_in_reading_order(essay):
    found = find_mentions(read_file(ESSAY))
    ms = mentions(essay)
    assert len(ms) == len(found) > 100
    assert [(x.kind, x.key) for x in ms] == [(f.kind, f.key) for f in found]
    anchors = [x.anchor for x in ms]
    assert anchors == [f"m-{n}" for n in range(1, len(ms) + 1)]  # unique, in document order
    for mention, f in zip(ms, found):
        assert m.plain_text(mention) == f.text
        assert mention.line == f.line


def test_text_is_unchanged_by_wrapping(essay):
    assert m.plain_text(essay) == m.plain_text(read_file(ESSAY))


def test_every_anchor_is_indexed_exactly_once(essay):
    indexed = Counter(a for s in essay.index for e in entries(s) for a in e.anchors)
    assert set(indexed.values()) == {1}
    assert set(indexed) == {x.anchor for x in mentions(essay)}


def test_organizations_section(essay):
    orgs = section(essay, "Ұйымдар")
    by_label = {e.label: e for e in orgs.entries}
    un = by_label["Біріккен Ұлттар Ұйымы"]
    assert [c.label for c in un.children] == ["Бас Ассамблея", "Қауіпсіздік Кеңесі"]
    sc = un.children[1]
    assert [c.label for c in sc.children] == ["Терроризмге қарсы комитет"]
    keys = {x.anchor: x.key for x in mentions(essay)}
    assert {keys[a] for a in un.anchors} == {"un"} and {keys[a] for a in sc.anchors} == {"un-sc"}
    # cross-references: abbreviations and former names, rendered «БҰҰ — қараңыз: …»
    assert by_label["БҰҰ"].see == "Біріккен Ұлттар Ұйымы" and not by_label["БҰҰ"].anchors
    assert by_label["ШЫҰ"].see == "Шанхай ынтымақтастық ұйымы"
    assert by_label["Ислам конференциясы ұйымы"].see == "Ислам ынтымақтастығы ұйымы"
    # states are not organizations
    assert not any("Кеңес Одағы" in e.label or e.label in ("АҚШ", "КСРО") for e in orgs.entries)


def test_dates_section_grouped_by_year(essay):
    dates = section(essay, "Даталар")
    keys = {x.anchor: x.key for x in mentions(essay)}
    labels = [e.label for e in dates.entries]
    assert labels.index("1999") < labels.index("1999–2001") < labels.index("2001")
    years = [int(label) for label in labels if label.isdigit()]
    assert years == sorted(years)
    y2001 = dates.entries[labels.index("2001")]
    assert {keys[a] for a in y2001.anchors} == {"2001"}  # year-only mentions sit on the year entry
    children = [c.label for c in y2001.children]
    assert children[0] == "2001\u00a0ж. ақпан" and "2001\u00a0ж. 11 қыркүйек" in children
    for child in y2001.children:
        assert all(keys[a].startswith("2001-") for a in child.anchors)
    y2002 = dates.entries[labels.index("2002")]
    assert "2002\u00a0ж. 2–4 қыркүйек" in [c.label for c in y2002.children]


def test_idempotent(essay):
    again = copy.deepcopy(essay)
    index_transform(again, Options())
    assert m.to_dict(again) == m.to_dict(essay)


def _typeset(doc: m.Document) -> None:
    """What the typography and hyphenation transforms do to Text: no-break spaces after numbers,
    no-break suffix hyphens, en dashes in ranges, soft hyphens inside long words."""
    import re

    for node in m.walk(doc):
        if isinstance(node, m.Text):
            t = re.sub(r"(\d) ", "\\1\u00a0", node.text)
            t = re.sub(r"(?<=[А-ЯӘҒҚҢӨҰҮҺІ\d])-(?=[а-яәғқңөұүһі])", "\u2011", t)
            t = re.sub(r"(?<=\d)-(?=\d)", "\u2013", t)
            t = re.sub(r"(?<=[а-яәғқңөұүһі]{3})(?=[а-яәғқңөұүһі]{3})", "\u00ad", t)
            node.text = t


@pytest.mark.parametrize("path", [ESSAY, SECOND], ids=["essay", "second"])
def test_same_findings_on_typeset_text(path):
    raw = [(f.kind, f.key, f.line) for f in find_mentions(read_file(path))]
    doc = read_file(path)
    _typeset(doc)
    assert "\u00ad" in m.plain_text(doc) and "\u2011" in m.plain_text(doc)
    assert [(f.kind, f.key, f.line) for f in find_mentions(doc)] == raw


def test_pipeline_runs_the_index_after_typography():
    doc = load(ESSAY, Options())
    raw = [(f.kind, f.key) for f in find_mentions(read_file(ESSAY))]
    assert [(x.kind, x.key) for x in mentions(doc)] == raw
    assert [s.title for s in doc.index] == ["Ұйымдар", "Даталар"]


def test_mention_across_a_line_break_and_emphasis():
    doc = read_file(SECOND)
    index_transform(doc, Options())
    ms = mentions(doc)
    iaea = next(x for x in ms if x.key == "iaea")  # «Халықаралық\nатом энергиясы агенттігі»
    assert any(isinstance(c, m.SoftBreak) for c in iaea.children)
    assert m.plain_text(iaea) == "Халықаралық атом энергиясы агенттігі"
    imf = next(x for x in ms if x.key == "imf")  # «*Халықаралық валюта\nқоры*ның»: best effort
    assert m.plain_text(imf).startswith("Халықаралық валюта")
    assert m.plain_text(doc) == m.plain_text(read_file(SECOND))


def test_forced_and_suppressed_spans():
    source = (
        "---\ntitle: t\n---\n\n"
        "[Брюссель]{.org key=eu} мен [Біріккен Ұлттар Ұйымы 1992 жылы]{.noindex} және БҰҰ.\n"
        "[Тәуелсіздік күні]{.date date=1991-12-16} мерекеленеді, [келесі күні]{.date date=1991-12-17} де.\n"
    )
    doc = read_string(source, "<test>")
    index_transform(doc, Options())
    ms = mentions(doc)
    assert [(x.kind, x.key, m.plain_text(x)) for x in ms] == [
        ("org", "eu", "Брюссель"),
        ("org", "un", "БҰҰ"),
        ("date", "1991-12-16", "Тәуелсіздік күні"),
        ("date", "1991-12-17", "келесі күні"),
    ]
    spans = [n for n in m.walk(doc) if isinstance(n, m.Span)]
    noindex = next(s for s in spans if "noindex" in s.classes)
    assert not [n for n in m.walk(noindex) if isinstance(n, m.Mention)]
    forced = next(s for s in spans if "org" in s.classes)
    assert isinstance(forced.children[0], m.Mention)  # the span stays, the Mention is inside it


@pytest.mark.parametrize(
    "span,message",
    [
        ("[X]{.org key=nope}", "nope"),
        ("[X]{.org}", "key="),
        ("[X]{.date date=2001-13-01}", "2001-13-01"),
        ("[бір күні]{.date}", "no date"),
    ],
)
def test_bad_spans_are_located_errors(span, message):
    doc = read_string(f"---\ntitle: t\n---\n\nМәтін {span} бар.\n", "doc.md")
    with pytest.raises(ReportgenError) as info:
        index_transform(doc, Options())
    assert message in str(info.value) and info.value.diagnostic.line == 5


def test_front_matter_adds_entries():
    doc = read_file(SECOND)
    index_transform(doc, Options())
    orgs = section(doc, "Ұйымдар")
    turksoy = next(e for e in orgs.entries if e.label == "Халықаралық түркі мәдениеті ұйымы")
    assert len(turksoy.anchors) == 2
    assert any(e.label == "ТҮРКСОЙ" and e.see == turksoy.label for e in orgs.entries)


def test_front_matter_extends_a_known_entry_and_checks_fields():
    source = "---\ntitle: t\nindex:\n  organizations:\n    - {key: un, names: [Ұлттар Ұйымы]}\n---\n\nҰлттар Ұйымына мүше.\n"
    doc = read_string(source, "<test>")
    index_transform(doc, Options())
    assert [(x.key, m.plain_text(x)) for x in mentions(doc)] == [("un", "Ұлттар Ұйымына")]
    for bad in ("    - {name: Без ключа}", "    - {key: x}", "    - {key: x, name: Y, parent: nowhere}", "    - {key: x, name: Y, colour: red}"):
        doc = read_string(f"---\ntitle: t\nindex:\n  organizations:\n{bad}\n---\n\nМәтін.\n", "doc.md")
        with pytest.raises(ReportgenError):
            index_transform(doc, Options())


def test_index_yaml_beside_the_source(tmp_path: Path):
    (tmp_path / "index.yaml").write_text(
        "organizations:\n  - key: caspian\n    name: Каспий маңы мемлекеттерінің ұйымы\n    abbr: [КММҰ]\n", encoding="utf-8"
    )
    src = tmp_path / "doc.md"
    src.write_text("---\ntitle: t\n---\n\nКаспий маңы мемлекеттерінің ұйымына (КММҰ) 2018 жылы қосылды.\n", encoding="utf-8")
    doc = read_file(src)
    index_transform(doc, Options())
    assert [(x.kind, x.key) for x in mentions(doc)] == [("org", "caspian"), ("org", "caspian"), ("date", "2018")]


def test_document_without_mentions_has_no_index():
    doc = read_string("---\ntitle: t\n---\n\nМұнда ұйым да, дата да жоқ: 1500 адам.\n", "<test>")
    index_transform(doc, Options())
    assert doc.index == [] and not mentions(doc)


def test_code_is_never_indexed():
    doc = read_string("---\ntitle: t\n---\n\n`БҰҰ 2001 жылы` және\n\n```\nБҰҰ 2002 жылы\n```\n", "<test>")
    index_transform(doc, Options())
    assert not mentions(doc)


def test_the_printed_index_has_what_the_source_index_has(tmp_path):
    """The index runs on the typeset text (typography first): a spaced range «2017 – 2018», an
    ordinal year and a date in words are in the printed index as in `reportgen index`."""
    source = tmp_path / "doc.md"
    source.write_text("# Бөлім\n\nЖоба 2017 – 2018 жылдар аралығында, 2020-сыншы жылы және екі мың жиырма "
                      "бірінші жылдың бірінші қаңтарында Әділет министрлігінде қаралды.\n", encoding="utf-8")
    doc = load(source, Options(project_root=tmp_path))
    dates = [e.label for e in entries(section(doc, "Даталар"))]
    assert dates == ["2017–2018", "2020", "2021", "2021\u00a0ж. 1 қаңтар"]
    assert [e.label for e in entries(section(doc, "Ұйымдар"))] == ["Әділет министрлігі"]
