"""The Kazakh hyphenator: every rule of the reference, and the hand-divided benchmark list."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.typography.hyphenate import break_points, hyphenate_text, hyphenate_word

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "bench" / "data" / "hyphenation-words.txt"
SHY = "\u00ad"

RULES = {
    "1 syllables, и a vowel (ій/ый)": ["қи-ын-да", "ти-іс-ті", "жи-ыр-ма", "ке-ни-я-да", "хрис-ти-ан"],
    "1 у a vowel after a consonant (ұу/үу)": ["бу-ын-ды", "ту-ра-лы", "қа-ру-ы-мен", "ту-ыс-қан", "рес-пуб-ли-ка"],
    "1 у a consonant after a vowel": ["тау-лы", "ау-қым", "Еу-ро-па", "шек-теу", "сау-да-сы"],
    "1 у a consonant at the start before a vowel": ["уа-қыт", "уә-де-сі"],
    "2 one consonant goes": ["кі-тап", "ба-ла-лар", "ха-лы-қа-ра-лық"],
    "2 two consonants split": ["мек-теп", "қар-сы", "ай-ран"],
    "2 three consonants: two stay": ["құ-мырс-қа", "күң-гірт-теу", "Қыр-ғызс-тан"],
    "3 й and у between vowels start the syllable": ["да-уыс", "са-уат", "жа-уап", "ке-йін", "да-йын-дық", "құ-йын", "тә-уел-сіз"],
    "4 и/у for ій/ый/ұу/үу break before the vowel": ["бу-ын-ды", "қи-ын-ды", "ай-ту-ын-ша", "қу-а-ныш"],
    "5 no single letter left or carried": ["ала-қан", "атом", "ақыл", "отыр", "ара", "аю", "оқуы", "ие-ле-ну-ге"],
    "6 final я/ю not separated": ["ар-мия", "Азия", "Ке-ния", "дек-ла-ра-ция"],
    "7 loanwords by syllables": ["про-ект", "ро-лін-де", "съез-дің", "рес-пуб-ли-ка-мыз-да", "по-э-зия"],
    "7 one-syllable words": ["пункт", "Бликс", "Джордж"],
    "3 signs stay with the consonant": ["паль-то", "Вьет-нам", "Са-му-эль"],
    "8 abbreviations never": ["БҰҰ", "АҚШ", "ЮНЕСКО", "ҚазҰУ"],
    "10 a compound breaks at its own hyphen only (= is the written hyphen)": [
        "қару=жарақ", "жан=жақты", "Дар=Эс=Салам", "кез=келген", "іс=қимыл", "қарым=қатынастың"],
    "9 ъ/ь stay with the consonant before them": ["субъ-ект", "объ-ект", "разъ-езд", "подъ-езд", "конъ-юнк-ту-ра",
                                                  "инъ-ек-ция", "ба-таль-он"],
    "10 loan compounds break between their parts": ["элек-тро-стан-ция", "гид-ро-элек-тро-стан-ция", "Гольф-стрим",
                                                     "ра-дио-стан-ция", "те-ле-фон", "ав-то-бус", "ав-тор"],
    "11 no word of four letters or fewer split": ["және", "онда", "мүше", "бала", "туыс", "уәде", "қару", "Азия"],
}


def divide(gold: str) -> tuple[str, set[int]]:
    """`ба-ла` → ("бала", {2}); `=` is a compound's own hyphen (kept in the word, not a break)."""
    word, points = "", set()
    for ch in gold:
        if ch == "-":
            points.add(len(word))
        elif ch == "=":
            word += "-"
        else:
            word += ch
    return word, points


@pytest.mark.parametrize(
    "gold", [g for group in RULES.values() for g in group],
    ids=[f"{rule}: {g}" for rule, group in RULES.items() for g in group],
)
def test_rule_examples(gold):
    word, points = divide(gold)
    assert set(break_points(word)) == points
    assert hyphenate_word(word) == gold.replace("=", "-")


def gold_words():
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def test_gold_list_is_big_enough():
    words = list(gold_words())
    assert len(words) >= 150
    assert sum(1 for w in words if "-" not in w) >= 20  # words with no allowed break


@pytest.mark.parametrize("gold", list(gold_words()))
def test_benchmark_word(gold):
    word, points = divide(gold)
    assert set(break_points(word)) == points


def test_case_is_kept():
    assert hyphenate_word("Қауіпсіздік") == "Қа-уіп-сіз-дік"
    assert hyphenate_word("ҚАУІПСІЗДІК") == "ҚАУІПСІЗДІК"  # all capitals: treated as an abbreviation


@pytest.mark.parametrize("word", ["1441-ші", "word", "Cafe", "сөз1", "K.", "БҰҰ\u2011ның", "2001\u00a0жылғы"])
def test_never_broken(word):
    assert break_points(word) == []


def test_text_skips_numbers_with_suffixes_and_nobreak_groups():
    text = "1441-ші қарар, БҰҰ\u2011ның шешімі, 2001\u00a0жылғы мамырдағы «халықаралық» кездесу."
    assert hyphenate_text(text, "-") == (
        "1441-ші қа-рар, БҰҰ\u2011ның ше-ші-мі, 2001\u00a0жылғы ма-мыр-да-ғы «ха-лы-қа-ра-лық» кез-де-су."
    )


def test_soft_hyphens_replace_existing_ones():
    assert hyphenate_text("ба\u00adлалар") == f"ба{SHY}ла{SHY}лар"
    assert hyphenate_word("ба\u00adлалар") == "ба-ла-лар"


def test_no_soft_hyphen_in_a_compound():
    """Rule 10: `қару-/жарақ`, never `қа-/ру-жарақ` (the editor's «қа-/рым-қатынастың»)."""
    assert hyphenate_text("ала-құла") == "ала-құла"
    assert hyphenate_text("қару-жарақтың қарым-қатынастың") == "қару-жарақтың қарым-қатынастың"
