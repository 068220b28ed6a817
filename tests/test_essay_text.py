"""Every paragraph and note of the essay, character for character, in the EPUB (and in order in
the PDF; the DOCX: tests/writers/docx/test_docx_text.py), compared with a frozen text (tests/fixtures/essay.typeset.json) — not with
what the pipeline makes in the same run, so that a typography or hyphenation regression shows.

The frozen text is itself checked here against the typography reference's rules: no straight
quote, a no-break space before every dash, a no-break space after initials and №, and every
hyphenation point of a word in the hand-divided list (bench/data/hyphenation-words.txt) one the
list allows. Rewrite it only with scripts/regen-essay-text, and review the diff."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import ESSAY, GOLDEN, NBHY, NBSP, SHY, calls_as, hand_divided, pdf_pages, run_cli, squash
from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("essay")
    result = run_cli("build", str(ESSAY), "--to", "epub", "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()
    return out


def test_the_frozen_text_follows_the_reference():
    texts = GOLDEN["body"] + GOLDEN["notes"]
    assert len(GOLDEN["body"]) == 52 and len(GOLDEN["notes"]) == 15
    joined = "\n".join(texts)
    assert '"' not in joined and "..." not in joined
    dashes = [i for i, ch in enumerate(joined) if ch == "—"]
    assert dashes and all(joined[i - 1] == NBSP for i in dashes if i and joined[i - 1] != "\n")
    assert not re.search(r"\b[А-ЯӘҒҚҢӨҰҮҺІ]\. [А-ЯӘҒҚҢӨҰҮҺІ]", joined), "an initial without its no-break space"
    assert "№ " not in joined
    gold = hand_divided()
    checked = 0
    for word in re.findall(rf"[\w{SHY}{NBHY}-]+", joined):
        plain = word.replace(SHY, "").replace(NBHY, "-").lower()
        if plain not in gold:
            continue
        points, at = set(), 0
        for ch in word:
            if ch == SHY:
                points.add(at)
            else:
                at += 1
        assert points <= gold[plain], f"{word.replace(SHY, '|')}: breaks the hand-divided list does not allow"
        checked += 1
    assert checked >= 100


def test_epub_body_and_notes_are_the_frozen_text(outputs):
    paragraphs, notes = [], []
    with zipfile.ZipFile(outputs / "essay.epub") as z:
        for name in sorted(n for n in z.namelist() if re.search(r"section-\d+\.xhtml$", n)):
            root = etree.fromstring(z.read(name))
            for el in root.iter(f"{XHTML}h1", f"{XHTML}h2", f"{XHTML}h3", f"{XHTML}p"):
                in_note = any(a.tag == f"{XHTML}aside" for a in el.iterancestors())
                text = "".join(t for t in el.itertext())
                (notes if in_note else paragraphs).append(text)
    expected = [t.replace(NBHY, "-") for t in calls_as(GOLDEN["body"], r"\1")]  # U+2011: a nobr span, "-"
    assert [p for p in paragraphs if p in expected] == expected
    assert len(paragraphs) == len(expected)
    clean = [re.sub(r"^\s*\d+\.?\s*|\s*↩\s*$", "", n) for n in notes]
    assert [n for n in clean if n] == [t.replace(NBHY, "-") for t in GOLDEN["notes"]]


def test_pdf_has_every_frozen_paragraph_in_order(essay_pdf):
    """In the PDF, letters and digits only (lines are broken and hyphenated there): every
    paragraph of the frozen text, in order."""
    stream = "".join(squash(page) for page in pdf_pages(essay_pdf))
    position = 0
    for text in calls_as(GOLDEN["body"], r"\1"):
        wanted = squash(text)
        found = stream.find(wanted[:40], position)
        assert found >= 0, f"missing or out of order: {text[:60]}"
        position = found + 1
