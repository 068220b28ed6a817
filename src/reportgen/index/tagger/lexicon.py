"""Which words the hunspell-kk lexicon knows: a capitalised word it does not know is likely a name.

The stems of Debian's hunspell-kk dictionary (`kk_KZ.dic`, the file `check/spelling.py` reads
with spylls) are read directly, on first use: spylls builds the whole affix machinery (1.3 s);
the index needs only "is this a Kazakh word" (a set of the 54 000 stems as UTF-8 bytes, 0.03 s)
and takes the endings from `endings.py`, plus the derivational -лық/-лік/-шы/-ші that the
dictionary's flags add. Without the dictionary `known` says None and the feature is left out,
not guessed.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from ..kazakh import dictionary_form, is_inflection
from .endings import parses

HUNSPELL_KK = os.environ.get("REPORTGEN_HUNSPELL_KK", "/usr/share/hunspell/kk_KZ")
#: derivational endings the dictionary's affix flags add to its stems (ұйымдастыру is not listed)
_DERIVED = ("лық", "лік", "дық", "дік", "тық", "тік", "лығ", "лег", "дығ", "тығ", "шы", "ші", "лы", "лі", "ды", "ді", "ты", "ті")


@functools.lru_cache(maxsize=4)
def _stems(path: str) -> frozenset[bytes] | None:
    """The stems of the dictionary as written (UTF-8), or None when it is not installed."""
    dic = Path(path + ".dic")
    if not dic.is_file():
        return None
    # one entry a line, `stem/FLAGS`: the flags become entries too, Latin letters no word has
    return frozenset(dic.read_bytes().replace(b"/", b"\n").split(b"\n"))


class Lexicon:
    """`known(word)`: None without a dictionary, else whether the word is a dictionary stem with
    Kazakh endings (in lower case, or capitalised: the dictionary lists names so)."""

    def __init__(self, path: str = HUNSPELL_KK):
        self.path = path
        self._cache: dict[str, bool] = {}

    def known(self, word: str) -> bool | None:
        hit = self._cache.get(word)
        if hit is None:
            stems = _stems(self.path)
            if stems is None:
                return None
            hit = self._cache[word] = self._lookup(word, stems)
        return hit

    def listed(self, word: str) -> bool | None:
        """None without a dictionary, else whether `word` as written, no ending taken off, is a
        dictionary entry (Қазақстан is, though it also reads Қазақс + -тан)."""
        stems = _stems(self.path)
        return None if stems is None else _listed(word.lower(), stems)

    def _lookup(self, word: str, stems: frozenset[bytes]) -> bool:
        first, *rest = word.lower().split("-")  # қару-жарақ; an ending after a hyphen: Twitter-інен
        return _word(first, stems) and all(is_inflection(part) or _word(part, stems) for part in rest)


def _word(low: str, stems: frozenset[bytes]) -> bool:
    for parse in parses(low):
        for stem in (parse.stem, dictionary_form(parse.stem)):
            if _listed(stem, stems):
                return True
            for suffix in _DERIVED:
                if stem.endswith(suffix) and _listed(dictionary_form(stem[: -len(suffix)]), stems):
                    return True
    return False


def _listed(stem: str, stems: frozenset[bytes]) -> bool:
    return stem.encode() in stems or stem.capitalize().encode() in stems
