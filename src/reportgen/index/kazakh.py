"""Kazakh text helpers shared by the organization and date finders.

Matching runs on a *normalized view* of the text: typographic characters that the typography
and hyphenation transforms put into `Text` nodes are mapped to plain ones (no-break space to a
space, no-break hyphen and en dash to a hyphen-minus, soft hyphens dropped), one character of
the view for each kept character of the source, so a match maps back to the exact source
characters.
"""

from __future__ import annotations

import re

SHY = "\u00ad"
#: characters read as a space in the normalized view
SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\t\n\r\x0b\x0c"
#: characters read as a hyphen-minus: no-break hyphen, hyphen, figure dash, en dash, minus
HYPHENS = "\u2011\u2010\u2012\u2013\u2212"
#: characters dropped from the view: soft hyphen, zero-width space/joiners, word joiner
DROPPED = SHY + "\u200b\u200c\u200d\u2060\ufeff"
#: a position matches never cross (footnote calls, code, suppressed spans)
BARRIER = "\ufffc"

LOWER = "а-яёәғқңөұүһі"
VOWELS = set("аәеёиоөуұүыіэюя")

# Inflectional endings of Kazakh nouns (plural, possessive, case, attributive -ғы/-гі), as
# morphemes; a word's ending is a sequence of up to four of them. Derivational suffixes
# (-шы, -лық, -дас, -ты (verbs) ...) are deliberately absent, so «ұйымдастыру» is not «ұйым».
MORPHEMES = sorted(
    {
        # plural
        "лар", "лер", "дар", "дер", "тар", "тер",
        # possessive
        "ы", "і", "сы", "сі", "ым", "ім", "ың", "ің", "мыз", "міз", "ңыз", "ңіз",
        # genitive
        "ның", "нің", "дың", "дің", "тың", "тің", "нын", "нін", "дын", "дін",
        # dative
        "на", "не", "ға", "ге", "қа", "ке", "а", "е",
        # accusative
        "ны", "ні", "ды", "ді", "ты", "ті", "н",
        # locative
        "да", "де", "та", "те", "нда", "нде",
        # ablative
        "дан", "ден", "тан", "тен", "нан", "нен",
        # instrumental
        "мен", "бен", "пен", "менен",
        # equative, similative
        "ша", "ше", "дай", "дей", "тай", "тей",
        # attributive (-дағы = да + ғы)
        "ғы", "гі", "қы", "кі",
    },
    key=len,
    reverse=True,
)
_MORPH = "(?:" + "|".join(MORPHEMES) + ")"
#: an optional inflectional ending (case-insensitive group)
TAIL = f"(?i:{_MORPH}{{0,4}})"
#: a non-empty inflectional ending
TAIL1 = f"(?i:{_MORPH}{{1,4}})"
#: an ending after a hyphen (`БҰҰ-ның`, `ШЫҰ-на`, `1441-ші` is not a case ending but is allowed)
HYPHEN_TAIL = f"(?:-(?i:{_MORPH}{{1,4}}|[{LOWER}]{{1,6}}))"

TAIL_RE = re.compile(f"{TAIL}$")


def is_inflection(ending: str) -> bool:
    """True if `ending` is empty or a sequence of inflectional endings (`ның`, `ына`, `дағы`)."""
    return bool(TAIL_RE.match(ending))


_VOICE = {"к": "г", "қ": "ғ", "п": "б"}
_UNVOICE = {v: k for k, v in _VOICE.items()}


def _swap_last(word: str, table: dict[str, str]) -> str | None:
    last = word[-1:]
    low = last.lower()
    if low in table:
        new = table[low]
        return word[:-1] + (new.upper() if last.isupper() else new)
    return None


def dictionary_form(stem: str) -> str:
    """The stem as a dictionary writes it: a final г/ғ/б voiced before a vowel back to к/қ/п
    (министрлігі → министрлік)."""
    return _swap_last(stem, _UNVOICE) or stem


def possessive_stem(word: str) -> bool:
    """Whether `word` can be read as a stem plus a 3rd-person possessive (`Ұйымы`, `лигасы`)."""
    low = word.lower()
    return (len(low) > 2 and low[-1] in "ыі" and low[-2] not in VOWELS) or (
        len(low) > 3 and low[-2:] in ("сы", "сі") and low[-3] in VOWELS
    )


def stems(word: str) -> list[str]:
    """The stems an inflected `word` may be built on: the word itself, without a 3rd-person
    possessive ending (`Ұйымы` → `Ұйым`, `Ассамблеясы` → `Ассамблея`), and with the final
    к/қ/п voiced before a vowel (`Одақ` → `Одағ`, `қыркүйек` → `қыркүйег`) or unvoiced."""
    out = [word]
    low = word.lower()
    if len(low) > 2 and low[-1] in "ыі" and low[-2] not in VOWELS:
        out.append(word[:-1])
    if len(low) > 3 and low[-2:] in ("сы", "сі") and low[-3] in VOWELS:
        out.append(word[:-2])
    for stem in list(out):
        for table in (_VOICE, _UNVOICE):
            changed = _swap_last(stem, table)
            if changed and changed not in out:
                out.append(changed)
    return sorted(set(out), key=len, reverse=True)


def stem_pattern(word: str) -> str:
    """A regex alternation of the stems of `word` (escaped, longest first)."""
    return "(?:" + "|".join(re.escape(s) for s in stems(word)) + ")"


def normalize_char(c: str) -> str:
    """The normalized form of one character: '' (dropped), ' ', '-', or itself."""
    if c in DROPPED:
        return ""
    if c in SPACES:
        return " "
    if c in HYPHENS:
        return "-"
    return c


def normalize(text: str) -> str:
    """The normalized view of a plain string (no barriers)."""
    return "".join(normalize_char(c) for c in text)
