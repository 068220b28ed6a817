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
3. ь and ъ belong to the consonant before them and are not counted (`съез-дің`, `паль-то`);
   before a vowel the break comes right after the sign (rule 9 of the reference: `субъ-ект`,
   `объ-ект`, `разъ-езд`, `конъ-юнк-ту-ра`).
4. Never leave or carry a single letter: at least two letters before and after every break
   (so `ала-қан` not `а-лақан`; a final я/ю is never separated: `ар-мия`), and no word of four
   letters or fewer is split at all (house style, rule 11: `және`, `онда`, `мүше`, `атом`).
5. One-syllable words have no break (`пункт`).
6. Never broken: abbreviations (a word with a capital after its first letter: `БҰҰ`, `ЮНЕСКО`,
   `ҚазҰУ`), words with digits or any character that is not a Cyrillic letter (so Latin words,
   initials with dots, `1441-ші`), and a word containing U+00A0 or U+2011.
7. A compound written with hyphens breaks at its own hyphens only (rule 10: `қару-/жарақ`,
   never `қа-/ру-жарақ`): no break is added inside its parts.
8. A loan compound breaks between its parts (rule 10: `элек-тро-стан-ция`, `Гольф-стрим`): a
   word that starts with one of the combining forms in `LOAN_PARTS` (`гидро`, `электро`,
   `теле`, …), followed by at least four letters with a vowel, is divided at the seam, the
   combining form as listed and the rest by the rules. The list is short and deliberate: each
   form is one that, in Russian and Kazakh loanwords, only ever starts a compound.
"""

from __future__ import annotations

import functools

import re

from .stream import OBJECT, Stream

VOWELS = frozenset("аәеёиоөуұүыіэюя")
SIGNS = frozenset("ьъ")
LETTERS = frozenset("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")  # the 42 letters, lower case
LEFT_MIN = 2
RIGHT_MIN = 2
MIN_WORD = 5  # rule 11: no word of four letters or fewer is split
SHY = "\u00ad"
# Loan compounds (rule 10): combining forms with their own division, "-" at each allowed break;
# a word starting with one of them (and at least four more letters) is divided at the seam.
LOAN_PARTS = {
    "авиа": "авиа", "авто": "ав-то", "аэро": "аэ-ро", "астро": "аст-ро",
    "гидро": "гид-ро", "кино": "ки-но", "космо": "кос-мо", "макро": "мак-ро", "микро": "мик-ро",
    "мото": "мо-то", "нейро": "ней-ро", "радио": "ра-дио", "теле": "те-ле", "термо": "тер-мо",
    "фото": "фо-то", "электро": "элек-тро",
}
# Loan compounds whose parts are not a combining form and a rest: written with "-" at each break.
LOAN_WORDS = {"гольфстрим": "гольф-стрим"}
_LONGEST_LOAN_PART = max(map(len, LOAN_PARTS))
_LONGEST_LOAN_WORD = max(map(len, LOAN_WORDS))

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


def _divided(form: str) -> list[int]:
    """The break indices of a hand-divided form (`элек-тро` → [4])."""
    points, at = [], 0
    for ch in form:
        if ch == "-":
            points.append(at)
        else:
            at += 1
    return points


def _part_breaks(part: str) -> list[int]:
    """Break positions inside a word without hyphens: index `k` means `part[:k]-part[k:]`."""
    return list(_part_breaks_of(part))


@functools.lru_cache(maxsize=1 << 16)
def _part_breaks_of(part: str) -> tuple[int, ...]:
    """`_part_breaks`, remembered per word: a book says its words again and again (a pure function
    of the word and this module's tables; the 30× book's hyphenation: 0.99 → 0.58 s)."""
    return tuple(_part_breaks_uncached(part))


def _part_breaks_uncached(part: str) -> list[int]:
    low = part.lower()
    if len(low) < MIN_WORD or any(ch not in LETTERS for ch in low):
        return []
    return _loan_breaks(low)


def _loan_breaks(low: str) -> list[int]:
    """Breaks of a word that may be a loan compound (rule 8): a listed word, or a combining
    form, the seam, and the rest divided the same way (`гид-ро-элек-тро-стан-ция`). The forms
    are read one after the other from the start, only as long as the longest form: cutting the
    rest off and reading it again for each form (and each length) was quadratic in a long word
    and ran out of stack on a run of forms (`телетеле…`)."""
    last_vowel = max((k for k, ch in enumerate(low) if ch in VOWELS), default=-1)
    points: list[int] = []
    at = 0  # low[:at] is divided: combining forms and their seams
    while True:
        if len(low) - at <= _LONGEST_LOAN_WORD and low[at:] in LOAN_WORDS:
            return points + [at + k for k in _divided(LOAN_WORDS[low[at:]])]
        for size in range(min(len(low) - at - 4, _LONGEST_LOAN_PART), 2, -1):  # the longest form first
            form = LOAN_PARTS.get(low[at : at + size])
            if form is not None and last_vowel >= at + size:  # a vowel in the rest
                points += [at + k for k in _divided(form)] + [at + size]
                at += size
                break
        else:
            return points + [at + k for k in _rule_breaks(low[at:], allow_short=at > 0)]


def _rule_breaks(low: str, allow_short: bool = False) -> list[int]:
    """Breaks by the syllable rules (1–4) in a lower-case word of letters; `allow_short`: the
    word is the rest of a loan compound (the four-letter minimum was met by the whole word)."""
    if len(low) < (LEFT_MIN + RIGHT_MIN if allow_short else MIN_WORD):
        return []
    kinds = _kinds(low)
    nuclei = [i for i, kind in enumerate(kinds) if kind == "V"]
    breaks: list[int] = []
    for a, b in zip(nuclei, nuclei[1:]):
        consonants = [k for k in range(a + 1, b) if kinds[k] == "C"]
        if kinds[b - 1] == "S":  # a sign before the vowel: it ends the syllable (`субъ-ект`)
            pos = b
        elif not consonants:
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

    An index `k` allows `word[:k]` + hyphen + `word[k:]`. A compound's own hyphens are its only
    breaks and are not listed. Soft hyphens in the input are not allowed (strip them first).
    """
    if not word or "\u00a0" in word or "\u2011" in word or not _WORD.fullmatch(word):
        return []
    if "-" in word:  # a compound breaks at its own hyphens only (rule 7)
        return []
    if is_abbreviation(word):
        return []
    return _part_breaks(word)


@functools.lru_cache(maxsize=1 << 16)
def hyphenate_word(word: str, hyphen: str = "-") -> str:
    """`word` with `hyphen` at every allowed break: `hyphenate_word("мектеп")` → `мек-теп`
    (remembered per word, as `_part_breaks_of`: the 30× book asks 78 750 times for a few thousand)."""
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
