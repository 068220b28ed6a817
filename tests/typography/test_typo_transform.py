"""The typography and hyphenation transforms on documents read from Markdown (`reader.read_string`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import model as m
from reportgen.diagnostics import ReportgenError
from reportgen.pipeline import Options, _transforms, load
from reportgen.reader import read_string
from reportgen.typography import hyphenation, show_invisible, typeset_text, typography

NBSP, NBHY, SHY = "\u00a0", "\u2011", "\u00ad"
FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-essay.txt"  # the unrepaired seed, kept in the project


def read(source: str, options: Options | None = None) -> tuple[m.Document, Options]:
    options = options or Options()
    return read_string(source, "test.md", options.warnings), options


def typeset(source: str, *, hyphenate: bool = False) -> tuple[m.Document, Options]:
    doc, options = read(source, Options(hyphenate=hyphenate))
    typography(doc, options)
    hyphenation(doc, options)
    return doc, options


def texts(block: m.Node) -> list[str]:
    return [t.text for t in m.text_nodes(block) if t.text]


def test_quote_opens_in_plain_text_and_closes_inside_emphasis():
    doc, _ = typeset('Ол "Біз *"өркениеттер" тоғысуы"* деді.\n')
    para = doc.blocks[0]
    assert texts(para) == ["Ол «Біз ", "„өркениеттер“ тоғысуы»", " деді."]
    assert isinstance(para.children[1], m.Emph)


def test_quote_opens_inside_strong_and_closes_in_plain_text():
    doc, _ = typeset('**"Бала** еңбегі" туралы\n')
    assert m.plain_text(doc.blocks[0]) == "«Бала еңбегі» туралы"
    assert texts(doc.blocks[0]) == ["«Бала", " еңбегі» туралы"]


def test_suffix_hyphen_after_strong_abbreviation():
    doc, _ = typeset("**БҰҰ**-ның шешімі\n")
    assert texts(doc.blocks[0]) == ["БҰҰ", f"{NBHY}ның шешімі"]


def test_dash_across_a_link():
    doc, _ = typeset("[Сепаратизм](https://example.org) - қатер\n")
    assert m.plain_text(doc.blocks[0]) == f"Сепаратизм{NBSP}— қатер"
    assert doc.blocks[0].children[0].target == "https://example.org"


def test_code_is_never_touched():
    doc, _ = typeset('Мысал: `"x" - 12345...` және "y"\n\n```\n"z" - 12345...\n```\n')
    para, block = doc.blocks
    assert para.children[1].text == '"x" - 12345...'
    assert m.plain_text(para) == 'Мысал: "x" - 12345... және «y»'
    assert block.text == '"z" - 12345...\n'


def test_quotes_around_code_are_paired():
    doc, _ = typeset('Команда "`reportgen build`" жұмыс істейді\n')
    assert m.plain_text(doc.blocks[0]) == "Команда «reportgen build» жұмыс істейді"


def test_footnotes_are_typeset_and_hyphenated():
    doc, _ = typeset('Мәтін[^1].\n\n[^1]: К. Аннан "бейбітшілік" туралы 2001 жылы айтты.\n', hyphenate=True)
    note = doc.footnotes[0]
    assert m.plain_text(note).replace(SHY, "-") == f"К.{NBSP}Аннан «бей-біт-ші-лік» ту-ра-лы 2001{NBSP}жылы айт-ты."


def test_heading_typeset_but_not_hyphenated():
    doc, _ = typeset('# БҰҰ-ның "халықаралық" қауіпсіздігі\n\nХалықаралық қауіпсіздік\n', hyphenate=True)
    heading, para = doc.blocks
    assert m.plain_text(heading) == f"БҰҰ{NBHY}ның «халықаралық» қауіпсіздігі"
    assert SHY not in m.plain_text(heading)
    assert m.plain_text(para) == f"Ха{SHY}лы{SHY}қа{SHY}ра{SHY}лық қа{SHY}уіп{SHY}сіз{SHY}дік"


def test_title_page_metadata_typeset_not_hyphenated():
    doc, _ = typeset('---\ntitle: \'"Халықаралық" қатынастар - шолу\'\nauthor: Н. Ә. Назарбаев\n---\n\nМәтін\n', hyphenate=True)
    assert doc.meta.title == f"«Халықаралық» қатынастар{NBSP}— шолу"
    assert doc.meta.author == f"Н.{NBSP}Ә.{NBSP}Назарбаев"


def test_index_is_not_hyphenated():
    doc, options = read("Халықаралық қауіпсіздік\n", Options())
    doc.index = [m.IndexSection("Ұйымдар", entries=[m.IndexEntry("Біріккен Ұлттар Ұйымы")])]
    hyphenation(doc, options)
    assert doc.index[0].entries[0].label == "Біріккен Ұлттар Ұйымы"
    assert SHY in m.plain_text(doc.blocks[0])


def test_hyphenation_off_by_option():
    doc, _ = typeset("Халықаралық қауіпсіздік\n", hyphenate=False)
    assert SHY not in m.plain_text(doc.blocks[0])


def test_hyphenation_leaves_words_split_across_nodes_and_nobreak_groups():
    doc, _ = typeset("*Қазақ*стандағы 2001 жылғы АҚШ-тың 1441-ші қарары\n", hyphenate=True)
    got = m.plain_text(doc.blocks[0])
    assert got == f"Қазақстандағы 2001{NBSP}жылғы АҚШ{NBHY}тың 1441{NBHY}ші қа{SHY}ра{SHY}ры"


def test_hyphenation_skips_other_languages():
    doc, _ = typeset("[international]{lang=en} [мемлекеттер]{.nohyphenate} мемлекеттер\n", hyphenate=True)
    assert m.plain_text(doc.blocks[0]) == f"international мемлекеттер мем{SHY}ле{SHY}кет{SHY}тер"


def test_transforms_are_idempotent_on_a_document():
    source = (FIXTURES / "typography.md").read_text(encoding="utf-8")
    doc, options = typeset(source, hyphenate=True)
    once = m.to_dict(doc)
    typography(doc, options)
    hyphenation(doc, options)
    assert m.to_dict(doc) == once


def test_fixture_document_expected_text():
    """The fixture's paragraphs typeset equal the expected file (invisible characters shown)."""
    source = (FIXTURES / "typography.md").read_text(encoding="utf-8")
    expected = (FIXTURES / "typography.expected.txt").read_text(encoding="utf-8")
    doc, _ = typeset(source)
    got = "\n".join(show_invisible(m.plain_text(b)) for b in m.text_blocks(doc)) + "\n"
    assert got == expected


def test_unbalanced_quote_is_a_warning_with_position():
    doc, options = typeset('Бірінші жол.\nОл "айтты деді.\n')
    assert m.plain_text(doc.blocks[0]) == "Бірінші жол. Ол «айтты деді."
    [warning] = options.warnings
    assert (warning.file, warning.line, warning.column) == ("test.md", 2, 4)
    assert "not closed" in warning.message


def test_house_style_from_front_matter():
    doc, _ = typeset('---\ntypography:\n  nested_quotes: "“”"\n  dash: en\n---\n\n"а "б" в" - г\n')
    assert m.plain_text(doc.blocks[0]) == f"«а “б” в»{NBSP}– г"


@pytest.mark.parametrize("setting, message", [
    ("dash: long", "dash must be 'em' or 'en'"),
    ("nested_quotes: '<>'", "nested_quotes must be one of"),
    ("quotes: 1", "quotes must be one of"),
    ("group_digits: maybe", "group_digits must be true or false"),
    ("colour: red", "unknown typography option 'colour'"),
])
def test_bad_house_style_is_a_user_error(setting, message):
    doc, options = read(f"---\ntypography:\n  {setting}\n---\n\nмәтін\n")
    with pytest.raises(ReportgenError, match=message):
        typography(doc, options)


def test_pipeline_runs_typography_then_hyphenation(tmp_path):
    names = [name for name, _ in _transforms()]
    assert names.index("typography") < names.index("hyphenation")
    # images are found, citations rendered, before the text is set
    assert names[:5] == ["resources", "citations", "sections", "typography", "hyphenation"]
    source = tmp_path / "a.md"
    source.write_text('Ол "сөз" - деді, халықаралық\n', encoding="utf-8")
    doc = load(source, Options(hyphenate=True))
    assert m.plain_text(doc.blocks[0]) == f"Ол «сөз»{NBSP}— деді, ха{SHY}лы{SHY}қа{SHY}ра{SHY}лық"


def test_seed_essay_typesets_idempotently():
    text = SEED.read_text(encoding="utf-8")
    once = typeset_text(text, hyphenate=True)
    assert typeset_text(once, hyphenate=True) == once
    assert '"' not in once
    assert f"БҰҰ{NBHY}ның" in once and f"К.{NBSP}Аннан" in once and "46\u00a0800\u2011ден" in once
    assert "«XXI\u00a0ғасыр „өркениеттер тоғысуы“ емес, „өркениеттер кақтығысы“ ғасыры" in once.replace(SHY, "")
