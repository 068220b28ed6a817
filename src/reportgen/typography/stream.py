"""A block's text as one editable stream of characters, each remembering the `Text` node it came from.

Typography works across inline boundaries: a quote may open in plain text and close after an
emphasis. So a paragraph (or heading) is flattened into one string; every character of that
string knows its owner — the index of the `Text` node it belongs to — or is *virtual*:

  "\n"      a SoftBreak or LineBreak (whitespace that no rule may change),
  OBJECT    inline `Code` (opaque, word-like: never entered, never changed),
  NOTE      a footnote call (transparent for quotes, never changed).

Rules edit the stream with regular expressions; `write_back` puts the characters back into
their `Text` nodes. An edit that keeps its length changes characters in place (so it may
cross node boundaries); an edit that changes the length is applied only when every character
it touches belongs to one `Text` node (otherwise it is skipped: text never moves between nodes).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from .. import model as m

OBJECT = "\ufffc"
NOTE = "\ue000"
BREAK = "\n"
VIRTUAL = -1

_CONTAINERS = m.INLINE_CONTAINERS


class Stream:
    """Characters and their owners (index into `nodes`, or VIRTUAL)."""

    def __init__(self, chars: list[str], owners: list[int], nodes: list[m.Text]):
        self.chars = chars
        self.owners = owners
        self.nodes = nodes

    # ------------------------------------------------------------ building

    @classmethod
    def from_inlines(cls, inlines: Iterable[m.Node], opaque: Callable[[m.Node], bool] | None = None) -> "Stream":
        """The stream of an inline list (a paragraph's or heading's children).

        `opaque(node)` may mark containers whose text must be seen as one OBJECT (e.g. a span in
        another language that is not to be hyphenated).
        """
        stream = cls([], [], [])
        stream._add(inlines, opaque)
        return stream

    def _add(self, nodes: Iterable[m.Node], opaque: Callable[[m.Node], bool] | None) -> None:
        # a method, not a closure calling itself: such a closure is a reference cycle, and with
        # it the whole stream would wait for the cycle collector
        for node in nodes:
            if isinstance(node, m.Text):
                index = len(self.nodes)
                self.nodes.append(node)
                self.chars.extend(node.text)
                self.owners.extend([index] * len(node.text))
            elif isinstance(node, (m.Code, m.Image, m.Math)):  # a word-like object typography leaves alone
                self._virtual(OBJECT)
            elif isinstance(node, (m.SoftBreak, m.LineBreak)):
                self._virtual(BREAK)
            elif isinstance(node, m.FootnoteRef):
                self._virtual(NOTE)
            elif isinstance(node, _CONTAINERS):
                if opaque is not None and opaque(node):
                    self._virtual(OBJECT)
                else:
                    self._add(node.children, opaque)
            else:  # pragma: no cover - the model is closed; an unknown inline is opaque
                self._virtual(OBJECT)

    @classmethod
    def from_string(cls, text: str) -> "Stream":
        """A stream over a plain string (one pseudo `Text` node); read it back with `.text`."""
        node = m.Text(text)
        return cls(list(text), [0] * len(text), [node])

    def _virtual(self, char: str) -> None:
        self.chars.append(char)
        self.owners.append(VIRTUAL)

    # ------------------------------------------------------------- reading

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def node_at(self, index: int) -> m.Text | None:
        """The `Text` node that owns character `index` (None for virtual characters)."""
        owner = self.owners[index] if 0 <= index < len(self.owners) else VIRTUAL
        return self.nodes[owner] if owner != VIRTUAL else None

    def single_owner(self, start: int, end: int) -> bool:
        """True if characters start..end-1 all belong to one `Text` node."""
        span = self.owners[start:end]
        return bool(span) and span[0] != VIRTUAL and all(o == span[0] for o in span)

    # ------------------------------------------------------------- editing

    def apply(self, edits: list[tuple[int, int, str]]) -> int:
        """Apply non-overlapping `(start, end, replacement)` edits; return how many were applied.

        A pure insertion (`start == end`) takes the owner of the character before it. Every edit is
        judged on the characters as they were; the lists are rebuilt once, in order (splicing each
        edit into them moved the rest of the block every time: quadratic in a long paragraph).
        """
        chars, owners = self.chars, self.owners
        new_chars: list[str] = []
        new_owners: list[int] = []
        kept = 0  # chars[:kept] are in the new lists
        done = 0
        for start, end, new in sorted(edits):
            if "".join(chars[start:end]) == new:
                continue
            if end - start == len(new):
                if any(owners[k] == VIRTUAL and chars[k] != new[k - start] for k in range(start, end)):
                    continue  # virtual characters are never changed
                added = owners[start:end]
            else:
                if start == end:
                    if start == 0 or owners[start - 1] == VIRTUAL:
                        continue
                    owner = owners[start - 1]
                elif self.single_owner(start, end):
                    owner = owners[start]
                else:
                    continue
                added = [owner] * len(new)
            new_chars += chars[kept:start]
            new_owners += owners[kept:start]
            new_chars += new
            new_owners += added
            kept = end
            done += 1
        if done:
            self.chars = new_chars + chars[kept:]
            self.owners = new_owners + owners[kept:]
        return done

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str | None]) -> int:
        """Replace every match of `pattern` by `repl(match)` (None leaves the match alone)."""
        edits = []
        for match in pattern.finditer(self.text):
            new = repl(match)
            if new is not None and new != match.group(0):
                edits.append((match.start(), match.end(), new))
        return self.apply(edits)

    def write_back(self) -> None:
        """Store the edited characters back in their `Text` nodes."""
        parts: list[list[str]] = [[] for _ in self.nodes]
        for char, owner in zip(self.chars, self.owners):
            if owner != VIRTUAL:
                parts[owner].append(char)
        for node, chars in zip(self.nodes, parts):
            text = "".join(chars)
            if node.text != text:
                node.text = text
