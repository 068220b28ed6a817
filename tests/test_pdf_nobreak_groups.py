"""Nothing inside a no-break group is broken in the PDF (issue 18 item 2): «Н. Назарбаев» keeps
the surname whole even where the same surname elsewhere («Нұрсұлтан Назарбаев») may be
hyphenated — WeasyPrint takes hyphenation points per word, the model has them per occurrence."""

from __future__ import annotations

import re

from conftest import pdf_pages, run_cli
from reportgen import model as m
from reportgen.writers.html import HtmlRenderer

TEXT = ("---\ntitle: Т\nlang: kk\n---\n\n# Бөлім\n\nНұрсұлтан Назарбаев пен Нұрсұлтан Назарбаевтың сөзі. "
        + " ".join(["Президент Н. Назарбаев мәлімдеді.", "Елбасы Н. Назарбаевтың ұсынысы."] * 40) + "\n")


def test_no_break_group_is_never_hyphenated(tmp_path):
    (tmp_path / "nb.md").write_text(TEXT, encoding="utf-8")
    result = run_cli("build", "nb.md", "--to", "pdf", "--out", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    lines = [line.strip() for page in pdf_pages(tmp_path / "out" / "nb.pdf", layout=True) for line in page.splitlines()]
    assert any(line.endswith("-") for line in lines), "the paragraph hyphenates elsewhere: the test can see a break"
    broken = [line for line in lines if re.search(r"(^|\s)Н\.$", line) or re.search(r"(^|\s)Н\.\s+\w+-$", line)]
    assert broken == []


def test_only_occurrences_without_points_are_marked():
    renderer = HtmlRenderer(m.Document(blocks=[]), soft_hyphens=False, hyphenated=frozenset({"Назарбаев"}))
    html = renderer.text("Нұрсұлтан На\u00adзар\u00adба\u00adев пен Н.\u00a0Назарбаев, БҰҰ\u2011ның 2001\u00a0жылы.")
    assert html == ('Нұрсұлтан Назарбаев пен <span style="hyphens: manual">Н.\u00a0Назарбаев,</span> '
                    '<span class="nobr">БҰҰ-ның</span> 2001\u00a0жылы.')


def test_a_range_of_figures_stays_on_one_line(essay_pdf):
    """«300–500 миллиард», «1999–2001»: a line never ends at a range's en dash (issue 18 item 3;
    the essay's A4 PDF broke «жылына 300–/500»)."""
    lines = [line.rstrip() for page in pdf_pages(essay_pdf, layout=True) for line in page.splitlines()]
    assert [line for line in lines if re.search(r"\d[–-]$", line)] == []
    from reportgen.writers.html import text_markup

    assert text_markup("жылына 300–500\u00a0миллиард, 1999–2001") == (
        'жылына <span class="nobr">300–500\u00a0миллиард,</span> <span class="nobr">1999–2001</span>')


def test_a_no_break_space_before_a_range_joins_its_span():
    """«– С.\u00a0101–130.» at a reference's end: the span takes in «С.» (a no-break space just
    before the span made WeasyPrint end the line three words early: «// Food / Security / in …»;
    the PDF is tested in tests/citations/test_citations.py)."""
    from reportgen.writers.html import text_markup

    assert text_markup("2018. – P.\u00a0101–130.") == '2018. – <span class="nobr">P.\u00a0101–130.</span>'
    assert text_markup("a\u00a0b 1–2") == 'a\u00a0b <span class="nobr">1–2</span>'


def test_a_compound_breaks_at_its_own_hyphen_only():
    """«кез-келген»: «келген», written alone elsewhere, has a point («кел-ген») WeasyPrint took
    for the compound's part too (the essay's A4 PDF printed «кез-кел-/ген»); the compound's
    occurrence gets `hyphens: manual`, so only its own hyphen breaks it."""
    renderer = HtmlRenderer(m.Document(blocks=[]), soft_hyphens=False, hyphenated=frozenset({"келген"}))
    html = renderer.text("жаңа кел\u00adген адам, кез-келген пошым, қару-жарақ")
    assert html == 'жаңа келген адам, <span style="hyphens: manual">кез-келген</span> пошым, қару-жарақ'


def test_a_run_longer_than_a_line_stays_on_the_page(tmp_path):
    """A URL, a hash or a pasted blob with no space in it: WeasyPrint set it on one line past the
    right margin, off the page (pdftotext found 167 of 5 000 letters); the print edition gives a
    run longer than a line a break opportunity every 40 characters (writers/html.py `_LONG_RUN`)."""
    from conftest import build_source

    out, _ = build_source(tmp_path, "# А\n\n" + "ө" * 5000 + "\n", "--to", "pdf")
    text = "".join(pdf_pages(out / "doc.pdf"))
    assert text.count("ө") == 5000
