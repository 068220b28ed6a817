"""Section numbers (issue 16, `number-sections: true`): «1», «1.1», «2» before the headings in every
output and in the contents, the structural headings («Кіріспе», «Қорытынды», the references list)
and `{-}` ones left unnumbered, as ГОСТ 7.32 asks; `@sec-id` cites the same numbers."""

from __future__ import annotations

import re
import zipfile

from conftest import pdf_pages, run_cli
from lxml import etree

from reportgen import model as m
from reportgen.pipeline import Options, load
from reportgen.sections import is_numbered

SOURCE = """---
title: Бөлімдер
number-sections: true
---

# Кіріспе

Мәтін, @sec-method-де көрсетілгендей.

# Теориялық негіздер

## Ұғымдар

## Әдістер {#sec-method}

### Тереңірек

# Практикалық бөлім

## Талдау {-}

# Қорытынды

Соңы.
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _headings(doc):
    return [m.plain_text(h) for h in doc.blocks if isinstance(h, m.Heading)]


def test_numbers_follow_the_outline_and_skip_structural_headings(tmp_path):
    (tmp_path / "doc.md").write_text(SOURCE, encoding="utf-8")
    doc = load(tmp_path / "doc.md", Options(project_root=tmp_path))
    assert _headings(doc) == ["Кіріспе", "1 Теориялық негіздер", "1.1 Ұғымдар", "1.2 Әдістер", "1.2.1 Тереңірек",
                              "2 Практикалық бөлім", "Талдау", "Қорытынды"]
    links = [(m.plain_text(n), n.target) for n in m.query(doc, m.Link)]
    assert links == [("1.2\u2011бөлімде", "#sec-method")]  # the printed number (typography: a no-break hyphen)
    assert not is_numbered(m.Heading(level=1, children=[m.Text("Қосымша А")]))
    # under an unnumbered heading nothing is numbered; an unnumbered heading is cited by its title
    (tmp_path / "b.md").write_text("# Кіріспе {#sec-intro}\n\n## Мақсат\n\n# Тарау\n\n@sec-intro-де.\n",
                                   encoding="utf-8")
    doc = load(tmp_path / "b.md", Options(project_root=tmp_path))
    from reportgen.sections import outline
    assert sorted(outline(doc).values()) == ["1"]
    assert [m.plain_text(n).replace("\u00ad", "") for n in m.query(doc, m.Link)] == ["Кіріспеде"]
    assert not is_numbered(m.Heading(level=1, children=[m.Text("Пайдаланылған әдебиеттер тізімі")]))


def test_without_the_setting_nothing_changes(tmp_path):
    (tmp_path / "doc.md").write_text(SOURCE.replace("number-sections: true\n", ""), encoding="utf-8")
    doc = load(tmp_path / "doc.md", Options(project_root=tmp_path))
    assert _headings(doc)[1] == "Теориялық негіздер"


def test_every_output_shows_the_numbers(tmp_path):
    (tmp_path / "doc.md").write_text(SOURCE, encoding="utf-8")
    result = run_cli("build", str(tmp_path / "doc.md"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    text = "\n".join(pdf_pages(tmp_path / "out" / "doc.pdf")).replace("\u00a0", " ")
    assert re.search(r"1\.2 Әдістер\s*\.{3,}", text)  # in the contents
    assert re.search(r"^1\.2\.1 Тереңірек$", text, re.M)
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as z:
        body = "".join(etree.fromstring(z.read("word/document.xml")).itertext()).replace("\u00a0", " ")
    assert "2 Практикалық бөлім" in body and "1 Кіріспе" not in body
    with zipfile.ZipFile(tmp_path / "out" / "doc.epub") as z:
        nav = z.read("EPUB/nav.xhtml").decode()
    assert re.search(r'<span class="section-number">1</span> Теориялық негіздер', nav.replace("\u00ad", ""))
