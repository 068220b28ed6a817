"""Pandoc's citation syntax found in the text (the reader's step after cross-references):
`[@key]`, `[@key, 45 б.]`, `[see @a, 3–5 б.; also @b]`, `[-@key]` (no author), and `@key` in the
text (textual). Each becomes a `Cite` whose children are the source text as written, so that a
document without a bibliography shows it unchanged; the citations transform renders it.

Keys as pandoc reads them: a letter, digit or `_`, then letters, digits and `:.#$%&+?<>~/-`
inside, never ending in punctuation. `@fig-…`, `@tbl-…`, `@sec-…`, `@eq-…` are cross-references
(crossrefs.py), an `@` after a letter or digit is an e-mail address. Linear: one pass per text.
"""

from __future__ import annotations

import re

from .. import model as m

_KEY = r"[\w](?:[\w:.#$%&+?<>~/-]*[\w])?"
_CROSSREF = re.compile(r"(?:fig|tbl|sec|eq)-")
_BRACKET = re.compile(r"\[([^\[\]\n]*)\]")  # then `@` looked for inside: no backtracking over `@`s
_KEY_AT = re.compile(_KEY)
_TEXTUAL = re.compile(r"(?<![\w@.\[])@(" + _KEY + r")")
# a locator's label as written, to its CSL name (Kazakh, Russian, English abbreviations)
_LABELS = {
    "б.": "page", "бб.": "page", "бет": "page", "беттер": "page", "с.": "page", "p.": "page", "pp.": "page",
    "page": "page", "pages": "page", "т.": "volume", "vol.": "volume", "тарау": "chapter", "гл.": "chapter",
    "chap.": "chapter", "§": "section", "бөлім": "section",
}
_LOCATOR = re.compile(r"^(?:(?P<before>[^\d\s]+)\s*)?(?P<value>\d[\d\s–—,-]*\d|\d+)(?:\s*(?P<after>[^\d\s,;]+))?(?P<suffix>.*)$", re.S)


def find(block: m.Node) -> None:
    """Replace citations in the text of `block` (a text block) with `Cite` nodes."""
    block.children = _inlines(block.children)


def _inlines(nodes: list) -> list:
    out: list = []
    for node in nodes:
        if isinstance(node, m.Text) and "@" in node.text:
            out.extend(_split(node))
        elif isinstance(node, (m.Emph, m.Strong, m.Span, m.Strikeout)):
            node.children = _inlines(node.children)
            out.append(node)
        else:
            out.append(node)
    return out


def _split(node: m.Text) -> list:
    text = node.text
    found: list[tuple[int, int, m.Cite]] = []
    for match in _BRACKET.finditer(text):
        if "@" not in match.group(1):
            continue
        items = [_item(part) for part in match.group(1).split(";")]
        if all(items) and not any(_CROSSREF.match(i.key) for i in items):
            found.append((match.start(), match.end(), m.Cite(items=items, textual=False)))
    taken = [(s, e) for s, e, _ in found]
    k = 0
    for match in _TEXTUAL.finditer(text):
        while k < len(taken) and taken[k][1] <= match.start():
            k += 1
        if k < len(taken) and taken[k][0] <= match.start():
            continue  # inside a bracketed citation
        if _CROSSREF.match(match.group(1)):
            continue
        found.append((match.start(), match.end(), m.Cite(items=[m.CiteItem(key=match.group(1))], textual=True)))
    if not found:
        return [node]
    found.sort(key=lambda f: f[0])
    out: list = []
    last = 0
    for start, end, cite in found:
        column = node.column + start if node.column else 0
        if start > last:
            out.append(m.Text(text[last:start], line=node.line, column=node.column + last if node.column else 0))
        cite.line, cite.column = node.line, column
        cite.children = [m.Text(text[start:end], line=node.line, column=column)]
        out.append(cite)
        last = end
    if last < len(text):
        out.append(m.Text(text[last:], line=node.line, column=node.column + last if node.column else 0))
    return out


def _item(part: str) -> m.CiteItem | None:
    """One item of a bracketed citation: `prefix -@key, locator suffix` (the first `@` is the key's)."""
    at = part.find("@")
    key = _KEY_AT.match(part, at + 1) if at >= 0 else None
    if key is None:
        return None
    minus = at > 0 and part[at - 1] == "-"
    prefix = part[: at - 1 if minus else at].strip()
    rest = part[key.end():].strip()
    locator = label = suffix = ""
    if rest.startswith(","):
        found = _LOCATOR.match(rest[1:].strip())
        words = (found.group("before") or "", found.group("after") or "") if found else ("", "")
        named = [_LABELS.get(w.lower()) for w in words if w]
        if found and all(named):
            locator, label, suffix = found.group("value").strip(), (named or ["page"])[0], found.group("suffix").strip()
        else:
            suffix = rest[1:].strip()
    else:
        suffix = rest.strip()
    return m.CiteItem(key=key.group(0), prefix=prefix, suffix=suffix, locator=locator,
                      label=label or ("page" if locator else ""), suppress_author=minus)
