"""Patterns of organization names around their head noun, which the tagger reads as features
and the finder applies as rules."""

from __future__ import annotations

import re

from .endings import ADVERBIAL

_ABBR = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{2,7}$")
_SCRIPT = re.compile(r"^(?:[A-Z][A-Za-z0-9&.]*|[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{2,7})(?:-[а-яёәғқңөұүһі]+)?$")
_CLOSING = "»”\""


def abbreviation(word: str) -> bool:
    """2–7 capitals (ЕАЭО, КПРФ, NASDAQ)."""
    return bool(_ABBR.match(word))


_SYLLABLE = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]*")


def abbreviation_of(word: str, name: list[str]) -> bool:
    """`word` abbreviates the words `name`: all capitals (`abbreviation`), or a mixed-case one
    whose pieces, each from a capital on, begin the name's words in order (ҚазҰУ: Қазақ ұлттық
    университеті; ҚазМұнайГаз: Қазақстан мұнай газ)."""
    if abbreviation(word):
        return True
    pieces = _SYLLABLE.findall(word)
    if len(pieces) < 2 or len(word) > 12 or "".join(pieces) != word:
        return False
    k = 0
    for piece in pieces:
        while k < len(name) and not name[k].lower().startswith(piece.lower()):
            k += 1
        if k == len(name):
            return False
        k += 1
    return True


def quoted(words: list[str]) -> list[bool]:
    """Which words stand between « and » (or straight quotes) in the same sentence."""
    out = [False] * len(words)
    open_at = None
    for k, w in enumerate(words):
        if w in ("«", "“") or (w == '"' and open_at is None):
            open_at = k
        elif w in ("»", "”", '"') and open_at is not None:
            for j in range(open_at + 1, k):
                out[j] = True
            open_at = None
    return out


def quoted_before_head(words: list[str], heads: list[bool], inside: list[bool]) -> list[tuple[int, int]]:
    """Quoted names (first word capitalised) followed by a head noun, at most two words between:
    «Ақ жол» партиясынан, «Транс Азия Констракшн» серіктестігі, «Жаркент» орман шаруашылығы
    мекемесінің; as word ranges [start, end) without the quotes."""
    out = []
    for j, is_head in enumerate(heads):
        if not is_head:
            continue
        for close in (j - 1, j - 2, j - 3):
            if close > 0 and words[close] in _CLOSING and inside[close - 1]:
                start = close - 1
                while start > 0 and inside[start - 1]:
                    start -= 1
                if words[start][:1].isupper() and (not out or out[-1] != (start, close)):
                    out.append((start, close))
                break
            if close >= 0 and not words[close][:1].isalpha():
                break
    return out


def script_before_head(words: list[str], heads: list[bool], known) -> list[tuple[int, int]]:
    """Latin-script or all-capital names right before a head noun (one word may stand between):
    NASDAQ биржасы, Astana LRT компаниясы, Twitter әлеуметтік желісінде, КПРФ командасымен;
    not an abbreviation the lexicon knows (АҚШ конгресі: the US, a state)."""
    out = []
    for j, is_head in enumerate(heads):
        if not is_head:
            continue
        for end in (j, j - 1):
            start = end
            while start > 0 and _SCRIPT.match(words[start - 1]) and not known(words[start - 1]):
                start -= 1
            if start < end:
                out.append((start, end))
                break
    return out


#: endings of verb forms (participles, converbs) that end a name's words: «қарайтын орталық» is
#: a description, not a name
_VERB_FORM = re.compile(r"(?:ған|ген|қан|кен|атын|етін|йтын|йтін|итын|итін|ып|іп)$")


def phrase_before_head(words: list[str], heads: list[tuple[str, bool] | None], starts: list[bool], places: list[bool],
                       cases) -> list[tuple[int, int]]:
    """A name ending in a head noun with its possessive (an izafet: «Алматы қалалық ішкі істер
    басқармасы», «Медициналық сақтандыру қоры», «Өскемен қаласының әкімдігі»): from the nearest
    capitalised word of the six before the head, and the capitalised words right before that;
    no punctuation, particle (да, де) or verb form between. A first word at a sentence's start
    counts only if it is a place (`places`: the tagger's GPE or LOC): any word is capitalised
    there («Қалалық жұқпалы аурулар ауруханасында» is a description). A first word in the
    locative, dative, ablative or instrumental case (Астанада) is where something happens, and
    one in the genitive right before the head its possessor («Алматының орталығы», the centre
    of Almaty): neither is a name's."""
    out = []
    for j, head in enumerate(heads):
        if not head or not head[1]:
            continue
        first = None
        for k in range(j - 1, max(-1, j - 7), -1):
            word = words[k]
            if not word[:1].isalpha() or word in _PARTICLES or (not word[:1].isupper() and _VERB_FORM.search(word.lower())):
                break
            if word[:1].isupper():
                first = k
                break
        if first is None:
            continue
        # at most six words before the head in all: a name is short, and a run of capitalised
        # words walked back from each head would be quadratic
        while first > max(0, j - 6) and not starts[first] and words[first - 1][:1].isupper() and words[first - 1][:1].isalpha():
            first -= 1
        word = words[first]
        if starts[first] and not places[first]:
            continue
        found = cases(words, first)
        if found and (found <= ADVERBIAL or (first == j - 1 and "gen" in found)):
            continue
        out.append((first, j + 1))
    return out


_PARTICLES = frozenset(("да", "де", "та", "те"))
