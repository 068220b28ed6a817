"""Words and punctuation of a normalized text, as KazNERD writes them: a word keeps its inner
hyphens and apostrophes (`Twitter-інен`, `Самұрық-Қазына`), every other mark is a token of its
own; a text is tagged sentence by sentence, and nothing is read across a barrier (a footnote
call, code, a `{.noindex}` span: `kazakh.BARRIER`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..kazakh import BARRIER

_TOKEN = re.compile(rf"[^\W_]+(?:[-'’][^\W_]+)*|[^\s{BARRIER}]|{BARRIER}")
SENTENCE_END = frozenset(".!?…")
#: a Latin letter: a word with one is a foreign name (Twitter, Goldman Sachs) or a gloss
LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def sentences(tokens: list[Token]) -> list[list[Token]]:
    """`tokens` cut after a sentence's end (`.`, `!`, `?`, `…` before a capital, a digit or a
    quote) and at barriers (left out)."""
    out: list[list[Token]] = []
    current: list[Token] = []
    for k, token in enumerate(tokens):
        if token.text == BARRIER:
            if current:
                out.append(current)
            current = []
            continue
        current.append(token)
        if token.text in SENTENCE_END and k + 1 < len(tokens):
            following = tokens[k + 1].text[:1]
            if following.isupper() or following.isdigit() or following in "«\"“":
                out.append(current)
                current = []
    if current:
        out.append(current)
    return out
