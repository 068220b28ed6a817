"""What every writer prints around the text: the build time (SOURCE_DATE_EPOCH), the front-matter
date in Kazakh, the titles of the generated sections. No renderer is imported here, so that
writers which need none (DOCX, EPUB) start fast."""

from __future__ import annotations

import datetime as dt
import os
import re

from .. import model as m
from ..diagnostics import ReportgenError

LABELS = {"contents": "Мазмұны", "index": "Көрсеткіш", "see": "қараңыз:", "performed": "Орындаған:",
          "checked": "Тексерген:", "figures": "Суреттер тізімі", "tables": "Кестелер тізімі", "continued": "жалғасы"}


def contents_settings(doc) -> tuple[bool, int]:
    """Whether the printed outputs have a contents page (`toc: false` leaves it out, and so does
    a document with nothing to list: no heading down to the depth, no index — the page was
    «Мазмұны» alone) and down to which heading level it lists (`toc-depth: N`, 1 to 3, default 2)."""
    meta = doc.meta
    show = meta.extra.get("toc", True)
    show = show is not False and str(show).strip().lower() not in ("false", "no", "0")
    try:
        depth = min(max(int(meta.extra.get("toc-depth", 2)), 1), 3)
    except (TypeError, ValueError):
        depth = 2
    listed = bool(doc.index) or any(isinstance(b, m.Heading) and b.level <= depth for b in doc.blocks)
    return show and listed, depth


def _flag(value) -> bool:
    return value is True or str(value).strip().lower() in ("true", "yes", "1")


def captioned_lists(doc) -> list[tuple[str, list]]:
    """The lists of figures and of tables the front matter asks for (`lof: true`, `lot: true`,
    pandoc's names): [(label key, [(the numbered figure or table, its label «1-сурет – »)])],
    printed after the contents in the PDF and the DOCX."""
    out = []
    for flag, kind, key, label in (("lof", m.Figure, "figures", figure_label), ("lot", m.Table, "tables", table_label)):
        entries = [(node, label(node.number)) for node in m.query(doc, kind) if node.number]
        if _flag(doc.meta.extra.get(flag)) and entries:  # a list with nothing in it is left out
            out.append((key, entries))
    return out


def academic(meta) -> bool:
    """Whether the document asks for the academic layout (front matter `layout: academic`)."""
    return str(meta.extra.get("layout", "")).strip().lower() == "academic"


def place_year(meta) -> str:
    """The foot of a university title page: «Алматы, 2026» (the year: `year:`, else the date's)."""
    year = meta.year or (re.match(r"\s*(\d{4})", str(meta.date or "")) or [None, ""])[1]
    return ", ".join(part for part in (meta.city, year) if part)


def signatures(meta) -> list[tuple[str, list[str]]]:
    """The blocks at the right of a university title page: («Орындаған:», [author, group]),
    («Тексерген:», [supervisor])."""
    out = []
    if meta.author:
        out.append((LABELS["performed"], [meta.author] + ([meta.group] if meta.group else [])))
    if meta.supervisor:
        out.append((LABELS["checked"], [meta.supervisor]))
    return out


def see_also(label: str) -> tuple[str, str]:
    """The words before and the label of an index cross-reference: «БҰҰ — қараңыз: …», a no-break
    space before the dash as before every em dash (the typography reference), in every output."""
    return f"{label}\u00a0— ", LABELS["see"]


#: a language tag (BCP 47: `en`, `ru`, `en-GB`); anything else is no language
_LANG_OK = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def span_lang(attrs: dict[str, str]) -> str:
    """The language a span's `lang=` attribute names (text in another language, tagged so in
    every output: HTML `lang`, DOCX `w:lang`), or ''."""
    lang = attrs.get("lang", "")
    return lang if _LANG_OK.match(lang) else ""


def page_ranges(pages: list[int]) -> list[tuple[int, int]]:
    """Sorted, merged page numbers as (first, last) runs: [3, 3, 4, 5, 9] → [(3, 5), (9, 9)] (the
    index's locators in the PDF and, by the print pages, in the EPUB)."""
    runs: list[tuple[int, int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], page)
        else:
            runs.append((page, page))
    return runs


def page_runs(anchors: list[str], pages: dict[str, int]) -> list[tuple[str, str, str]]:
    """An index entry's locators, one per page: the first of `anchors` (in reading order) on each
    page of `pages`, consecutive pages merged — (text «5» or «5–7», the first mention on the first
    page, the first on the last page); an anchor with no page is left out. The PDF, the EPUB (by
    the print pages) and the DOCX (by its estimated pages) all cite the pages so."""
    first_on: dict[int, str] = {}
    for anchor in anchors:
        if anchor in pages:
            first_on.setdefault(pages[anchor], anchor)
    return [(str(a) if a == b else f"{a}–{b}", first_on[a], first_on[b]) for a, b in page_ranges(list(first_on))]


def locator_separators(count: int) -> list[str]:
    """What goes before each of an index entry's `count` locators: «, », and «,» with a no-break
    space before the last, so that a page number never stands alone on a line (issue 18 item 8:
    «…құрылым, 4,/11»)."""
    return [", "] * (count - 1) + [",\u00a0"] if count else []


def table_label(number: int) -> str:
    """The label before a numbered table's caption, by the Kazakh academic convention
    («1-кесте – Атауы», set above the table); a no-break space keeps the dash with the number."""
    return f"{number}-кесте\u00a0– "


def figure_label(number: int) -> str:
    """The label before a numbered figure's caption («1-сурет – Атауы», set below the figure)."""
    return f"{number}-сурет\u00a0– "


# SOURCE_DATE_EPOCH is "the number of seconds since 1970-01-01 00:00:00 UTC" (reproducible-builds.org
# specification), written as digits; the last second Python's datetime (and a four-digit year in
# the PDF and EPUB dates) can hold is 9999-12-31 23:59:59.
_EPOCH = re.compile(r"-?[0-9]+")
_LAST_SECOND = 253402300799


def source_date() -> dt.datetime | None:
    """The build time fixed by SOURCE_DATE_EPOCH (reproducible builds), or None; a value that is
    not a number of seconds from 1970 to 9999 is a ReportgenError (no file: it is the environment's)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    shown = epoch if len(epoch) <= 30 else epoch[:30] + "…"
    if not _EPOCH.fullmatch(epoch):
        raise ReportgenError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {shown!r}")
    digits = epoch.lstrip("-").lstrip("0") or "0"
    # the length first: int() refuses numbers of more than 4300 digits
    if (epoch.startswith("-") and digits != "0") or len(digits) > len(str(_LAST_SECOND)) or int(digits) > _LAST_SECOND:
        raise ReportgenError(f"SOURCE_DATE_EPOCH {shown} is out of range: give the seconds since 1970-01-01 UTC, "
                             f"0 to {_LAST_SECOND} (9999-12-31)")
    return dt.datetime.fromtimestamp(int(digits), tz=dt.timezone.utc)


def date_label(value: str) -> str:
    """The front-matter date in Kazakh long style (CLDR via Babel), or as written."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    from babel.dates import format_date

    # CLDR puts U+202F (narrow no-break space) after «ж.»; PT Serif has no glyph for it (typography
    # reference, "Fonts"), so the ordinary no-break space stands in
    return format_date(day, format="long", locale="kk").replace("\u202f", "\u00a0")
