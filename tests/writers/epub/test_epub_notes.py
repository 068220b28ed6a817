"""Footnotes as EPUB 3 notes, checked by following the links in the unpacked XHTML."""

from __future__ import annotations

import pytest

from epub_helpers import EPUB_TYPE, NS, built, load_doc, SAMPLE, ESSAY, spine_files, unpack, xhtml_files, xml

from reportgen import model as m


def _resolve(href: str, here: str) -> tuple[str, str]:
    """(file, id) an href points to, from document `here`."""
    file, _, frag = href.partition("#")
    return (file or here), frag


def _parsed(kind: str):
    files = unpack(built(kind))
    docs = {name: xml(data) for name, data in xhtml_files(files).items()}
    ids = {name: {el.get("id"): el for el in root.iter() if el.get("id")} for name, root in docs.items()}
    return files, docs, ids


@pytest.mark.parametrize("kind", ["essay", "sample"])
def test_every_call_links_to_its_note_and_every_note_links_back_to_the_first_call(kind):
    files, docs, ids = _parsed(kind)
    order = spine_files(files)
    calls = []  # (file, element) in reading order
    for name in order:
        for a in docs[name].iter(f"{{{NS['h']}}}a"):
            if a.get(EPUB_TYPE) == "noteref":
                calls.append((name, a))
    assert calls, "no note calls"
    first_call: dict[tuple[str, str], tuple[str, str]] = {}
    for name, a in calls:
        assert a.get("role") == "doc-noteref"
        target_file, target_id = _resolve(a.get("href"), name)
        note = ids[target_file].get(target_id)
        assert note is not None, f"{name}: call {a.get('id')} links to missing {a.get('href')}"
        assert note.tag == f"{{{NS['h']}}}aside"
        assert note.get(EPUB_TYPE) == "footnote" and note.get("role") == "doc-footnote"
        assert a.text == note.get("id").removeprefix("fn-"), "the call shows the note's number"
        first_call.setdefault((target_file, target_id), (name, a.get("id")))

    asides = [(name, el) for name in order for el in docs[name].iter(f"{{{NS['h']}}}aside")
              if el.get(EPUB_TYPE) == "footnote"]
    assert len(asides) == len(first_call), "every note is called, once placed"
    for name, aside in asides:
        backs = [a for a in aside.iter(f"{{{NS['h']}}}a") if a.get("role") == "doc-backlink"]
        assert len(backs) == 1
        back_file, back_id = _resolve(backs[0].get("href"), name)
        target = ids[back_file].get(back_id)
        assert target is not None and target.get(EPUB_TYPE) == "noteref", f"{name}: dangling back-link"
        # the back-link goes to the first call in reading order, which is in this very document
        assert (back_file, back_id) == first_call[(name, aside.get("id"))]
        assert back_file == name


def test_a_note_called_twice_both_calls_link_to_it():
    files, docs, ids = _parsed("sample")
    targets: dict[str, list[str]] = {}
    for name, root in docs.items():
        for a in root.iter(f"{{{NS['h']}}}a"):
            if a.get(EPUB_TYPE) == "noteref":
                file, frag = _resolve(a.get("href"), name)
                targets.setdefault(f"{file}#{frag}", []).append(f"{name}#{a.get('id')}")
    twice = {note: found for note, found in targets.items() if len(found) > 1}
    assert twice, "the sample calls some notes twice"
    # [^top] is called in section 1 and again in section 2; [^arab] in section 1 and section 3
    assert targets["section-01.xhtml#fn-1"] == ["section-01.xhtml#fnref-1", "section-02.xhtml#fnref-1-2"]
    assert targets["section-01.xhtml#fn-2"] == ["section-01.xhtml#fnref-2", "section-03.xhtml#fnref-2-2"]


@pytest.mark.parametrize("source", [ESSAY, SAMPLE])
def test_notes_sit_at_the_end_of_the_section_that_first_calls_them(source):
    doc = load_doc(source)
    kind = "essay" if source == ESSAY else "sample"
    files, docs, ids = _parsed(kind)
    # the model's notes and calls are all there
    called = {r.id for r in m.query(doc, m.FootnoteRef)}
    n_asides = sum(1 for root in docs.values() for el in root.iter(f"{{{NS['h']}}}aside"))
    assert n_asides == len(called)
    n_calls = sum(1 for root in docs.values() for el in root.iter(f"{{{NS['h']}}}a") if el.get(EPUB_TYPE) == "noteref")
    assert n_calls == sum(1 for _ in m.query(doc, m.FootnoteRef))
    for name, root in docs.items():
        asides = list(root.iter(f"{{{NS['h']}}}aside"))
        if not asides:
            continue
        notes = asides[0].getparent()
        assert notes.get("class") == "notes"
        assert all(a.getparent() is notes for a in asides)
        section = notes.getparent()
        assert list(section)[-1] is notes, f"{name}: notes are not last in their section"
        # each aside's back-link target is in this file, before the notes
        body_ids = {el.get("id") for el in section.iter() if el.get("id")}
        for aside in asides:
            back = next(a for a in aside.iter(f"{{{NS['h']}}}a") if a.get("role") == "doc-backlink")
            assert back.get("href").startswith("#") and back.get("href")[1:] in body_ids


def test_note_with_two_paragraphs_keeps_both():
    files, docs, ids = _parsed("sample")
    aside = ids["section-01.xhtml"]["fn-2"]
    paragraphs = aside.findall(f"{{{NS['h']}}}p")
    assert len(paragraphs) == 2
    assert "Ахмет Байтұрсынұлы" in "".join(paragraphs[0].itertext()).replace("\u00ad", "")
    assert "1929" in "".join(paragraphs[1].itertext())
