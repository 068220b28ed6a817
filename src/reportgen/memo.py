"""The last pass's results, for the next: what `reportgen watch` keeps between its rebuilds.

A rebuild after a one-paragraph edit reads the whole source again; the index's costliest steps
(the organization tagger, the gazetteer's patterns, the date grammar: 70 % of reading a book) are
pure functions of a sentence's or a block's text, so their results are taken from the last pass
where the text is the same. The owner of a `LastPass` (the object whose settings the function
depends on: the tagger's model, the gazetteer's patterns) calls `start()` once per document.
"""

from __future__ import annotations

from typing import Callable, Hashable, TypeVar

T = TypeVar("T")
_MISSING = object()


class LastPass:
    """Results of a pure function kept from the previous pass over a document.

    Only the previous pass's results are consulted, never this pass's own: a document that
    repeats itself is computed in full (a benchmark of a repeated text measures the work), and
    what the last pass did not ask again is dropped (memory stays one document's)."""

    __slots__ = ("_last", "_this")

    def __init__(self) -> None:
        self._last: dict = {}
        self._this: dict = {}

    def start(self) -> None:
        """A new pass: the one that ends now becomes the last."""
        self._last, self._this = self._this, {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The last pass's result for `key`, or `compute()`'s; kept for the next pass either way."""
        value = self._last.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
        self._this[key] = value
        return value

    def last(self, key: Hashable, default=None):
        """What the last pass kept for `key` (for results valid only under conditions the caller
        checks: index/dates.py)."""
        return self._last.get(key, default)

    def keep(self, key: Hashable, value) -> None:
        """Keep `value` for the next pass."""
        self._this[key] = value
