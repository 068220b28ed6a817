"""Citations and the references list (issue 16, first slice): pandoc's citation syntax, BibTeX /
CSL JSON / CSL YAML / front-matter references, rendered by CSL with citeproc-py — by default ГОСТ
numeric in square brackets, numbered in the order of first citation, each entry in its own
language's terms (kk-KZ locale of our own: «б.», «т.»; Russian «с.»; English «P.», «Vol.») — and
the list «Пайдаланылған әдебиеттер тізімі» in all three outputs, linked both ways in the EPUB."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, pdf_pages, run_cli
from lxml import etree

from reportgen import model as m
from reportgen.citations import sources
from reportgen.diagnostics import ReportgenError, Warnings
from reportgen.pipeline import Options, load
from reportgen.reader import read_string

BIB = r"""
@book{nazarbayev2007,
  author = {Назарбаев, Нұрсұлтан Әбішұлы},
  title = {Қазақстан жолы},
  address = {Қарағанды}, publisher = {Арко}, year = {2007}, pagetotal = {372}, langid = {kazakh}
}
@article{smith2014,
  author = {Smith, John and Doe, Jane},
  title = {Central Asian security after 2001},
  journal = {Journal of Eurasian Studies}, volume = {5}, number = {2}, pages = {100--115},
  year = {2014}, langid = {english}
}
@book{tokaev1997,
  author = {Токаев, Касым-Жомарт Кемелевич},
  title = {Под стягом независимости},
  address = {Алматы}, publisher = {Білім}, year = {1997}, pagetotal = {712}, langid = {russian}
}
@book{unused, author = {Әуезов, Мұхтар}, title = {Абай жолы}, address = {Алматы}, publisher = {Жазушы},
  year = {1997}, langid = {kazakh}}
@report{un2020, author = {{Біріккен Ұлттар Ұйымы}}, title = {Орталық Азия туралы баяндама},
  address = {Нью-Йорк}, publisher = {БҰҰ}, year = {2020}, langid = {kazakh}}
"""

SOURCE = """---
title: Сыртқы саясат
bibliography: refs.bib
nocite: "@un2020"
---

# Кіріспе

Тәуелсіздік жылдары [@nazarbayev2007, 45 б.] сыртқы саясат қалыптасты [@smith2014; @tokaev1997].
Назарбаев [-@nazarbayev2007] атап өткендей, ал [@missing] жоқ. Хат: info@example.kz, сурет @fig-x емес.

# Әдебиет

::: {#refs}
:::

# Қосымша

Соңғы бет.
"""


def _project(folder: Path, source: str = SOURCE, bib: str = BIB) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.md").write_text(source, encoding="utf-8")
    return folder / "doc.md"


def _cites(doc: m.Document) -> list[m.Cite]:
    return list(m.query(doc, m.Cite))


def test_the_syntax_pandoc_reads():
    doc = read_string(SOURCE, "t.md")
    cites = _cites(doc)
    assert [(c.textual, [(i.key, i.locator, i.label, i.suppress_author) for i in c.items]) for c in cites] == [
        (False, [("nazarbayev2007", "45", "page", False)]),
        (False, [("smith2014", "", "", False), ("tokaev1997", "", "", False)]),
        (False, [("nazarbayev2007", "", "", True)]),
        (False, [("missing", "", "", False)]),
    ]
    assert (cites[0].line, cites[0].column) == (9, 21)
    text = m.plain_text(doc.blocks[1])
    assert "info@example.kz" in text and "@fig-x" in text  # an e-mail and a cross-reference are no citations
    prefixed = _cites(read_string("Қараңыз [мысалы, @a, б. 12–14; тағы @b, 3 т.] және @c мәтінде.", "t.md"))
    assert [(i.prefix, i.key, i.locator, i.label) for c in prefixed for i in c.items] == [
        ("мысалы,", "a", "12–14", "page"), ("тағы", "b", "3", "volume"), ("", "c", "", "")]
    assert prefixed[1].textual


def test_without_a_bibliography_citations_stay_as_written(tmp_path):
    (tmp_path / "doc.md").write_text("# А\n\nМәтін [@a, 5 б.] және @handle.\n", encoding="utf-8")
    options = Options(project_root=tmp_path)
    doc = load(tmp_path / "doc.md", options)
    assert "[@a, 5\u00a0б.]" in m.plain_text(doc.blocks[1]) and "@handle" in m.plain_text(doc.blocks[1])
    assert [(w.line, w.column) for w in options.warnings if "no bibliography" in w.message] == [(3, 7)]


def test_bibtex_becomes_csl():
    items = {i["id"]: i for i in sources.from_bibtex(BIB, "refs.bib")}
    assert items["nazarbayev2007"]["author"] == [{"family": "Назарбаев", "given": "Нұрсұлтан Әбішұлы"}]
    assert items["smith2014"]["type"] == "article-journal" and items["smith2014"]["page"] == "100–115"  # LaTeX -- decoded
    assert items["smith2014"]["issued"] == {"date-parts": [[2014]]} and items["smith2014"]["language"] == "en"
    assert items["un2020"]["author"] == [{"literal": "Біріккен Ұлттар Ұйымы"}] and items["un2020"]["type"] == "report"
    with pytest.raises(ReportgenError) as bad:
        sources.from_bibtex("@book{a, title = {x}\n@book{b,", "bad.bib")
    assert "bad.bib" in str(bad.value.diagnostic)


def test_a_whole_works_pages_are_its_extent():
    """`pages = {312}` on a book or thesis is how BibTeX users give its extent (biblatex's
    `pagetotal`): ГОСТ's «– 312 б.»; a chapter's or an article's pages stay its place in the host."""
    items = {i["id"]: i for i in sources.from_bibtex(
        "@book{b, title={A}, pages={312}}\n@phdthesis{t, title={T}, pages={180}}\n"
        "@incollection{c, title={C}, booktitle={B}, pages={101--130}}\n@book{r, title={R}, pages={10--20}}\n", "refs.bib")}
    assert items["b"]["number-of-pages"] == "312" and "page" not in items["b"]
    assert items["t"]["number-of-pages"] == "180"
    assert items["c"]["page"] == "101–130" and "number-of-pages" not in items["c"]
    assert items["r"]["page"] == "10–20"  # a range on a book: pages cited, left as written


def test_gost_numbers_in_order_of_first_citation_with_each_languages_terms(tmp_path):
    options = Options(project_root=tmp_path)
    doc = load(_project(tmp_path), options)
    rendered = [m.plain_text(c).replace("\u00a0", " ") for c in _cites(doc)]
    assert rendered == ["[1, 45 б.]", "[2, 3]", "[1]", "[?missing]"]
    assert [w.message.split(":")[0] for w in options.warnings if "bibliography" in w.message] == [
        "citation @missing is in no bibliography"]
    bibliography = next(m.query(doc, m.Bibliography))
    entries = [(e.id, e.number, m.plain_text(e).replace("\u00a0", " ")) for e in bibliography.entries]
    # golden strings, ГОСТ Р 7.0.100-2018 as its examples write a book («Гаврилов, А. В. Отечественная
    # война 1812 года / А. В. Гаврилов. – Москва : Наука, 2015. – 200 с.») and an article («… //
    # Журнал. – 2014. – Т. 5, № 2. – С. 100–115.»); each entry in its own language (§ 4.4):
    # Kazakh «б.», English «Vol.», «P.», Russian «с.»; an organization as author (un2020) goes in the
    # statement of responsibility only, the record starting with the title (§ 5.2.2, ГОСТ 7.80)
    assert entries == [
        ("nazarbayev2007", 1, "Назарбаев, Н. Ә. Қазақстан жолы / Н. Ә. Назарбаев. – Қарағанды : Арко, 2007. – 372 б."),
        ("smith2014", 2, "Smith, J. Central Asian security after 2001 / J. Smith, J. Doe // Journal of Eurasian "
                         "Studies. – 2014. – Vol. 5, № 2. – P. 100–115."),
        ("tokaev1997", 3, "Токаев, К.-Ж. К. Под стягом независимости / К.-Ж. К. Токаев. – Алматы : Білім, 1997. – 712 с."),
        ("un2020", 4, "Орталық Азия туралы баяндама / Біріккен Ұлттар Ұйымы. – Нью-Йорк : БҰҰ, 2020."),
    ]
    no_break = m.plain_text(bibliography.entries[0])
    assert "372\u00a0б." in no_break and "Vol.\u00a05" in m.plain_text(bibliography.entries[1])
    # where `::: {#refs}` stands, not at the end
    refs = next(b for b in doc.blocks if isinstance(b, m.Div) and b.id == "refs")
    assert isinstance(refs.children[-1], m.Bibliography) and isinstance(doc.blocks[-1], m.Paragraph)
    # names in references are no index mentions
    assert not any(isinstance(n, m.Mention) for n in m.walk(bibliography))


def test_a_refs_div_after_no_heading_gets_the_lists_heading(tmp_path):
    """`::: {#refs}` written at the end of a chapter's text is a section of its own, titled as
    at the end of the document; after the author's own heading it keeps that one."""
    source = _project(tmp_path, SOURCE.replace("# Әдебиет\n\n", "Соңғы сөйлем.\n\n"))
    doc = load(source, Options(project_root=tmp_path))
    at = next(k for k, b in enumerate(doc.blocks) if isinstance(b, m.Div) and b.id == "refs")
    heading = doc.blocks[at - 1]
    assert isinstance(heading, m.Heading) and heading.level == 1 and "unnumbered" in heading.classes
    assert m.plain_text(heading).replace(m.SHY, "") == "Пайдаланылған әдебиеттер тізімі"
    assert m.plain_text(doc.blocks[at - 2]).replace(m.SHY, "").startswith("Соңғы сөйлем")
    doc = load(_project(tmp_path / "own"), Options(project_root=tmp_path / "own"))
    assert [m.plain_text(b).replace(m.SHY, "") for b in doc.blocks if isinstance(b, m.Heading)] == ["Кіріспе", "Әдебиет", "Қосымша"]


def test_author_date_styles_work_too(tmp_path):
    source = _project(tmp_path, SOURCE.replace("nocite:", "csl: apa\nnocite:"))
    doc = load(source, Options(project_root=tmp_path))
    rendered = [m.plain_text(c).replace("\u00a0", " ") for c in _cites(doc)]
    assert rendered[0].startswith("(Назарбаев, 2007") and "Smith & Doe, 2014" in rendered[1]
    assert not next(m.query(doc, m.Bibliography)).numbered


def test_references_in_json_yaml_and_front_matter(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"id": "j", "type": "book", "title": "JSON кітабы",
                                                   "issued": {"date-parts": [[2020]]}}]), encoding="utf-8")
    (tmp_path / "b.yaml").write_text("references:\n- id: y\n  type: book\n  title: YAML кітабы\n", encoding="utf-8")
    (tmp_path / "doc.md").write_text(
        "---\nbibliography: [a.json, b.yaml]\nreferences:\n- id: f\n  type: book\n  title: Алдыңғы бет\n---\n\n"
        "# А\n\n[@j; @y; @f]\n", encoding="utf-8")
    doc = load(tmp_path / "doc.md", Options(project_root=tmp_path))
    assert [e.id for e in next(m.query(doc, m.Bibliography)).entries] == ["j", "y", "f"]


def test_a_bibliography_outside_the_project_is_refused(tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    project = tmp_path / "p"
    project.mkdir()
    (project / "doc.md").write_text("---\nbibliography: ../refs.bib\n---\n\n[@smith2014]\n", encoding="utf-8")
    result = run_cli("build", str(project / "doc.md"), "--out", str(project / "out"), cwd=project)
    assert result.returncode == 1 and b"outside the project" in result.stderr and b"Traceback" not in result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cite")
    source = _project(folder)
    result = run_cli("build", str(source), "--out", str(folder / "out"), cwd=folder)
    assert result.returncode == 0, result.stderr.decode()
    return folder / "out"


def test_pdf_shows_citations_and_the_list(built):
    text = " ".join("\n".join(pdf_pages(built / "doc.pdf")).replace("\u00a0", " ").split())
    assert "[1, 45 б.]" in text and "[2, 3]" in text and "[@" not in text
    assert "1. Назарбаев, Н. Ә. Қазақстан жолы / Н. Ә. Назарбаев. – Қарағанды : Арко, 2007. – 372 б." in text
    assert "3. Токаев, К.-Ж. К." in text


def test_docx_has_an_editable_list_linked_from_the_citations(built):
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(built / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    entries = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
               and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Bibliography"]
    assert len(entries) == 4 and "".join(entries[0].itertext()).startswith("1.Назарбаев")
    assert entries[0].find(f".//{W}tab") is not None  # «1.», a tab, the entry: a hanging indent
    names = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    anchors = [h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink") if "".join(h.itertext()).startswith("[")]
    assert len(anchors) == 3 and set(anchors) <= names


def test_epub_links_both_ways(built):
    sys.path.insert(0, str(ROOT / "tests" / "writers" / "epub"))
    from epub_helpers import epubcheck

    H = "{http://www.w3.org/1999/xhtml}"
    with zipfile.ZipFile(built / "doc.epub") as z:
        pages = {n: etree.fromstring(z.read(n)) for n in z.namelist() if re.search(r"section-\d+\.xhtml$", n)}
    lists = [(n, d) for n, p in pages.items() for d in p.iter(f"{H}div")
             if d.get("{http://www.idpf.org/2007/ops}type") == "bibliography"]
    assert len(lists) == 1
    name, div = lists[0]
    entries = list(div.iter(f"{H}li"))
    assert [e.get("id") for e in entries] == ["ref-nazarbayev2007", "ref-smith2014", "ref-tokaev1997", "ref-un2020"]
    back = [a.get("href") for e in entries for a in e.iter(f"{H}a") if a.get("role") == "doc-backlink"]
    # a mark the embedded PT Serif has (it has no arrows: «↩» fell to a reader's own font), labelled
    assert {(a.text, a.get("aria-label")) for e in entries for a in e.iter(f"{H}a")
            if a.get("role") == "doc-backlink"} == {("^", "мәтінге қайту")}
    assert back == ["section-01.xhtml#cite-nazarbayev2007", "section-01.xhtml#cite-smith2014",
                    "section-01.xhtml#cite-smith2014"]  # un2020 is only in nocite: no citation to go back to
    forward = [a.get("href") for a in pages["EPUB/section-01.xhtml"].iter(f"{H}a")]
    assert "section-02.xhtml#ref-nazarbayev2007" in forward
    report = epubcheck(built / "doc.epub")
    assert [x["severity"] for x in report.get("messages", [])] == []


def test_check_lists_missing_and_unused_entries(tmp_path):
    from reportgen.check import check_file

    source = _project(tmp_path, SOURCE.replace('nocite: "@un2020"\n', ""))
    findings = [(f.severity, f.line, f.message.split(":")[0]) for f in check_file(source, ("structure",))
                if "bibliography" in f.message]
    assert findings == [("note", 1, "bibliography entry un2020 is never cited"),
                        ("note", 1, "bibliography entry unused is never cited"),
                        ("warning", 9, "citation @missing is in no bibliography")]


MORE = r"""
@incollection{chapter1, author={Омаров, Б. Б.}, title={Қазақ хандығы}, booktitle={Қазақстан тарихы},
  editor={Әбжанов, Х. М.}, address={Алматы}, publisher={Атамұра}, year={2010}, pages={45--60}, langid={kazakh}}
@online{akorda, title={Мемлекет басшысының Жолдауы}, url={https://www.akorda.kz/kz/poslanie},
  urldate={2024-03-01}, year={2024}, langid={kazakh}}
@legislation{law2007, title={Білім туралы}, type={Қазақстан Республикасының 2007 жылғы 27 шілдедегі № 319-III Заңы},
  url={https://adilet.zan.kz/kaz/docs/Z070000319_}, urldate={2024-02-10}, langid={kazakh}}
@phdthesis{thesis1, author={Сейтқали, Айгүл}, title={Қазақстанның сыртқы саясаты},
  type={философия докторы (PhD) дәрежесін алу үшін дайындалған диссертация}, address={Астана}, year={2019},
  pagetotal={150}, langid={kazakh}}
@book{many, author={Иванов, И. И. and Петров, П. П. and Сидоров, С. С. and Козлов, К. К.},
  title={Международные отношения}, address={Москва}, publisher={Наука}, year={2015}, pagetotal={200}, langid={russian}}
@book{edited, editor={Smith, John}, title={Eurasian integration}, address={London}, publisher={Routledge},
  year={2018}, pagetotal={310}, langid={english}}
@book{five, author={Әбенов, Ә. Ә. and Бекова, Б. Б. and Сәрсенов, С. С. and Дәулетов, Д. Д. and Ержанов, Е. Е.},
  title={Қазақстанның сыртқы саясаты}, address={Астана}, publisher={Фолиант}, year={2021}, pagetotal={320},
  langid={kazakh}}
@incollection{chapter4, author={Омаров, Б. Б. and Әлиев, Ә. Ә. and Серікова, С. С. and Нұров, Н. Н.},
  title={Тәуелсіздік жылдары}, booktitle={Қазақстан тарихы}, address={Алматы}, publisher={Атамұра}, year={2010},
  pages={61--90}, langid={kazakh}}
"""


def test_each_kind_of_entry_as_gost_writes_it(tmp_path):
    """Entries in three languages — book, article, chapter, web page, law, thesis, four and five
    authors, a chapter of four, an edited book — against the shapes of ГОСТ Р 7.0.100-2018's examples."""
    keys = ["nazarbayev2007", "smith2014", "tokaev1997", "chapter1", "akorda", "law2007", "thesis1", "many", "edited",
            "five", "chapter4"]
    source = _project(tmp_path, "---\nbibliography: refs.bib\n---\n\n# А\n\n" + "".join(f"[@{k}] " for k in keys) + "\n",
                      BIB + MORE)
    doc = load(source, Options(project_root=tmp_path))
    got = {e.id: m.plain_text(e).replace("\u00a0", " ") for e in next(m.query(doc, m.Bibliography)).entries}
    assert [e.number for e in next(m.query(doc, m.Bibliography)).entries] == list(range(1, 12))
    assert got["chapter1"] == ("Омаров, Б. Б. Қазақ хандығы / Б. Б. Омаров // Қазақстан тарихы / ред. Х. М. Әбжанов. "
                               "– Алматы : Атамұра, 2010. – Б. 45–60.")
    assert got["akorda"] == ("Мемлекет басшысының Жолдауы. – 2024. – URL: https://www.akorda.kz/kz/poslanie "
                             "(қаралған күні: 01.03.2024).")
    assert got["law2007"] == ("Білім туралы : Қазақстан Республикасының 2007 жылғы 27 шілдедегі № 319-III Заңы. – "
                              "URL: https://adilet.zan.kz/kaz/docs/Z070000319_ (қаралған күні: 10.02.2024).")
    assert got["thesis1"] == ("Сейтқали, А. Қазақстанның сыртқы саясаты : философия докторы (PhD) дәрежесін алу үшін "
                              "дайындалған диссертация / А. Сейтқали. – Астана, 2019. – 150 б.")
    # four or more authors: no heading, the record starts with the title (§ 5.2.2); the statement of
    # responsibility names all four, or the first three and «[и др.]» / «[т.б.]» of five or more
    assert got["many"] == ("Международные отношения / И. И. Иванов, П. П. Петров, С. С. Сидоров, К. К. Козлов. – "
                           "Москва : Наука, 2015. – 200 с.")
    assert got["five"] == ("Қазақстанның сыртқы саясаты / Ә. Ә. Әбенов, Б. Б. Бекова, С. С. Сәрсенов [т.б.]. – "
                           "Астана : Фолиант, 2021. – 320 б.")
    assert got["chapter4"] == ("Тәуелсіздік жылдары / Б. Б. Омаров, Ә. Ә. Әлиев, С. С. Серікова, Н. Н. Нұров // "
                               "Қазақстан тарихы. – Алматы : Атамұра, 2010. – Б. 61–90.")
    assert got["edited"] == "Eurasian integration / ed. by J. Smith. – London : Routledge, 2018. – 310 p."


TYPESET_BIB = """@book{zhumabek2019,
  author = {Жұмабеков, Ерлан Сапарұлы}, title = {Қазақстанның аграрлық саясаты},
  publisher = {Қазақ университеті}, address = {Алматы}, year = {2019}, langid = {kazakh}
}
@incollection{brown2018,
  author = {Brown, Lester and Green, Martha}, title = {Water and Wheat in Central Asia},
  booktitle = {Food Security in Eurasia}, editor = {Miller, John}, publisher = {Routledge},
  address = {London}, year = {2018}, pages = {101--130}, langid = {english}
}
"""


def test_the_references_are_typeset_keeping_their_en_dash(tmp_path):
    """The list gets the text's typography — initials bound to the surname («/ Е.\u00a0С.\u00a0Жұмабеков»
    was split at a line end) — but keeps the en dash of ГОСТ's «. – » whatever the text's dash."""
    source = _project(tmp_path, "---\nbibliography: refs.bib\n---\n\n# А\n\nМәтін [@zhumabek2019; @brown2018].\n",
                      TYPESET_BIB)
    doc = load(source, Options(project_root=tmp_path))
    text = {e.id: m.plain_text(e) for e in next(m.query(doc, m.Bibliography)).entries}
    assert "/ Е.\u00a0С.\u00a0Жұмабеков.\u00a0– Алматы" in text["zhumabek2019"]
    assert "—" not in "".join(text.values())


def test_no_reference_line_holds_one_word(tmp_path):
    """In the academic layout «… // Food / Security / in Eurasia …» put «Security» alone on a line:
    a no-break space before the page range's no-break span (see writers/html.py `_NOBR_WORD`)."""
    source = _project(tmp_path, "---\nbibliography: refs.bib\nlayout: academic\n---\n\n# А\n\nМәтін [@brown2018].\n",
                      TYPESET_BIB)
    run_cli("build", str(source), "--to", "pdf", "--out", str(tmp_path / "out"))
    lines = [line.strip() for page in pdf_pages(tmp_path / "out" / "doc.pdf") for line in page.splitlines()]
    at = next(k for k, line in enumerate(lines) if line.startswith("1. Brown"))
    assert lines[at + 1].startswith("Security in Eurasia"), lines[at:at + 3]
