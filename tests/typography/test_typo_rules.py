"""Fixture table: one rule of the Kazakh typography reference per case, small input → expected output.

Expected texts show the invisible characters: `·` no-break space, `=` no-break hyphen (U+2011).
"""

from __future__ import annotations

import pytest

from reportgen.typography import HouseStyle, show_invisible, typeset_text


def visible(text: str) -> str:
    return text.replace("·", "\u00a0").replace("=", "\u2011")


CASES = [
    # --- quotation marks by depth
    ("straight quotes", '"сөз" деді', "«сөз» деді"),
    ("nested straight", 'Ол "Бала "еңбегі" туралы" деді', "Ол «Бала „еңбегі“ туралы» деді"),
    ("essay ««»» renormalized", "«XXI ғасыр «өркениеттер тоғысуы» емес, «өркениеттер қақтығысы» ғасыры» деп",
     "«XXI·ғасыр „өркениеттер тоғысуы“ емес, „өркениеттер қақтығысы“ ғасыры» деп"),
    ("closes two levels at once", 'Ол: "Біз "иә"" деді', "Ол: «Біз „иә“» деді"),
    ("two levels, guillemets", "Ол: «Біз «иә»» деді", "Ол: «Біз „иә“» деді"),
    ("English marks outside", "“Сөз” деді", "«Сөз» деді"),
    ("English marks inside", "«Ол “жоқ” деді»", "«Ол „жоқ“ деді»"),
    ("already right stays", "«Ол „жоқ“ деді»", "«Ол „жоқ“ деді»"),
    ("third level alternates", '"а "б "в" г" д"', "«а „б «в» г“ д»"),
    ("in brackets", '("сөз")', "(«сөз»)"),
    ("before punctuation", '"Сөз", деді.', "«Сөз», деді."),
    ("unclosed quote left", 'сөз "ой', "сөз «ой"),
    ("closing quote without opening", 'ой" деді', "ой» деді"),
    # --- dashes
    ("spaced hyphen → em dash", "Сепаратизм - мемлекеттердің", "Сепаратизм·— мемлекеттердің"),
    ("em dash gets no-break space", "Жаһандану — замана талабы", "Жаһандану·— замана талабы"),
    ("spaced en dash → em dash", "Жаһандану – замана", "Жаһандану·— замана"),
    ("double hyphen → em dash", "Жаһандану -- замана", "Жаһандану·— замана"),
    ("dash after comma", "мәлімдейміз, - деп жариялады", "мәлімдейміз,·— деп жариялады"),
    ("paragraph-initial dash stays", "— Иә, — деді ол.", "— Иә,·— деді ол."),
    ("line-initial dash stays", "бірінші\n— екінші", "бірінші\n— екінші"),
    ("year range", "1999-2001 жылдар", "1999–2001·жылдар"),
    ("day range", "2002 жылдың 2-4 қыркүйегінде", "2002·жылдың 2–4·қыркүйегінде"),
    # a spaced hyphen or en dash between two figures is a range, not the sentence dash
    ("spaced en dash range", "2017 – 2018 жылдар аралығында", "2017–2018·жылдар аралығында"),
    ("spaced hyphen range", "2 - 4 қыркүйек", "2–4·қыркүйек"),
    ("spaced em dash stays", "саны 5 — 6 емес", "саны 5·— 6·емес"),
    ("number range", "300-500 миллиард", "300–500·миллиард"),
    ("range with unit", "9-98 см", "9–98·см"),
    ("range litres", "20-50 литр", "20–50·литр"),
    ("range percent", "75-80 пайызы", "75–80·пайызы"),
    ("unspaced em dash range", "1999—2001", "1999–2001"),
    ("compound keeps hyphen", "қару-жарақ пен кез-келген", "қару-жарақ пен кез-келген"),
    ("proper compound keeps hyphen", "Дар-Эс-Саламдағы", "Дар-Эс-Саламдағы"),
    ("date chain untouched", "2001-09-11", "2001-09-11"),
    ("minus sign untouched", "температура -5 болды", "температура -5·болды"),
    # --- no-break spaces
    ("initial and surname", "К. Аннан", "К.·Аннан"),
    ("two initials", "Н. Ә. Назарбаев", "Н.·Ә.·Назарбаев"),
    ("т. б.", "Қытай т. б. елдер", "Қытай т.·б. елдер"),
    ("т. с. с.", "т. с. с.", "т.·с.·с."),
    ("after №", "№ 1373 шешім", "№·1373·шешім"),
    ("after № inserted", "№1373", "№·1373"),
    ("number and month", "26 мамыр", "26·мамыр"),
    ("number and year word", "2001 жылғы", "2001·жылғы"),
    ("number and ж.", "(қаңтар, 2002 ж.)", "(қаңтар, 2002·ж.)"),
    ("Roman numeral and ғасыр", "XXI ғасыр", "XXI·ғасыр"),
    ("number and counted noun", "300 миллиард", "300·миллиард"),
    ("number and unit", "2 литр", "2·литр"),
    ("decimal and unit", "1,4 градус", "1,4·градус"),
    ("percent sign", "5 %", "5·%"),
    ("number before capital stays", "1999 Қырғызстан", "1999 Қырғызстан"),
    # --- numbers
    ("dot thousands separator", "46.800-ден астам", "46·800=ден астам"),
    ("five+ digits grouped", "14953126 адам", "14·953·126·адам"),
    ("five digits grouped", "12345", "12·345"),
    ("four digits stay", "1797 жетім", "1797·жетім"),
    ("year stays", "2001", "2001"),
    ("decimal comma untouched", "1,4 және 12345,67", "1,4·және 12345,67"),
    ("number after № not grouped", "№ 12345", "№·12345"),
    ("space-grouped number", "10 000 адам", "10·000·адам"),
    ("dotted four digits", "1.500", "1500"),
    ("numeric date untouched", "11.09.2001", "11.09.2001"),
    ("ellipsis", "бірі... Біз", "бірі… Біз"),
    ("narrow no-break space → no-break space", "46\u202f800 және №\u202f5", "46·800·және №·5"),
    # --- suffix hyphens
    ("abbreviation suffix", "БҰҰ-ның", "БҰҰ=ның"),
    ("АҚШ-қа", "АҚШ-қа", "АҚШ=қа"),
    ("ЮНЕСКО-ға", "ЮНЕСКО-ға", "ЮНЕСКО=ға"),
    ("ШЫҰ-на", "ШЫҰ-на", "ШЫҰ=на"),
    ("number suffix", "1441-ші қарар", "1441=ші қарар"),
    ("day suffix", "11-күні", "11=күні"),
    ("short suffix", "300-і жараланды", "300=і жараланды"),
    ("ordinal", "5-сынып", "5=сынып"),
    ("abbreviation compound stays", "АҚШ-Ресей", "АҚШ-Ресей"),
    ("name compound stays", "Рио-де-Жанейро", "Рио-де-Жанейро"),
    ("model name stays", "Т-34", "Т-34"),
]


@pytest.mark.parametrize("source, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(source, expected):
    got = typeset_text(source)
    assert got == visible(expected), show_invisible(got)


@pytest.mark.parametrize("source, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_is_idempotent(source, expected):
    once = typeset_text(source)
    assert typeset_text(once) == once


def test_nested_quotes_house_style():
    style = HouseStyle(nested_quotes="“”")
    assert typeset_text('"а "б" в"', style) == "«а “б” в»"
    assert typeset_text("«а “б” в»", style) == "«а “б” в»"


def test_en_dash_house_style():
    style = HouseStyle(dash="en")
    assert typeset_text("Жаһандану - замана", style) == "Жаһандану\u00a0– замана"
    assert typeset_text("Жаһандану — замана", style) == "Жаһандану\u00a0– замана"


def test_switches_off():
    style = HouseStyle(group_digits=False, number_nbsp=False, suffix_nobreak=False)
    assert typeset_text("14953126 адам, БҰҰ-ның", style) == "14953126 адам, БҰҰ-ның"


def test_paragraphs_do_not_share_quotes():
    assert typeset_text('"бір\n\nекі"') == "«бір\n\nекі»"


def test_show_invisible():
    assert show_invisible("а\u00a0б\u2011в\u00adг") == "а·б=в¦г"
