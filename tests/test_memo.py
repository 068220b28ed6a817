"""memo.LastPass and its users: a pass takes the last pass's results where its input and every
context it read are the same, and computes again where they are not (a `watch` rebuild must give
what a fresh build gives)."""

from __future__ import annotations

from pathlib import Path

from reportgen import model as m
from reportgen.index import dates
from reportgen.index.dates import DateContext, find_dates
from reportgen.index.kazakh import normalize
from reportgen.memo import LastPass
from reportgen.pipeline import Options, load


def test_only_the_last_pass_is_consulted():
    memo, calls = LastPass(), []

    def compute(value):
        calls.append(value)
        return value * 2

    memo.start()
    assert [memo.get("a", lambda: compute(1)), memo.get("a", lambda: compute(1))] == [2, 2]
    assert calls == [1, 1]  # this pass's own results are not reused: repeated text costs its work
    memo.start()
    assert memo.get("a", lambda: compute(5)) == 2 and calls == [1, 1]  # the last pass's result
    memo.start()
    memo.start()  # a pass that did not ask for "a" drops it
    assert memo.get("a", lambda: compute(3)) == 6 and calls == [1, 1, 3]


def _iso(text: str, ctx: DateContext) -> list[str]:
    return [f.value.iso() for f in find_dates(normalize(text), ctx)]


def test_a_date_whose_year_comes_from_context_is_found_again_when_the_context_changed():
    text = "23 қаңтарда келді."
    dates.start_pass()
    assert _iso(text, DateContext(year=1999)) == ["1999-01-23"]
    dates.start_pass()
    assert _iso(text, DateContext(year=2005)) == ["2005-01-23"]
    dates.start_pass()
    ctx = DateContext(year=2005)
    assert _iso(text, ctx) == ["2005-01-23"]
    assert ctx.year == 2005 and ctx.first_day_year == {}  # the context updated as the parse did


def test_a_day_dated_by_an_earlier_block_is_found_again_when_that_block_changed():
    """Outside a chronology a day takes the year of its first dated mention (first_day_year)."""
    text = "11 қыркүйектегі террордың себебі."

    def later(first_year: int) -> list[str]:
        ctx = DateContext(block=1)
        list(find_dates(normalize(f"{first_year} жылғы қыркүйектің 11-күні соққы болды."), ctx))
        ctx.block = 2
        list(find_dates(normalize("2010 жылы сайлау болды."), ctx))
        ctx.block = 5  # the same year in context both times: only the first mention differs
        return _iso(text, ctx)

    dates.start_pass()
    assert later(2001) == ["2001-09-11"]
    dates.start_pass()
    assert later(1973) == ["1973-09-11"]


def _doc(tmp_path: Path, text: str) -> dict:
    source = tmp_path / "doc.md"
    source.write_text(text, encoding="utf-8")
    doc = m.to_dict(load(source, Options(project_root=tmp_path)))
    doc.pop("source", None)
    return doc


TEXT = """# Тарау

{first}

Кейін 23 қаңтарда «Болашақ» халықаралық қоры құрылды. Қордың басшысы Қаржы министрлігіне хат жазды.

Біріккен Ұлттар Ұйымының Бас Ассамблеясы 5 наурызда жиналды.
"""


def test_a_document_read_after_another_is_read_as_a_fresh_build_reads_it(tmp_path, monkeypatch):
    """The second read takes most of its blocks' findings from the first; an edit before them
    (another year) changes what they mean, and the result is a fresh read's."""
    _doc(tmp_path, TEXT.format(first="2003 жылы Астанада келіссөз басталды."))
    warm = _doc(tmp_path, TEXT.format(first="2011 жылы Астанада келіссөз басталды."))
    assert "2011-01-23" in repr(warm)
    monkeypatch.setattr(LastPass, "last", lambda self, key, default=None: default)
    monkeypatch.setattr(LastPass, "get", lambda self, key, compute: compute())
    assert _doc(tmp_path, TEXT.format(first="2011 жылы Астанада келіссөз басталды.")) == warm
