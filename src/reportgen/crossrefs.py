"""Cross-references in Quarto's convention: `@fig-map` is «1-сурет», `@tbl-orgs` «2-кесте»,
`@sec-intro` «1.2-бөлім» — each a link to what it names — written where the reader finds them.

Kazakh case endings (decided for reportgen, docs/ARCHITECTURE.md): an ending is written after the
id with a hyphen, `@fig-map-те` → «1-суретте», `@tbl-orgs-ден` → «2-кестеден»: when what follows
`@` is no id, its part before the last hyphen is the reference and the rest its ending, set in
harmony with the label's noun (`@fig-map-да` → «1-суретте»: `_in_harmony`). `[-@fig-map]` is the number alone
(«1»), as in Quarto. Brackets around cross-references only (`[@tbl-orgs]`, `[қараңыз @fig-map,
2-бет]`) are citation syntax, not text: they are dropped, as Quarto and pandoc-crossref drop them;
a group that also cites a source (`[@tbl-orgs; @smith]`) keeps them. An `@fig-…`/`@tbl-…`/`@sec-…`/`@eq-…` naming no id is a warning at its
place and stays as written. Each text is scanned once (linear).
"""

from __future__ import annotations

import re

from . import model as m
from . import sections

_REFERENCE = re.compile(r"\[-@((?:fig|tbl|sec|eq)-[\w-]*\w)\]|(?<![\w@.])@((?:fig|tbl|sec|eq)-[\w-]*\w)")
_NOUNS = {"fig": "сурет", "tbl": "кесте", "sec": "бөлім", "eq": "формула"}
_GROUP = re.compile(r"\[([^\[\]]*)\]")
_KEY = re.compile(r"(?<![\w@.])@\w")  # where any citation key starts (a cross-reference's too)


def numbers(doc: m.Document) -> dict[str, str]:
    """The number each id is referred to by: figures and tables by their own count, headings by
    their place in the outline (1, 1.1, 1.2, 2 …: sections.outline, which leaves out `{-}` and the
    structural headings such as «Кіріспе»)."""
    found: dict[str, str] = {}
    for node in m.query(doc, m.Figure, m.Table):
        if node.id and node.number:
            found.setdefault(node.id, str(node.number))
    for block in m.query(doc, *m.TEXT_BLOCKS):
        for node in block.children:
            if isinstance(node, m.Math) and node.id and node.number:
                found.setdefault(node.id, str(node.number))
    outline = sections.outline(doc)  # the numbers `number-sections` prints (sections.py)
    for heading in (b for b in m.walk(doc) if isinstance(b, m.Heading)):
        if heading.id and id(heading) in outline:
            found.setdefault(heading.id, outline[id(heading)])
        elif heading.id:  # an unnumbered heading is cited by its title: @sec-intro-де → «Кіріспеде»
            found.setdefault(heading.id, "\0" + m.plain_text(heading).replace(m.SHY, "").strip())
    return found


def resolve(doc: m.Document, warnings=None) -> None:
    """Replace each cross-reference in the body's and notes' text with a link (see the docstring)."""
    known = numbers(doc)
    for block in list(m.query(doc, *m.TEXT_BLOCKS)):
        block.children = _inlines(block.children, known, doc.source, warnings)


def _inlines(nodes: list, known: dict[str, str], source: str, warnings) -> list:
    out: list = []
    for node in nodes:
        if isinstance(node, m.Text) and "@" in node.text:
            out.extend(_split(node, known, source, warnings))
        elif isinstance(node, m.INLINE_CONTAINERS) and not isinstance(node, m.Link):
            node.children = _inlines(node.children, known, source, warnings)
            out.append(node)
        else:
            out.append(node)
    return out


def _citation_brackets(text: str, known: dict[str, str]) -> set[int]:
    """The offsets of the brackets of each group `[…]` in `text` whose citations are all known
    cross-references (see the module's docstring): they are left out."""
    drops: set[int] = set()
    for group in _GROUP.finditer(text):
        inner = group.group(1)
        if inner.startswith("-@"):
            continue  # `[-@fig-map]`: the number alone (_REFERENCE)
        refs = [r.group(2) for r in _REFERENCE.finditer(inner) if r.group(2)]
        if refs and len(_KEY.findall(inner)) == len(refs) and all(_with_ending(r, known)[0] for r in refs):
            drops.update((group.start(), group.end() - 1))
    return drops


def _without(text: str, start: int, end: int, drops: set[int]) -> str:
    """text[start:end] without the characters at `drops`."""
    if not drops:
        return text[start:end]
    return "".join(ch for k, ch in enumerate(text[start:end], start) if k not in drops)


def _split(node: m.Text, known: dict[str, str], source: str, warnings) -> list:
    out: list = []
    last = 0
    drops = _citation_brackets(node.text, known) if "[" in node.text else set()
    for match in _REFERENCE.finditer(node.text):
        bare = match.group(1) is not None
        written = match.group(1) or match.group(2)
        ident, ending = _with_ending(written, known) if not bare else (written if written in known else "", "")
        column = node.column + match.start() if node.column else 0
        if not ident:
            if warnings is not None:
                warnings.add(source, node.line, column, f"cross-reference {match.group(0)} names no figure, table "
                                                        "or heading id; it is shown as written")
            continue
        before = _without(node.text, last, match.start(), drops)
        if before:
            out.append(m.Text(before, line=node.line, column=node.column + last if node.column else 0))
        kind = ident.split("-", 1)[0]
        if known[ident].startswith("\0"):  # an unnumbered heading: its title, the ending joined
            label = known[ident][1:] + ending
        else:
            label = known[ident] if bare else f"{known[ident]}-{_NOUNS[kind]}{_in_harmony(kind, ending)}"
        out.append(m.Link(children=[m.Text(label, line=node.line, column=column)], target=f"#{ident}",
                          line=node.line, column=column))
        last = match.end()
    if not out:
        return [node]
    rest = _without(node.text, last, len(node.text), drops)
    if rest:
        out.append(m.Text(rest, line=node.line, column=node.column + last if node.column else 0))
    return out


# The case endings of the four labels' nouns, in harmony with each (Kazakh vowel harmony and the
# assimilation of the ending's first consonant to the noun's last sound: сурет ends in a voiceless
# т, кесте and формула in a vowel, бөлім in the nasal м): an ending the author wrote for any noun
# (`@fig-map-да`) is the same case here («1-суретте», not «1-суретда»).
_CASES = {  # case: the forms it takes after any noun
    "loc": ("да", "де", "та", "те"), "dat": ("ға", "ге", "қа", "ке", "на", "не"),
    "abl": ("дан", "ден", "тан", "тен", "нан", "нен"), "gen": ("ның", "нің", "дың", "дің", "тың", "тің"),
    "acc": ("ны", "ні", "ды", "ді", "ты", "ті"), "ins": ("мен", "бен", "пен"),
    "attr": ("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі"),
}
_HARMONY = {
    "fig": {"loc": "те", "dat": "ке", "abl": "тен", "gen": "тің", "acc": "ті", "ins": "пен", "attr": "тегі"},  # сурет
    "tbl": {"loc": "де", "dat": "ге", "abl": "ден", "gen": "нің", "acc": "ні", "ins": "мен", "attr": "дегі"},  # кесте
    "sec": {"loc": "де", "dat": "ге", "abl": "нен", "gen": "нің", "acc": "ді", "ins": "мен", "attr": "дегі"},  # бөлім
    "eq": {"loc": "да", "dat": "ға", "abl": "дан", "gen": "ның", "acc": "ны", "ins": "мен", "attr": "дағы"},  # формула
}
_CASE_OF = {form: case for case, forms in _CASES.items() for form in forms}


def _in_harmony(kind: str, ending: str) -> str:
    """`ending` (one case ending, as the author wrote it) in the form the label's noun takes; an
    ending that is no single case ending of these stays as written."""
    case = _CASE_OF.get(ending.lower())
    return _HARMONY[kind][case] if case else ending


def _with_ending(written: str, known: dict[str, str]) -> tuple[str, str]:
    """`written` if it is a known id, else its part before the last hyphen and the ending after it
    (one ending: «-те», «-ден»); else nothing. Two lookups: linear in the text."""
    if written in known:
        return written, ""
    cut = written.rfind("-")
    if cut > 0 and written[:cut] in known and "-" in written[:cut]:
        return written[:cut], written[cut + 1:]
    return "", ""
