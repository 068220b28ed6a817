"""Organizations the gazetteer does not list, found by a CRF sequence tagger trained on KazNERD
and the rules around it (issue 17; docs/index-tagger.md).

`organizations(gazetteer, matcher, texts)`: the gazetteer's matches in each block's normalized
text with the found organizations added, each found one an entry of `gazetteer` (origin
"model", with its confidence). The model (data/org-tagger.crfsuite) is made by
scripts/train-org-tagger; a build only reads it.
"""

from __future__ import annotations

import functools

from ..gazetteer import Gazetteer, Org
from ..orgs import OrgMatch, OrgMatcher
from .finder import OrgFinder

MODEL_KEY = "model:"  # + the merge key: a found organization's entry


@functools.lru_cache(maxsize=4)
def _finder(matcher: OrgMatcher) -> OrgFinder:
    return OrgFinder(matcher)


def organizations(gazetteer: Gazetteer, matcher: OrgMatcher, texts: list[str]) -> list[list[OrgMatch]]:
    """Per text, the gazetteer's matches and the found organizations, in text order; the found
    ones are added to `gazetteer` as entries of origin "model"."""
    matcher.texts.start()  # a new document: the gazetteer's matches in the last one's texts stay at hand
    matches = [list(matcher.texts.get(text, lambda: tuple(matcher.find(text)))) for text in texts]  # noqa: B023 (called at once)
    mentions, entities = _finder(matcher).find(texts, matches)
    for entity in entities.values():
        gazetteer.orgs[MODEL_KEY + entity.key] = Org(
            key=MODEL_KEY + entity.key, name=entity.name, abbr=(entity.abbr,) if entity.abbr else (),
            origin="model", confidence=round(entity.confidence, 2))
    for m in mentions:
        matches[m.block].append(OrgMatch(m.start, m.end, MODEL_KEY + m.key))
    for found in matches:
        found.sort(key=lambda x: x.start)
    return matches


__all__ = ["MODEL_KEY", "OrgFinder", "organizations"]
