"""Kazakh hyphenation (тасымал) by the rules of the typography reference.

No hyphenation dictionary for Kazakh ships with pyphen, LibreOffice or browsers; this module
implements the reference's rules directly:

1. Breaks fall only between syllables; each syllable has one vowel
   (а ә е ё и о ө у ұ ү ы і э ю я).
   - и is always a vowel (it stands for ій/ый): `қи-ын`, `ти-іс`, `жи-ыр-ма`.
   - у is a vowel (ұу/үу) after a consonant and at the start of a word before a consonant:
     `бу-ын`, `ту-ра-лы`, `рес-пуб-ли-ка`; after a vowel, or at the start of a word before a
     vowel, it is the consonant w: `да-уыс`, `са-уат`, `ау-қым`, `тау`, `уа-қыт`, `Еу-ро-па`.
   - й is always a consonant: `ке-йін`, `да-йын-дық`, `құ-йын`, `ай-ран`.
2. Between two vowels: no consonant → break between them (`про-ект`, `бу-ын`);
   one consonant → it goes to the next line (`кі-тап`, `ба-ла`);
   two → one each side (`мек-теп`);
   three or more → all but the last stay, the last goes (`құмырс-қа`, `күңгірт-теу`).
3. ь and ъ belong to the consonant before them and are not counted (`съез-дің`, `паль-то`).
4. Never leave or carry a single letter: at least two letters before and after every break
   (so `атом`, `ақыл`, `отыр`, `ара`, `аю` have none and `ала-қан` not `а-лақан`; a final я/ю
   is never separated: `ар-мия`).
5. One-syllable words have no break (`пункт`).
6. Never broken: abbreviations (a word with a capital after its first letter: `БҰҰ`, `ЮНЕСКО`,
   `ҚазҰУ`), words with digits or any character that is not a Cyrillic letter (so Latin words,
   initials with dots, `1441-ші`), and a word containing U+00A0 or U+2011.
7. A compound written with hyphens is hyphenated part by part; the hyphen itself is a break
   already and no break is added next to it (each part keeps two letters on both sides).
"""

from __future__ import annotations

import re

from .stream import OBJECT, Stream

VOWELS = frozenset("аәеёиоөуұүыіэюя")
SIGNS = frozenset("ьъ")
LETTERS = frozenset("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")  # the 42 letters, lower case
LEFT_MIN = 2
RIGHT_MIN = 2
SHY = "\u00ad"

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SHY_RUN = re.compile(SHY + "+")
# Neighbours that glue a letter run to something never broken: no-break space and hyphen, other
# fixed spaces, a hyphen (`300-і`), underscore, apostrophes, @ / \\ (addresses), inline code.
_GLUE = "\u00a0\u2011\u202f\u2007-_'’@/\\" + OBJECT


def _kinds(word: str) -> list[str]:
    """'V' (vowel: a syllable nucleus), 'C' (consonant) or 'S' (sign) for every letter of `word` (lower case)."""
    kinds: list[str] = []
    for i, ch in enumerate(word):
        if ch in SIGNS:
            kinds.append("S")
        elif ch == "у":
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if i == 0:
                kinds.append("C" if nxt in VOWELS else "V")
            elif kinds[i - 1] == "V":
                kinds.append("C")
            else:
                kinds.append("V")
        elif ch in VOWELS:
            kinds.append("V")
        else:
            kinds.append("C")
    return kinds


def _part_breaks(part: str) -> list[int]:
    """Break positions inside one part of a word (no hyphens): index `k` means `part[:k]-part[k:]`."""
    low = part.lower()
    if len(low) < LEFT_MIN + RIGHT_MIN or any(ch not in LETTERS for ch in low):
        return []
    kinds = _kinds(low)
    nuclei = [i for i, kind in enumerate(kinds) if kind == "V"]
    breaks: list[int] = []
    for a, b in zip(nuclei, nuclei[1:]):
        consonants = [k for k in range(a + 1, b) if kinds[k] == "C"]
        if not consonants:
            pos = b
        elif len(consonants) == 2:
            pos = consonants[1]
        else:  # one consonant goes to the next line; of three or more, only the last goes
            pos = consonants[-1]
        if LEFT_MIN <= pos <= len(low) - RIGHT_MIN:
            breaks.append(pos)
    return breaks


def is_abbreviation(word: str) -> bool:
    """True for a word with a capital letter after its first letter (`БҰҰ`, `ЮНЕСКО`, `ҚазҰУ`)."""
    return any(ch.isupper() for ch in word[1:])


def break_points(word: str) -> list[int]:
    """Every allowed break in `word` (a word, possibly a hyphenated compound), as indices into it.

    An index `k` allows `word[:k]` + hyphen + `word[k:]`. The hyphens of a compound are not listed
    (they are breaks already). Soft hyphens in the input are not allowed (strip them first).
    """
    if not word or "\u00a0" in word or "\u2011" in word or not _WORD.fullmatch(word):
        return []
    parts = word.split("-")
    if any(is_abbreviation(part) for part in parts):
        return []
    points: list[int] = []
    offset = 0
    for part in parts:
        points.extend(offset + k for k in _part_breaks(part))
        offset += len(part) + 1
    return points


def hyphenate_word(word: str, hyphen: str = "-") -> str:
    """`word` with `hyphen` at every allowed break: `hyphenate_word("мектеп")` → `мек-теп`."""
    word = word.replace(SHY, "")
    points = set(break_points(word))
    return "".join((hyphen if k in points else "") + ch for k, ch in enumerate(word))


def hyphenate_stream(stream: Stream, hyphen: str = SHY) -> None:
    """Put `hyphen` at every allowed break of every word of `stream` (soft hyphens removed first).

    Words are runs of letters (with inner hyphens) between spaces and punctuation. A run glued
    to a digit, a no-break space, a no-break hyphen, a plain hyphen (`300-і`), inline code, or
    split across two `Text` nodes (`*Қазақ*стан`) is left alone.
    """
    stream.sub(_SHY_RUN, lambda mt: "")
    text = stream.text
    edits = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if _glued(before) or _glued(after) or not stream.single_owner(start, end):
            continue
        new = hyphenate_word(match.group(0), hyphen)
        if new != match.group(0):
            edits.append((start, end, new))
    stream.apply(edits)


def hyphenate_text(text: str, hyphen: str = SHY) -> str:
    """Every word of a plain `text` hyphenated with `hyphen` (existing soft hyphens removed first)."""
    stream = Stream.from_string(text)
    hyphenate_stream(stream, hyphen)
    return stream.text


def _glued(char: str) -> bool:
    """A neighbour that makes a letter run part of something unbreakable (number, no-break group, code)."""
    return bool(char) and (char.isdigit() or char.isalpha() or char in _GLUE)
