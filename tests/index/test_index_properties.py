"""Properties of the transform on generated documents: the text is never changed, anchors are
unique and indexed once, every Mention holds the words it was found in."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen import model as m
from reportgen.index import index_transform
from reportgen.index.build import find_mentions
from reportgen.reader import read_string

WORDS = [
    "БҰҰ-ның", "БҰҰ", "Қауіпсіздік", "Кеңесінің", "Біріккен", "Ұлттар", "Ұйымы", "Ұйымның", "ШЫҰ-на",
    "Шанхай", "ынтымақтастық", "ұйымының", "Еуропа", "Одағы", "Одақ", "ТМД", "2002", "жылғы", "жылы",
    "4", "2-4", "маусымда", "қыркүйегінде", "Сол", "23", "қаңтарда", "және", "мен", "1500", "адам",
    "№", "1373", "Кеңес", "мемлекет", "ел", "—", "(қаңтар,", "ж.)", "«Біз", "айтамыз»", "т.", "б.",
]


@st.composite
def documents(draw) -> str:
    paragraphs = []
    notes = []
    for p in range(draw(st.integers(1, 4))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
        out = []
        for w in words:
            style = draw(st.sampled_from(["", "", "", "*", "**", "`", "span", "noindex", "br", "note"]))
            if style in ("*", "**"):
                out.append(f"{style}{w}{style}")
            elif style == "`":
                out.append(f"`{w}`")
            elif style == "span":
                out.append(f"[{w}]{{.org key=un}}")
            elif style == "noindex":
                out.append(f"[{w}]{{.noindex}}")
            elif style == "br":
                out.append(w + "\n")
            elif style == "note":
                notes.append(f"n{p}{len(out)}")
                out.append(f"{w}[^{notes[-1]}]")
            else:
                out.append(w)
        paragraphs.append(" ".join(out).replace("\n ", "\n").strip())
    body = "\n\n".join(paragraphs)
    defs = "\n\n".join(f"[^{n}]: {draw(st.sampled_from(WORDS))} {draw(st.sampled_from(WORDS))} ТМД-ның 2001 жылы." for n in notes)
    return f"---\ntitle: t\n---\n\n{body}\n\n{defs}\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_transform_keeps_text_and_indexes_every_anchor_once(source):
    doc = read_string(source, "<gen>")
    before = m.plain_text(doc)
    found = find_mentions(read_string(source, "<gen>"))
    index_transform(doc, None)
    assert m.plain_text(doc) == before
    mentions = [n for n in m.walk(doc) if isinstance(n, m.Mention)]
    assert len(mentions) == len(found)
    anchors = [x.anchor for x in mentions]
    assert len(set(anchors)) == len(anchors)
    for mention, f in zip(mentions, found):
        assert (mention.kind, mention.key) == (f.kind, f.key)
        text = m.plain_text(mention)
        assert text and (text == f.text or f.text.startswith(text))  # crossing an inline boundary: the first part
    indexed = Counter()

    def walk(entries):
        for e in entries:
            indexed.update(e.anchors)
            assert bool(e.see) != bool(e.anchors or e.children)  # a cross-reference has no locators
            walk(e.children)

    for section in doc.index:
        walk(section.entries)
    assert indexed == Counter(anchors)
