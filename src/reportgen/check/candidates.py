"""Index candidates: organization-like names that no gazetteer entry covers (severity "note").

A name is a phrase that ends in an organization word in the possessive (ұйымы, одағы, кеңесі,
комитеті, ассамблеясы, банкі, қоры, лигасы, достастығы, қауымдастығы, агенттігі, федерациясы,
палатасы, with case endings: ұйымының, кеңесіне …) and starts at the nearest capitalised word
before it (with the capitalised words just before that): «Шанхай Ынтымақтастық Ұйымы»,
«Еуропа қауіпсіздігі және ынтымақтастығы ұйымы». An abbreviation is 2–6 Cyrillic capitals
(ЮНЕП, ТМД-ның) that is not a Roman numeral and not a word written in capitals.

"Covered" means the index would find it: the index package's gazetteer (bundled entries,
`index.yaml` beside the source, the front matter's `index:`) matches a mention that ends where the
name ends (or covers the abbreviation), or an `exclude:` phrase covers it. Text already marked
`[…]{.org}` or `[…]{.noindex}` is the author's decision and is skipped. Each name is reported
once, at its first use, as a note: adding it to the gazetteer is a choice, not a fault.
"""

from __future__ import annotations

import bisect
import itertools
import re

from .. import model as m
from . import Context, Finding

HEADS = ("ұйымы", "одағы", "кеңесі", "комитеті", "ассамблеясы", "банкі", "қоры", "лигасы", "достастығы",
         "қауымдастығы", "агенттігі", "федерациясы", "палатасы")
_HEAD = re.compile(r"(?i)^(?:" + "|".join(HEADS) + r")(?:н[а-яәғқңөұүһі]{0,5}|мен)?$")
_TOKEN = re.compile(r"[\w\u2011-]+|[^\w\s]", re.UNICODE)
_ABBR = re.compile(r"(?<![\w\u2011-])([А-ЯЁӘҒҚҢӨҰҮҺІ]{2,6})(?![а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ\w])")
_ROMAN = set("IVXLCDMІХСМ")
_MAX_WORDS = 7


def _matcher(ctx: Context):
    """(find(text) -> [(start, end)], excluded(text) -> [(start, end)]) from the index package."""
    try:
        from ..index.gazetteer import for_document
        from ..index.orgs import OrgMatcher

        matcher = OrgMatcher(for_document(ctx.doc))
    except ImportError:  # pragma: no cover - the index package is part of reportgen
        return lambda text: [], lambda text: []

    cache: dict[str, list] = {}

    def find(text):
        if text not in cache:
            cache[text] = [(x.start, x.end) for x in matcher.find(text)]
        return cache[text]

    def excluded(text):
        return [(x.start(), x.end()) for p in matcher.exclude for x in p.finditer(text)]

    return find, excluded


def _paragraph_text(block) -> tuple[str, list[tuple[int, int, int]]]:
    """The block's text (marked org/noindex spans and code blanked out) and, per Text node, its
    (offset in the text, line, column)."""
    parts: list[str] = []
    where: list[tuple[int, int, int]] = []
    offset = 0

    def visit(node, blank: bool):
        nonlocal offset
        if isinstance(node, m.Text):
            text = node.text.replace("\u00a0", " ")
            if blank:
                text = "\ufffc" * len(text)
            where.append((offset, node.line, node.column))
            parts.append(text)
            offset += len(text)
        elif isinstance(node, (m.SoftBreak, m.LineBreak)):
            parts.append(" ")
            offset += 1
        elif isinstance(node, (m.Code, m.FootnoteRef)):
            parts.append("\ufffc")
            offset += 1
        else:
            marked = isinstance(node, m.Span) and bool({"org", "noindex"} & set(node.classes))
            for child in m.children(node):
                visit(child, blank or marked)

    for child in block.children:
        visit(child, False)
    return "".join(parts), where


def _position(ctx: Context, where, at: int, needle: str) -> tuple[int, int]:
    # the last Text node starting at or before `at`, by bisection (`where` is in text order)
    k = bisect.bisect_right(where, at, key=lambda w: w[0])
    if not k:
        return 0, 0
    offset, line, column = where[k - 1]
    return line, ctx.locate(line, column + at - offset if column else 0, needle)


class _Covered:
    """The spans of text the index finds (or excludes), asked about one word at a time by
    bisection: looking through all of them for each word was quadratic in a block that names
    many organizations."""

    def __init__(self, spans: list[tuple[int, int]], length: int):
        # how many characters before each position lie in some span (spans are not empty)
        inside = bytearray(length + 1)
        for a, b in spans:
            inside[a:b] = b"\x01" * (b - a)
        self.before = list(itertools.accumulate(inside, initial=0))
        # the spans by start, and the furthest end among those starting at or before each
        self.starts = sorted(a for a, _ in spans)
        self.reach = list(itertools.accumulate((b for _, b in sorted(spans)), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Some span shares a character with `start`..`end`."""
        return self.before[end] > self.before[start]

    def holds(self, start: int, end: int) -> bool:
        """One span takes in all of `start`..`end`."""
        k = bisect.bisect_right(self.starts, start)
        return bool(k) and self.reach[k - 1] >= end


def check(ctx: Context) -> list[Finding]:
    find, excluded = _matcher(ctx)
    out: list[Finding] = []
    reported: set[str] = set()
    for block in m.query(ctx.doc, m.Paragraph, m.Heading):
        text, where = _paragraph_text(block)
        if not text.strip():
            continue
        tokens = [(t.group(0), t.start(), t.end()) for t in _TOKEN.finditer(text)]
        if not _ABBR.search(text) and not any(_HEAD.match(w) for w, _, _ in tokens):
            continue  # nothing that looks like an organization: the gazetteer need not look
        covered = _Covered(find(text) + excluded(text), len(text))
        for i, (word, start, end) in enumerate(tokens):
            if not _HEAD.match(word):
                continue
            first = _phrase_start(tokens, i)
            if first is None:
                continue
            s = tokens[first][1]
            if covered.overlaps(start, end):
                continue  # the index finds a name that takes in this organization word
            phrase = text[s:end]
            key = " ".join(w.lower() for w, _, _ in tokens[first:i]) + " " + word.lower()[:5]
            if key in reported:
                continue
            reported.add(key)
            line, column = _position(ctx, where, s, tokens[first][0])
            out.append(Finding(ctx.file, line, column, "note", "candidates",
                               f"index candidate: {phrase!r} looks like an organization the gazetteer does not "
                               f"know; add it to `index: organizations:` (front matter or index.yaml) or mark it "
                               f"[…]{{.noindex}}"))
        upper_run = _upper_words(tokens)
        for match in _ABBR.finditer(text):
            abbr = match.group(1)
            if set(abbr) <= _ROMAN or match.start() in upper_run or abbr in reported:
                continue
            if covered.holds(match.start(), match.end()):
                continue
            reported.add(abbr)
            line, column = _position(ctx, where, match.start(), abbr)
            out.append(Finding(ctx.file, line, column, "note", "candidates",
                               f"index candidate: abbreviation {abbr!r} is not in the gazetteer; add it to an "
                               f"entry's `abbr:` if it names an organization"))
    return out


def _phrase_start(tokens, head: int) -> int | None:
    """Index of the first word of the name ending at token `head`, or None if it is not a name."""
    capital = None
    for j in range(head - 1, max(-1, head - _MAX_WORDS), -1):
        word = tokens[j][0]
        if not word[0].isalpha():
            break  # punctuation or a number ends the phrase
        if word[0].isupper():
            capital = j
            break
    if capital is None:
        return None
    while capital > 0 and tokens[capital - 1][0][:1].isupper() and tokens[capital - 1][0][0].isalpha() \
            and head - capital < _MAX_WORDS:
        capital -= 1
    return capital


def _upper_words(tokens) -> set[int]:
    """Start offsets of words in a run of capitals with a long word in it (a heading in capitals)."""
    out: set[int] = set()
    run: list[tuple[str, int, int]] = []

    def flush():
        if len(run) >= 2 and any(len(w) > 6 for w, _, _ in run):
            out.update(s for _, s, _ in run)
        run.clear()

    for word, start, end in tokens:
        if word.isalpha() and word.isupper():
            run.append((word, start, end))
        elif word.isalpha():
            flush()
    flush()
    return out
