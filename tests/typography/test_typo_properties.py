"""Property tests (hypothesis): idempotence, balanced quotes, no straight quote left, nothing but
punctuation and spaces changed, hyphenation only adds soft hyphens at rule-abiding places."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen import model as m
from reportgen.typography import HouseStyle, typeset_text, typography
from reportgen.typography.hyphenate import VOWELS, break_points, hyphenate_text

SHY = "\u00ad"
WORDS = ["сөз", "Біз", "АҚШ", "БҰҰ", "1999", "2001", "46.800", "14953126", "т.", "б.", "К.", "Аннан", "№",
         "жылғы", "қару-жарақ", "XXI", "ғасыр", "мамыр", "см", "2", "4", "1,4", "ой", "ш", "-ның", "11-", "Ә.",
         "1.500", "10 000", "%", "\u2011", "\u00ad", "\u202f"]
PUNCT = ['"', "«", "»", "„", "“", "”", "-", "—", "–", "...", ".", ",", ":", "(", ")", " ", " ", " ", "\n", "\u00a0"]

# arbitrary text made of the pieces the rules care about
messy = st.lists(st.sampled_from(WORDS + PUNCT), max_size=40).map("".join)
any_text = st.one_of(messy, st.text(alphabet=st.sampled_from(list('аб Б1.,-—–"«»„“”№ \n\u00a0')), max_size=40))


@st.composite
def quoted(draw, depth=0):
    """Text whose quotation marks are balanced: marks glued to words, words separated by spaces."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 4 and draw(st.booleans()):
            inner = draw(quoted(depth + 1))
            open_, close = draw(st.sampled_from(['""', "«»", "„“", "“”"]))
            parts.append(open_ + inner + close)
        else:
            parts.append(draw(st.sampled_from(["сөз", "Біз", "деді", "2001", "жылғы", "иә", "қару-жарақ"])))
        if draw(st.booleans()):
            parts[-1] += draw(st.sampled_from([",", ".", ":", "…"]))
    return " ".join(parts)


@st.composite
def glued(draw, depth=0):
    """Balanced « » pairs glued to words, digits, punctuation and each other on either side, as
    well as spaced: the marks' own direction is the only reliable cue there. („ “ are left out:
    “ after a space is ambiguous by the rules, quotes.py.)"""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 3 and draw(st.booleans()):
            parts.append("«" + draw(glued(depth + 1)) + "»")
        else:
            parts.append(draw(st.sampled_from(["а", "сөз", "Б", "2001", "жылғы", ""])))
    glue = st.sampled_from(["", " ", ",", ".", "-", "(", ")", "—", ":", "\u00a0"])
    return "".join(part + draw(glue) for part in parts)


def directions(text: str) -> str:
    """o for each opening mark (« „), c for each closing one (» “), in order."""
    return "".join("o" if ch in "«„" else "c" for ch in text if ch in "«»„“")


def assert_balanced(text: str) -> None:
    stack = []
    pairs = {"»": "«", "“": "„"}
    for ch in text:
        if ch in "«„":
            stack.append(ch)
        elif ch in pairs:
            assert stack and stack[-1] == pairs[ch], text
            stack.pop()
    assert not stack, text


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_idempotent(text):
    once = typeset_text(text)
    assert typeset_text(once) == once


@settings(max_examples=200, deadline=None)
@given(any_text, st.sampled_from(["„“", "“”"]), st.sampled_from(["em", "en"]))
def test_idempotent_in_every_house_style(text, nested, dash):
    style = HouseStyle(nested_quotes=nested, dash=dash)
    once = typeset_text(text, style)
    assert typeset_text(once, style) == once


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_no_straight_double_quote_left(text):
    assert '"' not in typeset_text(text)


@settings(max_examples=300, deadline=None)
@given(quoted())
def test_balanced_quotes_stay_balanced(text):
    out = typeset_text(text)
    assert_balanced(out)
    assert '"' not in out and "”" not in out


@settings(max_examples=300, deadline=None)
@given(quoted())
def test_outer_marks_are_guillemets(text):
    out = typeset_text(text)
    depth = 0
    for ch in out:
        if ch in "«„":
            assert ch == ("«" if depth % 2 == 0 else "„"), out
            depth += 1
        elif ch in "»“":
            depth -= 1
            assert ch == ("»" if depth % 2 == 0 else "“"), out


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_only_punctuation_and_spaces_change(text):
    def letters(s):
        return re.sub(r"\W", "", s)

    assert letters(typeset_text(text)) == letters(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["text", "emph", "strong", "code", "break"]), any_text), max_size=8))
def test_document_transform_idempotent_and_keeps_code(pieces):
    children = []
    for kind, text in pieces:
        if kind == "text":
            children.append(m.Text(text))
        elif kind == "emph":
            children.append(m.Emph(children=[m.Text(text)]))
        elif kind == "strong":
            children.append(m.Strong(children=[m.Text(text)]))
        elif kind == "code":
            children.append(m.Code(text))
        else:
            children.append(m.SoftBreak())
    doc = m.Document(blocks=[m.Paragraph(children=children)])
    codes = [c.text for c in children if isinstance(c, m.Code)]
    typography(doc)
    once = m.to_dict(doc)
    typography(doc)
    assert m.to_dict(doc) == once
    assert [c.text for c in doc.blocks[0].children if isinstance(c, m.Code)] == codes
    assert '"' not in "".join(t.text for t in m.text_nodes(doc))


# ---------------------------------------------------------------- hyphenation

kazakh_word = st.text(alphabet=st.sampled_from(list("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")), min_size=1, max_size=16)


@settings(max_examples=500, deadline=None)
@given(kazakh_word)
def test_breaks_leave_two_letters_and_a_vowel_each_side(word):
    points = break_points(word)
    assert points == sorted(set(points))
    for k in points:
        assert 2 <= k <= len(word) - 2
        assert any(ch in VOWELS for ch in word[:k]) and any(ch in VOWELS for ch in word[k:])
        assert word[k] not in "ьъ"  # a sign stays with the consonant before it


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(kazakh_word, st.sampled_from([" ", ", ", "-", "\u00a0", "1441-", "\u2011"])), max_size=12).map("".join))
def test_hyphenation_only_adds_soft_hyphens_and_is_idempotent(text):
    once = hyphenate_text(text)
    assert once.replace(SHY, "") == text
    assert hyphenate_text(once) == once
    assert SHY + SHY not in once and "-" + SHY not in once and SHY + "-" not in once


@settings(max_examples=300, deadline=None)
@given(glued())
def test_glued_guillemets_keep_their_direction(text):
    """« and „ always open, » and “ (after „) always close, whatever stands beside them:
    `«а«б»в»` is «а„б“в», never «а»б»в» (a mark read from its neighbours would be)."""
    out = typeset_text(text)
    assert directions(out) == directions(text), (text, out)
