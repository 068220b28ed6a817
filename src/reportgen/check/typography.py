"""Typography the engine cannot decide alone (warnings: the author decides).

- unbalanced quotes in a paragraph: « without », „ without “, or an odd number of straight ";
- a hyphen with a space on one side only (`сөз -сөз`, `сөз- сөз`): a dash, a suffix hyphen or a
  typo — the engine only turns a hyphen spaced on both sides into a dash;
- a number 1000–2100 that is followed neither by a date word (жыл…, ж., a month, ғасыр) nor by a
  counted noun or unit it recognises: it may be a year (no grouping, indexed as a date) or a
  count (grouped, not a date). Numbers after №, ranges' first halves, numbers with a suffix
  hyphen (1441-ші) and numbers inside longer numbers are not reported;
- (notes) a hyphenated word that standard orthography writes as two words (Қазақ тілінің
  орфографиялық сөздігі, 2013; the rule: a noun and the participle after it, an agent noun
  used as an attribute, are separate words; pair words — қару-жарақ, келген-кеткен — keep the
  hyphen): «кез-келген» → «кез келген», «қатысушы-мемлекеттер» → «қатысушы мемлекеттер». Never
  an edit: the author decides.
"""

from __future__ import annotations

import bisect
import itertools
import re

from .. import model as m
from . import Context, Finding

_HYPHEN = re.compile(r"(?<=\w) -(?=\w)|(?<=\w)- (?=\w)")
_NUMBER = re.compile(r"(?<![\w.,\u00a0\u2009-])(1\d{3}|20\d{2}|2100)(?![\w.,]\d|\d)")
_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйе", "қазан",
           "қараша", "желтоқсан")
_DATE_WORDS = ("жыл", "ж.", "ж", "ғасыр", "ғ.", "ғ") + _MONTHS
# counted nouns and units (stems): a number before them is a count, not a year
_COUNTED = ("адам", "ел", "мемлекет", "бала", "миллион", "миллиард", "мың", "млн", "млрд", "доллар", "теңге",
            "рубль", "евро", "сом", "км", "м", "см", "мм", "кг", "г", "т", "тонна", "литр", "л", "га", "гектар",
            "пайыз", "%", "рет", "данa", "дана", "бет", "жол", "сөз", "кісі", "тұрғын", "әйел", "ер", "бөлім",
            "қарар", "шешім", "құжат", "әскер", "сарбаз", "оқушы", "студент", "мүше", "делегат", "өкіл",
            "шақырым", "метр", "градус", "сағат", "минут", "секунд", "күн", "ай", "апта", "бас", "отбасы",
            "үй", "мектеп", "кітап", "жетім", "қару", "зымыран", "ұшақ", "кеме", "жұмысшы", "маман")
_WORD = re.compile(r"[^\s\u00a0]+")
_PAIR = re.compile(r"(?<![\w\u2011-])([А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі][а-яёәғқңөұүһі]+)-([а-яёәғқңөұүһі]{3,})(?![\w\u2011-])")
#: a participle in -ған/-ген/-қан/-кен (келген, алынған), with endings after it (келгенде)
_PARTICIPLE = re.compile(r"(?:ған|ген|қан|кен)(?:[а-яёәғқңөұүһі]{0,6})$")
#: a verb form before a hyphen that makes a pair of verbs (қырып-жоятын, келген-кеткен, айта-айта)
_VERB_FIRST = re.compile(r"(?:ып|іп|п|ған|ген|қан|кен|атын|етін|йтын|йтін|а|е|й)$")
#: an agent noun (қатысушы, жазушы) and a plural after it (мемлекеттер, елдерге)
_AGENT = re.compile(r"(?:шы|ші)$")
_PLURAL = re.compile(r"^[а-яёәғқңөұүһі]+?(?:лар|лер|дар|дер|тар|тер)[а-яёәғқңөұүһі]{0,6}$")
_DICTIONARY = "Қазақ тілінің орфографиялық сөздігі, 2013"
_DIGITS = re.compile(r"\d+")


def _finding(ctx: Context, line: int, column: int, message: str) -> Finding:
    return Finding(ctx.file, line, column, "warning", "typography", message)


def check(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    quotes: list[list[Finding]] = []
    for block in m.query(ctx.doc, m.Paragraph, m.Heading):
        pieces = [(t.text, t.line, t.column) for t in m.text_nodes(block)]
        quotes.append(_quotes(ctx, block, pieces))
        for text, line, column in pieces:
            out += _hyphens(ctx, text, line, column)
            out += _compounds(ctx, text, line, column)
        out += _numbers(ctx, pieces)
    # a quotation opened in one paragraph and closed in the next (the opening mark not repeated)
    # is balanced across them, as the typography transform also reads it
    for here, after in zip(quotes, quotes[1:]):
        opened = [f for f in here if f.message.startswith("« is not closed")]
        closed = [f for f in after if f.message.startswith("closing » without")]
        if len(opened) == 1 and len(closed) == 1 and "(1 without" in opened[0].message:
            here.remove(opened[0])
            after.remove(closed[0])
    return out + [f for found in quotes for f in found]


def _compounds(ctx: Context, text: str, line: int, column: int) -> list[Finding]:
    """Notes on hyphenated words standard orthography writes apart (see the module doc)."""
    out = []
    for match in _PAIR.finditer(text):
        first, second = match.group(1), match.group(2)
        low_first, low_second = first.lower(), second.lower()
        if _PARTICIPLE.search(low_second) and not _VERB_FIRST.search(low_first):
            why = "a noun and the participle after it"
        elif _AGENT.search(low_first) and len(low_first) > 4 and _PLURAL.match(low_second):
            why = "an agent noun used as an attribute"
        else:
            continue
        col = ctx.locate(line, column + match.start() if column else 0, match.group(0))
        out.append(Finding(ctx.file, line, col, "note", "typography",
                           f"«{match.group(0)}»: {_DICTIONARY} writes «{first} {second}» ({why} are two "
                           f"words); write it apart if you follow it", f"{first} {second}"))
    return out


def _quotes(ctx: Context, block, pieces) -> list[Finding]:
    out = []
    for opening, closing in (("«", "»"), ("„", "“")):
        depth = 0
        first_open = None
        for text, line, column in pieces:
            for i, ch in enumerate(text):
                if ch == opening:
                    if depth == 0:
                        first_open = (line, ctx.locate(line, column + i if column else 0, opening))
                    depth += 1
                elif ch == closing:
                    if depth == 0:
                        col = ctx.locate(line, column + i if column else 0, closing)
                        out.append(_finding(ctx, line, col, f"closing {closing} without an opening {opening}"))
                    else:
                        depth -= 1
        if depth > 0 and first_open:
            out.append(_finding(ctx, first_open[0], first_open[1],
                                f"{opening} is not closed in this paragraph ({depth} without {closing})"))
    straight = [(line, column + i if column else 0) for text, line, column in pieces for i, ch in enumerate(text) if ch == '"']
    if len(straight) % 2:
        line, column = straight[-1]
        out.append(_finding(ctx, line, ctx.locate(line, column, '"'),
                            f'odd number of straight quotes (") in this paragraph ({len(straight)}); one is unmatched'))
    return out


def _hyphens(ctx: Context, text: str, line: int, column: int) -> list[Finding]:
    out = []
    for match in _HYPHEN.finditer(text):
        col = column + match.start() if column else 0
        col = ctx.locate(line, col, match.group(0))
        out.append(_finding(ctx, line, col + (1 if match.group(0).startswith(" ") else 0),
                            "hyphen with a space on one side only: a dash ( — ), a suffix hyphen (no spaces) "
                            "or a compound (no spaces)?"))
    return out


def _decides(word: str) -> bool:
    """`word` is a date word or a counted noun/unit (short units must match whole)."""
    return any(word == c if len(c) <= 2 else word.startswith(c) for c in _DATE_WORDS + _COUNTED)


def _numbers(ctx: Context, pieces) -> list[Finding]:
    # Each number looks at its neighbourhood only: the text before it back to the last non-space,
    # the two words after it, its piece by bisection (slicing or scanning the rest of the block
    # once per number was quadratic in a block of many numbers).
    out = []
    text = "".join(p[0] for p in pieces)
    starts = []
    offset = 0
    for piece in pieces:
        starts.append(offset)
        offset += len(piece[0])
    for match in _NUMBER.finditer(text):
        k = match.start()
        while k and text[k - 1] in " \u00a0":
            k -= 1
        if text[k - 1 : k] == "№":
            continue
        at = match.end()
        if text[at : at + 1] and text[at] in "-–\u2011":
            if text[at + 1 : at + 2].isdigit():  # 1999-2001: judge by what follows the range
                tail = _DIGITS.match(text, at + 1)  # none after a digit that is not decimal (²)
                at = tail.end() if tail else at + 1
            else:
                continue  # 1441-ші, 2001-і: an ordinal or a suffix, not ambiguous
        raw = [w.group(0) for w in itertools.islice(_WORD.finditer(text, at), 2)]
        words = [w.strip("()[],.;:!?«»„“\"'—–").lower() for w in raw]
        if raw and raw[0].lower().rstrip(",;:)»") in ("ж.", "ғ."):
            continue
        if words and _decides(words[0]) or len(words) > 1 and _decides(words[1]):
            continue
        # locate in the source
        index = bisect.bisect_right(starts, match.start()) - 1
        piece_text, line, column = pieces[index]
        col = column + match.start() - starts[index] if column else 0
        col = ctx.locate(line, col, match.group(0))
        out.append(_finding(ctx, line, col,
                            f"{match.group(0)} may be a year or a count: write a date word (жылы, ж.) or the counted "
                            f"noun after it, or mark it [{match.group(0)}]{{.date}} / [{match.group(0)}]{{.noindex}}"))
    return out
