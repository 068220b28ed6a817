"""Date finding: the forms of the typography reference, their inflections, and what is not a date."""

from __future__ import annotations

import pytest

from reportgen.index.dates import DateContext, DateValue, find_dates, month_of, parse_dates
from reportgen.index.kazakh import normalize

# (text, year of the context or None, [(ISO value, matched words)])
POSITIVE = [
    ("1972 жылғы 26 мамырдағы АҚШ пен КСРО", None, [("1972-05-26", "1972 жылғы 26 мамырдағы")]),
    ("2002 жылдың 2-4 қыркүйегінде Йоханнесбургте", None, [("2002-09-02/2002-09-04", "2002 жылдың 2-4 қыркүйегінде")]),
    ("2002 жылдың 2–4 қыркүйегінде", None, [("2002-09-02/2002-09-04", "2002 жылдың 2-4 қыркүйегінде")]),
    ("2001 жылғы қыркүйектің 11-күні АҚШ-қа", None, [("2001-09-11", "2001 жылғы қыркүйектің 11-күні")]),
    ("шешімімен (қаңтар, 2002 ж.) комитетін", None, [("2002-01", "қаңтар, 2002 ж.")]),
    ("2002 жылғы 4 маусымда Алматыда", None, [("2002-06-04", "2002 жылғы 4 маусымда")]),
    ("2001 жылғы желтоқсандағы мәлімдемесі", None, [("2001-12", "2001 жылғы желтоқсандағы")]),
    ("2002 жылғы маусым айында Римде", None, [("2002-06", "2002 жылғы маусым айында")]),
    ("2002 жылғы қыркүйек айындағы мәлімет", None, [("2002-09", "2002 жылғы қыркүйек айындағы")]),
    ("1996 жылы конференция өтті", None, [("1996", "1996 жылы")]),
    ("1980 жылдан бері АҚШ", None, [("1980", "1980 жылдан")]),
    ("2015 жылға дейін", None, [("2015", "2015 жылға")]),
    ("1990 жылмен салыстырғанда", None, [("1990", "1990 жылмен")]),
    ("1999-2001 жылдар арасында", None, [("1999/2001", "1999-2001 жылдар")]),
    ("2017–2018 жылдары мүше болды", None, [("2017/2018", "2017-2018 жылдары")]),
    ("1999 бен 2001 жылдар аралығында", None, [("1999/2001", "1999 бен 2001 жылдар")]),
    ("1999 жылғы 9 және 13 қыркүйекте Мәскеуде", None, [("1999-09-09", "1999 жылғы 9"), ("1999-09-13", "13 қыркүйекте")]),
    ("2010 жылғы 1, 2 және 3 желтоқсанда", None, [("2010-12-01", "2010 жылғы 1"), ("2010-12-02", "2"), ("2010-12-03", "3 желтоқсанда")]),
    ("2002 ж. басында", None, [("2002", "2002 ж.")]),
    ("2001 ж. 11 қыркүйек", None, [("2001-09-11", "2001 ж. 11 қыркүйек")]),
    ("11 қыркүйек 2001 ж. болған", None, [("2001-09-11", "11 қыркүйек 2001 ж.")]),
    ("заң 16.12.1991 қабылданды", None, [("1991-12-16", "16.12.1991")]),
    ("Сол жылғы 10 қазанда АҚШ конгресінің", 2002, [("2002-10-10", "Сол жылғы 10 қазанда")]),
    ("сол жылдың 30 қаңтарында", 1992, [("1992-01-30", "сол жылдың 30 қаңтарында")]),
    ("Келесі жылы Астанада", 2010, [("2011", "Келесі жылы")]),
    ("23 қаңтарда Германия мен Франция", 2003, [("2003-01-23", "23 қаңтарда")]),
    ("8 қарашада БҰҰ", 2002, [("2002-11-08", "8 қарашада")]),
    ("2002 жылдың 30 қаңтары күні АҚШ", None, [("2002-01-30", "2002 жылдың 30 қаңтары күні")]),
    ("2004 жылдың 1 қаңтарынан бастап", None, [("2004-01-01", "2004 жылдың 1 қаңтарынан")]),
    ("2015 жылдың 30 қарашасында", None, [("2015-11-30", "2015 жылдың 30 қарашасында")]),
    ("1960 жылдары теңіз", None, [("1960/1969", "1960 жылдары")]),
    ("1990-шы жылдары", None, [("1990/1999", "1990-шы жылдары")]),
    ("2010 жылғы наурыз-сәуір айларында", None, [("2010-03/2010-04", "2010 жылғы наурыз-сәуір айларында")]),
    ("30 қыркүйек – 2 қазан аралығында", 2010, [("2010-09-30/2010-10-02", "30 қыркүйек - 2 қазан")]),
    ("2017 жылғы 10 маусым мен 10 қыркүйек аралығында", None, [("2017-06-10/2017-09-10", "2017 жылғы 10 маусым мен 10 қыркүйек")]),
    ("Сарыарқа (2008) енгізілген", None, [("2008", "2008")]),
    ("2024 жылғы шілдеде", None, [("2024-07", "2024 жылғы шілдеде")]),
    ("1996 жыл.", None, [("1996", "1996 жыл")]),
    ("2001-жылы құрылған", None, [("2001", "2001-жылы")]),
]

# text that holds no date (the context year is set, so a bare day-month would be taken)
NEGATIVE = [
    "оның құрамында 1500 адам болды",
    "1797 жетім бала шетелге шығарылды",
    "өзінің № 1373 шешімімен",
    "Ирак 1441-ші қарарды қабылдады",
    "БҰҰ Қауіпсіздік Кеңесінің 1373 қарарының",
    "10 жыл бойы Қазақстан",
    "Бір жыл бойы әлем мемлекеттері",
    "он жылда бір рет",
    "Соңғы он жылға талдау",
    "XXI ғасыр «өркениеттер тоғысуы»",
    "ХХ ғасырдың соңына қарай",
    "75-80 пайызы Ауғанстанда",
    "46.800-ден астам адам",
    "9-98 см-ге көтеріледі",
    "жылына 300-500 миллиард долларға",
    "кейбір уақытта шілде айында бұршақ жауа бастады",
    "жыл сайын 29 тамызда атап өтіледі",
    "1500 жылдан астам уақыт бойы",
    "2500 шақырымдық жол",
    "ЭКСПО-2017 халықаралық көрмесі",
    "1000 жыл бұрын",
    "64/35 қарарымен",
    "60 күнде есеп беруге",
    "19 рет қару жұмсаған",
    "Қазан қаласында өтті",
    "мамыр айында",
    "2 литрден 5 литрге дейін",
    "31 ақпанда",  # no such day
]


@pytest.mark.parametrize("text,year,expected", POSITIVE, ids=[p[0][:40] for p in POSITIVE])
def test_dates_found(text, year, expected):
    assert parse_dates(text, year=year) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_dates(text):
    assert parse_dates(text, year=2003) == []


def test_typeset_characters_are_tolerated():
    # after the typography and hyphenation transforms: U+00A0, U+2011, U+2013, U+00AD
    typeset = "2002\u00a0жылдың 2\u20134\u00a0қыр\u00adкүйе\u00adгінде, 2001\u00a0жылғы қыркүйектің 11\u2011күні"
    assert [iso for iso, _ in parse_dates(typeset)] == ["2002-09-02/2002-09-04", "2001-09-11"]


def test_bare_day_month_needs_a_year_from_context():
    assert parse_dates("23 қаңтарда кездесті") == []
    assert parse_dates("23 қаңтарда кездесті", year=2003) == [("2003-01-23", "23 қаңтарда")]


@pytest.mark.parametrize("text, words", [
    ("1999-2001 жылдар аралығында келіссөздер жүрді. Ол 23 қаңтарда қол қойды.", "1999-2001 жылдар"),
    ("1999–2001 жылдары келіссөздер жүрді, 23 қаңтарда аяқталды.", "1999-2001 жылдары"),
], ids=["hyphen-sentence", "en-dash-clause"])
def test_after_a_range_the_year_carried_forward_is_its_last(text, words):
    """A range's events run up to its last year: a later bare day belongs to that year (the
    period «1999–2001» ends in 2001; its first year would date the day before the events)."""
    assert parse_dates(text) == [("1999/2001", words), ("2001-01-23", "23 қаңтарда")]


def test_context_is_the_most_recent_year_but_not_a_since_year():
    text = normalize("2003 жылдың 9 қаңтарында келді. 1980 жылдан бері солай. 23 қаңтарда кетті.")
    found = [f.value.iso() for f in find_dates(text, DateContext())]
    assert found == ["2003-01-09", "1980", "2003-01-23"]


def test_repeated_day_outside_a_chronology_is_the_earlier_event():
    """«11 қыркүйектегі террор» far from any dated day is 11 September of the first mention."""
    ctx = DateContext()
    ctx.block = 1
    list(find_dates(normalize("2001 жылғы қыркүйектің 11-күні соққы болды."), ctx))
    ctx.block = 2
    list(find_dates(normalize("2002 жылғы 11 қыркүйектегі мәлімдеме."), ctx))
    ctx.block = 5
    found = list(find_dates(normalize("1980 жылдан бері. 11 қыркүйектегі террордың себебі."), ctx))
    assert [f.value.iso() for f in found] == ["1980", "2001-09-11"]
    # inside a running chronology the context year wins
    ctx.block = 6
    list(find_dates(normalize("2003 жылдың 10 наурызында."), ctx))
    ctx.block = 7
    found = list(find_dates(normalize("11 қыркүйекте."), ctx))
    assert [f.value.iso() for f in found] == ["2003-09-11"]


def test_month_names_with_endings():
    assert month_of("қыркүйегінде") == 9
    assert month_of("қыркүйектің") == 9
    assert month_of("мамырдағы") == 5
    assert month_of("қаңтарынан") == 1
    assert month_of("желтоқсандағы") == 12
    assert month_of("шілдеде") == 7
    assert month_of("қарашасында") == 11
    assert month_of("қазандық") is None  # a derivation, not a case ending
    assert month_of("мамыражай") is None


@pytest.mark.parametrize(
    "iso,label",
    [
        ("2001-09-11", "2001\u00a0ж. 11 қыркүйек"),
        ("2002-09-02/2002-09-04", "2002\u00a0ж. 2–4 қыркүйек"),
        ("1999/2001", "1999–2001"),
        ("2002-06", "2002\u00a0ж. маусым"),
        ("2002", "2002"),
        ("2010-09-30/2010-10-02", "2010\u00a0ж. 30 қыркүйек – 2 қазан"),
        ("2010-03/2010-04", "2010\u00a0ж. наурыз–сәуір"),
    ],
)
def test_labels_in_kazakh_cldr_style(iso, label):
    text = DateValue.parse(iso).label()
    assert text == label
    assert "\u202f" not in text  # CLDR's narrow no-break space is replaced (fonts lack it)


@pytest.mark.parametrize("bad", ["2001-13", "2001-02-30", "01-09-2001", "2003/2001", "", "2001/2002/2003"])
def test_iso_values_are_checked(bad):
    with pytest.raises(ValueError):
        DateValue.parse(bad)


def test_chronological_order():
    values = [DateValue.parse(v) for v in ["2002-09-02/2002-09-04", "2002", "2001-12", "2002-01", "1999/2001", "2002-01-30", "2001-12-13"]]
    ordered = [v.iso() for v in sorted(values, key=DateValue.sort_key)]
    assert ordered == ["1999/2001", "2001-12", "2001-12-13", "2002", "2002-01", "2002-01-30", "2002-09-02/2002-09-04"]
