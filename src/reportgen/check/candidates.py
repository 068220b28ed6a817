"""Index candidates (severity "note"): what the index finds that neither the gazetteer nor the
author lists — one mechanism with the index, not a second guess beside it.

- An organization the index's finder (`index/tagger/`, docs/index-tagger.md) found is reported
  once, at its first mention, with the heading the index prints and the model's confidence: the
  author accepts it (`index: organizations:` in the front matter or index.yaml), or rejects it
  (`exclude:`, `[…]{.noindex}`).
- An abbreviation (2–6 Cyrillic capitals: ЮНЕП, ТМД-ның; not a Roman numeral, not a word of a
  heading written in capitals) that no listed or found organization covers is reported once:
  it may name an organization the index cannot know.

"Covered" means the index would find it: the gazetteer (bundled entries, `index.yaml` beside the
source, the front matter's `index:`) with the found organizations added matches a mention that
takes in the abbreviation, or an `exclude:` phrase covers it. Text marked `[…]{.org}` or
`[…]{.noindex}` is the author's decision and is skipped.
"""

from __future__ import annotations

import bisect
import itertools
import re

from .. import model as m
from . import Context, Finding

_TOKEN = re.compile(r"[\w\u2011-]+|[^\w\s]", re.UNICODE)
_ABBR = re.compile(r"(?<![\w\u2011-])([А-ЯЁӘҒҚҢӨҰҮҺІ]{2,6})(?![а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ\w])")
_ROMAN = set("IVXLCDMІХСМ")


def _index(ctx: Context):
    """(the organizations the finder found, as (Found, entry) at each one's first mention; find(text)
    -> [(start, end)] of listed or found names; excluded(text) -> [(start, end)])."""
    from ..index.build import find_mentions
    from ..index.gazetteer import for_document
    from ..index.orgs import OrgMatcher

    gazetteer = for_document(ctx.doc)
    found = find_mentions(ctx.doc, gazetteer)  # adds the organizations it finds to `gazetteer`
    firsts: dict[str, object] = {}
    for f in found:
        if f.kind == "org" and gazetteer[f.key].origin == "model":
            firsts.setdefault(f.key, f)
    matcher = OrgMatcher(gazetteer)
    cache: dict[str, list] = {}

    def find(text):
        if text not in cache:
            cache[text] = [(x.start, x.end) for x in matcher.find(text)]
        return cache[text]

    return [(f, gazetteer[key]) for key, f in firsts.items()], find, matcher.excluded


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
    organizations, find, excluded = _index(ctx)
    out: list[Finding] = []
    reported: set[str] = set()
    for f, entry in organizations:
        line = f.line
        column = ctx.locate(line, 1, f.text)
        written = f" (written {f.text!r})" if f.text != entry.name else ""
        out.append(Finding(ctx.file, line, column, "note", "candidates",
                           f"index candidate: {entry.name!r}{written} looks like an organization the "
                           f"gazetteer does not know; the index lists it (found by the model, confidence "
                           f"{entry.confidence:.2f}): keep it under `index: organizations:` (front matter or "
                           f"index.yaml), or leave it out with `exclude:` or […]{{.noindex}}"))
        reported.update(entry.abbr)
    for block in m.query(ctx.doc, m.Paragraph, m.Heading):
        text, where = _paragraph_text(block)
        if not _ABBR.search(text):
            continue  # no abbreviation: the gazetteer need not look
        covered = _Covered(find(text) + excluded(text), len(text))
        tokens = [(t.group(0), t.start(), t.end()) for t in _TOKEN.finditer(text)]
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
    return sorted(out, key=lambda f: (f.line, f.column))


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
