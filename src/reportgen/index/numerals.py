"""Kazakh numbers written in words or as figures with an ordinal ending, for the date finder.

«екі мың он сегізінші» → 2018, ordinal; «жиырма алтыншы» → 26, ordinal; «он екінші қарашасындағы»
→ 12; «екісінде» → 2 with the possessive and locative endings «сінде»; «2020-сыншы» and
«1-інші» are the figures 2020 and 1, ordinal. Only the last word of a number is inflected
(Kazakh grammar: the ordinal -ыншы/-інші/-ншы/-нші and the case endings go on the last
numeral of a compound number), and the words stand in descending order: a sequence that breaks
the order («екі үш») is two numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .kazakh import is_inflection

#: the numerals (dictionary forms) and their values
UNITS = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9}
TENS = {"он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60, "жетпіс": 70, "сексен": 80, "тоқсан": 90}
HUNDRED, THOUSAND = "жүз", "мың"
_ALL = {**UNITS, **TENS, HUNDRED: 100, THOUSAND: 1000}
#: stems whose last vowel drops before a vowel-initial ending: қырық → қырқыншы, қырқы
_SHORT = {"қырқ": 40}
#: the ordinal suffix after a vowel (екінші, жиырмасыншы) or a consonant (бесінші, оныншы), and
#: after a hyphen on figures, where KazNERD-style writing also has «2020-сыншы», «2017-нші»
_ORDINAL = re.compile(r"^(?:с?[ыі])?н?(?:шы|ші)")
#: longest stems first, so «жетпіс» is not read as «жеті»
_STEMS = sorted([*_ALL, *_SHORT], key=len, reverse=True)
_VALUES = {**_ALL, **_SHORT}


@dataclass(frozen=True)
class Numeral:
    """A number read from words or a suffixed figure: its value, whether it is an ordinal, and the
    inflection after it (possessive, case: «сінде»)."""

    value: int
    ordinal: bool
    ending: str


def split_suffix(suffix: str) -> tuple[bool, str] | None:
    """(ordinal, the ending after it) of what follows a number («інші» → (True, ""), «сінде» →
    (False, "сінде"), «ыншысы» → (True, "сы")), or None when it is no inflection of a number."""
    suffix = suffix.lower()
    m = _ORDINAL.match(suffix)
    if m:
        rest = suffix[m.end():]
        if not rest or is_inflection(rest):
            return True, rest
    if is_inflection(suffix):
        return False, suffix
    return None


def word_numeral(word: str) -> tuple[int, bool, str] | None:
    """(value, ordinal, ending) of one number word, inflected or not, or None (`онда` is «он» +
    «да» here: the caller decides what an inflected number may be)."""
    low = word.lower()
    for stem in _STEMS:
        if low.startswith(stem):
            rest = low[len(stem):]
            if not rest:
                return (_ALL[stem], False, "") if stem in _ALL else None
            # the stem's last vowel may drop or join the suffix: «алтыншы», «екінші», «жиырмасыншы»
            split = split_suffix(rest)
            if split is not None:
                return _VALUES[stem], split[0], split[1]
            return None
    return None


def read_words(words: list[str]) -> tuple[int, Numeral] | None:
    """The number the words from the first one write: (how many words, the number), or None.
    Descending order is required (мың, then жүз, then tens, then units); only the last word may
    carry an ending."""
    total = 0
    current = 0
    last = None  # the rank of the last word: 4 мың, 3 жүз, 2 tens, 1 units
    used = 0
    result = None
    for word in words:
        read = word_numeral(word)
        if read is None:
            break
        value, ordinal, ending = read
        rank = 4 if value == 1000 else 3 if value == 100 else 2 if value >= 10 else 1
        if last is not None:
            if rank in (1, 2) and last <= rank:
                break  # «екі үш», «он жиырма»
            if rank == 3 and last not in (1, 4):
                break  # «жиырма жүз»; «екі жүз», «мың жүз» are fine
            if rank == 4 and last == 4:
                break
        if rank == 4:
            total += (current or 1) * 1000
            current = 0
        elif rank == 3:
            current = (current or 1) * 100
        else:
            current += value
        last = rank
        used += 1
        result = (used, Numeral(total + current, ordinal, ending))
        if ordinal or ending:
            break  # an ending closes the number
    return result
