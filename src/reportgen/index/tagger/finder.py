"""Organizations the gazetteer does not list, in a whole document: the tagger and the rules
around it.

1. The CRF (`model.py`) tags each sentence of each block; a candidate is a run of words it
   reads as an organization's with probability ≥ `model.FLOOR`, its confidence the least of
   those probabilities. Where its likeliest tagging reads a person, a place, a post or a named
   work there, there is none.
2. Rules add what the tagger misses where it saw nothing, with the precision each had on
   KazNERD's training part as confidence (`RULES`): a name ending in a head noun with its
   possessive («Алматы қалалық ішкі істер басқармасы», `rules.phrase_before_head`); a
   Latin-script or all-capital name before a head noun (NASDAQ биржасы, Astana LRT компаниясы);
   a quoted name before one («Транс Азия Констракшн» серіктестігі: the quoted words).
3. A head noun alone («Кеңесте», «Университеттің») is a short name, not a new organization,
   unless it names a sole national body (Үкімет, Парламент, Мәжіліс, Сенат).
4. An abbreviation in parentheses right after a found name (all capitals, or mixed-case pieces
   beginning the name's words: «Қазақ ұлттық университеті (ҚазҰУ)») is that organization's
   («Еуразиялық экономикалық одақ (ЕАЭО)»).
5. One organization, one entry: each mention's nominative (`names.py`), chosen with the whole
   document's evidence; mentions merged by their key (letter case, country prefix).
6. A name or abbreviation found with confidence ≥ `PROPAGATE` (only the tagger's own sure
   finds) is found wherever the document writes it again, in any case ending, with the same
   capitals, where the tagger reads nothing else (a one-word name the lexicon knows, such as
   «Даму», not at a sentence's start, where the capital says nothing).
7. An organization is kept when its best mention's confidence is ≥ `KEEP`.
Nothing overlapping a gazetteer match or an `exclude:` phrase is found: the gazetteer, and the
author, win.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ...memo import LastPass
from ..orgs import OrgMatch, OrgMatcher
from ..kazakh import dictionary_form
from ..numerals import word_numeral
from .endings import ADVERBIAL, ATTRIBUTIVE, DATIVE, GENITIVE, LOCATIVE, parses
from .features import GROUPS, Features, gazetteer_labels, head_noun
from .lexicon import Lexicon
from .model import gazetteer_heads, gazetteer_spans, organizations, tagger
from .names import Names, has_country, merge_key, nominatives
from .rules import abbreviation_of, phrase_before_head, quoted, quoted_before_head, script_before_head
from .tokens import LATIN, SENTENCE_END, Token, sentences, tokenize

#: rule -> its precision on KazNERD's training part (bench/kaznerd.py's split), as confidence
RULES = {"phrase": 0.65, "script": 0.8, "quoted": 0.76}
#: the steps after the tagger: all of them in a build (bench/kaznerd.py --ablation leaves some out)
STEPS = frozenset({*RULES, "abbreviations", "propagate"})
KEEP = 0.4  # the best F1 in 5-fold cross-validation (bench/kaznerd.py --folds 5), meeting P ≥ 0.85 and R ≥ 0.80
#: above every rule's confidence: only what the tagger itself is sure of spreads
PROPAGATE = 0.85
#: national bodies whose one-word name is their name (one of each in a country)
SOLE_BODIES = frozenset(("үкімет", "парламент", "мәжіліс", "сенат"))
_PLACES = ("GPE", "LOC")
_ROMAN = re.compile(r"^[IVXLCDMІХ]+$")
#: marks no name holds (math and markup written as text)
_NOT_IN_NAMES = frozenset("~ ^ $ = + * < > | { } [ ] # \\ _".split())
#: English words no name is made of alone (a title in English: «The Clash of Civilizations»)
_FUNCTION_WORDS = frozenset("the a an of and or for in on at to by with from".split())
#: words that open a sentence and never a name: conjunctions and discourse words («Және су
#: ресурстары комитетіне өткіздік», «Егер абайтану институтын …»)
_OPENERS = frozenset("""және әрі бірақ алайда дегенмен егер яғни ал сондай-ақ сонымен сондықтан өйткені себебі
немесе не мысалы әрине тіпті әсіресе енді сонда онда осында мұнда қазір бүгін кеше ертең биыл былтыр
бұл осы сол ол мұның соның оның""".split())
#: words that end a description before a name can start («… облысы бойынша алпыстан астам ұйым»,
#: «Мұнайлыда тағы бір құс фабрикасы»): postpositions and adverbs of amount; cardinal numbers in
#: words count too (`_breaks`), ordinals do not (жүз бірінші атқыштар бригадасы)
_BREAKERS = frozenset("""бойынша туралы арқылы үшін сияқты секілді кейін бері соң тағы барлығы астам
шамасында жуық көп аз""".split())
#: postpositions that govern the dative inside a name («Сыбайлас жемқорлыққа қарсы … агенттігі»)
_DATIVE_POSTPOSITIONS = frozenset(("қарсы", "дейін", "шейін", "қарай", "арналған"))
#: the last words of events, not organizations («Қырғи қабақ соғыс», «Астана Медиа Уик» апталығы)
_EVENTS = frozenset("""соғыс шайқас көтеріліс революция саммит форум фестиваль чемпионат олимпиада
турнир кубок байқау көрме конкурс сайыс жарыс марафон апталық онкүндік мереке мейрам жәрмеңке
конференция симпозиум семинар""".split())
#: abbreviations and names of things that are no organizations: technologies and formats, tests
#: and scores, diseases, economic measures, exhibitions (written alone, in any case ending)
_NOT_ORGANIZATIONS = frozenset(w.casefold() for w in """SMS СМС MMS GPS USB Wi-Fi WiFi QR QR-код HTML CSS PDF
IT AI GPA SAT IELTS TOEFL ҰБТ COVID COVID-19 ДНҚ DNA ЖІӨ ІЖӨ GDP ВВП ҚҚС VAT EXPO ЭКСПО ЖОО""".split())
#: the dashes between the ends of a route or a range («Алматы – Екатеринбург» тас жолы)
_DASHES = frozenset("–—-")
_GLOSS = re.compile(r"^(?:ағылшын|орыс|француз|неміс|қытай|араб|түрік|жапон|испан|латын)ша$", re.IGNORECASE)


@dataclass
class Entity:
    """A found organization: its heading, its abbreviation, the best confidence of its mentions."""

    key: str
    name: str
    abbr: str = ""
    confidence: float = 0.0
    names: dict = field(default_factory=dict)  # heading -> how many mentions read so


@dataclass
class Mention:
    """A found mention: characters [start, end) of block number `block`'s text."""

    block: int
    start: int
    end: int
    key: str


@dataclass
class _Candidate:
    block: int
    sentence: list[Token]
    first: int  # word range [first, end) in the sentence
    end: int
    confidence: float
    readings: list[str] = field(default_factory=list)
    abbr_of: _Candidate | None = None

    @property
    def start(self) -> int:
        return self.sentence[self.first].start

    @property
    def stop(self) -> int:
        return self.sentence[self.end - 1].end


class _Taken:
    """The characters of one block already taken (a bytearray: asking costs the span's length)."""

    def __init__(self, length: int):
        self.used = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return self.used.find(1, start, end) < 0

    def take(self, start: int, end: int) -> None:
        self.used[start:end] = b"\x01" * (end - start)


def _named(word: str) -> bool:
    """Whether a word is written as part of a proper name: a capital, a figure or a Latin letter."""
    return word[:1].isupper() or word[:1].isdigit() or bool(LATIN.search(word))


class OrgFinder:
    """The document-level finder of organizations the gazetteer does not list."""

    def __init__(self, matcher: OrgMatcher, crf=None, steps: frozenset[str] = STEPS):
        """`crf`: another model than the bundled one; `steps`: the steps after the tagger."""
        self.matcher = matcher
        self.lexicon = Lexicon()
        self.features = Features(GROUPS, self.lexicon, gazetteer_heads(matcher))
        self.crf = crf or tagger()
        self.steps = steps
        #: each sentence's tags and candidates, by its words and the gazetteer's marks on them
        #: (`_sentence` reads nothing else): a `watch` rebuild tags only the sentences that changed
        self.sentences = LastPass()

    def find(self, texts: list[str], matches: list[list[OrgMatch]]) -> tuple[list[Mention], dict[str, Entity]]:
        """The mentions (by block, in text order) and the organizations they name, from each
        block's normalized text and the gazetteer's matches in it."""
        self.sentences.start()
        taken: list[_Taken] = []
        cuts: list[list[list[Token]]] = []
        tags: dict[int, list[str]] = {}  # id(sentence) -> the tagger's likeliest tags
        candidates: list[_Candidate] = []
        for block, (text, found) in enumerate(zip(texts, matches)):
            gazetteer = gazetteer_spans(found)
            gaz_ends = [end for _, end in gazetteer]
            taken.append(_Taken(len(text)))
            for start, end in gazetteer + self.matcher.excluded(text):
                taken[-1].take(start, end)
            cuts.append(sentences(tokenize(text)))
            for sentence in cuts[-1]:
                # the gazetteer's spans on this sentence only (all of the block's, for each of its
                # sentences, was quadratic in a block of many sentences)
                first = bisect.bisect_right(gaz_ends, sentence[0].start)
                last = bisect.bisect_left(gazetteer, (sentence[-1].end,), first)
                candidates.extend(self._sentence(block, sentence, gazetteer[first:last], tags))
        candidates = [c for c in candidates if not _short_name(c)]
        if "abbreviations" in self.steps:
            candidates = _abbreviations(candidates)
        candidates = _one_per_place(candidates, taken)
        kept_ids = {id(c) for c in candidates}
        candidates = [c for c in candidates if c.abbr_of is None or id(c.abbr_of) in kept_ids]

        names = Names(self.lexicon)
        for c in candidates:
            c.readings = names.readings([t.text for t in c.sentence[c.first : c.end]])
        entities: dict[str, Entity] = {}
        mentions: list[Mention] = []
        keys: dict[int, str] = {}  # id(candidate) -> its organization's key
        for c in candidates:  # names before their abbreviations
            name = names.vote(c.readings)
            if c.abbr_of is None:
                key = keys[id(c)] = merge_key(name)
                entity = entities.setdefault(key, Entity(key, name))
                entity.names[name] = entity.names.get(name, 0) + 1
            else:
                key = keys[id(c.abbr_of)]
                entity = entities[key]
                entity.abbr = name
            entity.confidence = max(entity.confidence, c.confidence)
            mentions.append(Mention(c.block, c.start, c.stop, key))
        if "propagate" in self.steps:
            mentions += self._propagate(entities, cuts, taken, tags)

        kept = {key: e for key, e in entities.items() if e.confidence >= KEEP}
        for entity in kept.values():  # the heading most mentions read; of those, one without a
            # country prefix (a reader looks «Қаржы министрлігі» up under Қ), the fullest
            entity.name = max(entity.names, key=lambda n: (entity.names[n], not has_country(n), len(n)))
        mentions = sorted((m for m in mentions if m.key in kept), key=lambda m: (m.block, m.start))
        return mentions, kept

    def _sentence(self, block: int, sentence: list[Token], gazetteer, tags: dict) -> list[_Candidate]:
        """What the tagger and the rules find in one sentence."""
        words = tuple(t.text for t in sentence)
        marks = tuple(gazetteer_labels(sentence, gazetteer))
        seen, found = self.sentences.get((words, marks), lambda: self._tagged(block, sentence, gazetteer))
        tags[id(sentence)] = seen
        return [_Candidate(block, sentence, first, end, confidence) for first, end, confidence in found]

    def _tagged(self, block: int, sentence: list[Token], gazetteer) -> tuple[tuple[str, ...], tuple]:
        """The tagger's tags of one sentence and what it and the rules find there, as
        (first word, end word, confidence): the same for the same words and gazetteer marks."""
        words = [t.text for t in sentence]
        heads = [head_noun(w) for w in words]
        seen, found = organizations(self.crf, self.features.sentence(sentence, gazetteer))
        seen = tuple(seen)
        out = [_Candidate(block, sentence, a, b, confidence) for a, b, confidence in found if _untagged(seen, a, b)]
        starts = [i == 0 or words[i - 1] in SENTENCE_END for i in range(len(words))]
        places = [t[2:] in _PLACES for t in seen]
        rules = {"phrase": phrase_before_head(words, heads, starts, places, self._cases),
                 "script": script_before_head(words, [h is not None for h in heads], self.lexicon.known),
                 "quoted": quoted_before_head(words, [h is not None for h in heads], quoted(words))}
        for rule, spans in rules.items():
            if rule in self.steps:
                # where the tagger saw nothing; a place may open a name (Алматы қалалық … басқармасы);
                # a quoted name before an organization's head noun is that organization's even
                # where the tagger reads a named work or a place («Транс Азия Констракшн» серіктестігі)
                out.extend(_Candidate(block, sentence, a, b, RULES[rule]) for a, b in spans
                           if _untagged(seen, a, b, places=True, works=rule == "quoted"))
        return seen, tuple((c.first, c.end, c.confidence) for c in (self._shape(c) for c in out) if c is not None)

    def _shape(self, c: _Candidate) -> _Candidate | None:
        """The candidate as a name, or None: from the word after its last bracket («(Тәжікстан)
        Кеңесі» is a short name after a list), without punctuation at either end, without
        leading words in lower case (a name's first word has a capital, a figure or a Latin
        letter: «және Сарыарқа» is Сарыарқа) or in the locative, dative, ablative or instrumental case (Каирде бас
        қосқан мәжілісі: where it met); a name has a capital, a Latin letter or a figure, is
        not a Roman numeral (XXI ғасыр) and is no gloss («ағылшынша UNEP»)."""
        words = c.sentence
        texts = [t.text for t in words]  # once: made per word, a long run was quadratic
        for k in range(c.end - 1, c.first - 1, -1):
            if words[k].text in "()[]":
                c.first = k + 1
                break
        while c.first < c.end and (not words[c.first].text[:1].isalnum() or words[c.first].text[:1].islower() or (
                c.end - c.first > 1 and self._cases(texts, c.first) & ADVERBIAL)):
            c.first += 1
        while c.end > c.first and not words[c.end - 1].text[:1].isalnum():
            c.end -= 1
        # a sentence's first word the lexicon knows, before a capitalised name, is the sentence's
        # («Кеше Қаржы министрлігінде»: yesterday; «Ақша Халық банкіне»: the money)
        if (c.end - c.first > 1 and (c.first == 0 or words[c.first - 1].text in SENTENCE_END)
                and (words[c.first + 1].text[:1].isupper() or LATIN.search(words[c.first + 1].text))
                and self.lexicon.known(words[c.first].text)):
            c.first += 1
        for k in range(c.end - 2, c.first - 1, -1):  # a name's words before its last carry no case
            if self._breaks(texts, k):
                c.first = k + 1
                break
        if c.end - c.first > 1 and words[c.first].text.lower() in _OPENERS:
            c.first += 1
        text = texts[c.first : c.end]
        if text and len(text[-1]) == 1 and text[-1].isupper() and c.end < len(words) and words[c.end].text == ".":
            return None  # «Президент Н. Назарбаев»: an initial ends a person's name, not an organization's
        if len(text) == 1 and (text[0].casefold() in _NOT_ORGANIZATIONS
                               or text[0].rpartition("-")[0].casefold() in _NOT_ORGANIZATIONS):
            return None  # «SMS», «ҰБТ-ға»: a thing, not an organization
        if text and any(dictionary_form(p.stem.lower()) in _EVENTS for p in parses(text[-1])):
            return None  # «Қырғи қабақ соғыс»: an event
        if len(text) > 1 and not any(_named(w) for w in text[1:]) and self._modifier(text[0], len(text) == 2):
            return None  # «Семейдегі кеме жасау зауыты», «Американың компаниясы»: a description
        if len(text) > 2 and any(w in _DASHES for w in text) and all(
                w in _DASHES or (_named(w) and head_noun(w) is None) for w in text):
            return None  # «Алматы – Екатеринбург»: the ends of a route, not a name
        if not text or all(_ROMAN.match(w) for w in text) or all(w.lower() in _FUNCTION_WORDS for w in text):
            return None  # XXI; «The» of an English title
        if sum(ch.isalpha() for w in text for ch in w) < 2 or any(w in _NOT_IN_NAMES for w in text):
            return None  # «E» of E = mc²; «H ~ 2 ~ O»: a formula, not a name
        if any(_GLOSS.match(w) for w in text) or (c.first > 0 and _GLOSS.match(words[c.first - 1].text)):
            return None  # «ағылшынша UNEP»: the name in another language, a gloss of one named before
        return c if any(_named(w) for w in text) else None

    def _breaks(self, words: list[str], k: int) -> bool:
        """Whether word `k`, inside a candidate and not its last, ends a description before it:
        a postposition, an amount, a cardinal in words, or a word in the locative, dative,
        ablative or instrumental case (Kazakh inflects a name's last word only), but a dative
        governed by the next word («жемқорлыққа қарсы») is inside the name."""
        word = words[k]
        if not word[:1].islower():
            return bool(self._cases(words, k) & ADVERBIAL) and words[k + 1][:1].islower()
        if word in _BREAKERS:
            return True
        number = word_numeral(word)
        if number is not None and not number[1]:
            return True
        cases = self._cases(words, k) & ADVERBIAL
        if words[k + 1].lower() in _DATIVE_POSTPOSITIONS:
            cases.discard(DATIVE)
        return bool(cases)

    @staticmethod
    def _modifier(word: str, alone: bool) -> bool:
        """Whether `word` reads as a place or owner describing what follows: the attributive
        locative (Семейдегі, Алматыдағы: located in), or the genitive before one word
        (Американың компаниясы); a genitive before a longer name opens it (Семейдің медицина
        академиясы, Қазақтың спорт және туризм академиясы)."""
        return any((p.case == GENITIVE and alone) or (p.case == LOCATIVE and p.ending.endswith(ATTRIBUTIVE))
                   for p in parses(word)[1:])

    def _cases(self, words: list[str], k: int) -> set[str]:
        """The cases word `k` is likely in besides the nominative; the attributive -дағы
        (Түркиядағы) is no case here, and a word before one with a possessive is its nominative
        modifier (Қызылорда облысы, Түркістан облысының: no locative, no ablative)."""
        word = words[k]
        if k + 1 < len(words) and any(p.person == 3 for p in parses(words[k + 1])[1:]):
            return set()
        likely = set(nominatives(word, self.lexicon))
        return {p.case for p in parses(word)[1:] if p.case and p.nominative in likely and not p.ending.endswith(ATTRIBUTIVE)}

    def _propagate(self, entities: dict[str, Entity], cuts, taken: list[_Taken], tags: dict) -> list[Mention]:
        """Every other place the document writes a surely found name or abbreviation."""
        multi: dict[str, list[tuple[list[str], str]]] = {}  # first word -> [(the name's words, key)]
        single: dict[str, list[tuple[list[str], str]]] = {}  # first three letters -> …
        for entity in entities.values():
            # an abbreviation the document defines («… министрлігі (ҰЭМ)») is that organization's
            # wherever the document writes it; a name spreads only when the tagger was sure of it
            spread = [*entity.names, entity.abbr] if entity.confidence >= PROPAGATE else \
                [entity.abbr] if entity.confidence >= KEEP else []
            for name in spread:
                words = name.split()
                if words and (words[0][:1].isupper() or LATIN.search(words[0])):
                    index = multi.setdefault(words[0], []) if len(words) > 1 else single.setdefault(words[0][:3], [])
                    index.append((words, entity.key))
        out: list[Mention] = []
        if not multi and not single:
            return out
        for block, cut in enumerate(cuts):
            for sentence in cut:
                for i, token in enumerate(sentence):
                    for words, key in multi.get(token.text, []) + single.get(token.text[:3], []):
                        end = self._match(sentence, i, words)
                        if end is None or not _untagged(tags[id(sentence)], i, end):
                            continue  # not written here, or a place, a person, a post
                        if len(words) == 1 and i == 0 and self.lexicon.known(words[0]):
                            continue  # «Даму» starting a sentence: the capital says nothing
                        start, stop = token.start, sentence[end - 1].end
                        if taken[block].free(start, stop):
                            taken[block].take(start, stop)
                            out.append(Mention(block, start, stop, key))
        return out

    def _match(self, sentence: list[Token], i: int, words: list[str]) -> int | None:
        """The end word if the name `words` is written from word `i`, its last word inflected."""
        end = i + len(words)
        if end > len(sentence) or any(sentence[i + k].text != w for k, w in enumerate(words[:-1])):
            return None
        last = sentence[end - 1].text
        return end if last == words[-1] or words[-1] in nominatives(last, self.lexicon) else None


def _untagged(tags: list[str], first: int, end: int, places: bool = False, works: bool = False) -> bool:
    """The tagger's likeliest tags on words [first, end) are O or ORG (with `places`: also GPE or
    LOC, but not on the last word; with `works`: also a place or a named work anywhere)."""
    if works:
        return all(t == "O" or t[2:] in ("ORG", "MISC", *_PLACES) for t in tags[first:end])
    inner = ("ORG", *_PLACES) if places else ("ORG",)
    last = tags[end - 1]
    return all(t == "O" or t[2:] in inner for t in tags[first : end - 1]) and (last == "O" or last.endswith("ORG"))


def _short_name(c: _Candidate) -> bool:
    """A head noun alone, not a sole national body: «Кеңесте», «Университеттің»; or the word of
    a state alone («Республикасының» of «Қазақстан Республикасының Қаржы министрлігі»: a state is
    no organization)."""
    if c.end - c.first != 1:
        return False
    if c.sentence[c.first].text.lower().startswith("республика"):
        return True
    head = head_noun(c.sentence[c.first].text)
    return head is not None and head[0] not in SOLE_BODIES




def _rank(c: _Candidate) -> tuple[float, int]:
    """Of overlapping candidates the surest, then the longest, wins."""
    return c.confidence, c.stop - c.start


def _one_per_place(candidates: list[_Candidate], taken: list[_Taken]) -> list[_Candidate]:
    """The candidates on characters nothing has taken, by `_rank`. In text order."""
    out = []
    for c in sorted(candidates, key=_rank, reverse=True):
        if taken[c.block].free(c.start, c.stop):
            taken[c.block].take(c.start, c.stop)
            out.append(c)
    return sorted(out, key=lambda c: (c.block, c.start))


def _abbreviations(candidates: list[_Candidate]) -> list[_Candidate]:
    """«NAME (ABBR)»: the abbreviation becomes a mention of NAME's organization, with NAME's
    confidence; a candidate of its own on the abbreviation's word gives way to it."""
    out = list(candidates)
    defined = {}
    for c in candidates:
        s, k = c.sentence, c.end
        if (c.abbr_of is None and k + 2 < len(s) and s[k].text == "(" and s[k + 2].text == ")"
                and abbreviation_of(s[k + 1].text, [t.text for t in s[c.first : k]])):
            # of two candidates for the name (the tagger's, a rule's), the one `_one_per_place` keeps
            before = defined.get((id(s), k + 1))
            if before is None or _rank(c) > _rank(before.abbr_of):
                defined[(id(s), k + 1)] = _Candidate(c.block, s, k + 1, k + 2, c.confidence, abbr_of=c)
    out = [c for c in out if not (c.end - c.first == 1 and (id(c.sentence), c.first) in defined)]
    return out + list(defined.values())
