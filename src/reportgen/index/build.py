"""The index transform: find organization and date mentions, wrap them in `Mention`s and fill
`doc.index`; and the same findings as JSON for `reportgen index --json`.

Reading order: body blocks (headings, paragraphs, in lists and quotes too), then footnotes.
A footnote is read with the context (last year, last organization named) of the place that
calls it. Matching runs on a normalized view of each block (see `kazakh.py`), so the transform
finds the same mentions before and after the typography and hyphenation transforms.
Footnote calls, inline code and `{.noindex}` spans are barriers: nothing inside is indexed and
no mention crosses them. `[…]{.org key=…}` and `[…]{.date date=…}` force a mention.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from .. import model as m
from ..diagnostics import ReportgenError
from .collation import sort_key
from .dates import DateContext, DateValue, find_dates, start_pass
from .gazetteer import Gazetteer, for_document
from .kazakh import BARRIER, normalize, normalize_char
from .orgs import ANAPHOR, OrgMatch, abbr_body, matcher_for, name_body
from .tagger import organizations

ORG_TITLE = "Ұйымдар"
DATE_TITLE = "Даталар"
SEE = "қараңыз"


# ------------------------------------------------------------ the flat view


@dataclass
class Flat:
    """The normalized text of one block and where each of its characters came from."""

    chars: list[str] = field(default_factory=list)
    origin: list = field(default_factory=list)  # (Text, index) or None, per character
    parents: dict = field(default_factory=dict)  # id(Text) -> the list that holds it
    refs: list = field(default_factory=list)  # (offset, footnote id)
    forced: dict = field(default_factory=dict)  # offset -> Span ({.org} / {.date})

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def emit(self, char: str, origin=None) -> None:
        self.chars.append(char)
        self.origin.append(origin)


def flatten(children: list) -> Flat:
    flat = Flat()
    _flatten_into(flat, children)
    return flat


def _flatten_into(flat: Flat, nodes: list) -> None:
    # a function, not a closure calling itself: that would be a reference cycle keeping the
    # whole flat view alive until the cycle collector runs
    for node in nodes:
        if isinstance(node, m.Text):
            flat.parents[id(node)] = nodes
            for i, c in enumerate(node.text):
                n = normalize_char(c)
                if n:
                    flat.emit(n, (node, i))
        elif isinstance(node, (m.SoftBreak, m.LineBreak)):
            flat.emit(" ")
        elif isinstance(node, m.FootnoteRef):
            flat.refs.append((len(flat.chars), node.id))
            flat.emit(BARRIER)
        elif isinstance(node, m.Code):
            flat.emit(BARRIER)
        elif isinstance(node, m.Span) and "noindex" in node.classes:
            flat.emit(BARRIER)
        elif isinstance(node, m.Span) and ("org" in node.classes or "date" in node.classes):
            flat.forced[len(flat.chars)] = node
            flat.emit(BARRIER)
        elif hasattr(node, "children"):
            _flatten_into(flat, node.children)


# ------------------------------------------------------------- the findings


@dataclass
class Found:
    """One mention: `key` is the organization's key or the date's ISO value."""

    kind: str  # "org" | "date"
    key: str
    text: str  # the characters of the Text nodes (source words when read from the source)
    line: int
    flat: Flat | None = None
    start: int = 0
    end: int = 0
    span: m.Span | None = None  # a forcing span
    value: DateValue | None = None
    anchor: str = ""


@dataclass
class OrgContext:
    block: int = 0
    #: entry key -> the block it was last named in, in the order of their last naming: one item per
    #: entry, so copying it at each footnote call and reading it at each mention costs the number
    #: of entries named, not of mentions so far (a list of every mention made both quadratic)
    last: dict = field(default_factory=dict)

    def copy(self) -> "OrgContext":
        return OrgContext(self.block, dict(self.last))

    def named(self, key: str) -> None:
        """`key` is named in the current block."""
        self.last.pop(key, None)
        self.last[key] = self.block

    def recent_keys(self) -> set[str]:
        """The entries named in this block or the three before."""
        return {key for key, block in self.last.items() if block >= self.block - 3}

    def resolve(self, candidates: set[str]) -> str | None:
        """The organization a short name («Ұйымның», «Одақ») stands for: the last one named,
        within 3 blocks, among `candidates` (the entries whose names end in that noun)."""
        for key, block in reversed(self.last.items()):
            if block < self.block - 3:
                return None
            if key in candidates:
                return key
        return None


def _text_blocks(blocks: list) -> list:
    out = []
    for block in blocks:
        # the references list is never indexed (issue 16: names in references are no mentions)
        out.extend(b for b in m.query(block, *m.TEXT_BLOCKS) if not isinstance(b, m.BibEntry))
    return out


def _plain(nodes: list) -> str:
    parts = []
    for node in nodes:
        for n in m.walk(node):
            if isinstance(n, m.Text):
                parts.append(n.text)
            elif isinstance(n, (m.SoftBreak, m.LineBreak)):
                parts.append(" ")
    return "".join(parts)


class _Finder:
    def __init__(self, doc: m.Document, gazetteer: Gazetteer):
        self.doc = doc
        self.gazetteer = gazetteer
        self.matcher = matcher_for(gazetteer)
        self.found: list[Found] = []
        self.snapshots: dict[str, tuple[DateContext, OrgContext]] = {}

    def error(self, message: str, node: m.Node) -> ReportgenError:
        return ReportgenError(message, self.doc.source, node.line, node.column)

    def run(self) -> list[Found]:
        start_pass()  # the dates of the last document's texts at hand (a `watch` rebuild)
        body = _text_blocks(self.doc.blocks)
        notes = [(note, _text_blocks(note.children)) for note in self.doc.footnotes]
        blocks = body + [b for _, inner in notes for b in inner]
        # organizations are found in the whole document at once (the tagger's names are merged
        # and spread over all of it), before the blocks are read in order with their context
        flats = [flatten(b.children) for b in blocks]
        matches = organizations(self.gazetteer, self.matcher, [f.text for f in flats])
        self.prepared = {id(b): (f, found) for b, f, found in zip(blocks, flats, matches)}
        dctx, octx = DateContext(), OrgContext()
        block_no = 0
        for block in body:
            block_no += 1
            dctx.block = octx.block = block_no
            self.block(block, dctx, octx)
        for note, inner in notes:
            if note.id in self.snapshots:
                dctx, octx = (c.copy() for c in self.snapshots[note.id])
            else:
                dctx, octx = DateContext(), OrgContext()
            for block in inner:
                dctx.block += 1
                octx.block += 1
                self.block(block, dctx, octx)
        return self.found

    def block(self, block, dctx: DateContext, octx: OrgContext) -> None:
        flat, matches = self.prepared[id(block)]
        text = flat.text
        refs = sorted(flat.refs)
        found: list[Found] = []

        # dates, with the context snapshot at each footnote call
        forced_dates: dict[int, DateValue | None] = {}
        for offset, span in flat.forced.items():
            if "date" in span.classes:
                forced_dates[offset] = self.forced_date(span, dctx)
        pending = deque(refs)  # taken from the front: a list's pop(0) made many calls quadratic
        date_snaps: dict[str, DateContext] = {}
        for fd in find_dates(text, dctx, forced_dates):
            while pending and pending[0][0] < fd.start:
                date_snaps.setdefault(pending.popleft()[1], dctx.copy())
            if fd.start in flat.forced:
                span = flat.forced[fd.start]
                found.append(Found("date", fd.value.iso(), _plain(span.children), span.line, flat, fd.start, fd.end, span, fd.value))
            else:
                found.append(self.make("date", fd.value.iso(), flat, fd.start, fd.end, fd.value))
        for _, note in pending:
            date_snaps.setdefault(note, dctx.copy())

        # organizations
        matches = list(matches)
        for offset, span in flat.forced.items():
            if "org" in span.classes:
                key = span.attrs.get("key", "").strip()
                if not key:
                    raise self.error("an {.org} span needs key=… naming an index entry: [text]{.org key=un}", span)
                if key not in self.gazetteer:
                    raise self.error(f"{{.org key={key}}}: no such organization in the index; add it under index: organizations: in the front matter", span)
                matches.append(OrgMatch(offset, offset + 1, key))
        matches.sort(key=lambda c: c.start)
        here = {om.key for om in matches if not om.key.startswith(ANAPHOR)}
        pending = deque(refs)
        for om in matches:
            while pending and pending[0][0] < om.start:
                note = pending.popleft()[1]
                if note not in self.snapshots:
                    self.snapshots[note] = (date_snaps.get(note, dctx).copy(), octx.copy())
            key = om.key
            if om.needs_context and not (self.qualifiers(key) & (here | octx.recent_keys())):
                continue  # «Қауіпсіздік Кеңесі» with no UN in sight: another council
            if key.startswith(ANAPHOR):
                key = octx.resolve(self.matcher.heads[key[len(ANAPHOR):]])
                if key is None:
                    continue
            octx.named(key)
            if om.start in flat.forced:
                span = flat.forced[om.start]
                found.append(Found("org", key, _plain(span.children), span.line, flat, om.start, om.end, span))
            else:
                found.append(self.make("org", key, flat, om.start, om.end))
        for _, note in pending:
            if note not in self.snapshots:
                self.snapshots[note] = (date_snaps.get(note, dctx).copy(), octx.copy())

        # in reading order; an organization wins over a date it overlaps
        found.sort(key=lambda f: (f.start, f.kind != "org"))
        last_end = -1
        for f in found:
            if f.start >= last_end:
                self.found.append(f)
                last_end = f.end

    def qualifiers(self, key: str) -> set[str]:
        """The entries whose mention makes a generic name of `key` meaningful: its qualifiers
        and parents, all the way up."""
        out: set[str] = set()
        todo = [key]
        while todo:
            org = self.gazetteer[todo.pop()]
            for ref in (org.qualified_by, org.parent):
                if ref and ref not in out:
                    out.add(ref)
                    todo.append(ref)
        return out

    def forced_date(self, span: m.Span, dctx: DateContext) -> DateValue | None:
        given = span.attrs.get("date", "").strip()
        if given:
            try:
                return DateValue.parse(given)
            except ValueError as exc:
                raise self.error(f"{{.date date={given}}}: {exc}; write YYYY, YYYY-MM, YYYY-MM-DD or an interval a/b", span) from None
        text = "".join(normalize_char(c) for c in _plain(span.children))
        dates = list(find_dates(text, dctx.copy()))
        if not dates:
            raise self.error("no date found in this {.date} span; give it as date=YYYY-MM-DD", span)
        return dates[0].value

    def make(self, kind: str, key: str, flat: Flat, start: int, end: int, value: DateValue | None = None) -> Found:
        pieces: list[str] = []
        line = 0
        run_node, run_start, run_end = None, 0, 0
        for pos in range(start, end):
            origin = flat.origin[pos]
            if origin is None:
                if run_node is not None:
                    pieces.append(run_node.text[run_start:run_end])
                    run_node = None
                pieces.append(" " if flat.chars[pos] == " " else "")
                continue
            node, i = origin
            if not line:
                line = node.line
            if node is run_node:
                run_end = i + 1
            else:
                if run_node is not None:
                    pieces.append(run_node.text[run_start:run_end])
                run_node, run_start, run_end = node, i, i + 1
        if run_node is not None:
            pieces.append(run_node.text[run_start:run_end])
        return Found(kind, key, "".join(pieces), line, flat, start, end, None, value)


def find_mentions(doc: m.Document, gazetteer: Gazetteer | None = None) -> list[Found]:
    """Every mention in `doc`, in reading order (body, then footnotes), not yet anchored."""
    if gazetteer is None:
        gazetteer = for_document(doc)
    return _Finder(doc, gazetteer).run()


# ----------------------------------------------------------------- wrapping


def _wrap_all(found: list[Found]) -> None:
    """Wrap every mention in a `Mention`: a forcing span's children go into it; otherwise it takes
    the characters of the mention, its Text nodes cut there. Each list of siblings is rebuilt once
    (cutting a node and inserting into its list once per mention, the rest of the paragraph
    copied or moved each time, was quadratic in a paragraph of many mentions)."""
    cuts: dict[int, tuple[list, list]] = {}  # id(list of siblings) -> (that list, its cuts)
    for f in found:
        mention = m.Mention(kind=f.kind, key=f.key, anchor=f.anchor)
        if f.span is not None:
            mention.children = f.span.children
            mention.line, mention.column = f.span.line, f.span.column
            f.span.children = [mention]
            continue
        flat = f.flat
        positions = [flat.origin[p] for p in range(f.start, f.end) if flat.origin[p] is not None]
        (first, i), (last, j) = positions[0], positions[-1]
        parent = flat.parents[id(first)]
        if last is not first and flat.parents[id(last)] is not parent:
            # crosses an inline boundary: wrap the part in the first Text node (best effort)
            j = max(k for node, k in positions if node is first)
            last = first
        mention.line = first.line
        mention.column = first.column + i if first.column else 0
        cuts.setdefault(id(parent), (parent, []))[1].append((first, i, last, j, mention))
    for parent, mentions in cuts.values():
        parent[:] = _cut(parent, mentions)


def _cut(nodes: list, mentions: list) -> list:
    """`nodes` with each `(first, i, last, j, mention)` of `mentions` (not overlapping) in place:
    the mention holds `first.text[i:]` … the nodes between … `last.text[:j + 1]` (one node: its
    `[i:j + 1]`). A Text node keeps its part before its first mention (it is dropped if that
    part is empty, and it is itself the end of a mention it ends); its other parts are new nodes."""
    where = {id(node): k for k, node in enumerate(nodes)}
    starting: dict[int, list] = {}  # position of the first node -> its mentions, in text order
    for cut in sorted(mentions, key=lambda cut: cut[1]):
        starting.setdefault(where[id(cut[0])], []).append(cut)
    out: list = []
    k = 0
    rest = None  # (text, offset): the node at k is the end of a mention; its text from offset is left
    while k < len(nodes):
        node = nodes[k]
        if rest is None and k not in starting:
            out.append(node)
            k += 1
            continue
        text, offset = rest or (node.text, 0)
        rest = None
        after = k + 1
        for first, i, last, j, mention in starting.get(k, ()):
            out += _part(node, text, offset, i)
            if last is first:
                mention.children = [_part(node, text, i, j + 1, new=True)[0]]
                offset = j + 1
            else:
                after = where[id(last)]
                rest = (last.text, j + 1)
                last.text = last.text[: j + 1]
                mention.children = _part(node, text, i, len(text), new=True) + nodes[k + 1 : after] + [last]
            out.append(mention)
            if rest is not None:
                break  # it runs on into a later node: the last mention starting in this one
        else:
            out += _part(node, text, offset, len(text))
        k = after
    return out


def _part(node: m.Text, text: str, start: int, end: int, new: bool = False) -> list[m.Text]:
    """`text[start:end]` (`text` being the whole text of `node`) as a Text node: `node` itself
    for its head unless `new`, else a new node with `node`'s position; none if it is empty."""
    if start >= end:
        return []
    if start == 0 and not new:
        node.text = text[:end]
        return [node]
    return [m.Text(text[start:end], line=node.line, column=node.column + start if node.column else 0)]


def _unwrap(doc: m.Document) -> None:
    """Remove Mentions of an earlier run (the transform is idempotent)."""

    def fix(children: list) -> list:
        out = []
        for node in children:
            if isinstance(node, m.Mention):
                out.extend(node.children)
            else:
                out.append(node)
        return out

    for node in list(m.walk(doc)):
        if isinstance(node, (*m.TEXT_BLOCKS, *m.INLINE_CONTAINERS)):
            node.children = fix(node.children)


# ---------------------------------------------------------- the index model


def _org_groups(found: list[Found]) -> dict[str, list[Found]]:
    groups: dict[str, list[Found]] = {}
    for f in found:
        if f.kind == "org":
            groups.setdefault(f.key, []).append(f)
    return groups


def _org_tree(found: list[Found], gazetteer: Gazetteer) -> tuple[list[str], dict[str, list[str]], dict[str, list[Found]]]:
    """Top-level keys and children per key (both in Kazakh order) of the mentioned entries."""
    groups = _org_groups(found)
    present: set[str] = set()
    for key in groups:
        while key:
            present.add(key)
            key = gazetteer[key].parent
    children: dict[str, list[str]] = {k: [] for k in present}
    top = []
    for key in present:
        parent = gazetteer[key].parent
        (children[parent] if parent else top).append(key)
    order = lambda keys: sorted(keys, key=lambda k: sort_key(gazetteer[k].name))  # noqa: E731
    return order(top), {k: order(v) for k, v in children.items()}, groups


def _see_target(key: str, gazetteer: Gazetteer) -> str:
    names = []
    while key:
        names.append(gazetteer[key].name)
        key = gazetteer[key].parent
    return ", ".join(reversed(names))


def _org_entry(key: str, gazetteer: Gazetteer, children: dict, groups: dict) -> m.IndexEntry:
    # a function, not a closure calling itself: that closure would be a reference cycle holding
    # every mention (and its block's flat view) until the cycle collector runs
    return m.IndexEntry(
        label=gazetteer[key].name,
        anchors=[f.anchor for f in groups.get(key, [])],
        children=[_org_entry(k, gazetteer, children, groups) for k in children[key]],
    )


def build_org_section(found: list[Found], gazetteer: Gazetteer) -> m.IndexSection:
    """«Ұйымдар»: entries in Kazakh order, sub-entries as children, cross-references from
    abbreviations and former names («БҰҰ — қараңыз: Біріккен Ұлттар Ұйымы»)."""
    top, children, groups = _org_tree(found, gazetteer)
    entries = [_org_entry(k, gazetteer, children, groups) for k in top]
    labels = {e.label for e in entries}
    refs: dict[str, str] = {}
    for key in children:
        org = gazetteer[key]
        texts = [normalize(f.text) for f in groups.get(key, [])]
        names = [org.abbr[0]] if org.abbr and not org.parent else []  # a top-level entry's main abbreviation
        names += [a for a in org.abbreviations if any(_written_as(t, a, abbr=True) for t in texts)]
        names += [n for n in org.former if any(_written_as(t, n) for t in texts)]
        for name in names:
            if name not in labels and name != org.name:
                refs.setdefault(name, _see_target(key, gazetteer))
    entries += [m.IndexEntry(label=label, see=target) for label, target in refs.items()]
    entries.sort(key=lambda e: sort_key(e.label))
    return m.IndexSection(title=ORG_TITLE, entries=entries)


def _written_as(text: str, form: str, abbr: bool = False) -> bool:
    """Whether a mention's text (normalized) contains the name or abbreviation `form`."""
    body = abbr_body(form) if abbr else f"(?i:{name_body(form)})"
    return re.search(rf"(?<!\w)(?:{body})(?!\w)", text) is not None


def _date_groups(found: list[Found]) -> list[tuple[DateValue, list[Found]]]:
    groups: dict[str, tuple[DateValue, list[Found]]] = {}
    for f in found:
        if f.kind == "date":
            groups.setdefault(f.key, (f.value, []))[1].append(f)
    return sorted(groups.values(), key=lambda g: g[0].sort_key())


def build_date_section(found: list[Found]) -> m.IndexSection:
    """«Даталар»: chronological, grouped by year: a year entry holds the anchors of year-only
    mentions and, as children, the months, days and intervals that start in that year; year
    intervals (`1999–2001`) are entries of their own after their first year."""
    years: dict[int, m.IndexEntry] = {}
    entries: list[tuple[tuple, m.IndexEntry]] = []
    for value, mentions in _date_groups(found):
        anchors = [f.anchor for f in mentions]
        if value.is_year or (value.end is None or len(value.start) > 1):
            year = value.year
            if year not in years:
                years[year] = m.IndexEntry(label=str(year))
                entries.append((((year,), 0), years[year]))
            if value.is_year:
                years[year].anchors.extend(anchors)
            else:
                years[year].children.append(m.IndexEntry(label=value.label(), anchors=anchors))
        else:
            entries.append((((value.year,), 1, value.sort_key()), m.IndexEntry(label=value.label(), anchors=anchors)))
    entries.sort(key=lambda e: e[0])
    return m.IndexSection(title=DATE_TITLE, entries=[e for _, e in entries])


def _anchor(found: list[Found]) -> None:
    for n, f in enumerate(found, 1):
        f.anchor = f"m-{n}"


def index_transform(doc: m.Document, options=None) -> None:
    """Wrap every mention in a `Mention` (anchors `m-1`, `m-2` … in reading order) and set
    `doc.index` to the sections «Ұйымдар» and «Даталар» (empty sections are left out)."""
    _unwrap(doc)
    source_dir = Path(doc.source).parent if doc.source and not doc.source.startswith("<") else None
    gazetteer = for_document(doc, source_dir)
    found = find_mentions(doc, gazetteer)
    _anchor(found)
    _wrap_all(found)
    sections = [build_org_section(found, gazetteer), build_date_section(found)]
    doc.index = [s for s in sections if s.entries]


# --------------------------------------------------------------------- JSON


def index_json(doc: m.Document, gazetteer: Gazetteer | None = None) -> dict:
    """The findings of `doc` (read from the source, not typeset: `text` is the source's words)
    as `{"organizations": [...], "dates": [...]}` (see docs/index.md)."""
    if gazetteer is None:
        gazetteer = for_document(doc)
    found = find_mentions(doc, gazetteer)
    top, children, groups = _org_tree(found, gazetteer)

    def mentions(items: list[Found]) -> list[dict]:
        return [{"text": f.text, "line": f.line} for f in items]

    def org(key: str) -> dict:
        entry = gazetteer[key]
        return {
            "key": key,
            "name": entry.name,
            "abbr": entry.abbr[0] if entry.abbr else None,
            "origin": entry.origin,
            "confidence": entry.confidence,
            "mentions": mentions(groups.get(key, [])),
            "children": [org(k) for k in children[key]],
        }

    dates = [
        {"date": value.iso(), "label": value.label(), "mentions": mentions(items)} for value, items in _date_groups(found)
    ]
    return {"organizations": [org(k) for k in top], "dates": dates}
