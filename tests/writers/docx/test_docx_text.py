"""Every character of the typeset model is in the DOCX, in order, mapped as docs/ARCHITECTURE.md says
(U+00A0 kept, U+2011 → w:noBreakHyphen, U+00AD → w:softHyphen), and Kazakh is its language."""

from __future__ import annotations

import re

from docx_fixtures import (  # noqa: F401
    FEATURES, NS, body_paragraphs, essay_docx, load_doc, model_text, part, pstyle, text_of, w, write,
)

from conftest import GOLDEN, calls_as
from reportgen.typography.fontcheck import ZERO_WIDTH

from reportgen import model as m
from reportgen.writers.docx import oxml
from reportgen.writers.pdf import date_label


def _text_blocks(blocks):
    for block in blocks:
        yield from (b for b in m.walk(block) if isinstance(b, (m.Heading, m.Paragraph)))


def _joined(text: str) -> str:
    """The frozen text as the DOCX writes it: a WORD JOINER after the en dash of a range of
    figures, so that Word and LibreOffice keep the range on one line (issue 18 item 3)."""
    return re.sub(r"(?<=\d)\u2013(?=\d)", "\u2013\u2060", text)


def test_every_body_character_in_order(essay_docx):
    """Against the frozen text (tests/test_essay_text.py), not the pipeline's own output."""
    doc = load_doc()
    expected = [_joined(t) for t in calls_as(GOLDEN["body"], "")]
    assert any("\u00ad" in t for t in expected) and any("\u00a0" in t for t in expected)
    assert any("\u2060" in t for t in expected)  # the essay has ranges («1999–2001»)
    paragraphs = body_paragraphs(essay_docx)
    texts = [text_of(p) for p in paragraphs]
    styles = [pstyle(p) for p in paragraphs]
    # the title page and the contents come first
    assert texts[:3] == [doc.meta.subtitle, doc.meta.title, date_label(doc.meta.date).replace("\u202f", "\u00a0")]
    assert styles[:4] == ["Subtitle", "Title", "Date", "TOCHeading"]
    # then the body, paragraph for paragraph, nothing left out, added or reordered
    start = styles.index("Heading1")
    end = len(texts) if not doc.index else max(i for i, s in enumerate(styles) if s == "Heading1")
    assert texts[start:end] == expected


def test_every_footnote_character_in_order(essay_docx):
    doc = load_doc()
    notes = [n for n in part(essay_docx, "word/footnotes.xml").findall("w:footnote", NS)
             if n.get(w("type")) is None]
    assert [int(n.get(w("id"))) for n in notes] == list(range(1, len(doc.footnotes) + 1))
    for element, text in zip(notes, GOLDEN["notes"], strict=True):
        first = element.find("w:p", NS)
        assert first.find("w:r/w:footnoteRef", NS) is not None
        assert text_of(element) == " " + _joined(text)


def test_special_characters_become_word_elements():
    run = oxml.run("БҰҰ\u2011ның\u00a0бас\u00adшы\tсы\n")
    tags = [child.tag.split("}")[1] for child in run]
    assert tags == ["t", "noBreakHyphen", "t", "softHyphen", "t", "tab", "t", "br"]
    texts = [t.text for t in run.findall("w:t", NS)]
    assert texts == ["БҰҰ", "ның\u00a0бас", "шы", "сы"]
    assert "\u2011" not in "".join(texts) and "\u00ad" not in "".join(texts)
    spaced = oxml.run(" a ")
    assert spaced.find("w:t", NS).get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert oxml.run("a\x0bb").find("w:t", NS).text == "ab"  # not allowed in XML


def test_essay_counts_of_special_characters(essay_docx):
    doc = load_doc()
    body = "".join(model_text(b) for b in _text_blocks(doc.blocks))
    notes = "".join(model_text(b) for n in doc.footnotes for b in _text_blocks(n.children))
    document = part(essay_docx, "word/document.xml")
    footnotes = part(essay_docx, "word/footnotes.xml")
    heads = "".join(m.plain_text(h) for h in doc.blocks if isinstance(h, m.Heading) and h.level <= 2)
    index = "".join(e.label + e.see for s in doc.index for e in _entries(s.entries)) + "".join(
        s.title for s in doc.index)
    extra = heads + index  # the TOC repeats the headings; the index its labels
    for char, tag in (("\u2011", "noBreakHyphen"), ("\u00ad", "softHyphen")):
        assert len(document.findall(f".//w:{tag}", NS)) == body.count(char) + extra.count(char)
        assert len(footnotes.findall(f".//w:{tag}", NS)) == notes.count(char)


def _entries(entries):
    for e in entries:
        yield e
        yield from _entries(e.children)


def _effective_lang(run, paragraph, styles_root) -> str | None:
    by_id = {s.get(w("styleId")): s for s in styles_root.findall("w:style", NS)}

    def chain(style_id):
        while style_id in by_id:
            style = by_id[style_id]
            lang = style.find("w:rPr/w:lang", NS)
            if lang is not None:
                return lang.get(w("val"))
            based = style.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None
        return None

    direct = run.find("w:rPr/w:lang", NS)
    if direct is not None:
        return direct.get(w("val"))
    rstyle = run.find("w:rPr/w:rStyle", NS)
    if rstyle is not None and (lang := chain(rstyle.get(w("val")))):
        return lang
    pstyle = paragraph.find("w:pPr/w:pStyle", NS)
    if pstyle is not None and (lang := chain(pstyle.get(w("val")))):
        return lang
    return styles_root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(w("val"))


ENGLISH = "The Clash of Civilizations and the Remaking of World Order | Foreign Affairs | The Clash of Civilizations?"


def test_kazakh_is_the_language_of_every_run(essay_docx, tmp_path):
    features = write(load_doc(FEATURES), tmp_path / "features.docx")
    for path in (essay_docx, features):
        styles = part(path, "word/styles.xml")
        runs = 0
        for name in ("word/document.xml", "word/footnotes.xml"):
            for p in part(path, name).iter(w("p")):
                for r in p.iter(w("r")):
                    if r.find("w:t", NS) is None:
                        continue
                    # Kazakh, but for the essay's English titles (spans `{lang=en}`: issue 18 item 18)
                    expected = "en" if text_of(r).strip() and text_of(r) in ENGLISH else "kk-KZ"
                    assert _effective_lang(r, p, styles) == expected, text_of(r)
                    runs += 1
        assert runs > 20
    core = part(essay_docx, "docProps/core.xml")
    assert core.find("{http://purl.org/dc/elements/1.1/}language").text == "kk-KZ"
    settings = part(essay_docx, "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(w("val")) == "kk-KZ"


def test_every_character_is_in_the_font(tmp_path, essay_docx):
    """Each character the DOCX sets (text, list markers) is in PT Serif, or PT Mono for code:
    a glyph that falls back to another font is a defect (kazakh-typography.md, Fonts)."""
    import subprocess

    from fontTools.ttLib import TTFont

    def cmap(family: str) -> set[int]:
        path = subprocess.run(["fc-match", "-f", "%{file}", family], check=True, capture_output=True,
                              text=True).stdout
        assert family.replace(" ", "") in TTFont(path)["name"].getDebugName(4).replace(" ", ""), path
        return set(TTFont(path).getBestCmap())

    serif, mono = cmap("PT Serif"), cmap("PT Mono")
    features = write(load_doc(FEATURES), tmp_path / "features.docx")
    for path in (essay_docx, features):
        for name in ("word/document.xml", "word/footnotes.xml"):
            for r in part(path, name).iter(w("r")):
                style = r.find("w:rPr/w:rStyle", NS)
                paragraph = r.getparent()
                while paragraph.tag != w("p"):
                    paragraph = paragraph.getparent()
                code = (style is not None and style.get(w("val")) == "HTMLCode") or pstyle(paragraph) == "HTMLPreformatted"
                font = mono if code else serif
                for t in r.findall("w:t", NS):
                    # zero-width format characters need no glyph (typography/fontcheck.py)
                    missing = {c for c in t.text or "" if ord(c) not in font and c not in ZERO_WIDTH}
                    assert not missing, (name, t.text, missing)
        numbering = part(path, "word/numbering.xml")
        for text in numbering.iter(w("lvlText")):
            assert all(ord(c) in serif for c in text.get(w("val")).replace("%1", ""))
