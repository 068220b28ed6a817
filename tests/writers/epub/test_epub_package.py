"""The package: metadata, navigation, one document per section, language, cover, title page,
the typeset text, the index, escaping, reproducibility and size."""

from __future__ import annotations

import os
import re
import uuid
import zipfile

import pytest

from epub_helpers import (EPUB_TYPE, ESSAY, NS, ROOT, SAMPLE, XML_LANG, build, built, load_doc, opf,
                          spine_files, unpack, xhtml_files, xml)

from conftest import pdf_pages
from reportgen import model as m
from reportgen.writers.epub import identifier
from reportgen.writers.pdf import date_label


def pdf_text_of_index(pdf) -> str:
    """The text of the PDF's index pages (from the page the index heading opens to the end)."""
    pages = pdf_pages(pdf)
    start = max(i for i, page in enumerate(pages) if page.lstrip().startswith("Көрсеткіш\nҰйымдар")
                or page.lstrip().startswith("Көрсеткіш\n\nҰйымдар"))
    return "\n".join(pages[start:])

H = "{%s}" % NS["h"]


def _meta(package, prop):
    return [el.text for el in package.iterfind("opf:metadata/opf:meta", NS) if el.get("property") == prop]


def _text(el) -> str:
    return "".join(el.itertext())


# ---------------------------------------------------------------- metadata


def test_metadata_language_identifier_title_and_accessibility():
    files = unpack(built("essay"))
    package = opf(files)
    doc = load_doc(ESSAY)
    assert package.get("version") == "3.0"
    assert package.findtext("opf:metadata/dc:language", namespaces=NS) == "kk"
    assert package.findtext("opf:metadata/dc:title", namespaces=NS) == doc.meta.title
    ident = package.findtext("opf:metadata/dc:identifier", namespaces=NS)
    expected = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"reportgen:{doc.meta.title}\nsource/essay.md"))
    assert ident == expected == identifier(doc, ROOT)
    assert _meta(package, "schema:accessMode") == ["textual", "visual"]
    assert _meta(package, "schema:accessModeSufficient") == ["textual"]
    features = set(_meta(package, "schema:accessibilityFeature"))
    assert {"tableOfContents", "readingOrder", "structuralNavigation"} <= features
    assert _meta(package, "schema:accessibilityHazard") == ["none"]
    assert _meta(package, "schema:accessibilitySummary")[0].strip()
    ncx = xml(files["EPUB/toc.ncx"])
    assert ncx.find("ncx:head/ncx:meta[@name='dtb:uid']", NS).get("content") == ident


def test_modified_date_from_source_date_epoch_else_front_matter(tmp_path, monkeypatch):
    doc = load_doc(SAMPLE)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    unset = opf(unpack(build(doc, tmp_path / "a.epub")))
    assert _meta(unset, "dcterms:modified") == ["2025-03-21T00:00:00Z"]  # the front-matter date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = build(doc, tmp_path / "b.epub")
    assert _meta(opf(unpack(path)), "dcterms:modified") == ["2023-11-14T22:13:20Z"]
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}


# ---------------------------------------------------------------- documents


@pytest.mark.parametrize("kind", ["essay", "sample", "essay-index"])
def test_every_document_is_kazakh(kind):
    files = unpack(built(kind))
    for name, data in xhtml_files(files).items():
        root = xml(data)
        assert root.get("lang") == "kk" and root.get(XML_LANG) == "kk", name
        assert root.findtext(f"{H}head/{H}title").strip(), name


@pytest.mark.parametrize("source,kind", [(ESSAY, "essay"), (SAMPLE, "sample")])
def test_one_document_per_level_one_section(source, kind):
    doc = load_doc(source)
    headings = [m.plain_text(b) for b in doc.blocks if isinstance(b, m.Heading) and b.level == 1]
    files = unpack(built(kind))
    sections = [f for f in spine_files(files) if f.startswith("section-")]
    assert len(sections) == len(headings) >= 2
    for name, heading in zip(sections, headings):
        root = xml(files[f"EPUB/{name}"])
        h1s = list(root.iter(f"{H}h1"))
        assert len(h1s) == 1
        assert _text(h1s[0]).replace("\u00ad", "") == heading.replace("\u00ad", "").replace("\u2011", "-")
        assert root.find(f"{H}body").get(EPUB_TYPE) == "bodymatter"


def test_reading_order_and_navigation():
    files = unpack(built("sample"))
    order = spine_files(files)
    assert order[:3] == ["cover.xhtml", "title.xhtml", "nav.xhtml"]
    assert order[-2:] == ["index.xhtml", "colophon.xhtml"]
    nav = xml(files["EPUB/nav.xhtml"])
    navs = {n.get(EPUB_TYPE): n for n in nav.iter(f"{H}nav")}
    assert set(navs) == {"toc", "landmarks", "page-list"}  # page-list: the A5 print edition's pages (issue 9)
    toc_links = [a.get("href") for a in navs["toc"].iter(f"{H}a")]
    assert toc_links[0] == "section-01.xhtml" and "index.xhtml" in toc_links and "colophon.xhtml" in toc_links
    assert any("#" in href for href in toc_links), "level-2 headings are in the table of contents"
    marks = {a.get(EPUB_TYPE): a.get("href") for a in navs["landmarks"].iter(f"{H}a")}
    assert marks == {"cover": "cover.xhtml", "titlepage": "title.xhtml", "toc": "nav.xhtml#toc",
                     "bodymatter": "section-01.xhtml", "index": "index.xhtml"}
    # every navigation target exists
    docs = {name: xml(d) for name, d in xhtml_files(files).items()}
    for href in toc_links + list(marks.values()):
        file, _, frag = href.partition("#")
        assert file in docs
        if frag:
            assert any(el.get("id") == frag for el in docs[file].iter()), href
    # the EPUB 2 NCX has the same entries
    ncx = xml(files["EPUB/toc.ncx"])
    assert [c.get("src") for c in ncx.iter(f"{{{NS['ncx']}}}content")] == toc_links
    package = opf(files)
    assert package.find("opf:spine", NS).get("toc") == "ncx"


def landmarks(files: dict[str, bytes]) -> list[str]:
    nav = xml(files["EPUB/nav.xhtml"])
    return [a.get(EPUB_TYPE) for a in nav.iter(f"{H}a") if a.get(EPUB_TYPE)]


def test_essay_landmarks_list_its_index():
    files = unpack(built("essay"))
    assert load_doc(ESSAY).index  # the essay names organizations and dates
    assert landmarks(files) == ["cover", "titlepage", "toc", "bodymatter", "index"]
    assert "EPUB/index.xhtml" in files


def test_a_document_without_index_entries_has_no_index_landmark(tmp_path):
    source = tmp_path / "plain.md"
    source.write_text("---\ntitle: Жай мәтін\n---\n\n# Бөлім\n\nҰйым да, дата да жоқ мәтін.\n", encoding="utf-8")
    doc = load_doc(source)
    assert not doc.index
    files = unpack(build(doc, tmp_path / "plain.epub"))
    assert landmarks(files) == ["cover", "titlepage", "toc", "bodymatter"]
    assert "EPUB/index.xhtml" not in files


def test_cover_is_generated_svg_and_title_page_shows_genre_title_date():
    files = unpack(built("essay"))
    doc = load_doc(ESSAY)
    package = opf(files)
    cover_item = package.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert cover_item.get("media-type") == "image/svg+xml"
    svg_data = files["EPUB/" + cover_item.get("href")]
    svg = xml(svg_data)
    assert svg.tag == f"{{{NS['svg']}}}svg"
    assert doc.meta.title in svg.findtext(f"{{{NS['svg']}}}title")
    assert not re.search(rb"(href|src)=|url\(", svg_data), "the cover references nothing outside itself"
    assert len(list(svg.iter(f"{{{NS['svg']}}}path"))) >= 3  # genre, title lines, date drawn as outlines
    cover = xml(files["EPUB/cover.xhtml"])
    img = next(cover.iter(f"{H}img"))
    assert img.get("src") == cover_item.get("href") and doc.meta.title in img.get("alt")
    assert next(cover.iter(f"{H}section")).get(EPUB_TYPE) == "cover"
    title = xml(files["EPUB/title.xhtml"])
    page = next(title.iter(f"{H}section"))
    assert page.get(EPUB_TYPE) == "titlepage"
    genre, h1, date = page.findall(f"{H}p[@class='genre']") + page.findall(f"{H}h1") + page.findall(f"{H}p[@class='date']")
    assert _text(genre) == doc.meta.subtitle == "Реферат"
    assert _text(h1) == doc.meta.title
    assert _text(date) == date_label(doc.meta.date).replace("\u202f", "\u00a0")


# ---------------------------------------------------------------- text


def test_typeset_characters():
    files = xhtml_files(unpack(built("sample")))
    body = b"".join(files[n] for n in files if n.startswith("section-")).decode()
    assert "\u00a0" in body  # no-break spaces stay
    assert "\u2011" not in body  # no-break hyphens become a hyphen in an unbreakable span
    assert '<span class="nobr">-ның</span>' in body or '<span class="nobr">БҰҰ-ның</span>' in body
    assert "\u00ad" in body  # soft hyphens kept by default
    assert "&shy;" not in body  # (an HTML entity XML does not know)
    stripped = xhtml_files(unpack(built("sample-noshy")))
    assert not any("\u00ad" in d.decode() for d in stripped.values())
    assert re.sub("\u00ad", "", body) == b"".join(stripped[n] for n in stripped if n.startswith("section-")).decode()


def test_links_inside_the_book_resolve_and_unsafe_links_do_not_exist(tmp_path):
    files = unpack(built("sample"))
    docs = {name: xml(d) for name, d in xhtml_files(files).items()}
    for name, root in docs.items():
        for a in root.iter(f"{H}a"):
            href = a.get("href")
            assert href, f"{name}: link without href"
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            file, _, frag = href.partition("#")
            file = file or name
            assert file in docs, href
            if frag:
                assert any(el.get("id") == frag for el in docs[file].iter()), f"{name}: {href}"
    hrefs = [a.get("href") for a in docs["section-03.xhtml"].iter(f"{H}a")]
    assert "https://www.unesco.org/" in hrefs
    assert "section-01.xhtml#anyqtama" in hrefs  # a `#id` link across documents


def test_no_raw_html_reaches_the_xhtml(tmp_path):
    source = tmp_path / "raw.md"
    source.write_text(
        "---\ntitle: <b>Тақырып</b> & «сынақ»\nsubtitle: Жанр <i>x</i>\n---\n\n"
        "# Бөлім <script>alert(1)</script>\n\n"
        "<div onclick=\"x()\">Блок</div>\n\n"
        "Мәтін <img src=x onerror=alert(1)> және [сілтеме](javascript:alert(1)) мен [файл](../etc/passwd).\n\n"
        "[мәтін]{#id\" .c\"x onclick=y}\n",
        encoding="utf-8")
    doc = load_doc(source)
    path = build(doc, tmp_path / "raw.epub")
    files = unpack(path)
    for name, data in xhtml_files(files).items():
        root = xml(data)  # well-formed
        tags = {el.tag for el in root.iter() if isinstance(el.tag, str)}
        assert not {f"{H}script", f"{H}b", f"{H}i"} & tags, name
        if name.startswith(("section-", "title")):
            assert not {f"{H}img", f"{H}div"} & tags, name
        assert not any(k.startswith("on") for el in root.iter() if isinstance(el.tag, str) for k in el.attrib), name
        assert not any((el.get("href") or "").lower().startswith(("javascript", "../")) for el in root.iter()), name
    section = files["EPUB/section-01.xhtml"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section.replace("\u00ad", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in section.replace("\u00ad", "")
    assert "&lt;b&gt;Тақырып&lt;/b&gt; &amp; «сынақ»" in files["EPUB/title.xhtml"].decode()
    assert opf(files).findtext("opf:metadata/dc:title", namespaces=NS) == "<b>Тақырып</b> & «сынақ»"


# ---------------------------------------------------------------- index


def test_index_document_links_every_reference_to_its_mention():
    files = unpack(built("sample"))
    docs = {name: xml(d) for name, d in xhtml_files(files).items()}
    index = docs["index.xhtml"]
    assert index.find(f"{H}body").get(EPUB_TYPE) == "index"
    item = opf(files).find("opf:manifest/opf:item[@href='index.xhtml']", NS)
    assert "index" in item.get("properties").split()
    assert _text(index.find(f".//{H}h1")) == "Көрсеткіш"
    groups = [s for s in index.iter(f"{H}section") if s.get(EPUB_TYPE) == "index-group"]
    assert [_text(g.find(f"{H}h2")) for g in groups] == ["Ұйымдар", "Даталар"]
    entries = [li for li in index.iter(f"{H}li") if li.get(EPUB_TYPE) == "index-entry"]
    assert entries
    for li in entries:
        locators = [a for a in li.findall(f"{H}a") if a.get(EPUB_TYPE) == "index-locator"]
        # print pages (the page-list's), one locator per page or run of pages, ascending
        assert all(re.fullmatch(r"\d+(–\d+)?", a.text) for a in locators), [a.text for a in locators]
        firsts = [int(a.text.split("–")[0]) for a in locators]
        assert firsts == sorted(set(firsts))
        for a in locators:
            file, _, anchor = a.get("href").partition("#")
            target = next((el for el in docs[file].iter() if el.get("id") == anchor), None)
            assert target is not None and target.get("class") == "mention", a.get("href")
            assert a.get("title"), "each reference names the section it goes to"
    # in reading order: the second ЮНЕСКО link comes after the first in the book
    unesco = next(li for li in entries if _text(li).startswith("ЮНЕСКО"))
    spine = spine_files(files)
    places = []
    for a in unesco.findall(f"{H}a[@class='locator']"):
        file, _, anchor = a.get("href").partition("#")
        ids = [el.get("id") for el in docs[file].iter() if el.get("id")]
        places.append((spine.index(file), ids.index(anchor)))
    assert places == sorted(places)


def test_index_cross_reference():
    files = unpack(built("sample"))
    index = xml(files["EPUB/index.xhtml"])
    see = next(li for li in index.iter(f"{H}li") if _text(li).startswith("БҰҰ"))
    assert " ".join(_text(see).split()) == "БҰҰ — қараңыз: Біріккен Ұлттар Ұйымы"
    assert "БҰҰ\u00a0— " in _text(see)  # a no-break space before the dash (issue 18 item 10)
    xref = next(a for a in see.iter(f"{H}a") if a.get(EPUB_TYPE) == "index-xref-preferred")
    target = next(el for el in index.iter() if el.get("id") == xref.get("href")[1:])
    assert _text(target).startswith("Біріккен Ұлттар Ұйымы")


# ---------------------------------------------------------------- reproducible, small


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    from epub_helpers import run_cli

    for epoch in (None, "1700000000"):
        if epoch is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        outs = []
        for n in (1, 2):
            out = tmp_path / f"{epoch}-{n}"
            result = run_cli("build", str(ESSAY), "--to", "epub", "--out", str(out), "-q")
            assert result.returncode == 0, result.stderr.decode()
            outs.append((out / "essay.epub").read_bytes())
        assert outs[0] == outs[1]
    a = build(load_doc(SAMPLE, index=True), tmp_path / "s1.epub").read_bytes()
    b = build(load_doc(SAMPLE, index=True), tmp_path / "s2.epub").read_bytes()
    assert a == b


def test_zip_layout_mimetype_first_and_stored():
    with zipfile.ZipFile(built("essay")) as z:
        infos = z.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip"
        assert not infos[0].extra
        assert [i.filename for i in infos[1:3]] == ["META-INF/container.xml", "EPUB/content.opf"]
        assert len({i.date_time for i in infos}) == 1
    raw = built("essay").read_bytes()
    assert raw[30:38] == b"mimetype" and raw[38:58] == b"application/epub+zip"


def test_epub_is_small():
    size = os.path.getsize(built("essay"))
    print(f"essay.epub: {size} bytes")
    assert size < 150_000


# ---------------------------------------------------------------- unusual documents


EDGE = """Кіріспе мәтін, тақырыпсыз[^a].

### Үшінші деңгей {#x-1}

- тізім[^b]
- екінші[^a]

# Бөлім {#sec-1}

[сілтеме](#x-1) және [жоқ](#missing) және [бос]()

# Бөлім {#sec-1}

Қайталанған id.

[^a]: Бірінші ескертпе[^b].
[^b]: Екінші ескертпе.
"""


def test_untitled_document_with_text_before_the_first_heading_validates(tmp_path):
    from epub_helpers import epubcheck, options
    from reportgen.pipeline import load

    source = tmp_path / "edge.md"
    source.write_text(EDGE, encoding="utf-8")
    opts = options()
    doc = load(source, opts)
    path = build(doc, tmp_path / "edge.epub", opts)
    report = epubcheck(path)
    assert (report["checker"]["nFatal"], report["checker"]["nError"], report["checker"]["nWarning"]) == (0, 0, 0), \
        report["messages"]
    files = unpack(path)
    assert opf(files).findtext("opf:metadata/dc:title", namespaces=NS) == "Үшінші деңгей"  # first heading
    assert [f for f in spine_files(files) if f.startswith("section-")] == [
        "section-01.xhtml", "section-02.xhtml", "section-03.xhtml"]
    s2 = xml(files["EPUB/section-02.xhtml"])
    assert [a.get("href") for a in s2.iter(f"{H}a")] == ["section-01.xhtml#x-1"]
    assert any("#missing" in str(w) for w in opts.warnings)
    # a note called from a note sits in the same document, after its caller
    s1 = xml(files["EPUB/section-01.xhtml"])
    assert [a.get("id") for a in s1.iter(f"{H}aside")] == ["fn-1", "fn-2"]


@pytest.mark.parametrize("text", ["", "Тек мәтін.\n", "---\ntitle: Тек тақырып\n---\n"])
def test_minimal_documents_build(tmp_path, text):
    source = tmp_path / "doc.md"
    source.write_text(text, encoding="utf-8")
    files = unpack(build(load_doc(source), tmp_path / "doc.epub"))
    assert opf(files).findtext("opf:metadata/dc:title", namespaces=NS)
    assert "EPUB/nav.xhtml" in files and "EPUB/colophon.xhtml" in files


def test_index_locators_are_the_print_pages(essay_pdf):
    """The e-book's index cites the handout's pages (issue 18 item 9): each entry's locators are
    those of the PDF's index, merged into ranges the same way."""
    index = xml(unpack(built("essay"))["EPUB/index.xhtml"])
    printed = " ".join(pdf_text_of_index(essay_pdf).replace("\u00ad", "").split())
    checked = 0
    for li in index.iter(f"{H}li"):
        term = li.find(f"{H}span")
        locators = [a.text for a in li.findall(f"{H}a") if a.get(EPUB_TYPE) == "index-locator"]
        if term is None or not locators:
            continue
        label = " ".join("".join(term.itertext()).replace("\u00ad", "").split())
        assert f"{label}, {', '.join(locators)}" in printed, (label, locators)
        checked += 1
    assert checked > 50
