"""Finding dates in Kazakh running text and normalizing them to ISO 8601.

Works on the normalized view of a block (see `kazakh.py`): no-break spaces are spaces, no-break
hyphens and en dashes are hyphen-minus, soft hyphens are gone.

Forms understood (with the endings Kazakh puts on them):
  1972 жылғы 26 мамырдағы · 2002 жылдың 2-4 қыркүйегінде · 2001 жылғы қыркүйектің 11-күні ·
  (қаңтар, 2002 ж.) · 2002 жылғы маусым айында · 1996 жылы · 1980 жылдан бері ·
  1999-2001 жылдар · 1990 жылдары (a decade) · 9 және 13 қыркүйекте (two dates) ·
  30 қыркүйек – 2 қазан · наурыз–сәуір айларында · 2001 ж. 11 қыркүйек · 11 қыркүйек 2001 ж. ·
  11.09.2001 · Сарыарқа (2008) · 10 маусым мен 10 қыркүйек аралығында · 1999 бен 2001 жылдар
  аралығында · Сол жылғы 10 қазанда / келесі жылы (year from context) · 23 қаңтарда (the year of
  the most recent date, or — outside a running chronology — the year of an earlier mention of
  the same day: «11 қыркүйектегі террор»).
Not dates: counts (1500 адам), resolution numbers (№ 1373, 1441-ші), durations (10 жыл бойы,
2000 жылдан астам), centuries (XXI ғасыр), a month with no day and no year (шілде айында),
recurring days (жыл сайын 29 тамызда).

A year needs its word (жыл…, ж.), a month beside it, or parentheses of its own «(2008)»: a bare
four-digit number in running text is never a year.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Iterator

from babel.dates import format_date, format_skeleton

from ..memo import LastPass
from .kazakh import BARRIER, is_inflection, stems
from .numerals import read_words, split_suffix

# ------------------------------------------------------------------ values

Point = tuple  # (year,) | (year, month) | (year, month, day)


@dataclass(frozen=True)
class DateValue:
    """A date of year, month or day precision, or an interval of two such points."""

    start: Point
    end: Point | None = None

    @property
    def year(self) -> int:
        return self.start[0]

    @property
    def last_year(self) -> int:
        return (self.end or self.start)[0]

    @property
    def is_year(self) -> bool:
        return self.end is None and len(self.start) == 1

    def iso(self) -> str:
        """ISO 8601: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, intervals `start/end`."""
        text = _iso(self.start)
        return f"{text}/{_iso(self.end)}" if self.end else text

    def sort_key(self) -> tuple:
        """Chronological order: by start (a year before its months, a month before its days),
        then shorter intervals first."""
        start = tuple(self.start) + (0,) * (3 - len(self.start))
        end = tuple(self.end or self.start) + (99,) * (3 - len(self.end or self.start))
        return (start, len(self.start), end)

    def label(self) -> str:
        """A Kazakh label in the CLDR `kk` long style (Babel): `2001 ж. 11 қыркүйек`,
        `2002 ж. 2–4 қыркүйек`, `1999–2001`, `2002 ж. маусым`."""
        return _label(self)

    @classmethod
    def parse(cls, text: str) -> "DateValue":
        """Parse an ISO value (`2001`, `2001-09`, `2001-09-11`, `a/b`); ValueError if invalid."""
        parts = text.strip().split("/")
        if len(parts) > 2 or not parts[0]:
            raise ValueError(f"not an ISO 8601 date or interval: {text!r}")
        points = [_parse_point(p) for p in parts]
        if len(points) == 2:
            if _first_day(points[1]) < _first_day(points[0]):
                raise ValueError(f"interval ends before it starts: {text!r}")
            return cls(points[0], points[1])
        return cls(points[0])


def _iso(point: Point) -> str:
    out = f"{point[0]:04d}"
    for part in point[1:]:
        out += f"-{part:02d}"
    return out


def _parse_point(text: str) -> Point:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match:
        raise ValueError(f"not an ISO 8601 date: {text!r}")
    numbers = tuple(int(g) for g in match.groups() if g is not None)
    if len(numbers) >= 2 and not 1 <= numbers[1] <= 12:
        raise ValueError(f"no month {numbers[1]}: {text!r}")
    if len(numbers) == 3:
        datetime.date(*numbers)  # raises ValueError on 2001-02-30
    return numbers


def _first_day(point: Point) -> datetime.date:
    return datetime.date(point[0], point[1] if len(point) > 1 else 1, point[2] if len(point) > 2 else 1)


LOCALE = "kk"


def _clean(text: str) -> str:
    # CLDR puts U+202F (narrow no-break space) before «ж.»; PT Serif has no glyph for it and the
    # typography reference wants U+00A0 there (`2002 ж.`).
    return text.replace("\u202f", "\u00a0").strip()


def _day_label(point: Point) -> str:
    return _clean(format_date(datetime.date(*point), format="long", locale=LOCALE))


def _month_label(point: Point) -> str:
    return _clean(format_skeleton("yMMMM", datetime.date(point[0], point[1], 1), locale=LOCALE))


def _day_month(point: Point) -> str:
    return _clean(format_skeleton("MMMMd", datetime.date(*point), locale=LOCALE))


def _month_name(month: int) -> str:
    return _clean(format_date(datetime.date(2000, month, 1), format="MMMM", locale=LOCALE))


def _point_label(point: Point) -> str:
    if len(point) == 1:
        return str(point[0])
    if len(point) == 2:
        return _month_label(point)
    return _day_label(point)


def _label(value: DateValue) -> str:
    a, b = value.start, value.end
    if b is None:
        return _point_label(a)
    if len(a) == 1 and len(b) == 1:
        return f"{a[0]}–{b[0]}"
    if len(a) == 3 and len(b) == 3 and a[0] == b[0]:
        if a[1] == b[1]:  # 2002 ж. 2–4 қыркүйек
            whole = _day_label(b)
            return whole.replace(f" {b[2]} ", f" {a[2]}–{b[2]} ", 1)
        return f"{_day_label(a)} – {_day_month(b)}"
    if len(a) == 2 and len(b) == 2 and a[0] == b[0]:  # 2002 ж. наурыз–сәуір
        return f"{_month_label(a)}–{_month_name(b[1])}"
    return f"{_point_label(a)} – {_point_label(b)}"


# --------------------------------------------------------------- tokenizer

MONTHS = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"]
_MONTH_STEMS = sorted(((s.lower(), n) for n, name in enumerate(MONTHS, 1) for s in stems(name)), key=lambda p: -len(p[0]))

#: words after «N жыл» that make it a duration or a count, not a date
_DURATION_AFTER = {"бойы", "бойғы", "бұрын", "бұрынғы", "ішінде", "ішіндегі", "толды", "толған", "толуына", "өтті", "өткен", "сайын", "бұрынырақ", "мерзімге", "мерзімде"}
#: words after «N жылдан» that make it a count («2000 жылдан астам»)
_MORE_THAN = {"астам", "артық", "аса", "көп", "кем", "асқан", "асатын", "кейінгі"}
#: postpositions after which a year does not set the year of later dates («1980 жылдан бері»)
_NO_CONTEXT = {"бері", "дейін", "дейінгі", "шейін", "бастап"}
_LIST_WORDS = {"және", "мен", "бен", "пен"}
#: what joins the two years of a range (the normalized view has made en dashes hyphens; an em
#: dash the author chose, «2017 — 2018 жылдар», joins them too)
_DASHES = "-\u2014"
_ABLATIVE = {"дан", "тан", "нан"}  # «жылдан» (жыл takes the д- forms)
_DATIVE = {"ға", "қа", "на"}
_UNTIL = {"дейін", "шейін", "дейінгі", "шейінгі"}  # «… жылға шейін», «… жылға шейінгі құжаттар»
_LOCATIVE = {"да", "де", "та", "те"}
#: the most years a list of years in prose names («2005, 2011 және 2017 жылдары»); a longer run of
#: numbers is a table of figures, and walking it again from each of its numbers would be quadratic
_LONGEST_LIST = 12
_RELATIVE = {"сол": 0, "осы": 0, "келесі": 1, "кейінгі": 1}
_DAY_SUFFIXES = {"күні", "і", "ы", "сі", "сы", "нші", "ншы", "ші", "шы", "інде", "ында", "індегі", "ындағы", "ні", "ны", "нен", "нан"}

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)(?:-(?P<suffix>[^\W\d_]+))?|(?P<word>[^\W\d_]+)|(?P<barrier>" + BARRIER + r")|(?P<space>\s+)|(?P<punct>.)",
    re.S,
)


@dataclass
class Token:
    kind: str  # num | word | punct | barrier
    text: str  # lower case for words
    start: int
    end: int
    suffix: str = ""  # after a hyphen: `11-күні` → suffix «күні»
    raw: str = ""
    ordinal: bool = False  # `2018-інші`, `он екінші` (the ordinal ending taken off `suffix`)
    words: bool = False  # written in words: «екі мың он сегізінші»

    @property
    def number(self) -> int | None:
        if self.kind == "num" and self.text.isdigit():
            return int(self.text)
        return None


def tokenize(text: str) -> list[Token]:
    """Numbers, words, barriers and punctuation; a number written in words («екі мың он
    сегізінші») is one number token, and an ordinal ending («2018-інші», «1-нші») is taken off
    the suffix into `ordinal` (numerals.py)."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "space":
            continue
        if match.group("num") is not None:
            suffix = (match.group("suffix") or "").lower()
            split = split_suffix(suffix) if suffix else None
            ordinal = bool(split and split[0])
            if ordinal:
                suffix = split[1]
            tokens.append(Token("num", match.group("num"), match.start(), match.end(), suffix, match.group(0), ordinal))
        elif match.group("word") is not None:
            tokens.append(Token("word", match.group("word").lower(), match.start(), match.end(), raw=match.group("word")))
        elif match.group("barrier") is not None:
            tokens.append(Token("barrier", BARRIER, match.start(), match.end()))
        else:
            tokens.append(Token("punct", match.group(0), match.start(), match.end()))
    return _number_words(tokens)


def _number_words(tokens: list[Token]) -> list[Token]:
    """The tokens with each number written in words made one number token. Linear: each word is
    tried as a numeral once, and a number is at most six words («бір мың тоғыз жүз жетпіс
    екінші»)."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "word":
            k = i
            while k < len(tokens) and k - i < 8 and tokens[k].kind == "word":
                k += 1
            read = read_words([x.raw for x in tokens[i:k]])
            if read:
                used, number = read
                last = tokens[i + used - 1]
                out.append(Token("num", str(number.value), t.start, last.end, number.ending,
                                 " ".join(x.raw for x in tokens[i:i + used]), number.ordinal, True))
                i += used
                continue
        out.append(t)
        i += 1
    return out


def month_of(word: str) -> int | None:
    """The month a (lower-case, inflected) word names: «қыркүйегінде» → 9, «мамырдағы» → 5."""
    for stem, number in _MONTH_STEMS:
        if word.startswith(stem) and is_inflection(word[len(stem):]):
            return number
    return None


def _year_word(word: str) -> str | None:
    """The ending of a form of «жыл» («жылғы» → «ғы»), or None."""
    if word.startswith("жыл") and is_inflection(word[3:]):
        return word[3:]
    return None


def _is_month_word(word: str) -> bool:  # «ай», «айында», «айлары»
    return word.startswith("ай") and is_inflection(word[2:])


# ------------------------------------------------------------------ context


@dataclass
class DateContext:
    """What earlier text tells about later dates: the year last mentioned, the first year
    seen for each day of the year, and where the last day-precision date was."""

    year: int | None = None
    block: int = 0
    last_day_block: int = -10
    first_day_year: dict = field(default_factory=dict)

    @property
    def in_chronology(self) -> bool:
        """Whether a day-precision date stood in this block or the one before: a running
        chronology, where a day without its year takes the context's year."""
        return self.last_day_block >= self.block - 1

    def copy(self) -> "DateContext":
        return DateContext(self.year, self.block, self.last_day_block, dict(self.first_day_year))

    def update(self, found: "FoundDate") -> None:
        value = found.value
        if found.sets_context:
            self.year = value.last_year
        points = [value.start] + ([value.end] if value.end else [])
        if any(len(p) == 3 for p in points):
            self.last_day_block = self.block
        if found.explicit_year:
            for p in points:
                if len(p) == 3:
                    self.first_day_year.setdefault((p[1], p[2]), p[0])


@dataclass
class FoundDate:
    start: int  # offsets in the normalized text
    end: int
    value: DateValue
    sets_context: bool = True
    explicit_year: bool = True
    forced: object = None  # the forcing Span, for `{.date}` spans


# ------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str, ctx: DateContext, forced: dict[int, DateValue | None]):
        self.text = text
        self.tokens = tokenize(text)
        self.ctx = ctx
        self.forced = forced
        self._lists: dict[int, tuple[int, int]] = {}  # see `list_of_days`
        #: the days this text's own dates gave a year (DateContext.update), and the year the
        #: context gave each other day when asked: all `find_dates` read of `first_day_year`
        self.own: set[tuple[int, int]] = set()
        self.asked: dict[tuple[int, int], int | None] = {}

    # -- token helpers (each returns the index after what it read, or None)

    def tok(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def word(self, i: int) -> str | None:
        t = self.tok(i)
        return t.text if t and t.kind == "word" else None

    def punct(self, i: int, chars: str) -> bool:
        t = self.tok(i)
        return bool(t and t.kind == "punct" and t.text in chars)

    def year(self, i: int, cardinal_words: bool = False) -> int | None:
        """A year at i: four figures with no ending but an ordinal one, or a number in words that
        is an ordinal («екі мың он сегізінші»; a cardinal in words, «екі мың жыл», is a count,
        except as the first year of a range: `cardinal_words`)."""
        t = self.tok(i)
        if not t or t.kind != "num" or t.suffix or len(t.text) != 4 or not t.text.isdigit():
            return None
        if t.words and not (t.ordinal or cardinal_words):
            return None
        value = int(t.text)
        if not 1000 <= value <= 2099 or self.punct(i - 1, "№#"):
            return None
        prev = self.tok(i - 1)
        if prev and prev.kind == "punct" and prev.text in ".," and prev.end == t.start:
            return None  # 46.800, 1,2000
        return value

    def year_word(self, i: int) -> tuple[int, str, bool] | None:
        """`жыл…` or `ж.` / `жж.` at i: (next index, ending, plural)."""
        w = self.word(i)
        if w is None:
            return None
        ending = _year_word(w)
        if ending is not None:
            plural = ending[:3] in ("дар", "лар", "тар")
            return i + 1, ending, plural
        if w in ("ж", "жж") and self.punct(i + 1, "."):
            if w == "ж" and self.word(i + 2) == "ж" and self.punct(i + 3, "."):
                return i + 4, ".", True  # ж.ж.
            return i + 2, ".", w == "жж"
        return None

    def month(self, i: int) -> tuple[int, int] | None:
        """A month name at i, with an optional «ай…» after it: (next index, month)."""
        w = self.word(i)
        if w is None:
            return None
        number = month_of(w)
        if number is None:
            return None
        j = i + 1
        if self.word(j) and _is_month_word(self.word(j)):
            j += 1
        return j, number

    def day(self, i: int) -> int | None:
        t = self.tok(i)
        if not t or t.kind != "num" or t.suffix or not t.text.isdigit() or len(t.text) > 2:
            return None
        value = int(t.text)
        return value if 1 <= value <= 31 else None

    def day_suffixed(self, i: int) -> int | None:
        """`11-күні`, `11-і`."""
        t = self.tok(i)
        if not t or t.kind != "num" or not t.text.isdigit() or len(t.text) > 2 or not _day_suffix(t.suffix):
            return None
        value = int(t.text)
        return value if 1 <= value <= 31 else None

    def days(self, i: int) -> tuple[int, bool] | None:
        """Days before a month: `9`, `2-4` (a range), `9 және 13`, `9, 10 және 13`.
        Returns (next index, is_range); `day_list` reads the days."""
        if self.day(i) is None:
            return None
        if self.punct(i + 1, "-") and self.day(i + 2) is not None:
            return i + 3, True
        return self.list_of_days(i)[0], False

    def list_of_days(self, i: int) -> tuple[int, int]:
        """(next index, greatest day) of the list of days (`9, 10 және 13`) from the day at `i`.
        Kept for each day of the list: it is read again from each of its days in turn, and
        walking the rest of a long list of numbers each time was quadratic."""
        chain = []
        k = i
        while k not in self._lists and (self.punct(k + 1, ",") or self.word(k + 1) in _LIST_WORDS) \
                and self.day(k + 2) is not None:
            chain.append(k)
            k += 2
        end, most = self._lists.get(k) or (k + 1, self.day(k))
        self._lists[k] = end, most
        for k in reversed(chain):
            most = max(most, self.day(k))
            self._lists[k] = end, most
        return self._lists[i]

    def day_list(self, i: int, end: int) -> list[tuple[int, int]]:
        """The days of `days(i)`, which ends at `end`: [(day, token index)]."""
        return [(self.day(k), k) for k in range(i, end, 2)]

    def relative(self, i: int) -> tuple[int, int] | None:
        """`Сол жылғы`, `осы жылы`, `келесі жылы`: (next index, years to add to the context)."""
        w = self.word(i)
        if w in _RELATIVE:
            yw = self.year_word(i + 1)
            if yw and not yw[2] and yw[1] != ".":
                return yw[0], _RELATIVE[w]
        return None

    # -- output helpers

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Offsets of tokens i..j-1."""
        return self.tokens[i].start, self.tokens[j - 1].end

    def after_kuni(self, j: int) -> int:
        return j + 1 if self.word(j) == "күні" else j

    # -- the grammar

    def run(self) -> Iterator[FoundDate]:
        i = 0
        while i < len(self.tokens):
            t = self.tokens[i]
            if t.kind == "barrier" and t.start in self.forced:
                value = self.forced[t.start]
                if value is not None:
                    yield FoundDate(t.start, t.end, value)
                i += 1
                continue
            result = self.match(i)
            if result is None:
                i += 1
                continue
            j, found = result
            yield from found
            i = max(j, i + 1)

    def match(self, i: int):
        for rule in (self.numeric, self.paren_year, self.year_range, self.year_list, self.from_to, self.headed,
                     self.month_first, self.day_first):
            result = rule(i)
            if result:
                return result
        return None

    def numeric(self, i: int):
        """11.09.2001"""
        t = self.tok(i)
        if not t or t.kind != "num":
            return None
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", t.text)
        if not m:
            return None
        try:
            value = DateValue((int(m.group(3)), int(m.group(2)), int(m.group(1))))
            datetime.date(*value.start)
        except ValueError:
            return None
        j = i + 1
        yw = self.year_word(j)
        if yw and not yw[2]:
            j = yw[0]
        return j, [FoundDate(*self.span(i, j), value)]

    def between(self, i: int) -> bool:
        """«аралығында», «арасында» (between) at i."""
        w = self.word(i)
        return bool(w and w.startswith(("аралығ", "арасы", "аралық")))

    def paren_year(self, i: int):
        """A year alone in parentheses after a name: «Сарыарқа (2008)»."""
        if not self.punct(i, "(") or not self.punct(i + 2, ")"):
            return None
        year = self.year(i + 1)
        if year is None:
            return None
        t = self.tokens[i + 1]
        return i + 3, [FoundDate(t.start, t.end, DateValue((year,)))]

    def year_range(self, i: int):
        """1999-2001 жылдар, 2017–2018 жж., 1999 бен 2001 жылдар аралығында."""
        a = self.year(i, cardinal_words=True)
        if a is None or not (self.punct(i + 1, _DASHES) or self.word(i + 1) in _LIST_WORDS):
            return None
        b = self.year(i + 2)
        if b is None or b <= a:
            return None
        yw = self.year_word(i + 3)
        if not yw or (not self.punct(i + 1, _DASHES) and not (yw[2] and self.between(yw[0]))):
            return None
        j = yw[0]
        return j, [FoundDate(*self.span(i, j), DateValue((a,), (b,)), sets_context=self.word(j) not in _NO_CONTEXT)]

    def year_list(self, i: int):
        """2005, 2011 және 2017 жылдары: each year a date (the year word is the last one's)."""
        years = [(self.year(i), i)]
        k = i
        while years[-1][0] is not None and len(years) <= _LONGEST_LIST and (self.punct(k + 1, ",") or self.word(k + 1) in _LIST_WORDS):
            joined_by_word = self.word(k + 1) in _LIST_WORDS
            years.append((self.year(k + 2), k + 2))
            k += 2
            if joined_by_word:
                break
        if len(years) < 3 and not (len(years) == 2 and self.word(i + 1) in _LIST_WORDS):
            return None
        if len(years) > _LONGEST_LIST or any(y is None for y, _ in years) or len({y for y, _ in years}) < len(years):
            return None
        yw = self.year_word(k + 1)
        if not yw or self.between(yw[0]) or self.word(yw[0]) in _DURATION_AFTER:
            return None
        out = [FoundDate(*self.span(index, index + 1), DateValue((y,)), sets_context=False) for y, index in years[:-1]]
        out.append(FoundDate(*self.span(k, yw[0]), DateValue((years[-1][0],)), sets_context=self.word(yw[0]) not in _NO_CONTEXT))
        return yw[0], out

    def from_to(self, i: int):
        """1267-нші жылдан 1587-нші жылға шейін, 2018 жылдан 2020 жылға дейін: one interval."""
        a = self.year(i)
        yw = self.year_word(i + 1) if a is not None else None
        if not yw or yw[1] not in _ABLATIVE:
            return None
        b = self.year(yw[0])
        yw2 = self.year_word(yw[0] + 1) if b is not None else None
        if not yw2 or yw2[1] not in _DATIVE or b <= a or self.word(yw2[0]) not in _UNTIL:
            return None
        return yw2[0], [FoundDate(*self.span(i, yw2[0]), DateValue((a,), (b,)), sets_context=False)]

    def headed(self, i: int):
        """Dates that start with a year (or «сол жылғы»): day, month or year precision."""
        year: int | None = None
        explicit = True
        head_end = None
        rel = self.relative(i)
        if rel:
            if self.ctx.year is None:
                return None
            year = self.ctx.year + rel[1]
            explicit = False
            head_end = rel[0]
            plural = False
            ending = ""
        else:
            year = self.year(i)
            if year is None:
                # «2001-жылы», «2017-де» («1990-шы жылдары» is a year with an ordinal ending: `year`)
                t = self.tok(i)
                if t and t.kind == "num" and len(t.text) == 4 and t.text.isdigit() and 1000 <= int(t.text) <= 2099:
                    if _year_word(t.suffix) is not None:
                        year, ending = int(t.text), _year_word(t.suffix)
                        plural = ending[:3] in ("дар", "лар", "тар")
                        head_end = i + 1
                    elif t.suffix in _LOCATIVE and (t.words or not t.ordinal) and self.word(i + 1) not in _MORE_THAN:
                        # «2017-де», «екі мың он жетіде»: in that year (a count takes other words:
                        # «14000-ға азайған»); the year word is left out
                        return i + 1, [FoundDate(t.start, t.end, DateValue((int(t.text),)))]
                if year is None:
                    return None
            else:
                yw = self.year_word(i + 1)
                if not yw:
                    return None
                head_end, ending, plural = yw
        j = head_end
        # day(s) and month: 1972 жылғы 26 мамырдағы, 1999 жылғы 9 және 13 қыркүйекте, 2 - 4 қыркүйегінде
        if not plural:
            dates = self.days_and_month(j, year, i, explicit)
            if dates:
                return dates
            # month, maybe with a day after it: 2001 жылғы қыркүйектің 11-күні, 2002 жылғы маусым айында
            month = self.month(j)
            if month:
                k, mo = month
                day = self.day_suffixed(k)
                if day is not None and _valid(year, mo, day):
                    end = self.after_kuni(k + 1)
                    return end, [FoundDate(*self.span(i, end), DateValue((year, mo, day)), explicit_year=explicit)]
                if self.punct(k, "-") and self.month(k + 1):  # наурыз-сәуір айларында
                    k2, mo2 = self.month(k + 1)
                    if mo2 > mo:
                        return k2, [FoundDate(*self.span(i, k2), DateValue((year, mo), (year, mo2)), explicit_year=explicit)]
                return k, [FoundDate(*self.span(i, k), DateValue((year, mo)), explicit_year=explicit)]
        # the year alone
        if rel:
            return j, [FoundDate(*self.span(i, j), DateValue((year,)), explicit_year=False)]
        nxt = self.word(j)
        if ending == "" and nxt in _DURATION_AFTER:
            return None
        if ending in ("дан", "тан", "нан") and nxt in _MORE_THAN:
            return None
        if plural and year % 10 == 0 and not self.word(i - 1) in _LIST_WORDS:
            value = DateValue((year,), (year + 9,))  # 1990 жылдары: the 1990s
        else:
            value = DateValue((year,))
        return j, [FoundDate(*self.span(i, j), value, sets_context=nxt not in _NO_CONTEXT)]

    def days_month(self, j: int):
        """Days from `j`, then their month: (end of the days, is_range, end of the month word,
        month) or None."""
        days = self.days(j)
        if not days:
            return None
        k, is_range = days
        month = self.month(k)
        if not month:
            return None
        return k, is_range, month[0], month[1]

    def days_and_month(self, j: int, year: int, start: int, explicit: bool):
        """After a year head (or at the start for context dates): days then a month."""
        read = self.days_month(j)
        if not read:
            return None
        days_end, is_range, end, mo = read
        end = self.after_kuni(end)
        one = days_end == j + 1  # a single day
        first = self.day(j)
        # 10 маусым мен 10 қыркүйек аралығында (between two days: an interval)
        if one and self.word(end) in _LIST_WORDS and self.day(end + 1) is not None:
            m2 = self.month(end + 2)
            if m2 and self.between(m2[0]) and _valid(year, mo, first) and _valid(year, m2[1], self.day(end + 1)):
                a, b = (year, mo, first), (year, m2[1], self.day(end + 1))
                if b > a:
                    return m2[0], [FoundDate(*self.span(start, m2[0]), DateValue(a, b), explicit_year=explicit)]
        # 30 қыркүйек – 2 қазан (a range across months)
        if one and self.punct(end, "-"):
            d2 = self.day(end + 1)
            m2 = self.month(end + 2) if d2 is not None else None
            if m2 and _valid(year, mo, first) and _valid(year, m2[1], d2):
                a, b = (year, mo, first), (year, m2[1], d2)
                if b > a:
                    stop = self.after_kuni(m2[0])
                    return stop, [FoundDate(*self.span(start, stop), DateValue(a, b), explicit_year=explicit)]
        if is_range:
            d1, d2 = first, self.day(j + 2)
            if d2 <= d1 or not _valid(year, mo, d1) or not _valid(year, mo, d2):
                return None
            return end, [FoundDate(*self.span(start, end), DateValue((year, mo, d1), (year, mo, d2)), explicit_year=explicit)]
        if not _valid(year, mo, self.list_of_days(j)[1]):  # days are 1–31: the greatest decides
            return None
        found = self.day_list(j, days_end)
        out = []
        for n, (d, index) in enumerate(found):
            first = start if n == 0 else index
            last = end if n == len(found) - 1 else index + 1
            out.append(FoundDate(*self.span(first, last), DateValue((year, mo, d)), explicit_year=explicit))
        return end, out

    def month_first(self, i: int):
        """(қаңтар, 2002 ж.) · қыркүйектің 11-і (year from context)."""
        month = self.month(i)
        if not month:
            return None
        k, mo = month
        j = k + 1 if self.punct(k, ",") else k
        year = self.year(j)
        if year is not None:
            yw = self.year_word(j + 1)
            if yw and not yw[2]:
                return yw[0], [FoundDate(*self.span(i, yw[0]), DateValue((year, mo)))]
        day = self.day_suffixed(k)
        if day is not None:
            year = self.context_year(i, mo, day)
            if year is not None and _valid(year, mo, day):
                end = self.after_kuni(k + 1)
                return end, [FoundDate(*self.span(i, end), DateValue((year, mo, day)), explicit_year=False)]
        return None

    def day_first(self, i: int):
        """26 мамыр 1972 ж. · 23 қаңтарда (year from context)."""
        read = self.days_month(i)
        if not read:
            return None
        m_end, mo = read[2:]
        year = self.year(m_end + (1 if self.punct(m_end, ",") else 0))
        if year is not None:
            y_index = m_end + (1 if self.punct(m_end, ",") else 0)
            yw = self.year_word(y_index + 1)
            if yw and not yw[2]:
                dates = self.days_and_month(i, year, i, True)
                if dates:
                    _, out = dates
                    end = yw[0]
                    out[-1] = FoundDate(out[-1].start, self.tokens[end - 1].end, out[-1].value)
                    return end, out
        if self.recurring(i):
            return None
        year = self.context_year(i, mo, self.day(i))
        if year is None:
            return None
        result = self.days_and_month(i, year, i, False)
        return result

    def recurring(self, i: int) -> bool:
        """«жыл сайын 29 тамызда», «әр жылы»: a day of every year, not a date."""
        return (self.word(i - 1) == "сайын" and self.word(i - 2) in ("жыл", "жылы")) or (
            self.word(i - 2) == "әр" and self.word(i - 1) is not None and _year_word(self.word(i - 1)) is not None
        )

    def context_year(self, i: int, month: int, day: int) -> int | None:
        ctx = self.ctx
        if not ctx.in_chronology:
            if (month, day) not in self.own:
                self.asked.setdefault((month, day), ctx.first_day_year.get((month, day)))
            if (month, day) in ctx.first_day_year:
                return ctx.first_day_year[(month, day)]
        return ctx.year


#: the possessive a day takes after its month, with a case ending: «қазанның 2-сінде»,
#: «наурыздың 22-сінен», «жиырма екісі»
_DAY_POSSESSIVE = re.compile(r"^(?:с[ыі]|[ыі])(?:н|на|не|нда|нде|ндағы|ндегі|нан|нен)?$")


def _day_suffix(suffix: str) -> bool:
    return suffix in _DAY_SUFFIXES or bool(_DAY_POSSESSIVE.match(suffix))


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


#: each text's dates from the last pass over a document (memo.py: a `watch` rebuild parses only
#: the blocks that changed), with what they read of the context: its year and chronology as the
#: text began, and the years it gave the days asked (`_Parser.asked`)
_PASSES = LastPass()


def start_pass() -> None:
    """A new document: the dates of the last one's texts stay at hand for this one."""
    _PASSES.start()


def find_dates(text: str, ctx: DateContext, forced: dict[int, DateValue | None] | None = None) -> Iterator[FoundDate]:
    """The dates in `text` (a normalized view), in order. `ctx` is read for dates whose year
    comes from context and updated after each date is yielded (so a caller can snapshot it
    between dates). `forced` maps barrier offsets of `{.date}` spans to their value."""
    forced = forced or {}
    key = (text, tuple(sorted(forced.items(), key=lambda item: item[0])))
    state = (ctx.year, ctx.in_chronology)
    last = _PASSES.last(key)
    if last is not None and last[0] == state and all(ctx.first_day_year.get(d) == y for d, y in last[1].items()):
        # the context reads as it did in the last pass: the same dates, the same updates
        _PASSES.keep(key, last)
        for found in last[2]:
            yield found
            ctx.update(found)
        return
    parser = _Parser(text, ctx, forced)
    dates = []
    for found in parser.run():
        dates.append(found)
        yield found
        if found.explicit_year:
            parser.own.update((p[1], p[2]) for p in (found.value.start, found.value.end)
                              if p and len(p) == 3 and (p[1], p[2]) not in ctx.first_day_year)
        ctx.update(found)
    _PASSES.keep(key, (state, parser.asked, tuple(dates)))


def parse_dates(text: str, year: int | None = None) -> list[tuple[str, str]]:
    """Convenience for tests and the REPL: [(iso, matched text)] for a plain string."""
    from .kazakh import normalize

    norm = normalize(text)
    ctx = DateContext(year=year)
    return [(f.value.iso(), norm[f.start : f.end]) for f in find_dates(norm, ctx)]
