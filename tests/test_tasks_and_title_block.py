"""Two more of pandoc's Markdown extensions (issue 15): task lists (`- [ ] …`, `- [x] …`: the box
☐ or ☒ as the item's first text, in every output) and the title block (`% title`, `% authors`,
`% date` at the very start), read as pandoc reads them."""

from __future__ import annotations

import json
import subprocess
import zipfile

from conftest import pdf_pages, run_cli

from reportgen import model as m
from reportgen.diagnostics import Warnings
from reportgen.reader import read_string

TASKS = "# Жоспар\n\n- [ ] Кестені толтыру\n- [x] Дереккөздерді жинау\n- [X] Кіріспе\n\n1. [ ] Бірінші\n\nЖай тізім:\n\n- [ ]\n- мәтін [x] ортасында\n- [сілтеме](http://a.kz) бар\n"


def test_task_items_get_their_state_and_box():
    doc = read_string(TASKS, "t.md", Warnings())
    lists = list(m.query(doc, m.BulletList, m.OrderedList))
    tasks, ordered, plain = lists
    assert [i.task for i in tasks.items] == ["todo", "done", "done"]
    assert [m.plain_text(i) for i in tasks.items] == ["☐\u00a0Кестені толтыру", "☒\u00a0Дереккөздерді жинау", "☒\u00a0Кіріспе"]
    assert [i.task for i in ordered.items] == ["todo"]
    assert [i.task for i in plain.items] == ["", "", ""]  # `[ ]` alone, `[x]` inside the text, a link
    assert m.plain_text(plain.items[0]) == "[ ]"


def test_task_lists_in_every_output(tmp_path):
    (tmp_path / "doc.md").write_text("---\ntitle: Жоспар\n---\n\n" + TASKS, encoding="utf-8")
    result = run_cli("build", "doc.md", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert b"warning" not in result.stderr  # the boxes are reportgen's own: set in a fallback font without a note
    text = "\n".join(pdf_pages(tmp_path / "out" / "doc.pdf")).replace("\u00ad", "")
    assert "☐ Кестені толтыру" in text.replace("\u00a0", " ") and "☒ Дереккөздерді жинау" in text.replace("\u00a0", " ")
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as z:
        body = z.read("word/document.xml").decode()
    assert "☐" in body and "☒" in body
    # the box is the item's marker: no bullet before it (LibreOffice showed «• ☒»)
    from lxml import etree
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    styles = {"".join(p.itertext()).replace("\u00ad", ""): p.find(f"{w}pPr/{w}pStyle").get(f"{w}val")
              for p in etree.fromstring(body.encode()).iter(f"{w}p") if "".join(p.itertext()).startswith(("☐", "☒"))}
    assert styles == {"☐\u00a0Кестені толтыру": "ListContinue", "☒\u00a0Дереккөздерді жинау": "ListContinue",
                      "☒\u00a0Кіріспе": "ListContinue", "☐\u00a0Бірінші": "ListNumber"}, styles
    with zipfile.ZipFile(tmp_path / "out" / "doc.epub") as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if "section-" in n)
    assert '<ul class="task-list">' in xhtml and '<li class="task done">' in xhtml


TITLE_BLOCK = ("% Халықаралық қатынастар\n  тарихы\n% Асанов А.; Серікова Б.\n  Жақсыбеков Д.; Әлиева Г.;\n"
               "  Нұров Е.\n% 2024 жылғы 5 мамыр\n\n# Кіріспе\n\nМәтін.\n")


def test_the_title_block_is_the_metadata():
    warnings = Warnings()
    doc = read_string(TITLE_BLOCK, "t.md", warnings)
    assert (doc.meta.title, doc.meta.author, doc.meta.date) == (
        "Халықаралық қатынастар тарихы", "Асанов А., Серікова Б., Жақсыбеков Д., Әлиева Г., Нұров Е.",
        "2024 жылғы 5 мамыр")
    heading = next(m.query(doc, m.Heading))
    assert heading.line == 8 and m.plain_text(heading) == "Кіріспе"  # the lines after it keep their numbers
    doc = read_string("%\n% Асанов А.\n\nМәтін.\n", "t.md", Warnings())  # an empty title
    assert (doc.meta.title, doc.meta.author) == ("", "Асанов А.")
    doc = read_string("Мәтін % емес.\n", "t.md", Warnings())
    assert doc.meta.title == "" and m.plain_text(doc.blocks[0]) == "Мәтін % емес."


def test_the_title_block_as_pandoc_reads_it(tmp_path):
    source = tmp_path / "doc.md"
    source.write_text(TITLE_BLOCK, encoding="utf-8")
    meta = json.loads(subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(source)], capture_output=True,
                                     check=True).stdout)["meta"]

    def text(value):
        if value["t"] == "MetaList":
            return [text(v) for v in value["c"]]
        return "".join(i["c"] if i["t"] == "Str" else " " for i in value["c"])

    doc = read_string(TITLE_BLOCK, "doc.md", Warnings())
    assert doc.meta.title == text(meta["title"])
    assert doc.meta.author.split(", ") == text(meta["author"])
    assert doc.meta.date == text(meta["date"])
