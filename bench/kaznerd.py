"""The index's organizations and dates against KazNERD (issue 17): text nobody here wrote.

    .venv/bin/python bench/kaznerd.py --folds 5       # the measure: each fifth by a model trained on the other four
    .venv/bin/python bench/kaznerd.py                 # the development part, through `reportgen index --json`
    .venv/bin/python bench/kaznerd.py --ablation      # also: what each part of the finder contributes
    .venv/bin/python bench/kaznerd.py -v              # list the misses and the false finds
    KAZNERD_CRF_PARAMS='{"c1": 0.1}' .venv/bin/python bench/kaznerd.py --folds 5 --models /tmp/c1  # other CRF parameters

Data: /work/shared/kaznerd/IOB2_valid.txt (or --data), 11 167 sentences of television news, IOB2
tags. KazNERD: Yeshpanov, Khassanov, Varol, "KazNERD: Kazakh Named Entity Recognition Dataset",
LREC 2022, github.com/IS2AI/KazNERD, CC BY 4.0. It is read from where it lies, never copied here.

The split (`split`, used by scripts/train-org-tagger too): the sentences in file order, the
first 80 % (0–8933) to train on, the last 20 % (8934–11166) for development. Not every fifth
sentence: KazNERD writes a sentence again with its numbers in words or its names in Latin
letters right after it (3001–3004 are one sentence four times), so an interleaved split would
show the tagger sentences it was trained on; the boundary 8933/8934 cuts no such group.

The shipped model has learned every sentence (scripts/train-org-tagger): without `--folds`, the
organization figures are those of a model that has seen the text, a check that the pipeline
runs, not a measure. `--folds 5` trains five models, each on four fifths in file order, and
measures each on the fifth it never saw (the last fifth is the development part: the model
trained on the first 80 %); the finder's rules and its threshold were chosen on those figures.

The development part becomes one document, a sentence a paragraph (tokens joined with the
spaces of ordinary writing, Markdown escaped), and the real command line runs on it. Each
mention found is put back on its line's tokens. Rules:
- organizations: a found mention is right when it overlaps an annotated ORGANISATION span;
  precision over the found mentions, recall over the annotated spans;
- dates: recall over the annotated DATE spans that name their year (a year 1000–2099 in
  figures, or a year in words with «мың»), ages and durations left out (a span with, or
  followed by, a word starting `жасар`, `жылдық`, `күндік`, `айлық`); a found date is right
  when it overlaps any annotated DATE span.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from index_quality import flatten_orgs, run_index  # noqa: E402  (one way to run the index, for both benchmarks)
DATA = Path("/work/shared/kaznerd/IOB2_valid.txt")
TRAIN_SHARE = 0.8

_NO_SPACE_BEFORE = frozenset(",.;:!?)]»”…%")
_NO_SPACE_AFTER = frozenset("([«“")
_MARKDOWN = re.compile(r"([\\`*_\[\]{}<>&|~])")
_LINE_START = re.compile(r"^([#+\-=>]|\d+[.)])")
_YEAR = re.compile(r"^(1\d{3}|20\d{2})")
_NOT_A_DATE = ("жасар", "жылдық", "күндік", "айлық")


@dataclass
class Sentence:
    number: int  # its index in the file
    tokens: list[str]
    tags: list[str]


def read(path: Path = DATA) -> list[Sentence]:
    """The sentences of a KazNERD IOB2 file (`TOKEN TAG` a line, a blank line between sentences)."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            token, tag = line.rsplit(" ", 1)
            tokens.append(token)
            tags.append(tag)
        elif tokens:
            sentences.append(Sentence(len(sentences), tokens, tags))
            tokens, tags = [], []
    return sentences


def split(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(training part, development part): the first 80 % and the rest, in file order."""
    cut = round(len(sentences) * TRAIN_SHARE)
    return sentences[:cut], sentences[cut:]


def spans(tags: list[str], label: str) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the entities of `label` (IOB2)."""
    out = []
    start = None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and tag != "I-" + label:
            out.append((start, i))
            start = None
        if tag == "B-" + label:
            start = i
    return out


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The tokens as ordinary text (no space before `,` `.` `»`, none after `(` `«`) and each
    token's character range in it."""
    text = ""
    offsets = []
    for k, token in enumerate(tokens):
        if k and token not in _NO_SPACE_BEFORE and tokens[k - 1] not in _NO_SPACE_AFTER:
            text += " "
        offsets.append((len(text), len(text) + len(token)))
        text += token
    return text, offsets


def markdown(sentences: list[Sentence]) -> str:
    """One paragraph a sentence; a sentence's text is on line 2k + 1 (1-based)."""
    lines = []
    for sentence in sentences:
        text = _MARKDOWN.sub(r"\\\1", detokenize(sentence.tokens)[0])
        lines.append(_LINE_START.sub(r"\\\1", text) if not text.startswith("\\") else text)
        lines.append("")
    return "\n".join(lines)


def located(data: dict, sentences: list[Sentence]) -> tuple[dict[int, list], dict[int, list]]:
    """The organization and date mentions of `reportgen index --json`, per sentence (its place in
    `sentences`), as (first token, end token, text, entry) — found back in the sentence's text,
    occurrences taken in order."""
    texts = [detokenize(s.tokens) for s in sentences]
    out: tuple[dict[int, list], dict[int, list]] = ({}, {})
    for kind, entries in ((0, flatten_orgs(data["organizations"])), (1, data["dates"])):
        for entry in entries:
            for mention in entry["mentions"]:
                k = (mention["line"] - 1) // 2
                out[kind].setdefault(k, []).append((mention["text"], entry))
    result: tuple[dict[int, list], dict[int, list]] = ({}, {})
    for kind in (0, 1):
        for k, mentions in out[kind].items():
            text, offsets = texts[k]
            taken: set[int] = set()
            for written, entry in mentions:
                at = _find(text, written, taken)
                first = next(i for i, (a, b) in enumerate(offsets) if b > at)
                end = next((i for i, (a, b) in enumerate(offsets) if a >= at + len(written)), len(offsets))
                result[kind].setdefault(k, []).append((first, end, written, entry))
    return result


def _find(text: str, written: str, taken: set[int]) -> int:
    """Where `written` stands in `text` as whole words, not at a place already taken (the same
    words found twice in a line are two places, in order)."""
    written = re.sub(r"[\u00a0\u202f\u2011]", lambda m: "-" if m.group() == "\u2011" else " ", written)
    at = text.find(written)
    while at >= 0 and (at in taken or (at and text[at - 1].isalnum())
                       or text[at + len(written): at + len(written) + 1].isalnum()):
        at = text.find(written, at + 1)
    if at < 0:
        raise SystemExit(f"mention {written!r} is not in its line {text!r}")
    taken.add(at)
    return at


def _overlaps(a: tuple[int, int], spans_: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans_)


def dated(sentence: Sentence, span: tuple[int, int]) -> bool:
    """The DATE span names its year and is neither an age nor a duration (see the rules above)."""
    words = sentence.tokens[span[0] : span[1] + 1]
    if any(w.lower().startswith(_NOT_A_DATE) for w in words):
        return False
    inside = sentence.tokens[span[0] : span[1]]
    return any(_YEAR.match(w) and not w[4:5].isdigit() for w in inside) or any(w.lower().startswith("мың") for w in inside)


@dataclass
class Score:
    right: int = 0
    found: int = 0
    recalled: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(sentences: list[Sentence], data: dict, verbose: bool = False) -> tuple[Score, Score]:
    """(organizations, dates) by the rules of the module's doc."""
    orgs, dates = located(data, sentences)
    org, date = Score(), Score()
    for k, sentence in enumerate(sentences):
        gold = spans(sentence.tags, "ORGANISATION")
        found = orgs.get(k, [])
        org.found += len(found)
        org.gold += len(gold)
        for first, end, written, entry in found:
            if _overlaps((first, end), gold):
                org.right += 1
            elif verbose:
                print(f"  false org   {sentence.number}: {written!r} ({entry.get('origin')}) in {detokenize(sentence.tokens)[0]}")
        for span in gold:
            if any(_overlaps(span, [(f, e)]) for f, e, *_ in found):
                org.recalled += 1
            elif verbose:
                print(f"  missed org  {sentence.number}: {' '.join(sentence.tokens[span[0]:span[1]])!r} in {detokenize(sentence.tokens)[0]}")
        gold_dates = spans(sentence.tags, "DATE")
        found_dates = dates.get(k, [])
        date.found += len(found_dates)
        date.right += sum(_overlaps((f, e), gold_dates) for f, e, *_ in found_dates)
        for f, e, written, entry in found_dates:
            if verbose and not _overlaps((f, e), gold_dates):
                print(f"  false date  {sentence.number}: {written!r} ({entry.get('iso', entry.get('value'))}) in {detokenize(sentence.tokens)[0]}")
        for span in gold_dates:
            if dated(sentence, span):
                date.gold += 1
                hit = any(_overlaps(span, [(f, e)]) for f, e, *_ in found_dates)
                date.recalled += hit
                if verbose and not hit:
                    print(f"  missed date {sentence.number}: {' '.join(sentence.tokens[span[0]:span[1]])!r} in {detokenize(sentence.tokens)[0]}")
    return org, date


def measure(sentences: list[Sentence], verbose: bool = False) -> tuple[Score, Score]:
    """Run `reportgen index --json` on the sentences as a document and score it."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "kaznerd-dev.md"
        source.write_text(markdown(sentences), encoding="utf-8")
        return score(sentences, run_index(source), verbose)


class _NoTagger:
    """A CRF that reads nothing: the finder with its rules alone."""

    def tag(self, items):
        return ["O"] * len(items)

    def marginal(self, label, k):
        return 0.0


def _index_with(source: Path, **finder) -> dict:
    """What `reportgen index --json` prints for `source`, run in this process with the organization
    finder made with `finder` (another model as `crf`, some `steps` left out)."""
    sys.path.insert(0, str(ROOT / "src"))
    from reportgen.diagnostics import Warnings
    from reportgen.index import index_json, tagger
    from reportgen.index.tagger.finder import OrgFinder
    from reportgen.reader import read_file

    real = tagger._finder
    tagger._finder = lambda matcher: OrgFinder(matcher, **finder)
    try:
        return json.loads(json.dumps(index_json(read_file(source, Warnings()))))
    finally:
        tagger._finder = real


def ablation(sentences: list[Sentence], model: Path | None = None) -> list[tuple[str, Score]]:
    """What each part of the organization finder contributes: the index run in this process
    (the same `index_json` the command prints) with the finder's steps, or its tagger, left out;
    with `model`, that model instead of the shipped one."""
    sys.path.insert(0, str(ROOT / "src"))
    import pycrfsuite
    from reportgen.index.tagger.finder import RULES, STEPS

    variants = [("everything", {}), *((f"without {step}", {"steps": STEPS - {step}}) for step in sorted(STEPS)),
                ("the rules alone, no tagger", {"crf": _NoTagger()}),
                ("the gazetteer alone", {"crf": _NoTagger(), "steps": frozenset()})]
    assert set(RULES) <= STEPS
    if model:
        crf = pycrfsuite.Tagger()
        crf.open(str(model))
        variants = [(name, {"crf": crf, **kwargs}) if "crf" not in kwargs else (name, kwargs) for name, kwargs in variants]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "kaznerd-dev.md"
        source.write_text(markdown(sentences), encoding="utf-8")
        return [(name, score(sentences, _index_with(source, **kwargs))[0]) for name, kwargs in variants]


def _train_fold(args: tuple[int, int, str]) -> str:
    """Train the tagger on every fold but one (the training script's own `train`) into a file."""
    fold, folds, output = args
    from importlib.machinery import SourceFileLoader
    script = SourceFileLoader("train_org_tagger", str(ROOT / "scripts" / "train-org-tagger")).load_module()
    parts = folded(read(DATA), folds)
    script.train([s for k, part in enumerate(parts) if k != fold for s in part], Path(output),
                 params=json.loads(os.environ.get("KAZNERD_CRF_PARAMS", "{}")))
    return output


def folded(sentences: list[Sentence], folds: int) -> list[list[Sentence]]:
    """`folds` contiguous parts in file order (see the module's doc on why not interleaved)."""
    cuts = [round(len(sentences) * k / folds) for k in range(folds + 1)]
    return [sentences[a:b] for a, b in zip(cuts, cuts[1:])]


def crossvalidate(sentences: list[Sentence], folds: int, verbose: bool = False,
                  models: Path | None = None) -> list[tuple[str, Score, Score]]:
    """Per fold, the whole index (finder, rules, dates) with a model trained on the other folds,
    measured on that fold; the models are trained two at a time (CRFsuite uses one core). With
    `models`, a folder, the fold models there are used as they are (trained there if missing):
    the finder's steps can be tried without training again."""
    from multiprocessing import Pool

    import pycrfsuite

    out = []
    with tempfile.TemporaryDirectory() as folder:
        kept = models or Path(folder)
        kept.mkdir(parents=True, exist_ok=True)
        paths = [str(kept / f"fold{k}-of-{folds}.crfsuite") for k in range(folds)]
        missing = [(k, folds, path) for k, path in enumerate(paths) if not Path(path).exists()]
        if missing:
            with Pool(2) as pool:
                pool.map(_train_fold, missing)
        for k, (part, model) in enumerate(zip(folded(sentences, folds), paths)):
            crf = pycrfsuite.Tagger()
            crf.open(model)
            source = Path(folder) / f"kaznerd-fold{k}.md"
            source.write_text(markdown(part), encoding="utf-8")
            data = _index_with(source, crf=crf)
            org, date = score(part, data, verbose)
            out.append((f"{part[0].number}–{part[-1].number}", org, date))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"the KazNERD IOB2 file (default {DATA})")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and false finds")
    parser.add_argument("--part", choices=("dev", "train"), default="dev",
                        help="the part to measure (train: for the date rules only — the tagger learned that part)")
    parser.add_argument("--ablation", action="store_true", help="also: what each part of the organization finder contributes")
    parser.add_argument("--folds", type=int, metavar="K",
                        help="cross-validate instead: K models, each trained on the other parts (about a minute each)")
    parser.add_argument("--model", type=Path, metavar="FILE",
                        help="with --ablation: this model (e.g. one trained with `train-org-tagger --part train`)")
    parser.add_argument("--models", type=Path, metavar="DIR",
                        help="with --folds: keep the fold models in DIR and use those already there")
    args = parser.parse_args(argv)
    if args.folds:
        rows = crossvalidate(read(args.data), args.folds, args.verbose, args.models)
        total_org, total_date = Score(), Score()
        print(f"{'sentences':<14} {'orgs P':>7} {'R':>6} {'F1':>6}   {'dates P':>7} {'R':>6}")
        for name, org, date in rows:
            for total, s in ((total_org, org), (total_date, date)):
                for field in ("found", "right", "gold", "recalled"):
                    setattr(total, field, getattr(total, field) + getattr(s, field))
            print(f"{name:<14} {org.precision:>7.3f} {org.recall:>6.3f} {org.f1:>6.3f}   {date.precision:>7.3f} {date.recall:>6.3f}")
        print(f"{'all':<14} {total_org.precision:>7.3f} {total_org.recall:>6.3f} {total_org.f1:>6.3f}   "
              f"{total_date.precision:>7.3f} {total_date.recall:>6.3f}   "
              f"(orgs {total_org.right}/{total_org.found} right, {total_org.recalled}/{total_org.gold} recalled; "
              f"dates {total_date.recalled}/{total_date.gold} recalled)")
        return 0
    train, dev = split(read(args.data))
    if args.part == "train":
        dev = train
        print("the training part: the organization figures are the tagger's own training data, not a measure")
    else:
        print("the shipped model learned this part too: for the measure, --folds 5")
    org, date = measure(dev, args.verbose)
    print(f"KazNERD {args.part} part: sentences {dev[0].number}–{dev[-1].number} ({len(dev)})")
    print(f"{'':<15} {'precision':>9} {'recall':>7} {'F1':>6}   right/found  recalled/gold")
    for name, s in (("organizations", org), ("dates", date)):
        print(f"{name:<15} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}   {s.right:>5}/{s.found:<5}  {s.recalled:>5}/{s.gold}")
    if args.ablation:
        print(f"\norganizations, {'part left out':<28} {'precision':>9} {'recall':>7} {'F1':>6}   right/found  recalled/gold")
        for name, s in ablation(dev, args.model):
            print(f"  {name:<41} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}   {s.right:>5}/{s.found:<5}  {s.recalled:>5}/{s.gold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
