"""Markdown reportgen does not render yet is never silent (issue 15): a warning at its
file:line:column names the construct; text that only looks like it is not reported."""

from __future__ import annotations

from conftest import ESSAY, ROOT
from reportgen import model as m
from reportgen.diagnostics import Warnings
from reportgen.reader import read_file, read_string

SOURCE = """# Бөлім

Мәтін ~~сызылған~~ және H~2~O мен x^2^ бар.

![Сурет](pic.png){#fig-a width=50%}

Формула $E = mc^2$ және

$$a^2 + b^2 = c^2$$

Термин
:   Анықтама.

::: {.note}
Бөлек блок.
:::

| Жол
| екінші жол

+---+---+
| a | b |
+---+---+
| бірге |
+---+---+
"""

# images, math, strikeout, sub/superscript, definition lists, fenced divs, line blocks and grid
# tables are rendered now (tests/writers/test_constructs.py, test_figures.py, test_math.py,
# tests/test_pandoc_tables.py): no warning; a grid table with a cell spanning columns is not read
EXPECTED = [(21, 1, "a grid table with cells spanning rows or columns")]  # images: test_figures.py; math: test_math.py


def _warnings(text: str) -> list[tuple[int, int, str]]:
    warnings = Warnings()
    read_string(text, "t.md", warnings, problems=[])
    return [(w.line, w.column, w.message.split(" is not rendered")[0]) for w in warnings
            if "is not rendered yet" in w.message]


def test_each_unrendered_construct_is_a_located_warning():
    assert _warnings(SOURCE) == EXPECTED


def test_look_alikes_are_not_reported():
    text = ("Баға $5 және $6 аралығында, `~~код~~` мен `$x$` кодта, қару-жарақ | бөлгіш, 2^10 және "
            "a ~ b, Хабар: «иә».\n\nТізім:\n\n- бір\n- екі\n\n| А | Б |\n|---|---|\n| 1 | 2 |\n")
    assert _warnings(text) == []


def test_the_essay_and_the_second_document_have_none():
    for source in (ESSAY, ROOT / "tests" / "fixtures" / "second.md"):
        warnings = Warnings()
        read_file(source, warnings)
        assert [w for w in warnings if "is not rendered yet" in w.message] == []


def test_a_fenced_div_never_closed_is_reported():
    # pandoc's rule: an opening fence without its closing `:::` is no div; its text stays, named
    assert _warnings("Кіріспе.\n\n::: {.note}\nМәтін.\n") == [(3, 1, "a fenced div")]


def test_raw_latex_is_a_located_warning():
    """pandoc's raw_tex: `\\begin{tabular}`, `\\cite[22-23]{key}` are TeX reportgen does not typeset:
    a warning at their place; TeX inside `$…$` is math (texmath.py) and `\\{` an escaped brace."""
    text = ("\\begin{tabular}{ll}\nA & B\n\\end{tabular}\n\nМәтін \\cite[22-23]{smith} және $\\frac{a}{b}$, "
            "\\{ жақша \\}.\n")
    assert _warnings(text) == [(1, 1, "raw LaTeX"), (5, 7, "raw LaTeX")]


def test_a_paragraph_of_latex_commands_is_left_out_with_a_warning():
    """`\\newpage` alone (pandoc's raw TeX block, which pandoc leaves out of HTML, DOCX and EPUB):
    a located warning, and nothing of it in the text; a command inside a sentence stays a warning."""
    warnings = Warnings()
    doc = read_string("Бірінші.\n\n\\newpage\n\n\\vspace{1cm} \\clearpage\n\nСоңғы \\textbf{x} мәтін.\n", "t.md", warnings)
    assert [m.plain_text(b) for b in doc.blocks] == ["Бірінші.", "Соңғы \\textbf{x} мәтін."]
    assert [(w.line, w.column) for w in warnings if "left out" in w.message] == [(3, 1), (5, 1)]
    assert [(w.line, w.column) for w in warnings if "is not rendered" in w.message] == [(7, 7)]


def test_an_html_comment_is_in_no_output_and_an_escaped_space_binds():
    """`<!-- … -->` is the author's note to self: left out, block or inline, without a warning
    (it was printed as text with «raw HTML is not passed through»); pandoc's escaped space
    `Сөз\\ арасы` is a no-break space (it was printed with its backslash)."""
    warnings = Warnings()
    doc = read_string("Мәтін <!-- ішкі --> жалғасы, Сөз\\ арасы.\n\n<!--\nкөп жолды\n-->\n\nСоңы.\n", "c.md", warnings)
    assert [m.plain_text(b) for b in doc.blocks] == ["Мәтін  жалғасы, Сөз\u00a0арасы.", "Соңы."]
    assert list(warnings) == []
    kept = Warnings()
    read_string("<div>мәтін</div>\n", "d.md", kept)  # other raw HTML is still shown and warned of
    assert len(list(kept)) == 1
