"""Kazakh noun endings by their sounds: which splits of a word into stem + endings are possible.

A noun takes, in this order, a plural, a possessive and a case ending (with the attributive
-ғы/-гі after the locative: -дағы). Each ending's first sound follows the sound before it:

| ending | after a vowel | after л р й у (з ж) | after м н ң | after a voiceless consonant (б в г д) |
|---|---|---|---|---|
| genitive | -ның | -дың | -ның | -тың |
| dative | -ға | -ға | -ға | -қа |
| accusative | -ны | -ды | -ды | -ты |
| locative | -да | -да | -да | -та |
| ablative | -дан | -дан | -нан | -тан |
| instrumental | -мен | -мен (-бен) | -мен | -пен |
| plural | -лар | -лар (-дар) | -дар | -тар |

After a 3rd-person possessive (-ы/-і, -сы/-сі) the case endings start with н: -ның, -на, -н,
-нда, -нан; after a 1st/2nd-person possessive (-ым, -ың, -ымыз) the dative is -а/-е. Both
harmonies are accepted (loanwords break it: банкі, Парламентте). A single-letter possessive
(-м, -ң) is read only before a case ending.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..kazakh import VOWELS, dictionary_form

_VOICELESS = frozenset("кқпстфхһцчшщбвгд")
_SONORANT = frozenset("лрйуўзж")
_NASAL = frozenset("мнң")

GENITIVE, DATIVE, ACCUSATIVE, LOCATIVE, ABLATIVE, INSTRUMENTAL = "gen", "dat", "acc", "loc", "abl", "ins"

#: case -> (after a vowel, after л р й у з ж, after м н ң, after a voiceless consonant, after a 3rd-person possessive)
_CASES = {
    GENITIVE: ("ның нің", "дың дің", "ның нің", "тың тің", "ның нің"),
    DATIVE: ("ға ге", "ға ге", "ға ге", "қа ке", "на не"),
    ACCUSATIVE: ("ны ні", "ды ді", "ды ді", "ты ті", "н"),
    LOCATIVE: ("да де", "да де", "да де", "та те", "нда нде"),
    ABLATIVE: ("дан ден", "дан ден", "нан нен", "тан тен", "нан нен"),
    INSTRUMENTAL: ("мен", "мен бен", "мен", "пен", "мен"),
}
_PLURAL = ("лар лер", "лар лер дар дер", "дар дер", "тар тер")
_POSS3 = ("сы сі", "ы і", "ы і", "ы і")
_POSS12 = ("м ң мыз міз ңыз ңіз", "ым ім ың ің ымыз іміз ыңыз іңіз", "ым ім ың ің ымыз іміз ыңыз іңіз",
           "ым ім ың ің ымыз іміз ыңыз іңіз")
#: the attributive after a locative is -ғы/-гі whatever the locative's first sound (мектептегі,
#: Шымкенттегі, Ақтаудағы): the locative ends in a vowel
_ATTRIBUTIVE = {"да": "ғы", "де": "гі", "нда": "ғы", "нде": "гі", "та": "ғы", "те": "гі"}
#: the cases that tell where or when, not who: a name's first word is not in them (Астанада)
ADVERBIAL = frozenset((LOCATIVE, DATIVE, ABLATIVE, INSTRUMENTAL))
#: the attributive endings after a locative (-дағы: Түркиядағы)
ATTRIBUTIVE = tuple(sorted(set(_ATTRIBUTIVE.values())))


def _sound(letter: str) -> int:
    """The column of the tables above for the letter before an ending."""
    if letter in VOWELS:
        return 0
    if letter in _SONORANT:
        return 1
    if letter in _NASAL:
        return 2
    return 3


@dataclass(frozen=True)
class Parse:
    """A word as stem + endings: `possessive` is the 3rd-person one (-ы, -сы), `case` a name of
    `_CASES` or ''."""

    stem: str
    plural: str = ""
    possessive: str = ""
    person: int = 0  # 1/2 for -ым/-ың…, 3 for -ы/-сы, 0 for none
    case: str = ""
    ending: str = ""  # the case ending as written, with an attributive -ғы

    @property
    def nominative(self) -> str:
        """The word without its case ending (a possessive stays: министрлігі)."""
        return self.stem + self.plural + self.possessive


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, list[tuple[str, int]]]:
    """ending -> [(name, column)] of a table of endings by column."""
    out: dict[str, list[tuple[str, int]]] = {}
    for name, columns in table.items():
        for column, forms in enumerate(columns):
            for form in forms.split():
                out.setdefault(form, []).append((name, column))
                if form in _ATTRIBUTIVE:
                    out.setdefault(form + _ATTRIBUTIVE[form], []).append((name, column))
    return out


_AFTER_POSS12 = 5  # the column of the dative after -ым, -ың (Үкіметіме)
#: case ending (with an attributive -ғы) -> [(case, column)]; looked up, not generated per word
_CASE_INDEX = _index({**_CASES, "dat12": ("",) * _AFTER_POSS12 + ("а е",)})
_POSS_INDEX = _index({"3": _POSS3, "1": _POSS12})
_PLURAL_INDEX = _index({"pl": _PLURAL})


@functools.lru_cache(maxsize=65536)
def parses(word: str) -> tuple[Parse, ...]:
    """Every reading of `word` (any case; lower-cased inside) as stem + endings, the bare word
    first; a stem keeps two letters and a vowel."""
    low = word.lower()
    out = [Parse(word)]
    for cut in range(len(low) - 1, max(1, len(low) - 8), -1):
        options = _CASE_INDEX.get(low[cut:])
        if not options:
            continue
        for head, possessive, person in _possessive_splits(low[:cut]):
            column = 4 if person == 3 else _sound((head + possessive)[-1:])
            for case, at in options:
                if at == column and not (person == 1 and case == DATIVE) or (person == 1 and at == _AFTER_POSS12):
                    out.extend(_with_plural(word, head, possessive, person, DATIVE if case == "dat12" else case, word[cut:]))
    for head, possessive, person in _possessive_splits(low):
        if person == 3 or not possessive:  # министрлігі; the bare plural акциялар
            out.extend(_with_plural(word, head, possessive, person, "", ""))
    return tuple(dict.fromkeys(out))


def _possessive_splits(low: str) -> list[tuple[str, str, int]]:
    """(rest, possessive, person) ways to end `low` in a possessive (or none); person 1 stands
    for the 1st and 2nd persons."""
    out = [(low, "", 0)]
    for cut in range(len(low) - 1, max(1, len(low) - 5), -1):
        for person, column in _POSS_INDEX.get(low[cut:], ()):
            if column == _sound(low[cut - 1]):
                out.append((low[:cut], low[cut:], int(person)))
    return out


def _with_plural(word: str, head: str, possessive: str, person: int, case: str, ending: str) -> list[Parse]:
    """The parses with `head` as stem, or as stem + plural."""
    n = len(head)
    written = word[n : n + len(possessive)]
    out = []
    if _is_stem(head):
        out.append(Parse(word[:n], "", written, person, case, ending))
    cut = n - 3  # every plural ending has three letters
    if cut > 1 and ("pl", _sound(head[cut - 1])) in _PLURAL_INDEX.get(head[cut:], ()) and _is_stem(head[:cut]):
        out.append(Parse(word[:cut], word[cut:n], written, person, case, ending))
    return out


def _is_stem(stem: str) -> bool:
    return len(stem) >= 2 and any(c in VOWELS for c in stem.lower())



__all__ = ["ABLATIVE", "ACCUSATIVE", "ADVERBIAL", "ATTRIBUTIVE", "DATIVE", "GENITIVE", "INSTRUMENTAL", "LOCATIVE",
           "Parse", "dictionary_form", "parses"]
