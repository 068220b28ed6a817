"""Every YAML a user writes — the front matter, `index.yaml`, `styles/docx.yaml` — goes through one
safe loader (`reportgen.yamlsafe`) with the same limits: no aliases, bounded nesting, no value
Python cannot hold; each refusal is a ReportgenError at its file:line:column, fast and small."""

from __future__ import annotations

import pickle
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import ROOT

from reportgen import model as m
from reportgen import yamlsafe
from reportgen.diagnostics import ReportgenError
from reportgen.index.gazetteer import for_document
from reportgen.reader import read_string
from reportgen.writers.docx import styles as docx_styles

DEEP = "[" * 5000 + "]" * 5000
HUGE = "а" * 100_000
ALIASES = ", ".join(["*s"] * 400)


def front_matter(tmp_path: Path, text: str) -> None:
    """The front matter: its YAML starts on line 2 of the source."""
    read_string(f"---\n{text}\n---\n\nМәтін.\n", str(tmp_path / "doc.md"))


def index_yaml(tmp_path: Path, text: str) -> None:
    (tmp_path / "index.yaml").write_text(text + "\n", encoding="utf-8")
    for_document(m.Document(source=str(tmp_path / "doc.md")))


def docx_yaml(tmp_path: Path, text: str) -> None:
    (tmp_path / "docx.yaml").write_text(text + "\n", encoding="utf-8")
    docx_styles.load(tmp_path / "docx.yaml")


# each loader with (what it is fed, the file:line of its first line)
LOADERS = {
    "front matter": (front_matter, "doc.md", 2),
    "index.yaml": (index_yaml, "index.yaml", 1),
    "docx.yaml": (docx_yaml, "docx.yaml", 1),
}


def refused(loader: str, tmp_path: Path, text: str) -> tuple[ReportgenError, float, int]:
    """The error `text` raises through `loader`, the seconds it took and the peak of memory (bytes)."""
    feed = LOADERS[loader][0]
    started = time.perf_counter()
    with pytest.raises(ReportgenError) as info:
        feed(tmp_path, text)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        with pytest.raises(ReportgenError):
            feed(tmp_path, text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return info.value, seconds, peak


def located(error: ReportgenError, loader: str, line: int, column: int) -> bool:
    """The error is at `line`:`column` of the YAML's own text, in the loader's file."""
    _, name, first = LOADERS[loader]
    d = error.diagnostic
    return Path(d.file).name == name and (d.line, d.column) == (first + line - 1, column)


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("text, line, column, words", [
    (f"a: &s {HUGE}\nb: [{ALIASES}]", 2, 5, "aliases"),
    ("a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]", 2, 8, "aliases"),
    (f"a: {DEEP}", 1, 54, "nested deeper than 50"),
    ("a:\n" + "".join(" " * k + "- \n" for k in range(1, 300)), 51, 51, "nested deeper than 50"),
    ("a: " + "{b: " * 5000 + "1" + "}" * 5000, 1, 200, "nested deeper than 50"),
])
def test_aliases_and_deep_nesting_are_refused_fast_and_small(loader, tmp_path, text, line, column, words):
    """Protection: yamlsafe.Loader (compose_node, fetch_flow_collection_start); without it
    index.yaml's 400 aliases of a 100 000-character string took seconds and hundreds of MB, and
    5 000 brackets exhausted the recursion limit."""
    error, seconds, peak = refused(loader, tmp_path, text)
    assert words in error.diagnostic.message
    assert located(error, loader, line, column), error
    assert seconds < 1.0 and peak < 20_000_000, (seconds, peak)


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("value, words", [
    ("2024-13-45", "month must be in 1..12"),
    ("2024-02-30", "day is out of range for month"),
    ("0000-01-01", "year 0 is out of range"),
    ("2001-09-11 25:00:00", "hour must be in 0..23"),
    ("2024-01-05 10:00:00 +25:00", "is not a date"),
    ("7" * 5000, "more than 4300 digits"),
])
def test_values_python_cannot_hold_are_located(loader, tmp_path, value, words):
    """Protection: yamlsafe's timestamp and int constructors; without them PyYAML raised a
    ValueError from datetime() or int() (exit 70, no line)."""
    error, _, _ = refused(loader, tmp_path, f"a: 1\nb:\n  c: x\n  when: {value}")
    assert words in error.diagnostic.message
    assert located(error, loader, 4, 9), error


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!!python/module:os"])
def test_python_tags_are_refused_everywhere(loader, tmp_path, tag):
    error, _, _ = refused(loader, tmp_path, f"a: 1\nb: {tag}")
    assert "invalid YAML" in error.diagnostic.message and located(error, loader, 2, 4), error


def test_nesting_up_to_the_limit_is_read():
    text = "a: " + "[" * (yamlsafe.MAX_NESTING - 1) + "x" + "]" * (yamlsafe.MAX_NESTING - 1)
    value = yamlsafe.load(text, "x.yaml")["a"]
    for _ in range(yamlsafe.MAX_NESTING - 2):
        value = value[0]
    assert value == ["x"]


def test_containers_know_where_their_items_are():
    data = yamlsafe.load("# note\nfirst: 1\nlist:\n  - a\n  -   {k: v}\nmerged: {<<: {x: 1}, y: 2}\n", "x.yaml",
                         first_line=5)
    assert yamlsafe.position(data) == (6, 1)
    assert yamlsafe.position(data, "list") == (7, 1)
    assert [yamlsafe.position(data["list"], i) for i in range(2)] == [(8, 5), (9, 7)]
    assert yamlsafe.position(data["list"][1], "k") == (9, 8)
    assert data["merged"] == {"x": 1, "y": 2}
    assert yamlsafe.position({"plain": 1}, "plain", (3, 0)) == (3, 0)
    copy = pickle.loads(pickle.dumps(data))  # the model goes to the writer processes pickled
    assert copy == data and yamlsafe.position(copy["list"], 1) == (9, 7)


def test_text_fields_are_text_as_written():
    doc = read_string("---\ntitle: yes\nsubtitle: 12:30\nauthor: [1.50, 0o17]\nlang: no\ndate: 2024-03-05\n---\n\nА\n")
    assert (doc.meta.title, doc.meta.subtitle, doc.meta.author, doc.meta.lang) == ("yes", "12:30", "1.50, 0o17", "no")
    assert doc.meta.date == "2024-03-05"


def test_the_style_sheet_of_the_repository_still_loads():
    assert docx_styles.load(ROOT / "styles" / "docx.yaml").styles["Normal"].line is not None
