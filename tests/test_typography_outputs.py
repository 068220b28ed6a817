"""Kazakh typography as it reaches the reader, read back from all three outputs of the essay
(issue 5): quotes, dashes, no-break spaces, digit grouping, glued suffix hyphens, hyphenation."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from conftest import ESSAY, hand_divided, pdf_pages, run_cli

from reportgen.typography.hyphenate import break_points

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("all")
    result = run_cli("build", str(ESSAY), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()
    return out


def pdf_text(out: Path) -> str:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(out / "essay.pdf").pages)
    text = re.sub(r"(?<=\w)-\n(?=\w)", "", text)  # a word hyphenated at a line end, joined again
    text = re.sub(r"(?<=–)\n", "", text).replace("\n", " ")
    # pypdf puts a space between separately positioned runs («46 <nbsp> 800-ден», the suffix word
    # being an unbreakable span of its own); the typeset text never has a space beside a U+00A0
    return re.sub(r" ?\u00a0 ?", "\u00a0", text)


def docx_text(out: Path) -> str:
    parts = []
    with zipfile.ZipFile(out / "essay.docx") as z:
        for name in ("word/document.xml", "word/footnotes.xml"):
            for el in etree.fromstring(z.read(name)).iter(f"{W}t", f"{W}noBreakHyphen", f"{W}softHyphen", f"{W}p"):
                if el.tag == f"{W}t":
                    parts.append(el.text or "")
                elif el.tag == f"{W}noBreakHyphen":
                    parts.append("\u2011")
                elif el.tag == f"{W}softHyphen":
                    parts.append("\u00ad")
                else:
                    parts.append(" ")
    return "".join(parts)


def epub_text(out: Path) -> str:
    parts = []
    with zipfile.ZipFile(out / "essay.epub") as z:
        for name in sorted(n for n in z.namelist() if re.search(r"section-\d+\.xhtml$", n)):
            parts.append("".join(etree.fromstring(z.read(name)).itertext()))
    return " ".join(parts)


READERS = {"pdf": pdf_text, "docx": docx_text, "epub": epub_text}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_typeset_text_in_every_output(outputs, fmt):
    raw = READERS[fmt](outputs)
    if fmt == "docx":  # the range's en dash joined to the next figure (U+2060: issue 18 item 3)
        assert "1999–\u20602001" in raw
    text = raw.replace("\u00ad", "").replace("\u2060", "")
    # nested quotes: „…“ inside «…» (Huntington's forecast)
    assert re.search("«XXI\u00a0ғасыр „өркениеттер тоғысуы“ емес, „өркениеттер қақтығысы“ ғасыры болады", text)
    assert "1999–2001" in text and "1999-2001" not in text
    assert "К.\u00a0Аннан" in text and "Н.\u00a0Назарбаев" in text
    assert "46\u00a0800" in text and "46.800" not in text
    assert "№\u00a01373" in text
    dashes = [m.start() for m in re.finditer("—", text)]
    assert len(dashes) >= 20
    assert all(text[i - 1] == "\u00a0" for i in dashes), [text[i - 15 : i + 2] for i in dashes if text[i - 1] != "\u00a0"]
    assert not re.search(r"(?<!\.)\.\.\.(?!\.)", text), "three dots left (TOC leaders are longer runs)"
    assert '"' not in text


def test_suffix_hyphen_is_unbreakable(outputs):
    assert "БҰҰ\u2011ның" in docx_text(outputs)  # w:noBreakHyphen
    with zipfile.ZipFile(outputs / "essay.epub") as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert re.search(r'<span class="nobr">БҰҰ-ның</span>', xhtml)
    for page in pdf_pages(outputs / "essay.pdf", layout=True):
        assert not re.search(r"\bБҰҰ-\s*$", page, re.M), "БҰҰ- broken at a line end"
    assert "БҰҰ-ның" in pdf_text(outputs)


def test_pdf_is_hyphenated_only_where_allowed(outputs):
    """Each line-end break of the PDF: where the word is in the hand-divided list
    (bench/data/hyphenation-words.txt) a break the list allows, else one of the hyphenator's."""
    gold = hand_divided()
    broken = by_hand = 0
    source = ESSAY.read_text(encoding="utf-8")
    for page in pdf_pages(outputs / "essay.pdf", layout=True):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        for line, following in zip(lines, lines[1:]):
            head = re.search(r"(\w+)-$", line)
            tail = re.match(r"([^\W\d_]+)", following)  # a word cut at a page end goes on after the notes: skipped
            if not head or not tail:
                continue
            word = head.group(1) + tail.group(1)
            if f"{head.group(1)}-{tail.group(1)}" in source:
                continue  # a compound broken at its own hyphen
            broken += 1
            if word.lower() in gold:
                by_hand += 1
                assert len(head.group(1)) in gold[word.lower()], f"{head.group(1)}-|{tail.group(1)}: not in the hand-divided list"
            else:
                assert len(head.group(1)) in break_points(word), f"{head.group(1)}-|{tail.group(1)}: not an allowed break"
    assert broken >= 20 and by_hand >= 20, "the PDF should be hyphenated"
    print(f"{broken} line-end breaks, {by_hand} of words in the hand-divided list")
