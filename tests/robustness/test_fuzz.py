"""Bad input cannot break reportgen: arbitrary or garbled Markdown, binary garbage, invalid UTF-8,
absurd nesting, many footnotes, a huge source. Every run ends in a document (and findings) or a
clean ReportgenError with a location — never another exception, a hang or a partial file.

Most cases stop after `pipeline.load` + `check` (the PDF is slow); a few go end to end through
`reportgen build --to pdf` (tests/robustness/test_end_to_end.py)."""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ESSAY, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen import model as m
from reportgen.check import check_text
from reportgen.diagnostics import ReportgenError, Warnings
from reportgen.pipeline import Options, load
from reportgen.reader import MAX_NESTING, decode, read_string
from reportgen.writers.pdf import render_html

FRAGMENTS = [
    "# ", "## ", "###### ", "> ", ">> ", "- ", "* ", "+ ", "1. ", "2) ", "*", "**", "_", "__", "`", "```\n", "~~~\n",
    "[", "]", "(", ")", "{", "}", "{.org key=un}", "{.date date=2001-09-11}", "{.noindex}", "{#x}", "{#x .y z=1}",
    "[^a]", "[^a]: ", "[^b]", "[^b]: ", "[^", "\n", "\n\n", "---\n", "...\n", "title: x\n", "title: [\n", ": ",
    "<script>", "</div>", "<!--", "-->", "&amp;", "&#0;", "«", "»", "„", "“", '"', " - ", "-", "—", "–", "2001",
    "1373", "жылы", "қыркүйек", "БҰҰ", "БҰҰ-ның", "кару", "Қазақстан", "Біріккен Ұлттар Ұйымы", "ұйымы", "|",
    "\\", "    ", "\t", "!", "![x](http://127.0.0.1:9/x.png)", "[l](file:///etc/passwd)", "<http://x>",
    "\u00a0", "\u2011", "\u00ad", "\r", "\r\n", "\ufeff", "\u200b", "\ud7ff", "𝕏", "a", "A", " ", "=", "===\n",
    "***\n", "| a | b |\n|---|---|\n",
]

markdownish = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def survive(text: str, file: str = "fuzz.md") -> str:
    """Read and check `text`; 'ok' or 'error' (a ReportgenError with a one-line message)."""
    try:
        doc = read_string(text, file, Warnings())
        findings = check_text(text, file)
    except ReportgenError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(file), message
        return "error"
    assert isinstance(doc, m.Document)
    assert all(f.line >= 0 and f.column >= 0 and f.severity in ("error", "warning", "note") for f in findings)
    return "ok"


def survive_load(text: str) -> str:
    """The whole pipeline (reader and transforms: typography, hyphenation, index) on a file."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "fuzz.md"
        source.write_text(text, encoding="utf-8", newline="")
        try:
            doc = load(source, Options(project_root=ROOT))
        except ReportgenError as exc:
            assert "\n" not in str(exc)
            return "error"
        render_html(doc)  # every model the pipeline makes can be rendered
        return "ok"


# Protection (all fuzz tests): the reader turns every bad input into ReportgenError (decode,
# front matter, nesting limits); without it hypothesis finds UnicodeDecodeError, RecursionError,
# YAML errors or writer crashes here.

@settings(max_examples=150, **SETTINGS)
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    survive(text)


@settings(max_examples=300, **SETTINGS)
@given(markdownish)
def test_garbled_markdown(text):
    survive(text)


@settings(max_examples=60, **SETTINGS)
@given(markdownish)
def test_garbled_markdown_through_the_pipeline(text):
    survive_load(text)


@settings(max_examples=150, **SETTINGS)
@given(st.binary(max_size=600))
def test_binary_garbage(data):
    """Protection: reader.decode rejects invalid UTF-8 and NUL bytes with line:column."""
    try:
        text = decode(data, "bin.md")
    except ReportgenError as exc:
        d = exc.diagnostic
        assert d.file == "bin.md" and d.line >= 1 and d.column >= 1
        return
    survive(text, "bin.md")


def test_invalid_utf8_is_located():
    with pytest.raises(ReportgenError) as info:
        decode("Бір\nЕкі ".encode() + b"\xc3\x28", "u.md")
    assert (info.value.diagnostic.line, info.value.diagnostic.column) == (2, 5)


@pytest.mark.parametrize("text", ["", "\n\n", "---\ntitle: Тек\n---\n", "---\n---\n", "\ufeff", "   \n\t\n"])
def test_empty_and_front_matter_only(text):
    assert survive(text) == "ok"
    assert survive_load(text) == "ok"


@pytest.mark.parametrize("name, text, line", [
    ("quotes", ">" * 500 + " тереңдік\n", 1),
    ("quotes-spaced", "".join("> " * i + "жол\n" for i in range(1, 80)), 51),
    ("bullets", "".join("  " * i + "- тармақ\n" for i in range(500)), 51),
    ("ordered", "".join("   " * i + "1. тармақ\n" for i in range(500)), 51),
    ("mixed", "".join(("> " if i % 2 else "  " * (i // 2)) + "- а\n" for i in range(300)), 0),
    ("emphasis", "*" * 2000 + "сөз" + "*" * 2000 + "\n", 1),
    ("links", "[" * 200 + "сөз" + "](x)" * 200 + "\n", 0),
])
def test_absurd_nesting_is_refused_with_its_line(name, text, line):
    """Protection: reader._check_nesting (MAX_NESTING); without it markdown-it silently drops what
    lies past its own limit, or the writers exceed the recursion limit."""
    outcome = survive(text)
    if line:
        assert outcome == "error"
        with pytest.raises(ReportgenError) as info:
            read_string(text, "deep.md")
        assert info.value.diagnostic.line == line and "nested deeper than" in info.value.diagnostic.message
    else:  # looks deep but is not (alternating quotes/lists stay shallow; links do not nest): read whole
        assert outcome == "ok"
        doc = read_string(text, "deep.md")
        words = "".join(t.text for t in m.text_nodes(doc))
        render_html(doc)
        if name == "mixed":  # every line's word is kept, none dropped past a limit
            assert words.count("а") == 300
        else:  # the word and every bracket not taken by a link are kept as text
            links = [n for n in m.walk(doc) if isinstance(n, m.Link)]
            assert words.count("сөз") == 1 and len(links) <= 1
            assert words.count("[") + len(links) == 200


def test_nesting_at_the_limit_is_accepted_and_renders():
    text = ">" * MAX_NESTING + " тереңдік\n\n" + "".join("  " * i + "- а\n" for i in range(MAX_NESTING))
    doc = read_string(text)
    assert "тереңдік" in render_html(doc)
    assert survive_load(text) == "ok"


def test_ten_thousand_footnotes():
    """Protection: the reader finds footnote definitions in one pass (it was quadratic)."""
    calls = "".join(f"Сөз{i}[^n{i}] " + ("\n\n" if i % 50 == 49 else "") for i in range(10_000))
    notes = "".join(f"[^n{i}]: Ескерту {i}.\n" for i in range(10_000))
    text = "# Ескертулер\n\n" + calls + "\n\n" + notes
    start = time.perf_counter()
    doc = read_string(text, "notes.md")
    assert len(doc.footnotes) == 10_000 and doc.footnotes[-1].number == 10_000
    findings = check_text(text, "notes.md", ("structure", "typography"))
    assert not [f for f in findings if f.severity == "error"]
    assert survive_load(text) == "ok"
    assert time.perf_counter() - start < 60


def test_ten_megabyte_source(tmp_path):
    """A 10 MB source (the essay's body many times over) is read in bounded time (no quadratic
    step), and checked and run through the whole pipeline on a 2 MB part of it: the check and the
    transforms are linear (tests/robustness/test_linear_time.py doubles each pathological input)
    but slow — the full 10 MB takes about 50 s to check and over a minute to transform, a sixth of
    this suite's time, for what the doubling tests show already."""
    body = ESSAY.read_text(encoding="utf-8").split("---", 2)[2]
    body = re.sub(r"\[\^[^\]]+\](?!:)", "", body)
    body = "\n".join(line for line in body.split("\n") if not line.startswith("[^"))
    copies = 10 * 1024 * 1024 // len(body.encode()) + 1
    text = "---\ntitle: Үлкен\n---\n" + body * copies
    assert len(text.encode()) >= 10 * 1024 * 1024
    start = time.perf_counter()
    doc = read_string(text, "big.md")
    assert len(doc.blocks) > 10_000
    assert time.perf_counter() - start < 30
    part = "---\ntitle: Үлкен\n---\n" + body * (copies // 5)
    start = time.perf_counter()
    findings = check_text(part, "big.md")
    assert not [f for f in findings if f.severity == "error"]
    assert time.perf_counter() - start < 60
    source = tmp_path / "big.md"
    source.write_text(part, encoding="utf-8")
    start = time.perf_counter()
    assert len(load(source, Options(project_root=ROOT)).blocks) > 2000
    assert time.perf_counter() - start < 60
