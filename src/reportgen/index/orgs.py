"""Finding organizations in Kazakh text, with inflection.

On the normalized view of a block (see `kazakh.py`), for each gazetteer entry:
- full names (the name, variants, former names) match case-insensitively, with Kazakh endings
  on the last word (`Ұйымы` → `Ұйымына`, `Ұйымының`; `Кеңесі` → `Кеңесінің`, `Кеңесін`;
  `Одағы` → `Одағының`; `лигасы` → `лигасына`);
- abbreviations match case-sensitively, with endings after a hyphen or directly
  (`БҰҰ-ның`, `ШЫҰ-на`, `ТМД-ның`, `ЮНЕСКО-ға`, `БҰҰны`);
- a name may follow its qualifier (by default the parent) as one name: `БҰҰ Қауіпсіздік
  Кеңесі`, `Біріккен Ұлттар Ұйымының Бас Ассамблеясында`, `БҰҰ-ның Қоршаған орта жөніндегі
  бағдарламасы` — one mention of the sub-entry, in any letter case;
- a `generic` name standing alone matches only with the capitals of the gazetteer
  (`Қауіпсіздік Кеңесін` is the UN Security Council, `қауіпсіздік кеңесінің` is not), only
  near its qualifier (the caller checks: named in the same block or the three before), and
  never when it is one word («Хатшылық»);
- a sub-entry's abbreviation (`ҚК`) matches only after its qualifier (`БҰҰ ҚК-нің`);
- a capitalised head noun of the gazetteer's names standing alone — «Ұйымның», «Одақ»,
  «Кеңеске», «Қорды» — is a short name of the organization with that head last named
  (resolved by the caller, which knows the context). Not with a 3rd-person possessive ending
  («мемлекеттер … Кеңесінің» has a possessor: it is not a short name), not plural, and never
  a bare «Кеңес» (also the adjective «Soviet»);
- `exclude` phrases (Кеңес Одағы) block any match that overlaps them.
Overlapping candidates: the longest wins, then the earliest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..memo import LastPass
from .gazetteer import Gazetteer, Org
from .kazakh import HYPHEN_TAIL, TAIL, possessive_stem, stem_pattern, stems

ANAPHOR = "@anaphor:"  # + head noun: a short name to resolve from the context
#: endings that rule out a short name: a 3rd-person possessive (it has a possessor) or a plural
_NOT_SHORT_NAME = ("ы", "і", "сы", "сі", "дар", "дер", "лар", "лер", "тар", "тер")
_BLOCK = "@exclude"
_SPACE = r"[ \t]+"
_MORPH_LOWER = TAIL.replace("(?i:", "(?:")


@dataclass(frozen=True)
class OrgMatch:
    start: int
    end: int
    key: str  # an entry key, or ANAPHOR + head noun for a short name («Ұйымның») to resolve
    needs_context: bool = False  # a generic name alone: counts only near its qualifier


def name_body(name: str) -> str:
    """Regex for a multi-word name whose last word takes endings (no flags, no boundaries)."""
    words = name.split()
    head = [re.escape(w) for w in words[:-1]]
    last = words[-1]
    if "-" in last:  # «Азық-түлік»: endings go on the last part
        first, _, rest = last.rpartition("-")
        last_re = re.escape(first) + "-" + stem_pattern(rest)
    else:
        last_re = stem_pattern(last)
    return _SPACE.join(head + [last_re + TAIL])


def abbr_body(abbr: str) -> str:
    return re.escape(abbr) + f"(?:{HYPHEN_TAIL}|{_MORPH_LOWER.replace('{0,4}', '{1,4}')})?"


def _wrap(body: str) -> str:
    return rf"(?<!\w)(?:{body})(?!\w)"


class _LazyPattern:
    """A pattern compiled on first use, searched only where its literal cues occur.

    Compiling the gazetteer's inflection patterns costs more than matching them (a tenth of a
    second for the essay's); most entries never occur in a given document. Every match of an
    entry's pattern contains all the pieces of one of its cues — the words of a name but the
    last, and the start every stem of the last word shares; or an abbreviation — so a cheap
    substring test on the lower-cased text decides whether the pattern runs at all.
    """

    __slots__ = ("source", "cues", "_compiled")

    def __init__(self, source: str, cues: set[frozenset[str]]):
        self.source = source
        self.cues = tuple(sorted(tuple(sorted(cue)) for cue in cues))
        self._compiled: re.Pattern | None = None

    def finditer(self, text: str, lowered: str | None = None):
        lowered = text.lower() if lowered is None else lowered
        if not any(all(piece in lowered for piece in cue) for cue in self.cues):
            return iter(())
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled.finditer(text)


def _common_start(words: list[str]) -> str:
    start = words[0]
    for word in words[1:]:
        while not word.startswith(start):
            start = start[:-1]
    return start


def name_cue(name: str) -> frozenset[str]:
    """The lower-case pieces every match of `name` (with any ending) contains."""
    words = name.lower().split()
    last = words[-1]
    first, dash, rest = last.rpartition("-")
    return frozenset(words[:-1] + [first + dash + _common_start(stems(rest))])


def _cues(*orgs: Org) -> set[frozenset[str]]:
    """One cue per way of writing these organizations: all of a cue's pieces are in every match."""
    cues = set()
    for org in orgs:
        cues.update(name_cue(name) for name in org.full_names)
        cues.update(frozenset([abbr.lower()]) for abbr in org.abbreviations)
    return cues


class OrgMatcher:
    """The patterns of one gazetteer (compiled lazily, see `_LazyPattern`)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._forms: dict[str, str] = {}
        #: `find`'s results by text, kept from one pass over a document to the next (memo.py)
        self.texts = LastPass()
        #: (key, pattern, needs_context): a generic name alone counts only near its qualifier
        self.patterns: list[tuple[str, _LazyPattern, bool]] = []
        for org in gazetteer.orgs.values():
            if org.generic:
                # case-sensitive (the gazetteer's capitals), and never a one-word name alone («Хатшылық»)
                multi = [n for n in org.full_names if len(n.split()) > 1]
                if multi:
                    body = "|".join(name_body(n) for n in sorted(multi, key=len, reverse=True))
                    self.patterns.append((org.key, _LazyPattern(_wrap(body), _cues(org)), True))
            else:
                self.patterns.append((org.key, _LazyPattern(_wrap(f"(?i:{self._names(org)})"), _cues(org)), False))
            if org.abbreviations and not org.parent:  # a sub-entry's abbreviation (ҚК) only after its parent
                body = "|".join(abbr_body(a) for a in sorted(org.abbreviations, key=len, reverse=True))
                self.patterns.append((org.key, _LazyPattern(_wrap(body), _cues(org)), False))
            if org.qualified_by:
                own = "|".join([f"(?i:{self._names(org)})"] + [abbr_body(a) for a in sorted(org.abbreviations, key=len, reverse=True)])
                qualified = f"(?:{self.forms(gazetteer[org.qualified_by])}){_SPACE}(?:{own})"
                self.patterns.append((org.key, _LazyPattern(_wrap(qualified), _qualifier_cues(gazetteer, org)), False))
        self.exclude = [_LazyPattern(_wrap(f"(?i:{name_body(p)})"), {name_cue(p)}) for p in gazetteer.exclude]
        #: head noun stem (lower case, without a possessive ending) -> keys of the entries whose
        #: full names end in that noun («ұйым» -> un, sco, ...; «одақ», «одағ» -> eu, eaeu, ...)
        self.heads: dict[str, set[str]] = {}
        for org in gazetteer.orgs.values():
            for name in org.full_names:
                last = name.split()[-1].lower().rpartition("-")[2]
                forms = stems(last)
                if len(forms) > 1 and last in forms and possessive_stem(last):
                    forms.remove(last)  # «кеңесі» is «кеңес» + possessive
                for form in forms:
                    self.heads.setdefault(form, set()).add(org.key)
        alternatives = sorted(self.heads, key=len, reverse=True)
        self.anaphor = re.compile(
            _wrap("(?P<head>" + "|".join(re.escape(a[:1].upper() + a[1:]) for a in alternatives) + ")(?P<ending>" + TAIL + ")")
        )

    def _names(self, org: Org) -> str:
        return "|".join(name_body(n) for n in sorted(org.full_names, key=len, reverse=True))

    def forms(self, org: Org) -> str:
        """Every way `org` may be written as a qualifier (names in any case, abbreviations,
        its own qualified forms)."""
        if org.key not in self._forms:
            parts = [f"(?i:{self._names(org)})"]
            parts.extend(abbr_body(a) for a in sorted(org.abbreviations, key=len, reverse=True))
            if org.qualified_by:
                parts.append(f"(?:{self.forms(self.gazetteer[org.qualified_by])}){_SPACE}(?i:{self._names(org)})")
            self._forms[org.key] = "|".join(parts)
        return self._forms[org.key]

    def excluded(self, text: str, lowered: str | None = None) -> list[tuple[int, int]]:
        """Where an `exclude:` phrase stands in `text` (a normalized view): nothing overlapping it
        is an organization, listed or found."""
        lowered = text.lower() if lowered is None else lowered
        return [(m.start(), m.end()) for pattern in self.exclude for m in pattern.finditer(text, lowered)]

    def find(self, text: str) -> list[OrgMatch]:
        """Organization mentions in `text` (a normalized view), in order, not overlapping."""
        candidates: list[OrgMatch] = []
        lowered = text.lower()
        for key, pattern, needs_context in self.patterns:
            candidates.extend(OrgMatch(m.start(), m.end(), key, needs_context) for m in pattern.finditer(text, lowered))
        candidates.extend(OrgMatch(start, end, _BLOCK) for start, end in self.excluded(text, lowered))
        for m in self.anaphor.finditer(text):
            head = m.group("head").lower()
            ending = m.group("ending").lower()
            if ending.startswith(_NOT_SHORT_NAME) or (head == "кеңес" and not ending):
                continue
            candidates.append(OrgMatch(m.start(), m.end(), ANAPHOR + head))
        candidates.sort(key=lambda c: (-(c.end - c.start), c.start, c.key.startswith(ANAPHOR)))
        taken: list[OrgMatch] = []
        # the characters taken so far: a candidate looks at its own span, not at every match
        # taken before it (quadratic in a block naming many organizations); matches are not empty
        used = bytearray(len(text))
        for c in candidates:
            if used.find(1, c.start, c.end) < 0:
                taken.append(c)
                used[c.start : c.end] = b"\x01" * (c.end - c.start)
        return sorted((t for t in taken if t.key != _BLOCK), key=lambda c: c.start)


def _qualifier_cues(gazetteer: Gazetteer, org: Org) -> set[frozenset[str]]:
    """A qualified name holds one way of writing its qualifier and one of its own."""
    return {q | own for q in _cues(gazetteer[org.qualified_by]) for own in _cues(org)}


_CACHE: dict[tuple, OrgMatcher] = {}


def matcher_for(gazetteer: Gazetteer) -> OrgMatcher:
    """The compiled matcher of `gazetteer`, reused for gazetteers with the same entries."""
    key = gazetteer.fingerprint()
    if key not in _CACHE:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = OrgMatcher(gazetteer)
    return _CACHE[key]


__all__ = ["ANAPHOR", "OrgMatch", "OrgMatcher", "abbr_body", "matcher_for", "name_body"]
