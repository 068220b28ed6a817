"""Kazakh alphabetical order (ICU `kk` collation, CLDR): А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң
О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я. Code-point order is wrong (Ә … І after Я)."""

from __future__ import annotations

import functools
from typing import Callable, Iterable, TypeVar

import icu

T = TypeVar("T")


@functools.lru_cache(maxsize=1)
def collator() -> "icu.Collator":
    """The ICU collator for Kazakh."""
    return icu.Collator.createInstance(icu.Locale("kk"))


def sort_key(text: str) -> bytes:
    """A key that sorts `text` in Kazakh alphabetical order."""
    return collator().getSortKey(text)


def sorted_kk(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:  # type: ignore[assignment]
    """`items` sorted by `key(item)` in Kazakh alphabetical order (stable)."""
    return sorted(items, key=lambda item: sort_key(key(item)))
