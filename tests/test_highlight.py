"""Fenced code with a language is highlighted by Pygments in all three outputs (issue 15): the same
token kinds become HTML classes (PDF, EPUB) and DOCX character styles; the text is unchanged;
an unknown language is plain."""

from __future__ import annotations

import re
import zipfile

from conftest import pdf_pages, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from reportgen.highlight import runs

SOURCE = '''# Код

```python
def flow(v, s):
    # ағын
    return v * s + 1.5  # "text"
```

```nosuchlanguage
plain text
```
'''
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
H = "{http://www.w3.org/1999/xhtml}"


def test_runs_carry_the_token_kinds():
    got = runs("def flow(v):\n    return 'a'  # c\n", "python")
    kinds = {kind: text for kind, text in got}
    assert kinds["keyword"] in ("def", "return") and kinds["name"] == "flow"
    assert ("string", "'a'") in got and ("comment", "# c") in got
    assert runs("x = 1", "nosuchlanguage") == [("", "x = 1")] and runs("x", "") == [("", "x")]


@settings(max_examples=50, derandomize=True)
@given(st.text(max_size=200), st.sampled_from(["python", "c", "json", "bash", "", "unknown"]))
def test_the_text_is_never_changed(text, language):
    assert "".join(value for _kind, value in runs(text, language)) == text


def test_every_output_highlights(tmp_path):
    (tmp_path / "doc.md").write_text(SOURCE, encoding="utf-8")
    result = run_cli("build", str(tmp_path / "doc.md"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    with zipfile.ZipFile(tmp_path / "out" / "doc.epub") as z:
        page = etree.fromstring(z.read("EPUB/section-01.xhtml"))
    spans = {(s.get("class"), s.text) for s in page.iter(f"{H}span") if (s.get("class") or "").startswith("tok-")}
    assert ("tok-keyword", "def") in spans and ("tok-name", "flow") in spans and ("tok-comment", "# ағын") in spans
    pres = ["".join(p.itertext()) for p in page.iter(f"{H}pre")]
    assert pres[0].startswith("def flow(v, s):\n    # ағын") and pres[1] == "plain text"
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    styled = {(r.find(f"{W}rPr/{W}rStyle").get(f"{W}val"), "".join(r.itertext())) for r in body.iter(f"{W}r")
              if r.find(f"{W}rPr/{W}rStyle") is not None}
    assert ("CodeKeyword", "def") in styled and ("CodeComment", "# ағын") in styled
    text = "\n".join(pdf_pages(tmp_path / "out" / "doc.pdf"))
    assert "def flow(v, s):" in text and "plain text" in text
