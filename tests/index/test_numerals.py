"""Kazakh numbers in words and ordinal endings (index/numerals.py)."""

import pytest

from reportgen.index.numerals import Numeral, read_words, split_suffix


@pytest.mark.parametrize(("words", "used", "value", "ordinal", "ending"), [
    ("екі мың он сегізінші жылы", 4, 2018, True, ""),
    ("мың тоғыз жүз тоқсан бесінші", 5, 1995, True, ""),
    ("бір мың тоғыз жүз жетпіс екінші", 6, 1972, True, ""),
    ("жиырма алтыншы сәуір", 2, 26, True, ""),
    ("жиырмасыншы", 1, 20, True, ""),
    ("қырқыншы", 1, 40, True, ""),
    ("елуінші", 1, 50, True, ""),
    ("екі мың он жеті мен", 4, 2017, False, ""),
    ("жиырма екісінде", 2, 22, False, "сінде"),
    ("екі жүз отыз алты", 4, 236, False, ""),
    ("екі үш", 1, 2, False, ""),  # not in descending order: two numbers
    ("он жиырма", 1, 10, False, ""),
])
def test_read_words(words, used, value, ordinal, ending):
    assert read_words(words.split()) == (used, Numeral(value, ordinal, ending))


@pytest.mark.parametrize("words", ["мыңжылдық", "онкүндік", "Астана", "бесік", "жетекші"])
def test_not_numbers(words):
    assert read_words(words.split()) is None


@pytest.mark.parametrize(("suffix", "expected"), [
    ("інші", (True, "")), ("сыншы", (True, "")), ("нші", (True, "")), ("ыншы", (True, "")),
    ("ші", (True, "")), ("сінде", (False, "сінде")), ("сі", (False, "сі")), ("де", (False, "де")),
    ("жылы", None),
])
def test_split_suffix(suffix, expected):
    assert split_suffix(suffix) == expected
