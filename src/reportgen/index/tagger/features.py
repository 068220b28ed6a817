"""The features of each token the organization tagger reads, in groups (for the ablation table of
docs/index-tagger.md; the training script can leave a group out):

- `shape`: the word in lower case, its shape (Xx, XX, x, d), first/last letters, sentence start,
  inside «…» — and the same of the two words either side: what any CRF reads;
- `morph`: the stem and the ending by Kazakh morphology (`endings.py`: case, possessive);
- `lexicon`: whether hunspell-kk knows the word (a capitalised word it does not know is a name);
- `heads`: head nouns of organization names (министрлігі, университеті, банкі, …), on the word
  and on the next three words (a name ends in its head: «Әділет министрлігі»);
- `gazetteer`: the token is part of a gazetteer name, or its stem is a gazetteer head (ұйым, одақ);
- `abbr`: all capitals (ЕАЭО, КПРФ), Latin script (Twitter), an abbreviation in parentheses next
  («… одақ (ЕАЭО)»).

A feature is a string; the word's own features are worked out once per distinct word.
"""

from __future__ import annotations

import functools
import re

from ..kazakh import dictionary_form
from .endings import parses
from .lexicon import Lexicon
from .rules import abbreviation, quoted, quoted_before_head
from .tokens import LATIN, SENTENCE_END, Token

GROUPS = ("shape", "morph", "lexicon", "heads", "gazetteer", "abbr")

#: head nouns of organization names (dictionary forms): the last word of «Әділет министрлігі»,
#: «Нұр Отан партиясы», «Халық банкі», «Қазақ ұлттық университеті» …
HEADS = frozenset("""
министрлік агенттік комитет департамент басқарма бөлім бөлімше қызмет әкімдік әкімшілік
прокуратура сот палата кеңес комиссия ассамблея одақ ұйым партия қозғалыс платформа қор фонд
банк биржа компания әуекомпания фирма корпорация холдинг концерн серіктестік қоғам бірлестік
қауымдастық ассоциация федерация лига клуб команда университет институт академия колледж
лицей гимназия мектеп училище консерватория орталық аурухана емхана госпиталь клиника театр
музей кітапхана телеарна телеканал арна радио газет журнал басылым баспа студия телерадиокешен
зауыт фабрика комбинат кәсіпорын мекеме қожалық трест кеңсе штаб қолбасшылық гвардия бригада
полк батальон дивизия бюро инспекция полиция достастық альянс консулдық елшілік кабинет
парламент мәжіліс сенат дума үкімет ансамбль оркестр хор желі
""".split())
_CONTEXT = (-2, -1, 1, 2)  # the neighbours a word's features look at
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@functools.lru_cache(maxsize=65536)
def head_noun(word: str) -> tuple[str, bool] | None:
    """(head noun, with a 3rd-person possessive and no plural) if `word` is an organization head
    noun in some case (министрлігіне: министрлік, True; банктің: банк, False; мекемелері:
    мекеме, False), else None."""
    found = None
    for p in parses(word)[1:] + parses(word)[:1]:
        stem = dictionary_form(p.stem.lower())
        if stem in HEADS:
            if p.person == 3 and not p.plural:
                return stem, True
            found = found or (stem, False)
    return found


def shape(word: str) -> str:
    """Xx, XX, x, d … with repeats collapsed (`Twitter-інен` → Xx-x)."""
    out = []
    for c in word:
        s = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)


class Features:
    """Turns a sentence (tokens, with the gazetteer's spans) into CRFsuite items."""

    def __init__(self, groups=GROUPS, lexicon: Lexicon | None = None, gazetteer_heads: frozenset[str] = frozenset()):
        self.groups = frozenset(groups)
        self.lexicon = lexicon if lexicon is not None else Lexicon()
        self.gazetteer_heads = gazetteer_heads
        self._own: dict[str, tuple[list[str], dict[int, list[str]]]] = {}

    def word(self, word: str) -> tuple[list[str], dict[int, list[str]]]:
        """(the word's own features, offset -> what the word at that offset from it sees), cached."""
        hit = self._own.get(word)
        if hit is None:
            own, ctx = self._word(word)
            seen = {offset: [f"{offset:+d}:{f}" for f in ctx] for offset in _CONTEXT}
            hit = self._own[word] = (own, seen)
        return hit

    def _word(self, word: str) -> tuple[list[str], list[str]]:
        g = self.groups
        low = word.lower()
        sh = shape(word)
        own = ["w=" + low, "sh=" + sh, "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:], "p3=" + low[:3]]
        ctx = ["w=" + low, "sh=" + sh]
        if word[:1].isupper():
            own.append("cap")
        if "morph" in g or "heads" in g or "gazetteer" in g:
            readings = parses(word)
            stems = {dictionary_form(p.stem.lower()) for p in readings}
        if "morph" in g:
            for p in readings[1:]:
                own.append("stem=" + dictionary_form(p.stem.lower()))
                own.append("case=" + (p.case or "nom") + ("+poss" if p.person == 3 else ""))
            ctx.append("case=" + ("|".join(sorted({p.case for p in readings[1:] if p.case})) or "nom"))
        head = head_noun(word)
        if "heads" in g and head:
            own.append("head")
            own.append("head=" + head[0])
            ctx.append("head" + ("+poss" if head[1] else ""))
        if "gazetteer" in g and stems & self.gazetteer_heads:
            own.append("gazhead")
            ctx.append("gazhead")
        if "lexicon" in g and word[:1].isupper() and _CYRILLIC.search(word):
            known = self.lexicon.known(word)
            if known is not None:
                flag = "lex=" + ("known" if known else "unknown")
                own.append(flag)
                ctx.append(flag)
        if "abbr" in g:
            if abbreviation(word.split("-", 1)[0]):
                own.append("abbr")
                ctx.append("abbr")
            if LATIN.search(word):
                own.append("latin")
                ctx.append("latin")
        return own, ctx

    def sentence(self, tokens: list[Token], gazetteer_spans: list[tuple[int, int]] = ()) -> list[list[str]]:
        """CRFsuite items for one sentence; `gazetteer_spans`: (start, end) offsets of names the
        gazetteer matches in the same text as the tokens'."""
        words = [t.text for t in tokens]
        n = len(words)
        own = [self.word(w) for w in words]
        g = self.groups
        gaz = gazetteer_labels(tokens, gazetteer_spans) if "gazetteer" in g else [""] * n
        inside = quoted(words)
        heads = [head_noun(w) is not None for w in words]
        named = [""] * n
        if "heads" in g:
            for a, b in quoted_before_head(words, heads, inside):
                named[a:b] = ["qhead"] * (b - a)
            phrases = _phrases(words, heads)
            named = [x or ("cphrase" if p else "") for x, p in zip(named, phrases)]
        items = []
        for i in range(n):
            feats = ["bias", *own[i][0]]
            if i == 0 or words[i - 1] in SENTENCE_END:
                feats.append("first")
            elif words[i][:1].isupper():
                feats.append("cap-inside")  # a capital that is not the sentence's
            if i == n - 1:
                feats.append("last")
            if inside[i]:
                feats.append("quoted")
            if gaz[i]:
                feats.append("gaz=" + gaz[i])
            if named[i]:
                feats.append(named[i])
            for offset in _CONTEXT:
                j = i + offset
                if 0 <= j < n:
                    feats.extend(own[j][1][offset])
                    if j > 0 and words[j][:1].isupper() and words[j - 1] not in SENTENCE_END:
                        feats.append(f"{offset:+d}:cap")
                    if gaz[j]:
                        feats.append(f"{offset:+d}:gaz")
            feats.append("-1|w=" + (words[i - 1].lower() if i else "^") + "|" + words[i].lower())
            feats.append("+1|w=" + words[i].lower() + "|" + (words[i + 1].lower() if i + 1 < n else "$"))
            if "heads" in g:
                for j in range(i + 1, min(n, i + 4)):
                    if heads[j]:
                        feats.append(f"head@+{j - i}")
                        feats.append(f"{own[i][0][1]}|head@+{j - i}")  # shape and head: «NASDAQ биржасы»
                        break
            if "abbr" in g and i + 2 < n and words[i + 1] == "(" and abbreviation(words[i + 2]):
                feats.append("abbr-defined-next")
            items.append(feats)
        return items


def _phrases(words: list[str], heads: list[bool]) -> list[bool]:
    """Words of a phrase from a capitalised word to a head noun, at most five words long (Автомобиль
    жолдары комитеті, Түркиядағы Қазақстан елшілігінде)."""
    out = [False] * len(words)
    for j, is_head in enumerate(heads):
        if not is_head:
            continue
        first = None
        for k in range(j - 1, max(-1, j - 6), -1):
            if not words[k][:1].isalpha():
                break
            if words[k][:1].isupper():
                first = k
        if first is not None:
            for k in range(first, j + 1):
                out[k] = True
    return out


def gazetteer_labels(tokens: list[Token], spans) -> list[str]:
    """B/I per token for the gazetteer's spans ('' outside); both in text order, not overlapping."""
    out = [""] * len(tokens)
    k = 0
    for start, end in spans:
        while k < len(tokens) and tokens[k].end <= start:
            k += 1
        first = True
        while k < len(tokens) and tokens[k].start < end:
            out[k] = "B" if first else "I"
            first = False
            k += 1
    return out
