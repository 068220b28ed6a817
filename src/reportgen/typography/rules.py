"""The character rules of the Kazakh typography reference, as edits of a `Stream`.

Order matters and is fixed in `apply_rules`:

0. fixed spaces  U+202F (narrow no-break space) and U+2007 (figure space) → U+00A0: the body
                 font PT Serif has neither, and both must not break anyway.
1. ellipsis      `...` → `…`
2. digit groups  numbers of five or more digits get no-break spaces between groups of three:
                 `14953126` → `14 953 126`; a dot or a (thin) space used as a thousands
                 separator becomes the no-break space: `46.800` → `46 800` (a dotted number of
                 four digits loses the dot: `1.500` → `1500`). Four-digit numbers and years stay;
                 numbers with a decimal comma (`1,4`, `12345,6`), after `№`, or glued to
                 letters are left alone.
3. ranges        `1999-2001`, `2-4`, `9-98`, `1,4-5,8` → unspaced en dash `–` (hyphen, em dash
                 or figure dash between two numbers; not in `2001-09-11`-like chains); also a
                 spaced hyphen or en dash between two numbers, `2017 – 2018`, `2 - 4 қыркүйек`:
                 between figures it is a range, not the sentence dash of rule 5 (an explicit
                 spaced em dash, `5 — 6`, stays the author's dash).
4. suffixes      the hyphen between an all-capital abbreviation (two or more capitals) or an
                 Arabic number and a lower-case Kazakh suffix becomes U+2011:
                 `БҰҰ-ның`, `АҚШ-қа`, `1441-ші`, `11-күні`, `300-і`; compounds keep `-`.
5. dashes        a spaced ` - `, ` -- `, ` — ` or ` – ` → no-break space + house dash + space.
                 A dash at the start of a paragraph or of a source line stays as it is.
6. no-break spaces
                 initials: `Н. Ә. Назарбаев` (a capital, a dot, a space, a capital);
                 `т. б.`, `т. с. с.` (one-letter lower-case abbreviations with dots);
                 `№ 1373` (also inserted in `№1373`);
                 a number and the word after it when that word starts with a lower-case letter
                 (unit, counted noun, date word, month, `ж.`): `2 литр`, `9–98 см`, `1,4 градус`,
                 `26 мамыр`, `2001 жылғы`, `2002 ж.`, and after a Roman numeral: `XXI ғасыр`;
                 also before `%`, `‰`, `°`.

Whitespace that is a source line end (a SoftBreak) is never turned into a no-break space.
"""

from __future__ import annotations

import re

from .stream import Stream
from .style import HouseStyle

NBSP = "\u00a0"
NBHY = "\u2011"

UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
LOWER = "a-zа-яёәғқңөұүһі"
KK_LOWER = "а-яёәғқңөұүһі"
_GROUP_SEP = "[ \u00a0\u2009\u202f]"

_FIXED_SPACE = re.compile("[\u202f\u2007]")
_ELLIPSIS = re.compile(r"\.\.\.")
_DOT_GROUPS = re.compile(r"(?<![\w.,])(\d{1,3})((?:\.\d{3})+)(?!\w|[.,]\d)")
_SPACE_GROUPS = re.compile(rf"(?<![\w.,])(\d{{1,3}})((?:{_GROUP_SEP}\d{{3}})+)(?!\w|[.,]\d)")
_LONG_NUMBER = re.compile(r"(?<![\w.,])\d{5,}(?!\w|[.,]\d)")
_RANGE = re.compile(r"(?<![\w.,/\u2011\u2013-])(\d+(?:,\d+)?)(?:[-\u2012\u2014]|[ \u00a0][-\u2013][ \u00a0])(\d+(?:,\d+)?)(?![\w/\u2011\u2013-]|[.,]\d)")
_SUFFIX = re.compile(rf"(?<![\w\u2011-])([{UPPER}]{{2,}}|\d+)-(?=[{KK_LOWER}]+(?![\w\u2011-]))")
_DASH = re.compile(r"(?<=\S)[ \u00a0]+(?:---|--|-|\u2013|\u2014)(?:[ \u00a0]+|(?=\n)|$)")
_INITIAL = re.compile(rf"(?<![\w.\u2011-])([{UPPER}]\.) +(?=[{UPPER}])")
_SHORT_ABBR = re.compile(rf"(?<![\w.])([{LOWER}]\.) +(?=[{LOWER}]\.(?!\w))")
_NUMERO = re.compile(r"№[ \u00a0]*(?=\d)")
_NUMBER_WORD = re.compile(rf"(?<=\d) +(?=[{LOWER}%‰°])")
# A numeral of at least one letter: the lookahead keeps the empty numeral from being tried (and its
# spaces scanned) at every space of a long run of them (quadratic).
_ROMAN = re.compile(rf"(?<![\w.])(?=[MDCLXVI])(M{{0,3}}(?:CM|CD|D?C{{0,3}})(?:XC|XL|L?X{{0,3}})(?:IX|IV|V?I{{0,3}})) +(?=[{KK_LOWER}])")


def _group(digits: str) -> str:
    """`14953126` → `14 953 126` (no-break spaces); fewer than five digits stay as they are."""
    if len(digits) < 5:
        return digits
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[k : k + 3] for k in range(head, len(digits), 3)]
    return NBSP.join(parts)


def fixed_spaces(stream: Stream) -> None:
    stream.sub(_FIXED_SPACE, lambda mt: NBSP)


def ellipsis(stream: Stream) -> None:
    stream.sub(_ELLIPSIS, lambda mt: "\u2026")


def digit_groups(stream: Stream) -> None:
    def after_numero(mt: re.Match[str]) -> bool:
        """`№` right before the number, spaces allowed between; read backwards from the number (a
        search of all the text before it, once per number, was quadratic)."""
        text, k = mt.string, mt.start()
        while k and text[k - 1].isspace():
            k -= 1
        return text[k - 1 : k] == "№"

    def regroup(mt: re.Match[str]) -> str | None:
        if after_numero(mt):
            return None
        return _group(re.sub(r"\D", "", mt.group(0)))

    def space_groups(mt: re.Match[str]) -> str | None:
        digits = re.sub(r"\D", "", mt.group(0))
        if len(digits) < 5 or after_numero(mt):
            return None
        return _group(digits)

    stream.sub(_DOT_GROUPS, regroup)
    stream.sub(_LONG_NUMBER, regroup)
    stream.sub(_SPACE_GROUPS, space_groups)


def ranges(stream: Stream) -> None:
    stream.sub(_RANGE, lambda mt: f"{mt.group(1)}\u2013{mt.group(2)}")


def suffix_hyphens(stream: Stream) -> None:
    stream.sub(_SUFFIX, lambda mt: mt.group(1) + NBHY)


def dashes(stream: Stream, dash: str) -> None:
    def repl(mt: re.Match[str]) -> str:
        after = " " if mt.group(0)[-1] in " \u00a0" else ""
        return NBSP + dash + after

    stream.sub(_DASH, repl)


def nobreak_spaces(stream: Stream, number_words: bool = True) -> None:
    stream.sub(_INITIAL, lambda mt: mt.group(1) + NBSP)
    stream.sub(_SHORT_ABBR, lambda mt: mt.group(1) + NBSP)
    stream.sub(_NUMERO, lambda mt: "№" + NBSP)
    if number_words:
        stream.sub(_NUMBER_WORD, lambda mt: NBSP)
        stream.sub(_ROMAN, lambda mt: mt.group(1) + NBSP)


def apply_rules(stream: Stream, style: HouseStyle) -> None:
    """Every character rule, in order (quotes are done before, by `quotes.normalize_quotes`)."""
    fixed_spaces(stream)
    ellipsis(stream)
    if style.group_digits:
        digit_groups(stream)
    ranges(stream)
    if style.suffix_nobreak:
        suffix_hyphens(stream)
    dashes(stream, style.dash_char)
    nobreak_spaces(stream, style.number_nbsp)
