"""Section numbers: the outline number of each heading («1», «1.1», «1.2», «2») — one rule for the
cross-references (`@sec-id` → «1.2-бөлім») and for `number-sections: true`, which writes the
number before the heading's text in every output (a `Span` of class `section-number`, so the
contents and the running heads carry it too), as ГОСТ 7.32 numbers sections: figures and dots,
no final dot.

Not numbered: a heading marked `{-}` or `{.unnumbered}`, and the structural headings a Kazakh
academic text has by name — «Кіріспе», «Қорытынды», «Мазмұны», «Пайдаланылған әдебиеттер
тізімі», «Қосымша…», «Аңдатпа», «Белгілеулер мен қысқартулар», «Анықтамалар» (ГОСТ 7.32: these
are not numbered) — and their Russian and English counterparts.
"""

from __future__ import annotations

import re

from . import model as m

STRUCTURAL = {
    "кіріспе", "қорытынды", "мазмұны", "мазмұн", "пайдаланылған әдебиеттер тізімі", "пайдаланылған әдебиеттер",
    "әдебиеттер тізімі", "аңдатпа", "белгілеулер мен қысқартулар", "анықтамалар", "нормативтік сілтемелер",
    "введение", "заключение", "содержание", "список использованных источников", "список литературы",
    "реферат", "introduction", "conclusion", "contents", "references", "bibliography", "abstract",
}
_APPENDIX = re.compile(r"^(қосымша|приложение|appendix)\b", re.I)


def is_numbered(heading: m.Heading) -> bool:
    """Whether `heading` takes a number (see the module docstring)."""
    if "unnumbered" in heading.classes:
        return False
    title = " ".join(m.plain_text(heading).replace(m.SHY, "").split()).strip(" .").casefold()
    return title not in STRUCTURAL and not _APPENDIX.match(title)


def outline(doc: m.Document, depth: int = 6) -> dict[int, str]:
    """id(heading) → its number, for the numbered headings of levels 1 to `depth`."""
    counters = [0] * 6
    out: dict[int, str] = {}
    unnumbered_above = 7  # the level of the nearest unnumbered heading above: what is under it is too
    for heading in (b for b in m.walk(doc) if isinstance(b, m.Heading)):
        level = min(max(heading.level, 1), 6)
        if level <= unnumbered_above:
            unnumbered_above = 7
        if not is_numbered(heading) or level > unnumbered_above:
            unnumbered_above = min(unnumbered_above, level)
            continue
        counters[level - 1] += 1
        counters[level:] = [0] * (6 - level)
        if level <= depth:
            out[id(heading)] = ".".join(str(n) for n in counters[:level] if n) or "1"
    return out


def number_sections(doc: m.Document, options=None) -> None:
    """The transform: with `number-sections: true` (and `number-depth: N`, default 3), each
    numbered heading starts with its number."""
    setting = doc.meta.extra.get("number-sections", False)
    if setting is not True and str(setting).strip().lower() not in ("true", "yes", "1"):
        return
    try:
        depth = int(doc.meta.extra.get("number-depth", 3))
    except (TypeError, ValueError):
        depth = 3
    numbers = outline(doc, depth)
    for heading in (b for b in m.walk(doc) if isinstance(b, m.Heading)):
        if id(heading) in numbers:
            number = m.Span(children=[m.Text(numbers[id(heading)], line=heading.line, column=heading.column)],
                            classes=["section-number"], line=heading.line, column=heading.column)
            heading.children[:0] = [number, m.Text(" ", line=heading.line, column=heading.column)]
