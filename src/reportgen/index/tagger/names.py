"""Index headings of found organizations: the name in the nominative, and the key that merges
the mentions of one organization.

Only the last word of a name is inflected («Әділет министрлігіне» → «Әділет министрлігі», «Нұр
Отанға» → «Нұр Отан»); an ending after a hyphen goes («Twitter-інен» → «Twitter», «Kia-сы» →
«Kia»). Of the readings of the last word (`endings.parses`) the first that holds wins:
1. its stem is an organization head noun: the possessive stays (министрлігі, университеті, банк);
2. hunspell-kk knows its stem (Отан, Үкімет, Хабар); or, failing that, the word as written
   is a dictionary entry, its ending no ending (Қазақстан);
3. its ending is a genitive, dative or instrumental one, which a name hardly ends in
   (Қазатомпромның); a locative, ablative or accusative ending may be part of a name
   (Ақорда, Қазақстан), so those stay unless another mention shows the bare stem
   (`Names.vote`: «Ақордада» and «Ақорда» make «Ақорда»).
The merge key is the name in lower case, without a country prefix before a national body
(«Қазақстан Республикасының Қаржы министрлігі» and «Қаржы министрлігі» are one organization;
«Қазақстан темір жолы» keeps its first word).
"""

from __future__ import annotations

import re

from ..kazakh import is_inflection
from ..kazakh import dictionary_form
from .endings import ACCUSATIVE, ABLATIVE, LOCATIVE, parses
from .features import HEADS, head_noun
from .lexicon import Lexicon
from .tokens import LATIN

#: a country named before a national body: «Қазақстан Республикасының Қаржы министрлігі»
_COUNTRY = re.compile(r"^(?:(?:Қазақстан )?Республикасы(?:ның)?|ҚР(?:-ның)?|Қазақстан(?:ның)?) (?=\S+ \S)")
#: endings that may belong to a name itself (Ақорда, Қазақстан, Алматы)
_AMBIGUOUS = (LOCATIVE, ABLATIVE, ACCUSATIVE)


def nominatives(word: str, lexicon: Lexicon) -> list[str]:
    """The nominative forms `word` may stand for, the likeliest first."""
    head, dash, rest = word.rpartition("-")
    if dash and head and is_inflection(rest.lower()) and rest.islower():
        return [head]  # Twitter-інен, БҰҰ-ның, Kia-сы
    if LATIN.search(word) or (word.isupper() and len(word) > 1):
        return [word]
    readings = parses(word)
    for parse in readings[1:]:
        if dictionary_form(parse.stem.lower()) in HEADS and not parse.plural:
            return [parse.nominative]
    for parse in readings[1:]:
        stem = parse.stem
        if lexicon.known(stem) or lexicon.known(dictionary_form(stem)):
            return [parse.nominative]
    if lexicon.listed(word):
        return [word]  # a dictionary entry as written: Қазақстан, not Қазақс + -тан
    firm = [p.nominative for p in readings[1:] if p.case and p.case not in _AMBIGUOUS]
    if firm:
        return [firm[-1]]
    return [word] + [p.nominative for p in readings[1:]]


def heading(words: list[str], last: str) -> str:
    """The name of a mention: its words with the last one in the nominative."""
    return " ".join([*words[:-1], last])


def has_country(name: str) -> bool:
    """The name starts with a country prefix that `merge_key` leaves out."""
    return merge_key(name) != name.lower()


def merge_key(name: str) -> str:
    """What two names of one organization share: lower case, no country prefix before a body
    named by a head noun."""
    if head_noun(name.rpartition(" ")[2]):
        name = _COUNTRY.sub("", name)
    return name.lower()


class Names:
    """Chooses each mention's nominative with the evidence of the whole document: the reading
    most mentions allow wins («Ақордада», «Ақорда» → «Ақорда»)."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.votes: dict[str, int] = {}

    def readings(self, words: list[str]) -> list[str]:
        """The candidate headings of a mention (`words`), the likeliest first; counted as votes."""
        out = [heading(words, last) for last in nominatives(words[-1], self.lexicon)]
        for name in out:
            key = merge_key(name)
            self.votes[key] = self.votes.get(key, 0) + 1
        return out

    def vote(self, readings: list[str]) -> str:
        """The heading among `readings` that most mentions of the document allow (ties: the first)."""
        return max(readings, key=lambda name: self.votes.get(merge_key(name), 0))
