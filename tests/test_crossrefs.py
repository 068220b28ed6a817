"""Cross-references (issue 15, Quarto's convention): `@fig-id`, `@tbl-id`, `@sec-id` become the
Kazakh label with its number as a link («1-сурет», «2-кесте», «1.2-бөлім»); a case ending after a
hyphen joins the label (`@fig-map-те` → «1-суретте»); `[-@fig-map]` is the number alone; an
unknown one is a located warning and stays as written; the links work in all three outputs."""

from __future__ import annotations

import re
import zipfile

from conftest import ROOT, run_cli
from lxml import etree

from reportgen import model as m
from reportgen.diagnostics import Warnings
from reportgen.reader import read_string

SOURCE = """# Аңдатпа {-}

# Бірінші тарау {#sec-intro}

## Мақсат {#sec-aim}

Кесте @tbl-orgs көрсетілген, ал @fig-map-те карта бар. [-@fig-map]-суретке қараңыз, @sec-aim-де
айтылған. Белгісіз @fig-none және email@fig-map.kz сілтеме емес. `@fig-map` кодта.

: Ұйымдар {#tbl-orgs}

| А | Б |
|---|---|
| 1 | 2 |

# Суреттер

![Бірінші](a.png)

![Карта](a.png){#fig-map}

Екінші тарау: @sec-intro және *@tbl-orgs-ден* кейін.
"""
H = "{http://www.w3.org/1999/xhtml}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _links(doc: m.Document) -> list[tuple[str, str]]:
    return [(m.plain_text(link), link.target) for link in m.query(doc, m.Link)]


def test_references_become_numbered_links():
    warnings = Warnings()
    doc = read_string(SOURCE, "t.md", warnings)
    assert _links(doc) == [
        ("1-кесте", "#tbl-orgs"), ("2-суретте", "#fig-map"), ("2", "#fig-map"), ("1.1-бөлімде", "#sec-aim"),
        ("1-бөлім", "#sec-intro"), ("1-кестеден", "#tbl-orgs"),
    ]
    assert [(w.line, w.column, w.message.split(" names")[0]) for w in warnings if "cross-reference" in w.message] == [
        (8, 20, "cross-reference @fig-none")]  # `# Аңдатпа {-}` is not counted: Кіріспе is 1
    text = m.plain_text(doc.blocks[3])
    assert "@fig-none" in text and "email@fig-map.kz" in text
    assert any(isinstance(n, m.Code) and n.text == "@fig-map" for n in m.walk(doc))


def test_brackets_around_cross_references_only_are_citation_syntax():
    """`[@tbl-orgs]` reads «1-кесте», not «[1-кесте]» (Quarto, pandoc-crossref); a prefix and a
    locator stay; a group that also cites a source, an unknown id or plain brackets keep theirs."""
    text = SOURCE + ("\nА [@tbl-orgs]. Б [қараңыз @fig-map-ке, 2-бет]. В [@tbl-orgs; @fig-map]. "
                     "Г [@tbl-orgs; @smith]. Д [@fig-none]. Е [жай жақша] [-@fig-map].\n")
    doc = read_string(text, "t.md", Warnings())
    assert m.plain_text(doc.blocks[-1]) == (
        "А 1-кесте. Б қараңыз 2-суретке, 2-бет. В 1-кесте; 2-сурет. "
        "Г [1-кесте; @smith]. Д [@fig-none]. Е [жай жақша] 2.")


def test_a_case_ending_is_set_in_harmony_with_the_labels_noun():
    """The author writes a case ending for any noun; it is set as the label's noun takes it
    (vowel harmony, the first consonant assimilated): «1-суретда» was printed as written."""
    doc = read_string("# А {#sec-a}\n\n![x](a.png){#fig-a}\n\n| а |\n|---|\n| 1 |\n\n: К {#tbl-a}\n\n"
                      "$$x$$ {#eq-a}\n\n@fig-a-да, @fig-a-ге, @tbl-a-та, @sec-a-дан, @fig-a-ның, @tbl-a-ды, "
                      "@fig-a-мен, @fig-a-дағы, @eq-a-де, @tbl-a-лар.\n", "t.md")
    assert m.plain_text(doc.blocks[-1]) == ("1-суретте, 1-суретке, 1-кестеде, 1-бөлімнен, 1-суреттің, 1-кестені, "
                                            "1-суретпен, 1-суреттегі, 1-формулада, 1-кестелар.")


def test_a_long_run_of_hyphens_is_linear():
    # one lookup per reference whatever follows it (a prefix tried at every hyphen was quadratic)
    doc = read_string("# А {#sec-a}\n\n" + "@sec-a" + "-б" * 50_000 + "\n", "t.md")
    assert _links(doc) == []


def test_the_links_work_in_every_output(tmp_path):
    from PIL import Image

    Image.new("RGB", (20, 10), "red").save(tmp_path / "a.png")
    (tmp_path / "doc.md").write_text(SOURCE, encoding="utf-8")
    result = run_cli("build", str(tmp_path / "doc.md"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    with zipfile.ZipFile(tmp_path / "out" / "doc.epub") as z:
        pages = [etree.fromstring(z.read(n)) for n in sorted(z.namelist()) if re.search(r"section-\d+\.xhtml$", n)]
    hrefs = {("".join(a.itertext()).replace("\u00ad", ""), a.get("href")) for p in pages for a in p.iter(f"{H}a")}
    assert ("2-суретте", "section-03.xhtml#fig-map") in hrefs and ("1-бөлім", "section-02.xhtml#sec-intro") in hrefs
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    names = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    # the hyphen after the number is a w:noBreakHyphen (typography: a suffix glued to its number)
    anchors = [h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink") if "".join(h.itertext()) == "2суретте"]
    assert anchors and anchors[0] in names


def test_implicit_heading_references():
    """pandoc's implicit_header_references: `[Heading text]`, `[text][Heading text]` (any case)
    link to the first heading of that text; a defined reference of that label wins; attributes
    after the heading text are not part of it."""
    text = ("# Кіріспе\n\n## Мақсат {#sec-aim .x}\n\n## Мақсат\n\n# Қорытынды\n\n"
            "[Кіріспе] мен [осында][мақсат], [Қорытынды] емес, [Жоқ тақырып].\n\n[қорытынды]: http://a.kz\n")
    doc = read_string(text, "t.md", Warnings())
    links = {m.plain_text(link): link.target for link in m.query(doc, m.Link)}
    first = next(h.id for h in m.query(doc, m.Heading))
    assert links == {"Кіріспе": f"#{first}", "осында": "#sec-aim", "Қорытынды": "http://a.kz"}
    assert "[Жоқ тақырып]" in m.plain_text(doc)
