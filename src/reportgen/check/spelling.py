"""Kazakh spelling: Russian letters (or Latin look-alikes) where Kazakh letters belong.

OCR and Russian keyboards put к for қ, г for ғ, н for ң, у/ү for ұ, о for ө, а for ә, и for і,
х for һ, ц for ң, ъ for ь and Latin letters that look like Cyrillic ones into Kazakh words.
A word is looked at only when the lexicon does not know it; then:

1. Latin look-alikes inside a Cyrillic word are always an error (suggestion: the Cyrillic letter).
2. Candidates are made by putting the Kazakh letter back at the positions where the confusion is
   plausible (к/г in a syllable with a back vowel, н/ц after a vowel, ү/ұ against the word's
   vowel harmony, …; at most three changes). A candidate the *lexicon* knows is the suggestion
   and the finding is an error. The lexicon is:
     - the hunspell-kk dictionary (Debian `hunspell-kk`, read with spylls);
     - the document's own vocabulary: the same word form written elsewhere with the Kazakh
       letter is the strongest signal;
     - a known stem (hunspell or the document) followed by regular Kazakh endings (plural,
       possessive, case, derivational -лық/-шы/-сыз …, in their order), respecting vowel harmony.
   The candidate must be better attested than the word as written: a word that parses as a
   dictionary stem + endings (ниет-ін) is overruled only by the document's own spelling; a
   capitalised word (maybe a foreign name) or a vowel change (а→ә, о→ө, ұ↔ү) needs the document
   or the dictionary. A hyphenated word is tried whole, then joined (a line-end hyphen left in
   it: кой-майды → қоймайды), then part by part; endings after an abbreviation (ТМД-нын) alone.
3. Without a known candidate, an unknown word whose last letters become a Kazakh ending once a
   Kazakh letter is put back (этнос-тык → этностық) is reported as a warning; so is one whose
   letters contradict Kazakh phonotactics: a native word (it has Kazakh-only letters and no
   Russian-only ones) with only back vowels cannot have к or г; ъ never ends a word;
   ц after a vowel at the end of a Kazakh word is ң.
4. A word the dictionary knows is reported (warning) only when a one-letter Kazakh variant of
   it is used at least three times as often in the same document (`жөне` beside `және`).

Not checked: words in Code, abbreviations (all capitals: only Latin look-alikes are looked for),
words of one letter, words written entirely in Latin letters, spans with a non-Kazakh `lang`.
Proper names that are loanwords pass because no candidate is known and their letters do not
contradict the rules (they have Russian-only letters or front vowels or no Kazakh letters).
No list of words is built in: the knowledge is hunspell-kk, the document and the rules above.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HUNSPELL_KK = os.environ.get("REPORTGEN_HUNSPELL_KK", "/usr/share/hunspell/kk_KZ")

BACK = set("аоұы")
FRONT = set("әеөүіэ")
VOWELS = set("аәеёиоөуұүыіэюя")
KAZAKH_ONLY = set("әғқңөұүһі")
RUSSIAN_ONLY = set("вфцчщёэюяьъ")
LOWER_CYR = "а-яёәғқңөұүһі"
# Latin letters that look like Cyrillic ones (OCR and mixed keyboards)
LOOKALIKE = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к", "i": "і",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "I": "І", "Y": "У",
}
# A word: letters (Cyrillic, and Latin that may be look-alikes) with inner hyphens.
WORD = re.compile(r"[A-Za-z\u0400-\u04ff]+(?:-[A-Za-z\u0400-\u04ff]+)*")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")

# Kazakh endings as morphemes, back and front variants (no Russian letters: к/г only where
# Kazakh writes them, i.e. in front-vowel endings), by their place in the word:
# derivation and verb forms (any number), then plural, possessive, case, attributive -ғы — each
# at most once and in that order. A word's ending is up to four morphemes.
_RANKED = {
    1: ("лар дар тар", "лер дер тер"),
    2: ("ы сы ым ың мыз ңыз ымыз ыңыз лары дары тары уы",
        "і сі ім ің міз ңіз іміз іңіз лері дері тері уі"),
    3: ("ның дың тың ға қа на а ны ды ты н да та нда дан тан нан мен бен пен уын",
        "нің дің тің ге ке не е ні ді ті н де те нде ден тен нен мен бен пен уін"),
    4: ("ғы қы дағы тағы ндағы", "гі кі дегі тегі ндегі"),
    0: ("лық дық тық лығ дығ тығ лы ды ты сыз шы шылық ша ғана қана у ған қан атын йтын ып ма ба па "
        "ушы лау дау тау ла да та ады йды мақ пақ бақ қы ғы ыр ар р сын ыз ық",
        "лік дік тік лег дег тег лі ді ті сіз ші шілік ше ғана қана у ген кен етін йтін іп ме бе пе "
        "уші леу деу теу ле де те еді йді мек пек бек кі гі ір ер р сін із ік"),
}
_MORPHEMES: dict[str, dict[str, frozenset[int]]] = {"back": {}, "front": {}}
for _rank, (_back, _front) in _RANKED.items():
    for _side, _words in (("back", _back), ("front", _front)):
        for _m in _words.split():
            _MORPHEMES[_side][_m] = _MORPHEMES[_side].get(_m, frozenset()) | {_rank}
_MAX_MORPH = max(len(x) for side in _MORPHEMES.values() for x in side)
# the longest ending `is_ending` accepts (four morphemes): a stem is looked for only that far from
# the end of a word (looking at every cut of a long word was quadratic)
_MAX_ENDING = 4 * _MAX_MORPH


_DECIDING = "".join(sorted(BACK | FRONT)) + "июя"  # the vowels that decide a word's harmony
# the last of them: found by the regex engine (a loop over a long word without vowels, once for
# each cut of it tried, made the search for stems slow)
_LAST_DECIDING = re.compile(f"[{_DECIDING}](?=[^{_DECIDING}]*\\Z)")


def harmony(word: str) -> str:
    """'back' or 'front' after the word's last vowel that decides ('' if none)."""
    last = _LAST_DECIDING.search(word.lower())
    if last is None:
        return ""
    return "back" if last.group() in BACK else "front"


# the accusative -н follows only a possessive ending (жүйесі-н, ресурстар-ы-н), never the
# accusative/past -ды, the adjectival -лы, … (so ғасыр-ды-н is not a word: ғасырдың is)
_NOT_BEFORE_N = frozenset("ды ді ты ті ны ні лы лі шы ші ғы гі қы кі".split())


@functools.lru_cache(maxsize=200_000)
def _bare_stem(low: str) -> str:
    """The shortest stem (two letters or more) of `low` that the rest follows as Kazakh endings
    (гаагадағы → гааг); the word itself when none. Short, so that a letter of an ending is never
    taken for the stem's."""
    for k in range(2, len(low)):
        if len(low) - k <= _MAX_ENDING and is_ending(low[k:], "", 4, low[k - 1]):
            return low[:k]
    return low


def is_ending(suffix: str, side: str, depth: int = 4, before: str = "ы", rank: int = 0) -> bool:
    """`suffix` splits into at most `depth` Kazakh endings of one harmony (`side`, or either if '')
    in their order; `before` is what precedes it (the stem's last letter or the previous ending),
    `rank` the place of the previous ending."""
    if not suffix:
        return True
    if depth == 0:
        return False
    sides = (side,) if side else ("back", "front")
    for s in sides:
        morphs = _MORPHEMES[s]
        for n in range(1, min(_MAX_MORPH, len(suffix)) + 1):
            part = suffix[:n]
            ranks = morphs.get(part)
            if not ranks:
                continue
            if part == "н" and (before[-1:] not in ("ы", "і") or before in _NOT_BEFORE_N):
                continue
            for r in ranks:
                if (r == 0 and rank != 0) or (r != 0 and r <= rank):
                    continue
                if is_ending(suffix[n:], s, depth - 1, part, r):
                    return True
    return False


@functools.lru_cache(maxsize=1)
def _hunspell(path: str = HUNSPELL_KK):
    """The hunspell-kk dictionary, or None when it (or spylls) is not installed."""
    if not (Path(path + ".dic").is_file() and Path(path + ".aff").is_file()):
        return None
    try:
        from spylls.hunspell import Dictionary
    except ImportError:
        return None
    return Dictionary.from_files(path)


class Lexicon:
    """What counts as a known Kazakh word: hunspell-kk, the document's words, stems + endings."""

    def __init__(self, vocabulary: Counter | None = None, dictionary=None, use_hunspell: bool = True):
        self.vocabulary = vocabulary or Counter()
        self.dictionary = dictionary if dictionary is not None else (_hunspell() if use_hunspell else None)
        self._dict_cache: dict[str, bool] = {}
        self._stem_cache: dict[str, bool] = {}

    @property
    def has_dictionary(self) -> bool:
        return self.dictionary is not None

    def in_dictionary(self, word: str) -> bool:
        """hunspell knows `word` (as written, or in lower case)."""
        hit = self._dict_cache.get(word)
        if hit is None:
            hit = False
            if self.dictionary is not None and len(word) < 60:
                try:
                    hit = bool(self.dictionary.lookup(word)) or (word != word.lower() and bool(self.dictionary.lookup(word.lower())))
                except Exception:  # noqa: BLE001 - a lookup must never break a check
                    hit = False
            self._dict_cache[word] = hit
        return hit

    @functools.cached_property
    def document_stems(self) -> dict[str, set[str]]:
        """Stems of the document's words (each word less any Kazakh endings it has) → the words."""
        stems: dict[str, set[str]] = {}
        for word in self.vocabulary:
            for cut in range(len(word) - 1, max(2, len(word) - _MAX_ENDING - 1), -1):
                if is_ending(word[cut:], harmony(word[:cut]), 4, word[cut - 1]):
                    stems.setdefault(word[:cut], set()).add(word)
        return stems

    def _doc_stem(self, stem: str, besides: str = "") -> bool:
        """The document uses `stem` as a word, or with endings, in a word other than `besides`."""
        if self.vocabulary.get(stem, 0) > 0 and stem != besides:
            return True
        return bool(self.document_stems.get(stem, set()) - {besides})

    def stem_in_dictionary(self, stem: str) -> bool:
        """The dictionary knows `stem`, or its form before endings (ғ/г/б for final қ/к/п: аймағ-ы)."""
        if self.in_dictionary(stem):
            return True
        last = {"ғ": "қ", "г": "к", "б": "п"}.get(stem[-1:])
        return bool(last) and self.in_dictionary(stem[:-1] + last)

    def by_stem(self, word: str, source: str = "dict", any_harmony: bool = False, half: bool = False,
                besides: str = "") -> bool:
        """`word` is a stem (≥ 3 letters) followed by Kazakh endings (of the stem's harmony unless
        `any_harmony`: loanwords such as «акт-ісі» break it); the stem known to the dictionary
        (`source` "dict") or used as a word of the document ("doc")."""
        low = word.lower()
        besides = besides or low
        key = (low, source, any_harmony, half, besides)
        hit = self._stem_cache.get(key)
        if hit is None:
            hit = False
            # a candidate needs a stem of half the word at least; a word as written may be a short
            # dictionary word with endings (су-ға)
            shortest = max(3, (len(low) + 1) // 2) if half else 2
            for cut in range(len(low) - 1, max(shortest, len(low) - _MAX_ENDING) - 1, -1):
                stem, suffix = low[:cut], low[cut:]
                depth = 4 if cut > 2 else 1
                # an ending of either harmony first: the stem's own harmony costs a pass over it
                if not is_ending(suffix, "", depth, stem[-2:]) or \
                        not any_harmony and not is_ending(suffix, harmony(stem), depth, stem[-2:]):
                    continue
                if self.stem_in_dictionary(stem) if source == "dict" else (2 * cut >= len(low) and self._doc_stem(stem, besides)):
                    hit = True
                    break
            self._stem_cache[key] = hit
        return hit

    def compound(self, word: str) -> bool:
        """Two dictionary words of four letters or more written as one (көмір + қышқыл)."""
        low = word.lower()
        # a first word of 60 letters or more is never looked up (see in_dictionary)
        for cut in range(4, min(len(low) - 3, 60)):
            if self.in_dictionary(low[:cut]) and (self.in_dictionary(low[cut:]) or self.by_stem(low[cut:], half=True)):
                return True
        return False

    def original_strength(self, word: str) -> int:
        """How well the word as written is attested (its own use in the document does not count).
        A dictionary stem + endings is a sound parse; a stem that only the document has may be
        damaged the same way elsewhere (кұр-ама, кұр-удың), so it ranks below the dictionary."""
        if self.in_dictionary(word):
            return DICT
        if self.by_stem(word, "dict", any_harmony=True) or self.compound(word):
            return DICT_STEM_ENDINGS
        if self.by_stem(word, "doc", any_harmony=True):
            return DOC_STEM_ENDINGS
        return 0

    def strength(self, candidate: str, original: str = "") -> int:
        """How well a candidate for `original` is attested (see the constants)."""
        low = candidate.lower()
        if self.vocabulary.get(low, 0) > 0:
            return DOC_FORM
        if self.document_stems.get(low, set()) - {original.lower()}:
            return DOC_STEM
        if self.in_dictionary(candidate):
            return DICT
        if self.by_stem(candidate, "doc", half=True, besides=original.lower()):
            return DOC_STEM_ENDINGS
        if self.by_stem(candidate, "dict", half=True) or self.compound(candidate):
            return DICT_STEM_ENDINGS
        return 0


# how well a word form is attested, strongest first
DOC_FORM = 5  # the document writes this very form
DOC_STEM = 4  # the document writes it with endings
DICT = 3  # hunspell-kk knows it
DOC_STEM_ENDINGS = 2  # a word of the document + Kazakh endings
DICT_STEM_ENDINGS = 1  # a hunspell-kk stem + Kazakh endings, or two hunspell-kk words as one
_WHY = {DOC_FORM: "the document writes it so elsewhere", DOC_STEM: "the document writes it so elsewhere (with endings)",
        DICT: "hunspell-kk knows it", DOC_STEM_ENDINGS: "a word of the document with Kazakh endings",
        DICT_STEM_ENDINGS: "a hunspell-kk stem with Kazakh endings"}


def _syllable_vowels(word: str) -> list[str]:
    """For each position of `word`, the vowel of its syllable: the next letter if a vowel (past и, у
    the next clear vowel decides, as they stand for ый/ій, ұу/үу), else the previous vowel, else
    the next one. Found in passes over the word (looking around from each position was quadratic
    in a long word with few vowels)."""
    size = len(word)
    before, last = [], ""
    for ch in word:
        before.append(last)
        if ch in VOWELS:
            last = ch
    after, clear, nxt, sure = [""] * size, [""] * (size + 1), "", ""
    for i in range(size - 1, -1, -1):
        after[i] = nxt
        if word[i] in VOWELS:
            nxt = word[i]
        if word[i] in BACK or word[i] in FRONT:
            sure = word[i]
        clear[i] = sure
    out = []
    for i in range(size):
        if i + 1 < size and word[i + 1] in VOWELS:
            out.append((clear[i + 2] if word[i + 1] in "иу" else "") or word[i + 1])
        else:
            out.append(before[i] or after[i])
    return out


def alternatives(word: str) -> list[tuple[int, tuple[str, ...]]]:
    """Positions of `word` (lower case, Cyrillic) where a Kazakh letter may have been replaced,
    with the letters it may have been."""
    vowels = {c for c in word if c in VOWELS}
    syllable = _syllable_vowels(word)
    has_front = bool(vowels & FRONT)
    has_back = bool(vowels & BACK)
    out: list[tuple[int, tuple[str, ...]]] = []
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < len(word) else ""
        alts: tuple[str, ...] = ()
        if ch in "кг":
            v = syllable[i]
            if v in BACK or v in "уя":
                alts = ("қ",) if ch == "к" else ("ғ",)
        elif ch == "н":
            # a final -н is mostly the accusative (ниетін, шарттан): only the genitive
            # -ның/-нің/-дың/-дің/-тың/-тің is a likely misreading there
            if prev in VOWELS and (nxt or _genitive_end(word)):
                alts = ("ң",)
        elif ch == "ц":
            if prev in VOWELS and (not nxt or nxt not in VOWELS):
                alts = ("ң",)
        elif ch == "у":
            if prev and prev not in VOWELS and nxt and nxt not in VOWELS:
                alts = ("ұ", "ү")
        elif ch == "ү":
            if has_back:
                alts = ("ұ",)
        elif ch == "ұ":
            if has_front:
                alts = ("ү",)
        elif ch == "о":
            if has_front:
                alts = ("ө",)
        elif ch == "ө":
            alts = ("ә",)
        elif ch == "а":
            if has_front:
                alts = ("ә",)
        elif ch == "х":
            alts = ("һ",)
        elif ch == "ъ":
            alts = ("ь",)
        if alts:
            out.append((i, alts))
    return out


_VOICELESS = set("кқпстфхцчшщ")


def _genitive_end(word: str) -> bool:
    """`word` ends in what would be the genitive ending if its last н were ң: -ның after a vowel
    or м/н/ң, -дың after ж з л р у й, -тың after a voiceless consonant (Kazakh orthography)."""
    if len(word) < 3 or word[-2] not in "ыі":
        return False
    consonant, before = word[-3], word[-4] if len(word) > 3 else ""
    if not before:  # a bare ending (after an abbreviation: ТМД-нын)
        return consonant in "ндт"
    if consonant == "н":
        return before in VOWELS or before in "мнң"
    if consonant == "д":
        return before in "жзлруй"
    if consonant == "т":
        return before in _VOICELESS
    return False


def _apply(word: str, changes: dict[int, str]) -> str:
    chars = list(word)
    for i, letter in changes.items():
        chars[i] = letter.upper() if word[i].isupper() else letter
    return "".join(chars)


def candidates(word: str, max_changes: int = 3, limit: int = 600):
    """(candidate, number of changes) for `word`, fewest changes first."""
    low = word.lower()
    alts = alternatives(low)
    count = 0
    for k in range(1, min(max_changes, len(alts)) + 1):
        for combo in itertools.combinations(alts, k):
            for letters in itertools.product(*(a for _, a in combo)):
                yield _apply(word, {pos: letter for (pos, _), letter in zip(combo, letters)}), k
                count += 1
                if count >= limit:
                    return


@dataclass
class SpellingIssue:
    """One suspicious word part: where it starts in the text run, what it is, the suggestion."""

    start: int
    word: str
    suggestion: str
    severity: str  # "error" | "warning"
    reason: str


_FINE = object()


def _delatin(word: str) -> str:
    return "".join(LOOKALIKE.get(c, c) for c in word)


def _ending_fix(low: str) -> str | None:
    """An unknown word whose last letters become a Kazakh ending of three letters or more once a
    Kazakh letter is put back there (этнос-тык → этнос-тық, ғасыр-дын → ғасыр-дың)."""
    for cand, changes in candidates(low, max_changes=2):
        first = min(i for i, (a, b) in enumerate(zip(low, cand)) if a != b)
        for cut in range(3, min(first, len(low) - 3) + 1):
            stem, suffix = cand[:cut], cand[cut:]
            if len(suffix) <= 6 and is_ending(suffix, harmony(stem), 3, stem[-1]) and not is_ending(
                    low[cut:], "", 4, low[cut - 1]):
                return cand
    return None


def _rule_fix(low: str) -> tuple[str, str] | None:
    """A fix from phonotactics alone, for a word no lexicon knows: (fixed, reason) or None."""
    letters = set(low)
    # ъ only stands before е, ё, ю, я; at the end of a word it is a misread ь
    if low.endswith("ъ") and len(low) > 2:
        return low[:-1] + "ь", "ъ never ends a word"
    if letters & RUSSIAN_ONLY - {"ц"}:
        return None  # a loanword: Russian letters belong there
    native = bool(letters & KAZAKH_ONLY)
    if native and low.endswith("ц") and len(low) > 2 and low[-2] in VOWELS:
        return low[:-1] + "ң", "ц after a vowel at the end of a Kazakh word is ң"
    if "ц" in letters:
        return None
    vowels = [c for c in low if c in VOWELS and c not in "иу"]
    if native and vowels and all(v in BACK for v in vowels) and letters & set("кг"):
        fixed = low.replace("к", "қ").replace("г", "ғ")
        return fixed, "к/г in a Kazakh word with back vowels (қ/ғ belong there)"
    if native and "ү" in letters and vowels and all(v in BACK or v == "ү" for v in vowels) and letters & BACK:
        return low.replace("ү", "ұ"), "ү among back vowels (vowel harmony asks for ұ)"
    if native and "ұ" in letters and vowels and all(v in FRONT or v == "ұ" for v in vowels) and letters & FRONT:
        return low.replace("ұ", "ү"), "ұ among front vowels (vowel harmony asks for ү)"
    return None


def _same_case(model: str, word: str) -> str:
    return "".join(w.upper() if m.isupper() else w for m, w in zip(model, word)) + word[len(model):]


class SpellChecker:
    """Checks word parts against a Lexicon; caches the verdict of each distinct part."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._cache: dict[tuple[str, bool], tuple[str, str, str] | None] = {}
        self._texts: dict[str, list[SpellingIssue]] = {}

    def check_text(self, text: str) -> list[SpellingIssue]:
        """Issues in a run of text (positions are offsets into `text`)."""
        if text in self._texts:
            return self._texts[text]
        issues = self._check_text(text)
        if len(self._texts) < 100_000:
            self._texts[text] = issues
        return issues

    def _check_text(self, text: str) -> list[SpellingIssue]:
        issues: list[SpellingIssue] = []
        for match in WORD.finditer(text):
            token = match.group(0)
            if not _CYR.search(token):
                continue  # a Latin word (English, a URL piece): not Kazakh
            if token in UNITS:
                continue  # «млн га», «ц/га»: a unit's abbreviation, written so in Kazakh too
            offset = match.start()
            parts = token.split("-")
            if len(parts) > 1:
                whole = self.check_compound(token)
                if whole is not None:
                    if whole is not _FINE:
                        fixed, severity, reason = whole
                        issues.append(SpellingIssue(offset, token, fixed, severity, reason))
                    continue
            after_abbr = False
            for part in parts:
                issue = self.check_part(part, after_abbr)
                if issue is not None:
                    fixed, severity, reason = issue
                    issues.append(SpellingIssue(offset, part, fixed, severity, reason))
                after_abbr = len(part) > 1 and part.isupper()
                offset += len(part) + 1
        return issues

    def check_compound(self, token: str):
        """A hyphenated word as a whole: _FINE if known whole or joined (a line-end hyphen left in
        the word), an issue if a candidate of the whole is known, None to check part by part."""
        if any(p.isupper() and len(p) > 1 for p in token.split("-")) or _LATIN.search(token):
            return None
        lex = self.lexicon
        joined = token.replace("-", "")  # a line-end hyphen left inside a word (кой-майды)
        if lex.in_dictionary(joined):
            return _FINE
        own = lex.original_strength(joined)
        for cand, _ in candidates(joined, max_changes=2):
            if lex.strength(cand, joined) >= max(DICT, own + 1):
                return cand, "error", "hunspell-kk or the document knows it (written as one word)"
        if lex.in_dictionary(token):
            return _FINE
        for cand, _ in candidates(token, max_changes=2):
            if lex.in_dictionary(cand) or lex.vocabulary.get(cand.lower(), 0) > 0:
                return cand, "error", "hunspell-kk or the document knows it"
        return _FINE if own else None

    def check_part(self, part: str, after_abbr: bool = False) -> tuple[str, str, str] | None:
        key = (part, after_abbr)
        if key not in self._cache:
            self._cache[key] = self._verdict(part, after_abbr)
        return self._cache[key]

    def _verdict(self, part: str, after_abbr: bool) -> tuple[str, str, str] | None:
        if _LATIN.search(part):
            if _CYR.search(part):
                fixed = _delatin(part)
                return fixed, "error", "Latin letters that look like Cyrillic ones inside a Cyrillic word"
            return None
        if len(part) < 2 or len(part) > 40:
            return None
        if part.isupper():
            return None  # an abbreviation
        lex = self.lexicon
        low = part.lower()
        if after_abbr:
            # a case ending after an abbreviation: БҰҰ-ның, ТМД-нын → ТМД-ның
            if is_ending(low, "", 4, ""):
                return None
            for cand, _ in candidates(low):
                if is_ending(cand, "", 4, ""):
                    return _same_case(part, cand), "error", "ending with a Russian letter"
            return None
        own = lex.original_strength(part)
        if own >= DICT:
            return self._real_word(part)
        # a capitalised word may be a foreign name: only the document's own spelling or the
        # dictionary's may correct it, not a stem + endings guess
        # a word that parses as a dictionary stem + endings is only overruled by the document
        floor = {0: DICT_STEM_ENDINGS, DICT_STEM_ENDINGS: DOC_STEM, DOC_STEM_ENDINGS: DICT}[own]
        floor = max(floor, DOC_STEM_ENDINGS if part[0].isupper() else DICT_STEM_ENDINGS)
        best: tuple[int, int, str] | None = None  # (changes, -strength, candidate)
        for cand, changes in candidates(part):
            if best is not None and changes > best[0]:
                break
            strength = lex.strength(cand, part)
            if strength < DICT and any(a != b and a.lower() in "аоұүө" for a, b in zip(part, cand)):
                continue  # a vowel changed (акт-ісі → әктісі?): only the dictionary or the document decide
            if strength >= floor and cand[-3:].lower() in ("ның", "нің") and low[-3:] in ("нын", "нін") and len(low) > 4 \
                    and not self._plain_word(cand[:-3]):
                continue  # -ның needs a word before it (жүйесі-нің); табылатын-ын is an accusative
            if strength >= floor and (best is None or (changes, -strength) < best[:2]):
                best = (changes, -strength, cand)
        if best is not None:
            return best[2], "error", _WHY[-best[1]]
        if own or part[0].isupper() and not part.endswith("ъ") and not set(_bare_stem(low)) & KAZAKH_ONLY:
            # attested somehow, or a loan name: phonotactic rules do not apply to loans; a name
            # whose stem has Kazakh letters (Башкұртстан-дағы; not Гаага-дағы) is a Kazakh word,
            # and they do
            return None
        ending = _ending_fix(low)
        if ending is not None:
            return _same_case(part, ending), "warning", "a Kazakh ending written with a Russian letter"
        rule = _rule_fix(low)
        if rule is not None and rule[0] != low:
            return _same_case(part, rule[0]), "warning", rule[1]
        return None

    def _plain_word(self, word: str) -> bool:
        """A word in its own right: the dictionary's, the document's, or a long stem + endings."""
        lex = self.lexicon
        return len(word) <= 2 or lex.in_dictionary(word) or lex.vocabulary.get(word.lower(), 0) > 0 \
            or lex.by_stem(word, "dict", half=True)

    def _real_word(self, part: str) -> tuple[str, str, str] | None:
        """A dictionary word used rarely while a Kazakh-letter variant is used often."""
        vocab = self.lexicon.vocabulary
        low = part.lower()
        own = vocab.get(low, 0)
        if own > 2:
            return None
        for cand, _ in candidates(low, max_changes=1):
            other = vocab.get(cand, 0)
            if other >= 3 and other >= 3 * max(own, 1):
                return _same_case(part, cand), "warning", f"the document writes {cand!r} {other} times"
        return None


#: units of measure abbreviated in Cyrillic as Kazakh writes them (ҚР СТ / SI in Cyrillic): not
#: Russian spellings of Kazakh words («га» is the hectare, not the suffix «ға»)
UNITS = frozenset("""га км кг см мм дм м г мг т ц л мл млн млрд трлн с мин сағ кВт МВт ГВт кВт·сағ Вт
В А Гц МГц ГГц Па кПа МПа Дж кДж ккал""".split())


def vocabulary(texts) -> Counter:
    """Lower-case word forms (hyphen parts separately, and whole) of an iterable of texts."""
    counts: Counter = Counter()
    for text in texts:
        for match in WORD.finditer(text):
            token = match.group(0).lower()
            counts[token] += 1
            if "-" in token:
                counts.update(token.split("-"))
    return counts


def _skip_span(node) -> bool:
    """Spans in another language are not Kazakh."""
    from .. import model as m

    if not isinstance(node, m.Span):
        return False
    lang = node.attrs.get("lang", "")
    return bool(lang) and not lang.lower().startswith("kk")


def check(ctx) -> list:
    """Spelling findings for a check Context (see reportgen.check)."""
    from .. import model as m
    from . import Finding

    skip_nodes = tuple(n for n in m.walk(ctx.doc) if _skip_span(n))
    skipped = {id(t) for n in skip_nodes for t in m.text_nodes(n)}
    texts = [t for t in m.text_nodes(ctx.doc) if id(t) not in skipped]
    lexicon = Lexicon(vocabulary([t.text for t in texts] + [ctx.doc.meta.title]))
    checker = SpellChecker(lexicon)
    findings = []
    if not lexicon.has_dictionary:
        findings.append(Finding(ctx.file, 0, 0, "warning", "spelling",
                                "hunspell-kk is not installed (Debian package hunspell-kk); spelling is checked "
                                "against the document's own words only"))
    for node in texts:
        for issue in checker.check_text(node.text):
            column = ctx.locate(node.line, node.column + issue.start if node.column else 0, issue.word)
            findings.append(Finding(
                ctx.file, node.line, column, issue.severity, "spelling",
                f"{issue.word!r}: Russian or Latin letters where Kazakh ones belong? did you mean "
                f"{issue.suggestion!r} ({issue.reason})",
                issue.suggestion,
            ))
    return findings
