"""Kazakh alphabetical order of the organizations index (ICU `kk`), not code-point order."""

from __future__ import annotations

from reportgen import model as m
from reportgen.index import index_transform
from reportgen.index.collation import sorted_kk
from reportgen.reader import read_string

ALPHABET = "А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я".split()


def test_letters_in_kazakh_order():
    shuffled = list(reversed(ALPHABET))
    assert sorted_kk(shuffled) == ALPHABET
    # code-point order puts the Kazakh letters after Я: that is what must not happen
    assert sorted(shuffled) != ALPHABET


def test_words_with_kazakh_letters():
    words = ["Ұйым", "Үкімет", "Уақыт", "Һижра", "Хабар", "Іс", "Ыдыс", "Қазан", "Кітап", "Ғалым", "Гүл", "Әке", "Ана", "Ңғ", "Нан", "Өнер", "Орын", "Яғни"]
    expected = ["Ана", "Әке", "Гүл", "Ғалым", "Кітап", "Қазан", "Нан", "Ңғ", "Орын", "Өнер", "Уақыт", "Ұйым", "Үкімет", "Хабар", "Һижра", "Ыдыс", "Іс", "Яғни"]
    assert sorted_kk(words) == expected


def test_index_entries_are_sorted_with_kk_collation():
    source = """---
title: t
index:
  organizations:
    - {key: t-ae, name: Әділет ұйымы}
    - {key: t-a, name: Азат ұйымы}
    - {key: t-gh, name: Ғылым ұйымы}
    - {key: t-g, name: Гүлдер ұйымы}
    - {key: t-q, name: Қала ұйымы}
    - {key: t-k, name: Кітап ұйымы}
    - {key: t-ng, name: Ңа ұйымы}
    - {key: t-n, name: Нұр ұйымы}
    - {key: t-oe, name: Өнер ұйымы}
    - {key: t-o, name: Орман ұйымы}
    - {key: t-u, name: Уақыт ұйымы}
    - {key: t-uu, name: Ұлт ұйымы}
    - {key: t-ue, name: Үміт ұйымы}
    - {key: t-kh, name: Хабар ұйымы}
    - {key: t-h, name: Һижра ұйымы}
    - {key: t-y, name: Ыдыс ұйымы}
    - {key: t-i, name: Іскер ұйымы}
    - {key: t-ya, name: Ясауи ұйымы}
---

Ясауи ұйымы, Іскер ұйымы, Ыдыс ұйымы, Һижра ұйымы, Хабар ұйымы, Үміт ұйымы, Ұлт ұйымы,
Уақыт ұйымы, Орман ұйымы, Өнер ұйымы, Нұр ұйымы, Ңа ұйымы, Кітап ұйымы, Қала ұйымы,
Гүлдер ұйымы, Ғылым ұйымы, Азат ұйымы және Әділет ұйымы.
"""
    doc = read_string(source, "<test>")
    index_transform(doc, None)
    orgs = doc.index[0]
    assert orgs.title == "Ұйымдар"
    labels = [e.label for e in orgs.entries]
    firsts = [label[0] for label in labels]
    assert firsts == ["А", "Ә", "Г", "Ғ", "К", "Қ", "Н", "Ң", "О", "Ө", "У", "Ұ", "Ү", "Х", "Һ", "Ы", "І", "Я"]
    assert all(isinstance(e, m.IndexEntry) and e.anchors for e in orgs.entries)
