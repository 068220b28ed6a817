"""Raw HTML in the source never reaches the PDF's HTML or the EPUB as markup, and the YAML front
matter is loaded safely."""

from __future__ import annotations

import html.parser
import importlib.util
import posixpath
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from reportgen.diagnostics import ReportgenError, Warnings
from reportgen.pipeline import Options, load
from reportgen.reader import read_string
from reportgen.writers.pdf import render_html

HOSTILE = """---
title: Қауіп <script>alert('title')</script>
---

# Бөлім <iframe src="x"></iframe>

Мәтін <script>alert(1)</script> және <b onclick="alert(2)">қалың</b> сөз.
Тағы <img src=x onerror="alert(3)"> және <link rel="stylesheet" href="evil.css">.

<script>
alert(4)
</script>

<iframe src="https://example.invalid/"></iframe>

<div onmouseover="alert(5)"><object data="x.swf"></object><embed src="y"></div>

[сілтеме](javascript:alert(6)) және [сөз]{#a" onclick="alert(7) .x onload=alert(8)}.

[сөз]{.noindex key="\\" onclick=\\"alert(9)"}

Ескерту[^n].

[^n]: <script>alert(10)</script> ескерту.
"""

FORBIDDEN = {"script", "iframe", "link", "object", "embed", "img", "style", "frame", "frameset", "base", "meta-refresh"}


class Elements(html.parser.HTMLParser):
    """Every element and attribute of a document, as a browser's parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)

    handle_startendtag = handle_starttag


def parse(markup: str) -> Elements:
    parser = Elements()
    parser.feed(markup)
    parser.close()
    return parser


def assert_inert(markup: str, allowed_tags: set[str] = frozenset()) -> None:
    found = parse(markup)
    bad = (set(found.tags) & FORBIDDEN) - set(allowed_tags)
    assert not bad, bad
    handlers = [(t, k) for t, k, _ in found.attrs if k.lower().startswith("on")]
    assert not handlers, handlers
    scripts = [(t, k, v) for t, k, v in found.attrs if v.strip().lower().startswith(("javascript:", "vbscript:", "data:text/html"))]
    assert not scripts, scripts


def hostile_doc(tmp_path: Path):
    source = tmp_path / "hostile.md"
    source.write_text(HOSTILE, encoding="utf-8")
    options = Options(project_root=ROOT)
    return load(source, options), options


def test_print_html_has_no_active_markup(tmp_path):
    """Protection: the reader keeps raw HTML as text and the HTML renderer (Jinja2 autoescape,
    markupsafe.escape in writers/html.py, safe class/href filters) escapes it: without escaping,
    <script>, <iframe>, <link> and on* handlers appear as elements here."""
    doc, options = hostile_doc(tmp_path)
    markup = render_html(doc)
    assert_inert(markup)
    assert "alert(1)" in markup  # still there, as visible text
    assert sum("raw HTML" in w.message for w in options.warnings) >= 5  # each is warned about


def test_epub_has_no_active_markup(tmp_path):
    """Protection: the EPUB writer's XHTML goes through the same escaping renderer."""
    assert importlib.util.find_spec("reportgen.writers.epub"), "the EPUB writer is part of reportgen"
    from reportgen.writers import epub

    doc, options = hostile_doc(tmp_path)
    target = tmp_path / "hostile.epub"
    epub.write(doc, target, options)
    with zipfile.ZipFile(target) as book:
        pages = [n for n in book.namelist() if n.endswith((".xhtml", ".html", ".htm"))]
        assert pages
        for name in pages:
            # <link> to the book's own stylesheets is the EPUB's, not the source's
            markup = book.read(name).decode("utf-8")
            found = parse(markup)
            links = [v for t, k, v in found.attrs if t == "link" and k == "href"]
            assert all(not v.startswith(("http", "//")) and "evil" not in v for v in links), links
            # the writer's own images (the cover) are files of the book; the source's <img> is not
            images = [v for t, k, v in found.attrs if t == "img" and k == "src"]
            folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
            in_book = {posixpath.normpath(folder + v) for v in images} <= set(book.namelist())
            assert in_book, images
            assert_inert(markup, allowed_tags={"link", "img"})
            assert "<script" not in markup.lower()


def test_raw_html_is_warned_with_position():
    warnings = Warnings()
    read_string("Сөз <script>x</script>.\n", "w.md", warnings)
    assert [(w.line, w.column) for w in warnings][:1] == [(1, 5)]


@pytest.mark.parametrize("yaml_text", [
    "title: !!python/object/apply:os.system ['echo pwned > /tmp/reportgen-pwned']",
    "title: !!python/object:reportgen.model.Text {text: x}",
    "title: !!python/name:os.system",
    "title: !!python/module:os",
    "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\ntitle: [*b, *b, *b, *b, *b, *b, *b, *b]",
])
def test_front_matter_is_loaded_safely(yaml_text, tmp_path):
    """Protection: reader._parse_meta uses a SafeLoader subclass (no Python tags, no aliases, bounded
    depth); with yaml.unsafe_load these tags would run code or build Python objects."""
    marker = Path("/tmp/reportgen-pwned")
    marker.unlink(missing_ok=True)
    with pytest.raises(ReportgenError) as info:
        read_string(f"---\n{yaml_text}\n---\n\nМәтін.\n", "y.md")
    assert info.value.diagnostic.line >= 2 and "YAML" in info.value.diagnostic.message
    assert not marker.exists()


def test_plain_front_matter_still_loads():
    doc = read_string("---\ntitle: Атау\ndate: 2026-11-24\nkeywords: [a, b]\n---\n\nМәтін.\n")
    assert doc.meta.title == "Атау" and doc.meta.date == "2026-11-24" and doc.meta.extra == {"keywords": ["a", "b"]}
