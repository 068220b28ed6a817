"""TeX math (issue 15): `$…$` inline and `$$…$$` display (pandoc's rules for `$`), numbered when it
has `{#eq-id}`. EPUB: MathML with its TeX as `alttext` (manifest `mathml` property, EPUBCheck
clean); DOCX: editable Word equations (OMML `m:oMath`/`m:oMathPara`), not pictures — LibreOffice
opens them as formulas; PDF: the formula drawn (ziamath, vector) and tagged with its TeX as /Alt.
TeX latex2mathml cannot read is a located warning and is shown as its source in code style."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, build_source, pdf_pages, run_cli, soffice
from lxml import etree
from pypdf import PdfReader

from reportgen import model as m
from reportgen.diagnostics import Warnings
from reportgen.reader import read_string
from reportgen.texmath import Unsupported, element, mathml, svg
from reportgen.writers.docx.omml import omath

SOURCE = r"""# Формулалар

Эйнштейн формуласы $E = mc^2$ мен $\alpha \leq \beta$, бағасы $5 және $6 (бұл математика емес).

$$\int_0^1 f(x)\,dx = \frac{a+b}{2}$$ {#eq-integral}

Теңдеу @eq-integral бойынша, ал $\sqrt[3]{x} + \sum_{i=1}^{n} i^2$ және $\foo{x}$ деген белгісіз.

$$
\begin{pmatrix}1&2\\3&4\end{pmatrix}
$$
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
H = "{http://www.w3.org/1999/xhtml}"
MML = "{http://www.w3.org/1998/Math/MathML}"


def test_the_reader_makes_math_nodes_by_pandocs_rules():
    warnings = Warnings()
    doc = read_string(SOURCE, "t.md", warnings)
    maths = list(m.query(doc, m.Math))
    assert [(x.tex, x.display) for x in maths] == [
        ("E = mc^2", False), (r"\alpha \leq \beta", False), (r"\int_0^1 f(x)\,dx = \frac{a+b}{2}", True),
        (r"\sqrt[3]{x} + \sum_{i=1}^{n} i^2", False), (r"\foo{x}", False),
        (r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", True)]
    assert "$5 және $6" in m.plain_text(doc.blocks[1])
    integral = maths[2]
    assert integral.id == "eq-integral" and integral.number == 1 and [x.number for x in maths].count(0) == 5
    assert [(x.unsupported != "") for x in maths] == [False, False, False, False, True, False]
    located = [(w.line, w.column) for w in warnings if "TeX" in w.message]
    assert located == [(7, 73)]
    links = [(m.plain_text(n), n.target) for n in m.query(doc, m.Link)]
    assert links == [("1-формула", "#eq-integral")]
    assert m.from_dict(m.to_dict(doc)) == doc


def test_unsupported_tex_is_refused_not_guessed():
    for tex in (r"\frac{a}{", r"x_{1", r"\foo{x}", "", r"a}{b"):
        with pytest.raises(Unsupported):
            mathml(tex)
    assert "<mfrac>" in mathml(r"\frac{1}{2}")


@pytest.mark.parametrize("tex, expected", [
    (r"x^2", "sSup"), (r"x_i", "sSub"), (r"x_i^2", "sSubSup"), (r"\frac{a}{b}", "f"), (r"\sqrt{x}", "rad"),
    (r"\sqrt[3]{x}", "rad"), (r"\sum_{i=1}^{n} i", "nary"), (r"\int_0^1 x\,dx", "nary"), (r"\hat{x}", "acc"),
    (r"\overline{AB}", "bar"), (r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", "m"),
    (r"\lim_{x\to 0} x", "limLow"), (r"display:\lim_{x\to 0} x", "limLow"), (r"display:\sum_{i=1}^{n} i", "nary"),
])
def test_each_mathml_construct_has_its_omml_object(tex, expected):
    display = tex.startswith("display:")
    out = omath(element(tex.removeprefix("display:"), display))
    kinds = {child.tag.split("}")[1] for child in out.iter() if child.tag.startswith(M)}
    assert expected in kinds, etree.tostring(out)
    assert "".join(t.text or "" for t in out.iter(f"{M}t"))  # the characters are there, as text


def test_an_asterisk_is_the_asterisk_operator():
    """`W^*`: an ASCII `*` in OMML is StarMath's multiplication to LibreOffice, which printed «W¿»;
    U+2217 (TeX's math `*`, as unicode-math sets it) shows as the asterisk in LibreOffice and Word."""
    out = omath(element("W^* = a*b", False))
    assert [t.text for t in out.iter(f"{M}t") if "*" in t.text or "\u2217" in t.text] == ["\u2217", "\u2217"]


def test_svg_has_a_size_and_a_baseline():
    markup, width, height, depth = svg(r"\frac{a+b}{2}", False, 16.0)
    assert markup.startswith("<svg") and width > 20 and height > 20 and 0 < depth < height
    ET.fromstring(markup)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("math")
    out, messages = build_source(folder, SOURCE, cwd=folder)
    assert messages.count("cannot be rendered") == 1  # the one unsupported formula, once
    return out


def test_epub_has_mathml(built):
    sys.path.insert(0, str(ROOT / "tests" / "writers" / "epub"))
    from epub_helpers import epubcheck

    with zipfile.ZipFile(built / "doc.epub") as z:
        page = etree.fromstring(z.read("EPUB/section-01.xhtml"))
        opf = z.read("EPUB/content.opf").decode()
    maths = list(page.iter(f"{MML}math"))
    assert [x.get("display") for x in maths] == ["inline", "inline", "block", "inline", "block"]
    assert maths[0].get("alttext") == "E = mc^2"
    assert re.search(r'href="section-01.xhtml"[^>]*properties="[^"]*mathml', opf) or \
        re.search(r'properties="[^"]*mathml[^"]*"[^>]*href="section-01.xhtml"', opf)
    codes = ["".join(c.itertext()) for c in page.iter(f"{H}code")]
    assert r"\foo{x}" in codes
    assert any(e.get("id") == "eq-integral" for e in page.iter())
    report = epubcheck(built / "doc.epub")
    assert [x["severity"] for x in report.get("messages", [])] == []


def test_docx_has_word_equations(built, tmp_path):
    with zipfile.ZipFile(built / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    # the numbered formula: in its line between tab stops (centred, «(1)» at the right margin);
    # the unnumbered one takes its paragraph whole (m:oMathPara)
    assert len(list(body.iter(f"{M}oMathPara"))) == 1
    assert len([e for e in body.iter(f"{M}oMath") if e.getparent().tag != f"{M}oMathPara"]) == 4
    numbered = next(p for p in body.iter(f"{W}p") if "(1)" in "".join(p.itertext()))
    stops = [(t.get(f"{W}val"), int(t.get(f"{W}pos"))) for t in numbered.iter(f"{W}tab") if t.get(f"{W}pos")]
    assert [v for v, _ in stops] == ["center", "right"] and stops[1][1] == 2 * stops[0][1]
    assert [c.tag for c in numbered if c.tag in (f"{W}r", f"{M}oMath")] == [f"{W}r", f"{M}oMath", f"{W}r"]
    assert not list(body.iter(f"{W}drawing"))  # equations, not pictures
    text = "".join(body.itertext())
    assert r"\foo{x}" in text and "$E" not in text and "$$" not in text and "mc^2" not in text
    soffice(built / "doc.docx", tmp_path, "odt")
    with zipfile.ZipFile(tmp_path / "doc.odt") as z:
        objects = [n for n in z.namelist() if re.match(r"Object \d+/content.xml", n)]
        formulas = [z.read(n).decode() for n in objects]
    assert len(objects) == 5 and all("math" in f for f in formulas)  # LibreOffice reads them as formulas


def test_pdf_draws_the_formulas_and_tags_them(built):
    text = "\n".join(pdf_pages(built / "doc.pdf"))
    assert "$E" not in text and "mc^2" not in text and r"\foo{x}" in text and "(1)" in text
    alts = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") in ("/Figure", "/Formula"):
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(PdfReader(str(built / "doc.pdf")).trailer["/Root"]["/StructTreeRoot"])
    assert "E = mc^2" in alts and r"\int_0^1 f(x)\,dx = \frac{a+b}{2}" in alts and len(alts) == 5


@pytest.mark.parametrize("tex, begin, end, script", [
    (r"(1 + r)^t", "(", ")", "sSup"),  # latex2mathml: `(`, `1+r`, `)^t` — the script takes the group
    (r"(a+b)^2", "(", ")", "sSup"),
    (r"x_{(i)}", "(", ")", ""),
    (r"[0, 1)", "[", ")", ""),  # a half-open interval: one group of two kinds
    (r"\{x \mid x > 0\}", "{", "}", ""),
])
def test_brackets_are_delimiter_objects(tex, begin, end, script):
    """Protection: omml._sequence wrote each bracket as a run of its own, and LibreOffice's OMML
    import cannot read a bracket alone: «P = P_0 (1 + r)^t» came out «P=P₀¿»."""
    out = omath(element(tex, False))
    (d,) = [e for e in out.iter(f"{M}d")]
    assert (d.find(f"{M}dPr/{M}begChr").get(f"{M}val"), d.find(f"{M}dPr/{M}endChr").get(f"{M}val")) == (begin, end)
    if script:
        assert d.getparent().getparent().tag == f"{M}{script}"  # m:sSup/m:e/m:d
    assert not [t for t in out.iter(f"{M}t") if (t.text or "").strip() in "()[]{}"]  # no bracket alone


def test_libreoffice_reads_formulas_with_brackets(tmp_path):
    formulas = [r"(a+b)^2 = a^2 + 2ab + b^2", r"f(x) = \sin(x) + [x]", r"\left( \frac{a}{b} \right)^n",
                r"\sum_{i=1}^{n} (x_i - \bar{x})^2", r"[0, 1)", r"P = P_0 (1 + r)^t"]
    source = "# Б\n\n" + "".join(f"$${f}$$\n\n" for f in formulas)
    (tmp_path / "doc.md").write_text(source, encoding="utf-8")
    assert run_cli("build", "doc.md", "--to", "docx", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    text = "\n".join(pdf_pages(soffice(tmp_path / "out" / "doc.docx", tmp_path)))
    assert "¿" not in text  # LibreOffice's mark for what it could not read
    assert text.count("(") >= 5 and "1+r" in text.replace(" ", "")
