"""The organization finder beyond the gazetteer (issue 17; docs/index-tagger.md): headings in the
nominative, merging, abbreviations, the author's control, the model shipped offline, and
mentions in cells, captions and notes."""

import json
import socket
from importlib import resources

import pytest

from reportgen.index.gazetteer import bundled
from reportgen.index.kazakh import normalize
from reportgen.index.orgs import OrgMatcher
from reportgen.index.tagger import organizations
from reportgen.index.tagger.lexicon import Lexicon
from reportgen.index.tagger.names import Names, heading, merge_key, nominatives

# (a mention as written, its heading): the last word carries the case; written by hand
INFLECTED = [
    ("Әділет министрлігіне", "Әділет министрлігі"), ("Нұр Отанға", "Нұр Отан"), ("Twitter-інен", "Twitter"),
    ("Қаржы министрлігінде", "Қаржы министрлігі"), ("Ұлттық банктің", "Ұлттық банк"), ("Халық банкіне", "Халық банкі"),
    ("Қазақ ұлттық университетінде", "Қазақ ұлттық университеті"), ("Қазатомпромның", "Қазатомпром"),
    ("Самұрық-Қазынаға", "Самұрық-Қазына"), ("Хабарға", "Хабар"), ("БҰҰ-ның", "БҰҰ"), ("ЕАЭО-ға", "ЕАЭО"),
    ("Kia-сы", "Kia"), ("NASDAQ-та", "NASDAQ"), ("Google-дың", "Google"), ("Мәжіліске", "Мәжіліс"), ("Сенатта", "Сенат"),
    ("Үкіметке", "Үкімет"), ("Парламенттің", "Парламент"),
    ("Ұлттық экономика министрлігінің", "Ұлттық экономика министрлігі"),
    ("Денсаулық сақтау министрлігімен", "Денсаулық сақтау министрлігі"),
    ("Білім және ғылым министрлігінен", "Білім және ғылым министрлігі"), ("Астана әкімдігіне", "Астана әкімдігі"),
    ("Бас прокуратураның", "Бас прокуратура"), ("Жоғарғы сотқа", "Жоғарғы сот"), ("Ұлттық қорға", "Ұлттық қор"),
    ("Еуропа одағының", "Еуропа одағы"), ("Қазақстан темір жолының", "Қазақстан темір жолы"),
    ("Қайрат клубының", "Қайрат клубы"), ("Астана футбол клубына", "Астана футбол клубы"), ("Эйр Астанаға", "Эйр Астана"),
    ("Еуразия ұлттық университетінің", "Еуразия ұлттық университеті"), ("Қазпоштаның", "Қазпошта"),
    ("Мемлекеттік кірістер комитетіне", "Мемлекеттік кірістер комитеті"),
    ("Ішкі істер департаментінен", "Ішкі істер департаменті"), ("Ақ жол партиясынан", "Ақ жол партиясы"),
    ("Ұлттық ұланның", "Ұлттық ұлан"), ("ТҮРКСОЙ-дың", "ТҮРКСОЙ"), ("Goldman Sachs-тың", "Goldman Sachs"),
    ("Freedom Finance-ке", "Freedom Finance"),
]


@pytest.mark.parametrize(("mention", "name"), INFLECTED, ids=[m for m, _ in INFLECTED])
def test_heading_in_the_nominative(mention, name):
    words = mention.split()
    assert heading(words, nominatives(words[-1], Lexicon())[0]) == name


def test_the_document_decides_an_ambiguous_ending():
    """«Ақордада» may be «Ақорда» in the locative or a name ending in -да: a bare «Ақорда» in the
    same document settles it."""
    names = Names(Lexicon())
    readings = names.readings(["Ақордада"])
    names.readings(["Ақорда"])
    assert names.vote(readings) == "Ақорда"


def test_country_prefix_merges():
    assert merge_key("Қазақстан Республикасының Қаржы министрлігі") == merge_key("Қаржы министрлігі")
    assert merge_key("Қазақстан темір жолы") != merge_key("темір жолы")


def _find(texts):
    gazetteer = bundled()
    found = organizations(gazetteer, OrgMatcher(gazetteer), [normalize(t) for t in texts])
    return gazetteer, [[(normalize(t)[m.start:m.end], gazetteer.orgs[m.key]) for m in ms] for t, ms in zip(texts, found)]


def test_found_organizations_merge_and_take_their_abbreviation():
    _, found = _find([
        "Қазақстан Республикасының Қаржы министрлігі жаңа ереже шығарды.",
        "Кейін Қаржы министрлігіне хаттар келді.",
        "Жыл соңында Ұлттық экономика министрлігі (ҰЭМ) есеп берді.",
        "ҰЭМ-нің мәліметінше, баға өсті.",
    ])
    names = [[(text, org.name) for text, org in block] for block in found]
    assert ("Қаржы министрлігі", "Қаржы министрлігі") in names[0]
    assert names[1] == [("Қаржы министрлігіне", "Қаржы министрлігі")]
    assert ("ҰЭМ", "Ұлттық экономика министрлігі") in names[2]
    assert names[3] == [("ҰЭМ-нің", "Ұлттық экономика министрлігі")]
    org = found[2][0][1]
    assert org.abbr == ("ҰЭМ",) and org.origin == "model" and 0.4 <= org.confidence <= 1
    assert found[0][0][1] is found[1][0][1] or found[0][0][1].key == found[1][0][1].key


def test_a_mixed_case_abbreviation_defined_in_parentheses():
    """«… Қазақ ұлттық университеті (ҚазҰУ)»: pieces from each capital that begin the name's words
    in order; a mixed-case word that does not abbreviate the name is no abbreviation of it."""
    from reportgen.index.tagger.rules import abbreviation_of

    name = ["Қазақ", "ұлттық", "университеті"]
    assert abbreviation_of("ҚазҰУ", name) and abbreviation_of("ҚҰУ", name)
    assert not abbreviation_of("ҚазМұнай", name) and not abbreviation_of("Қазақ", name)
    assert abbreviation_of("ҚазМұнайГаз", ["Қазақстан", "мұнай", "газ"])
    _, found = _find(["Студенттер Қазақ ұлттық университетінде (ҚазҰУ) оқиды."])
    assert ("ҚазҰУ", "Қазақ ұлттық университеті") in [(text, org.name) for text, org in found[0]]


def test_a_sentence_word_is_not_part_of_the_name():
    _, found = _find(["Кеше Қаржы министрлігінде жиын өтті.", "Ақша Халық банкіне аударылды."])
    assert [org.name for _, org in found[0]] == ["Қаржы министрлігі"]
    assert [org.name for _, org in found[1]] == ["Халық банкі"]


def test_gazetteer_wins_and_states_are_not_organizations():
    _, found = _find(["Біріккен Ұлттар Ұйымы мен Қазақстан Республикасы келісті."])
    assert [(t, o.origin) for t, o in found[0]] == [("Біріккен Ұлттар Ұйымы", "gazetteer")]


def test_the_model_ships_and_loads_offline(monkeypatch):
    """The model is package data, read with no network (a connection attempt fails the test),
    small, and its KazNERD attribution ships beside it."""
    def no_network(*args, **kwargs):
        raise AssertionError("the model must not reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    from reportgen.index.tagger import model

    model.tagger.cache_clear()
    crf = model.tagger()
    assert crf.labels() and "B-ORG" in crf.labels()
    data = resources.files("reportgen.index").joinpath("data")
    notice = data.joinpath("NOTICE").read_text(encoding="utf-8")
    assert "KazNERD" in notice and "CC BY 4.0" in notice and "IS2AI/KazNERD" in notice


def test_model_size():
    with resources.as_file(resources.files("reportgen.index").joinpath("data/org-tagger.crfsuite")) as path:
        assert 0 < path.stat().st_size < 5_000_000


DOC = """---
title: Сынақ
lang: kk
---

# Экономика

Қаржы министрлігі жаңа ереже шығарды.[^n]

: Ұйымдар кестесі: Денсаулық сақтау министрлігінің деректері

| Ұйым | Жыл |
|------|-----|
| Әділет министрлігінде | 2019 жылы |

[^n]: Дерек Ауыл шаруашылығы министрлігінен алынды, қазанның 2-сінде.
"""


def _index(tmp_path, text, yaml=None):
    from reportgen.index.build import index_json
    from reportgen.pipeline import load

    (tmp_path / "doc.md").write_text(text, encoding="utf-8")
    if yaml:
        (tmp_path / "index.yaml").write_text(yaml, encoding="utf-8")
    return index_json(load(tmp_path / "doc.md"))


def _entries(data):
    out = {}
    for entry in data["organizations"]:
        out[entry["name"]] = entry
        out.update({c["name"]: c for c in entry["children"]})
    return out


def test_mentions_in_cells_captions_and_notes(tmp_path):
    entries = _entries(_index(tmp_path, DOC))
    for name, line in (("Қаржы министрлігі", 8), ("Денсаулық сақтау министрлігі", 10),
                       ("Әділет министрлігі", 14), ("Ауыл шаруашылығы министрлігі", 16)):
        assert [m["line"] for m in entries[name]["mentions"]] == [line], name
        assert entries[name]["origin"] == "model" and entries[name]["confidence"] >= 0.4


def test_the_author_rejects_a_found_entry(tmp_path):
    entries = _entries(_index(tmp_path, DOC, "exclude: [Әділет министрлігі]\n"))
    assert "Әділет министрлігі" not in entries and "Қаржы министрлігі" in entries


def test_the_author_names_an_entry(tmp_path):
    yaml = "organizations:\n  - key: minfin\n    name: Қаржы министрлігі\n    abbr: [ҚМ]\n"
    entry = _entries(_index(tmp_path, DOC, yaml))["Қаржы министрлігі"]
    assert entry["origin"] == "document" and entry["key"] == "minfin" and entry["abbr"] == "ҚМ"


def test_index_json_marks_the_origin(tmp_path):
    data = _index(tmp_path, "Біріккен Ұлттар Ұйымы мен Қаржы министрлігі келісті.\n")
    origins = {e["name"]: e["origin"] for e in _entries(data).values()}
    assert origins == {"Біріккен Ұлттар Ұйымы": "gazetteer", "Қаржы министрлігі": "model"}
    json.dumps(data)


def test_a_bare_plural_is_read_as_one():
    """«акциялар» is акция + -лар (the lexicon then knows it: a sentence's word, not a name's)."""
    from reportgen.index.tagger.endings import parses

    assert any(p.stem == "акция" and p.plural == "лар" and not p.case for p in parses("акциялар"))
    assert Lexicon().known("Акциялар")


def test_a_dictionary_word_is_not_stem_and_ending():
    """«Қазақстан» is a word of its own, not Қазақс + -тан: it may open a name."""
    assert nominatives("Қазақстан", Lexicon()) == ["Қазақстан"]
    _, found = _find(["Солардың бірі — Қазақстан журналистика академиясының мүшесі."])
    assert [org.name for _, org in found[0]] == ["Қазақстан журналистика академиясы"]


def test_names_in_any_sentence():
    """A sentence with no capital inside it is tagged too: «Қазақстан темір жолының» opens it."""
    _, found = _find(["«Қазақстан темір жолының» қаржылық бағыттары өзгерді.",
                      "Акциялар NASDAQ биржасында сатылады."])
    assert [org.name for _, org in found[0]] == ["Қазақстан темір жолы"]
    assert [text for text, _ in found[1]] == ["NASDAQ"]


# (a sentence, the organizations in it): written here, not taken from KazNERD
DESCRIPTIONS = [
    ("Павлодардағы мұнай өңдеу зауыты жөндеуге жабылды.", []),  # a place's plant: -дағы + lower case
    ("Өскемендегі титан-магний комбинатының жұмысшылары жиналды.", []),
    ("Алматының орталығындағы ескерткіш жөнделді.", []),  # the genitive + lower case
    ("Германияның компаниясы жаңа зауыт ашты.", []),
    ("Маңғыстауда тағы бір тігін фабрикасы ашылды.", []),  # a case, an adverb, a number before it
    ("Ақтөбе облысы бойынша отыздан астам ұйым тексерілді.", []),
    # what the cuts must leave whole: a dative governed inside the name, a place before a name
    ("Бүгін Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі есеп берді.", ["Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі"]),
    ("Олар Астанадағы Еуразия ұлттық университетінде оқиды.", ["Еуразия ұлттық университетінде"]),
    ("Олар Семейдің медицина академиясында оқыды.", ["Семейдің медицина академиясында"]),  # a genitive opens it
    ("«Дала Құрылыс Групп» серіктестігі жаңа мектеп салды.", ["Дала Құрылыс Групп"]),

]


@pytest.mark.parametrize(("sentence", "names"), DESCRIPTIONS, ids=[s[:30] for s, _ in DESCRIPTIONS])
def test_a_description_is_not_a_name(sentence, names):
    """Kazakh capitalizes a name's first word and inflects only its last: a capitalized place in
    the genitive or the attributive locative before lower-case words describes («Павлодардағы
    мұнай өңдеу зауыты»: a refinery in Pavlodar), and a word in a case, a postposition, an amount
    or a number inside a run ends what came before it."""
    _, found = _find([sentence])
    assert [text for text, _ in found[0]] == names


def test_openers_and_routes_are_not_names():
    """A conjunction opening a sentence is no name's first word; the ends of a route are places;
    a technology, a test, an exhibition is no organization (KazNERD's tagger learned «SMS», «GPA»,
    «EXPO» written in capitals as organizations)."""
    from reportgen.index.tagger.finder import OrgFinder
    from reportgen.index.tagger.tokens import tokenize
    from reportgen.index.tagger.finder import _Candidate

    finder = OrgFinder(OrgMatcher(bundled()))
    for text, first, end, expected in [("Және Жер ресурстары комитетіне хат жолдадық.", 0, 4, "Жер ресурстары комитетіне"),
                                       ("Жолаушылар Шымкент – Ташкент жолымен жүрді.", 1, 4, None),
                                       # a thing, not an organization, in any case ending
                                       ("Нәтижесі SMS арқылы келеді.", 1, 2, None),
                                       ("Түлектер ҰБТ-ға дайындалды.", 1, 2, None),
                                       ("Биыл ЭКСПО өтті.", 1, 2, None),
                                       # an initial ends a person's name («Президент Н. Назарбаев»)
                                       ("Мұны Президент Н. Назарбаев айтты.", 1, 3, None)]:
        words = tokenize(text)
        shaped = finder._shape(_Candidate(0, words, first, end, 0.9))
        assert (" ".join(t.text for t in words[shaped.first:shaped.end]) if shaped else None) == expected
