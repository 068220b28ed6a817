"""Styles, not direct formatting: every paragraph and run names a style defined in styles.xml,
and none carries its own font, size, weight, alignment, spacing or indentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from docx_fixtures import (  # noqa: F401
    FEATURES, NS, ROOT, essay_docx, load_doc, part, part_names, w, write,
)

from reportgen.writers.docx import styles as docx_styles

# What a paragraph may carry besides its style: list numbering (which list a paragraph is on,
# and restarting an ordered list, are not formatting) and the section break that ends a section.
ALLOWED_PPR = {w("pStyle"), w("numPr"), w("sectPr")}
# w:lang is no formatting: the language of a span in another language (issue 18 item 18), which
# Word records on the run
ALLOWED_RPR = {w("rStyle"), w("lang")}


def _stories(docx_path: Path):
    for name in part_names(docx_path):
        if name == "word/document.xml" or name == "word/footnotes.xml" or name.startswith("word/footer"):
            yield name, part(docx_path, name)


def _defined(docx_path: Path) -> dict[str, set[str]]:
    styles = part(docx_path, "word/styles.xml")
    defined: dict[str, set[str]] = {}
    for style in styles.findall("w:style", NS):
        defined.setdefault(style.get(w("type")), set()).add(style.get(w("styleId")))
    return defined


def check_no_direct_formatting(docx_path: Path) -> int:
    defined = _defined(docx_path)
    styles = part(docx_path, "word/styles.xml")
    default = styles.find("w:style[@w:type='paragraph'][@w:default='1']", NS).get(w("styleId"))
    assert default == "Normal"
    paragraphs = 0
    for name, root in _stories(docx_path):
        for p in root.iter(w("p")):
            note = p.getparent()
            if note.tag == w("footnote") and note.get(w("type")) in ("separator", "continuationSeparator"):
                continue  # Word's separator line: no text, no style
            ppr = p.find("w:pPr", NS)
            extra = [c.tag for c in ppr if c.tag not in ALLOWED_PPR] if ppr is not None else []
            assert not extra, f"{name}: direct paragraph formatting {extra}"
            style = ppr.find("w:pStyle", NS) if ppr is not None else None
            # no w:pStyle is the default paragraph style, Normal (python-docx leaves it out)
            style_id = style.get(w("val")) if style is not None else default
            assert style_id in defined["paragraph"], f"{name}: undefined style {style_id}"
            paragraphs += 1
        for rpr in root.iter(w("rPr")):
            if rpr.getparent().tag != w("r"):
                continue
            extra = [c.tag for c in rpr if c.tag not in ALLOWED_RPR]
            assert not extra, f"{name}: direct run formatting {extra}"
            style = rpr.find("w:rStyle", NS)
            assert style is not None or rpr.find("w:lang", NS) is not None
            if style is not None:
                assert style.get(w("val")) in defined["character"], f"{name}: undefined style {style.get(w('val'))}"
        for tag in ("tblPr", "tcPr", "trPr"):
            assert root.find(f".//w:{tag}", NS) is None
    return paragraphs


def test_essay_has_no_direct_formatting(essay_docx):
    assert check_no_direct_formatting(essay_docx) > 60


def test_every_feature_has_no_direct_formatting(tmp_path):
    """Lists, quotes, code, links, breaks, notes called twice, the index: still styles only."""
    doc = load_doc(FEATURES)
    for paper in ("a4", "a5"):
        path = write(doc, tmp_path / f"features-{paper}.docx", paper=paper)
        assert check_no_direct_formatting(path) > 20


def test_styles_are_word_builtins_with_kazakh_and_pt_serif(essay_docx):
    styles = part(essay_docx, "word/styles.xml")
    by_id = {s.get(w("styleId")): s for s in styles.findall("w:style", NS)}
    names = {s.find("w:name", NS).get(w("val")) for s in by_id.values()}
    # Word's own (internal) names, so Word and LibreOffice treat them as the built-in styles
    for name in ("Normal", "Title", "Subtitle", "heading 1", "heading 2", "Body Text", "Quote",
                 "footnote text", "footnote reference", "toc 1", "toc 2", "index 1", "index 2",
                 "index heading", "List Bullet", "List Number", "List Paragraph", "Emphasis", "Strong",
                 "HTML Code", "HTML Preformatted", "TOC Heading", "footer"):
        assert name in names, name
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    lang = defaults.find("w:lang", NS)
    assert lang.get(w("val")) == "kk-KZ" and lang.get(w("eastAsia")) == "kk-KZ" and lang.get(w("bidi")) == "kk-KZ"
    fonts = defaults.find("w:rFonts", NS)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert fonts.get(w(attr)) == "PT Serif"
    assert defaults.find("w:sz", NS).get(w("val")) == "23"  # 11.5pt
    # every style chain reaches a style that states Kazakh
    for style in by_id.values():
        seen = style
        while True:
            lang = seen.find("w:rPr/w:lang", NS)
            if lang is not None:
                assert lang.get(w("val")) == "kk-KZ"
                break
            based = seen.find("w:basedOn", NS)
            if based is None:
                break
            seen = by_id[based.get(w("val"))]
    normal = by_id["Normal"]
    assert normal.find("w:rPr/w:lang", NS).get(w("val")) == "kk-KZ"
    assert normal.find("w:rPr/w:rFonts", NS).get(w("ascii")) == "PT Serif"


def _style_value(styles, style_id, path, attr):
    by_id = {s.get(w("styleId")): s for s in styles.findall("w:style", NS)}
    style = by_id[style_id]
    while style is not None:
        found = style.find(path, NS)
        if found is not None and found.get(w(attr)) is not None:
            return found.get(w(attr))
        based = style.find("w:basedOn", NS)
        style = by_id[based.get(w("val"))] if based is not None else None
    return None


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_style_sizes_match_print_css(tmp_path, paper):
    path = write(load_doc(FEATURES), tmp_path / "f.docx", paper=paper)
    styles = part(path, "word/styles.xml")
    body = "23" if paper == "a4" else "20"  # 11.5pt, A5 10pt (print.css `html { font-size }`)
    assert _style_value(styles, "Normal", "w:rPr/w:sz", "val") == body
    assert _style_value(styles, "Heading1", "w:rPr/w:sz", "val") == "30"  # 15pt
    assert _style_value(styles, "Heading2", "w:rPr/w:sz", "val") == "25"  # 12.5pt
    assert _style_value(styles, "FootnoteText", "w:rPr/w:sz", "val") == "18"  # 9pt
    indent = int(_style_value(styles, "BodyText", "w:pPr/w:ind", "firstLine"))
    assert indent == round(int(body) / 2 * 1.25 * 20)  # 1.25em
    assert _style_value(styles, "FirstParagraph", "w:pPr/w:ind", "firstLine") == "0"
    # line-height 1.4 × the font size: Word multiplies PT Serif's own line height (1.294 em)
    line = int(_style_value(styles, "Normal", "w:pPr/w:spacing", "line"))
    assert abs(line / 240 * 1.294 - 1.4) < 0.01
    assert _style_value(styles, "Normal", "w:pPr/w:jc", "val") == "both"
    heading1 = styles.find("w:style[@w:styleId='Heading1']", NS)
    assert heading1.find("w:pPr/w:pageBreakBefore", NS) is not None  # print.css `.body h2`


def test_style_sheet_is_checked(tmp_path):
    bad = tmp_path / "docx.yaml"
    bad.write_text(
        "fonts: {body: PT Serif}\n"
        "paper: {a4: {width: 210mm, height: 297mm, margins: {top: 1, right: 1, bottom: 1, left: 1}}}\n"
        "styles:\n  Normal: {size: 11.5pt, colour: red}\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="unknown key"):
        docx_styles.load(bad)
    sheet = docx_styles.load(ROOT / "styles" / "docx.yaml", "a5")
    assert sheet.paper.width == 8391 and sheet.paper.height == 11906
