"""Text in another language is tagged as such in every output (issue 18 item 18): a span
`[…]{lang=en}` gives HTML/XHTML `lang` (the PDF and the EPUB) and DOCX `w:lang` on its runs; the
essay's English titles in footnote 7 are so marked."""

from __future__ import annotations

import re
import zipfile

from conftest import ESSAY, run_cli
from reportgen.writers.meta import span_lang

DOC = "---\ntitle: T\nlang: kk\n---\n\n# Б\n\nКітап [The Clash of *Civilizations*]{lang=en} деп аталады.\n"


def test_span_lang_is_a_language_tag():
    assert span_lang({"lang": "en"}) == "en" and span_lang({"lang": "en-GB"}) == "en-GB"
    assert span_lang({"lang": 'en" onload="x'}) == "" and span_lang({}) == ""


def test_every_output_tags_the_span(tmp_path):
    (tmp_path / "doc.md").write_text(DOC, encoding="utf-8")
    result = run_cli("build", "doc.md", "--to", "docx,epub", "--out", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as z:
        document = z.read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:r>(.*?)</w:r>", document)
    english = "".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", r)) for r in runs if '<w:lang w:val="en"/>' in r)
    assert english == "The Clash of Civilizations"
    assert all("w:lang" not in r for r in runs if "деп" in r)
    with zipfile.ZipFile(tmp_path / "out" / "doc.epub") as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert re.search(r'<span lang="en" xml:lang="en">The Clash of <em>Civilizations</em></span>', xhtml)


def test_the_essays_english_titles_are_marked():
    text = ESSAY.read_text(encoding="utf-8")
    for title in ("The Clash of Civilizations and the Remaking of World Order", "Foreign Affairs",
                  "The Clash of Civilizations?"):
        assert f"[{title}]{{lang=en}}" in text


def test_the_pdf_structure_element_carries_the_language(tmp_path):
    """PDF/UA-1 § 7.2 (ISO 32000-1 § 14.9.2): the span's structure element has /Lang (en), the
    document /Lang kk; WeasyPrint writes the document's only (weasyprint_fixes.tag_languages)."""
    from pypdf import PdfReader

    (tmp_path / "doc.md").write_text(DOC, encoding="utf-8")
    assert run_cli("build", "doc.md", "--to", "pdf", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    reader = PdfReader(str(tmp_path / "out" / "doc.pdf"))
    tagged = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Lang" in node:
                tagged.append((str(node.get("/S")), str(node["/Lang"])))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert tagged == [("/Span", "en")]
    assert str(reader.trailer["/Root"]["/Lang"]) == "kk"
