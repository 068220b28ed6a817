"""The parts of the DOCX a careful person would make by hand: footnotes, contents, sections, lists, links."""

from __future__ import annotations

import re

import pytest

from docx_fixtures import FEATURES, NS, body_paragraphs, load_doc, part, part_names, pstyle, text_of, w, write

from reportgen import model as m

RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@pytest.fixture(scope="module")
def features(tmp_path_factory):
    return write(load_doc(FEATURES), tmp_path_factory.mktemp("features") / "features.docx")


def clean(text: str) -> str:
    """Text without the typography's hyphenation points and no-break spaces, for comparisons."""
    return text.replace("\u00ad", "").replace("\u00a0", " ")


def ctext(element) -> str:
    return clean(text_of(element))


_style = pstyle


def _instructions(root) -> list[str]:
    return [t.text.strip() for t in root.iter(w("instrText"))]


def test_footnotes_part_is_declared(features):
    rels = part(features, "word/_rels/document.xml.rels")
    targets = {r.get("Target"): r.get("Type") for r in rels.iter(f"{RELS}Relationship")}
    assert targets["footnotes.xml"].endswith("/relationships/footnotes")
    types = part(features, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    assert overrides["/word/footnotes.xml"].endswith("wordprocessingml.footnotes+xml")
    notes = part(features, "word/footnotes.xml").findall("w:footnote", NS)
    assert [(n.get(w("type")), n.get(w("id"))) for n in notes[:2]] == [("separator", "-1"), ("continuationSeparator", "0")]
    assert notes[0].find(".//w:separator", NS) is not None
    assert notes[1].find(".//w:continuationSeparator", NS) is not None
    settings = part(features, "word/settings.xml")
    assert [f.get(w("id")) for f in settings.findall("w:footnotePr/w:footnote", NS)] == ["-1", "0"]
    assert settings.find("w:updateFields", NS).get(w("val")) == "true"
    assert all(_style(p) == "FootnoteText" for n in notes[2:] for p in n.findall("w:p", NS))


def test_a_note_called_twice_is_written_once_and_cross_referenced(features):
    document = part(features, "word/document.xml")
    calls = [r.find("w:footnoteReference", NS).get(w("id")) for r in document.iter(w("r"))
             if r.find("w:footnoteReference", NS) is not None]
    assert calls == ["1", "2"]  # buu, aqsh; the second buu call is not a second note
    notes = part(features, "word/footnotes.xml").findall("w:footnote", NS)
    assert len(notes) == 4
    noterefs = [i for i in _instructions(document) if i.startswith("NOTEREF")]
    assert noterefs == ["NOTEREF _RefFn_buu \\f \\h"]
    # the bookmark the cross-reference names surrounds the first call
    start = document.find(".//w:bookmarkStart[@w:name='_RefFn_buu']", NS)
    assert start.getnext().find("w:footnoteReference", NS).get(w("id")) == "1"
    # its cached result is the note's number, in the footnote reference style
    instr = next(t for t in document.iter(w("instrText")) if "NOTEREF" in t.text)
    result = instr.getparent().getnext().getnext()
    assert result.find("w:t", NS).text == "1"
    assert result.find("w:rPr/w:rStyle", NS).get(w("val")) == "FootnoteReference"


def test_title_page_contents_and_sections(features):
    doc = load_doc(FEATURES)
    paragraphs = body_paragraphs(features)
    assert [_style(p) for p in paragraphs[:5]] == ["Subtitle", "Title", "Author", "Date", "TOCHeading"]
    assert [ctext(p) for p in paragraphs[:5]] == ["Баяндама", "Сынақ құжаты", "А. Авторов",
                                                     "2024 ж. 15 наурыз", "Мазмұны"]
    document = part(features, "word/document.xml")
    instructions = _instructions(document)
    assert instructions.count('TOC \\o "1-2" \\h \\z \\u') == 1
    toc = [p for p in paragraphs if _style(p) in ("TOC1", "TOC2")]
    headings = [h for h in doc.blocks if isinstance(h, m.Heading)]
    def entry(p) -> str:  # the linked text before the page number (the TOC field's result)
        out = []
        for r in p.find("w:hyperlink", NS).findall("w:r", NS):
            if r.find("w:fldChar", NS) is not None:
                break
            out.append(ctext(r))
        return "".join(out)

    assert [entry(p) for p in toc] == [clean(m.plain_text(h)) + "\t" for h in headings] + ["Көрсеткіш\t"]
    assert [_style(p) for p in toc] == [f"TOC{h.level}" for h in headings] + ["TOC1"]
    # each entry links to its heading's bookmark and shows a page number (PAGEREF)
    for p, heading in zip(toc, headings):
        name = heading.id.replace("-", "_")  # bookmark names: letters, digits and _
        assert p.find("w:hyperlink", NS).get(w("anchor")) == name
        assert f"PAGEREF {name} \\h" in _instructions(p)
        assert document.find(f".//w:bookmarkStart[@w:name='{name}']", NS) is not None
    # the fields open and close: begin/end balanced in the body
    kinds = [f.get(w("fldCharType")) for f in document.iter(w("fldChar"))]
    assert kinds.count("begin") == kinds.count("end") == kinds.count("separate")
    # sections: the title page and contents; one per level-1 heading, with its running head
    # (print.css `string-set`); the index heading; the index in two columns. All A4 with the
    # PDF's margins and the footer with the page number
    rels = {r.get("Id"): r.get("Target") for r in part(features, "word/_rels/document.xml.rels").iter(f"{RELS}Relationship")}
    sections = document.findall(".//w:sectPr", NS)
    ends = [ctext(s.getparent().getparent()) if s.getparent().tag == w("pPr") else None for s in sections]
    assert ends[0] == "2024 ж. 15 наурыз"  # the title page is a section of its own
    assert ends[2:] == ["Соңғы абзац белгі бар.", "Қорытынды абзац.", "Көрсеткіш", None]
    title, contents, *body, index_heading, index = sections
    # then the contents, closed by an empty paragraph after the TOC field
    closing = contents.getparent().getparent()
    assert (_style(closing), ctext(closing), _style(closing.getprevious())) == ("Normal", "", "TOC1")

    def header_of(sect):
        refs = sect.findall("w:headerReference", NS)
        if not refs:
            return None
        # the running head, and an empty header on the section's first page (the page the
        # chapter opens: book convention, issue 18 item 7), whose footer is the page number too
        assert [r.get(w("type")) for r in refs] == ["default", "first"]
        assert sect.find("w:titlePg", NS) is not None
        first = part(features, f"word/{rels[refs[1].get(qn_r('id'))]}")
        assert "".join(t.text or "" for t in first.iter(w("t"))) == "" and not _instructions(first)
        footers = {r.get(w("type")): r.get(qn_r("id")) for r in sect.findall("w:footerReference", NS)}
        assert footers["first"] == footers["default"]
        header = part(features, f"word/{rels[refs[0].get(qn_r('id'))]}")
        assert _instructions(header) == ['STYLEREF "Heading 1"']
        return "".join(t.text for t in header.iter(w("t")))

    assert [header_of(s) for s in sections] == [None, None, "Бірінші бөлім", "Екінші бөлім", "Көрсеткіш", "Көрсеткіш"]
    assert index.find("w:type", NS).get(w("val")) == "continuous"
    assert index.find("w:cols", NS).get(w("num")) == "2"
    for sect in sections:
        size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
        assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
        assert [margins.get(w(k)) for k in ("top", "right", "bottom", "left")] == ["1417", "1247", "1587", "1417"]
        footers = {ref.get(w("type")): rels[ref.get(qn_r("id"))] for ref in sect.findall("w:footerReference", NS)}
        if sect is title:  # the title page: no page number
            assert footers == {}
        else:  # the page number, also on a chapter's first page (the "first" footer of titlePg)
            assert set(footers) == ({"default"} if sect is contents else {"default", "first"})
            assert _instructions(part(features, f"word/{footers['default']}")) == ["PAGE"]
            assert footers.get("first", footers["default"]) == footers["default"]


def qn_r(name: str) -> str:
    return "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}" + name


def test_a5_page(tmp_path):
    path = write(load_doc(FEATURES), tmp_path / "a5.docx", paper="a5")
    sect = part(path, "word/document.xml").find(".//w:sectPr", NS)
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("8391", "11906")
    assert [margins.get(w(k)) for k in ("top", "right", "bottom", "left")] == ["964", "850", "1134", "964"]


def test_blocks_and_inlines_use_their_styles(features):
    paragraphs = body_paragraphs(features)
    by_text = {ctext(p): p for p in paragraphs}
    styles = [(_style(p), ctext(p)) for p in paragraphs]
    body = styles[styles.index(("Heading1", "Бірінші бөлім")):]
    assert body[1][0] == "FirstParagraph" and body[2][0] == "BodyText"
    assert ("Quote", "Дәйексөз бірінші абзацы.") in body and ("Quote", "Дәйексөз екінші абзацы.") in body
    assert [s for s, t in body if "тармақ" in t] == ["ListBullet", "ListBullet", "ListBullet2", "ListBullet"]
    assert ("HTMLPreformatted", "код блогы\nекінші жол") in body
    assert ("ThematicBreak", "") in body
    assert ("Heading2", "Кіші бөлім") in body
    first = by_text[next(t for t in by_text if t.startswith("Бұл абзацта"))]
    run_styles = {ctext(r): (r.find("w:rPr/w:rStyle", NS).get(w("val")) if r.find("w:rPr", NS) is not None else None)
                  for r in first.iter(w("r")) if ctext(r)}
    assert run_styles["көлбеу"] == "Emphasis"
    assert run_styles["қалың"] == "Strong"
    assert run_styles["екеуі де"] == "StrongEmphasis"
    assert run_styles["код"] == "HTMLCode"
    assert run_styles["сайт"] == "Hyperlink"
    second = by_text[next(t for t in by_text if t.startswith("Екінші абзац"))]
    assert second.find(".//w:br", NS) is not None


def test_ordered_lists_restart_at_their_start(features):
    paragraphs = [p for p in body_paragraphs(features) if _style(p) == "ListNumber"]
    assert [ctext(p) for p in paragraphs] == ["үшінші", "төртінші", "бір", "екі"]
    num_ids = [p.find("w:pPr/w:numPr/w:numId", NS).get(w("val")) for p in paragraphs]
    assert num_ids[0] == num_ids[1] != num_ids[2] == num_ids[3]
    numbering = part(features, "word/numbering.xml")
    starts = []
    for num_id in (num_ids[0], num_ids[2]):
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        starts.append(num.find("w:lvlOverride/w:startOverride", NS).get(w("val")))
        abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{num.find('w:abstractNumId', NS).get(w('val'))}']", NS)
        assert abstract.find("w:lvl/w:numFmt", NS).get(w("val")) == "decimal"
        assert abstract.find("w:lvl/w:pStyle", NS).get(w("val")) == "ListNumber"
    assert starts == ["3", "1"]
    # bullets come from the List Bullet style itself, which names its numbering
    styles = part(features, "word/styles.xml")
    bullet = styles.find("w:style[@w:styleId='ListBullet']", NS)
    assert bullet.find("w:pPr/w:numPr/w:numId", NS) is not None


def test_links_external_internal_and_refused(features):
    document = part(features, "word/document.xml")
    rels = {r.get("Id"): r for r in part(features, "word/_rels/document.xml.rels").iter(f"{RELS}Relationship")}
    links = document.findall(".//w:hyperlink", NS)
    external = [rels[h.get(qn_r("id"))] for h in links if h.get(qn_r("id"))]
    assert [(r.get("Target"), r.get("TargetMode")) for r in external] == [("https://example.org/kk?a=1&b=2", "External")]
    internal = [h for h in links if h.get(w("anchor")) == "ekinshi" and ctext(h) == "ішкі сілтеме"]
    assert len(internal) == 1
    assert document.find(".//w:bookmarkStart[@w:name='ekinshi']", NS) is not None
    # ftp: is not a safe scheme: the text stays, the link goes
    assert "қауіпті" in "".join(ctext(p) for p in body_paragraphs(features))
    assert not [r for r in rels.values() if "ftp:" in r.get("Target")]
    # a span with an id is a bookmark
    assert document.find(".//w:bookmarkStart[@w:name='belgi']", NS) is not None


def test_unsafe_and_unknown_links_in_a_handmade_model(tmp_path):
    doc = m.Document(meta=m.Metadata(title="Т"), blocks=[
        m.Paragraph(children=[
            m.Link(children=[m.Text("a")], target="javascript:alert(1)"),
            m.Link(children=[m.Text("b")], target="#nowhere"),
            m.Link(children=[m.Text("c")], target="mailto:a@example.org"),
        ]),
    ])
    path = write(doc, tmp_path / "links.docx")
    document = part(path, "word/document.xml")
    links = document.findall(".//w:hyperlink", NS)
    assert [ctext(h) for h in links] == ["c"]
    assert "ab" in ctext(body_paragraphs(path)[-1])
    rels = "".join(r.get("Target") for r in part(path, "word/_rels/document.xml.rels").iter(f"{RELS}Relationship"))
    assert "javascript" not in rels and "mailto:a@example.org" in rels


def test_core_properties(features):
    core = part(features, "docProps/core.xml")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert core.find(f"{dc}title").text == "Сынақ құжаты"
    assert clean(core.find(f"{dc}creator").text) == "А. Авторов"
    assert core.find(f"{dc}language").text == "kk-KZ"
    app = part(features, "docProps/app.xml")
    assert re.match(r"reportgen \d", app[0].text)
    assert "word/fontTable.xml" in part_names(features)


def test_unusual_models_still_make_valid_documents(tmp_path):
    """No headings, no metadata, deep lists, a call inside a note, a note never called, code in a
    link, a heading id used twice: a document Word and LibreOffice open, styles only."""
    import docx

    from test_docx_styles import check_no_direct_formatting

    item = lambda *kids: m.ListItem(children=list(kids))  # noqa: E731
    para = lambda *kids: m.Paragraph(children=list(kids))  # noqa: E731
    deep = m.BulletList(items=[item(para(m.Text("1")), m.OrderedList(items=[item(
        para(m.Text("2")), m.BulletList(items=[item(para(m.Text("3")))]))], start=7))])
    cases = {
        "empty": m.Document(),
        "no-headings": m.Document(blocks=[para(m.Text("Бір.")), para(m.Text("Екі."))]),
        "everything": m.Document(
            meta=m.Metadata(title="Т", date="not a date"),
            blocks=[
                m.Heading(level=1, id="x", children=[m.Text("A")]),
                m.Heading(level=5, id="x", children=[m.Text("B")]),
                deep,
                para(m.Link(target="https://example.org", children=[m.Code("код"), m.Emph([m.Text("e")])]),
                     m.FootnoteRef(id="a", number=1), m.FootnoteRef(id="zz", number=9)),
                m.BlockQuote(children=[deep]),
                m.CodeBlock(text="a\n\tb\n"),
            ],
            footnotes=[
                m.Footnote(id="a", number=1, children=[para(m.Text("ескерту"), m.FootnoteRef(id="a", number=1)),
                                                       m.CodeBlock(text="x")]),
                m.Footnote(id="never", number=2, children=[para(m.Text("шақырылмаған"))]),
            ],
        ),
    }
    for name, doc in cases.items():
        path = write(doc, tmp_path / f"{name}.docx")
        assert docx.Document(str(path)).paragraphs  # python-docx reads it back
        check_no_direct_formatting(path)
    notes = part(tmp_path / "everything.docx", "word/footnotes.xml").findall("w:footnote", NS)
    assert len(notes) == 3  # separators and the note called; the uncalled one has no place
    names = [b.get(w("name")) for b in part(tmp_path / "everything.docx", "word/document.xml").iter(w("bookmarkStart"))]
    assert len(names) == len(set(names))
