"""The trained CRF (data/org-tagger.crfsuite): loading it and reading organizations off its tags.

The model is opened once per process (CRFsuite maps the file: a few milliseconds) and never
trained or fetched at build time; scripts/train-org-tagger makes it. An organization is a run of
words the model tags B-ORG I-ORG… with some probability; its confidence is the least of those
probabilities (how sure the model is of its weakest word).
"""

from __future__ import annotations

import functools
from importlib import resources

import pycrfsuite

from ..orgs import ANAPHOR, OrgMatch, OrgMatcher

#: the least probability of a word's being part of an organization for it to be a candidate
FLOOR = 0.2
MODEL = resources.files("reportgen.index").joinpath("data/org-tagger.crfsuite")


@functools.lru_cache(maxsize=1)
def tagger() -> pycrfsuite.Tagger:
    """The bundled model, opened."""
    t = pycrfsuite.Tagger()
    with resources.as_file(MODEL) as path:
        t.open(str(path))
    return t


def organizations(crf: pycrfsuite.Tagger, items: list[list[str]], floor: float = FLOOR) -> tuple[list[str], list[tuple[int, int, float]]]:
    """The tags of a sentence and (first token, end token, confidence) of each organization in
    it: a run of words each an organization's with probability ≥ `floor` (the marginals, not only
    the likeliest tagging: a name the model half believes is a candidate, with that belief), a
    new one starting where a word is likelier a first word (B) than a next one (I)."""
    tags = crf.tag(items)
    out = []
    start, least = None, 1.0
    for k in range(len(tags) + 1):
        b = crf.marginal("B-ORG", k) if k < len(tags) else 0.0
        i = crf.marginal("I-ORG", k) if k < len(tags) else 0.0
        if start is not None and (b + i < floor or b > i):
            out.append((start, k, least))
            start = None
        if b + i >= floor and start is None:
            start, least = k, 1.0
        if start is not None:
            least = min(least, b + i)
    return tags, out


def gazetteer_spans(matches: list[OrgMatch]) -> list[tuple[int, int]]:
    """Where the gazetteer's matches in a text (`OrgMatcher.find`) name an organization, in text
    order (short names such as «Ұйымның» left out)."""
    return [(m.start, m.end) for m in matches if not m.key.startswith(ANAPHOR)]


def gazetteer_heads(matcher: OrgMatcher) -> frozenset[str]:
    """The head nouns of the gazetteer's names (ұйым, одақ, кеңес …)."""
    return frozenset(matcher.heads)
