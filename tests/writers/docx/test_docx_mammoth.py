"""The essay's DOCX read by mammoth, an independent DOCX reader: real footnotes, each with its text."""

from __future__ import annotations

import mammoth
from lxml import html

from docx_fixtures import essay_docx, load_doc, squash  # noqa: F401

from reportgen import model as m


def test_mammoth_finds_every_footnote_with_its_text(essay_docx):
    doc = load_doc()
    with open(essay_docx, "rb") as f:
        result = mammoth.convert_to_html(f)
    assert not [msg for msg in result.messages if msg.type == "error"], result.messages
    tree = html.fromstring(f"<div>{result.value}</div>")
    notes = tree.xpath("//li[starts-with(@id, 'footnote-')]")
    calls = tree.xpath("//a[starts-with(@id, 'footnote-ref-')]")
    assert len(notes) == len(doc.footnotes) == len(calls)
    by_number = sorted(doc.footnotes, key=lambda n: n.number)
    for li, note in zip(notes, by_number):
        assert squash(m.plain_text(note)) in squash(li.text_content()), note.id


def test_mammoth_sees_headings_and_quotes_as_such(essay_docx):
    """mammoth maps Word's built-in styles to HTML: proof that they are the real built-ins."""
    doc = load_doc()
    with open(essay_docx, "rb") as f:
        result = mammoth.convert_to_html(f)
    tree = html.fromstring(f"<div>{result.value}</div>")
    h1 = [squash(h.text_content()) for h in tree.xpath("//h1")]
    h2 = [squash(h.text_content()) for h in tree.xpath("//h2")]
    for heading in (h for h in doc.blocks if isinstance(h, m.Heading)):
        assert squash(m.plain_text(heading)) in (h1 if heading.level == 1 else h2)
