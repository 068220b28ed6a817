"""Score `reportgen index --json` against hand annotations: precision and recall.

    .venv/bin/python bench/index_quality.py            # the essay and tests/fixtures/second.md
    .venv/bin/python bench/index_quality.py --min 0.95 # exit 1 if any figure is below 0.95

For each document (`tests/fixtures/<name>.annotations.yaml` names its source) the real command
line is run (`python -m reportgen index SOURCE --json`) and compared with the annotation:
  dates, values    the set of ISO values found vs annotated
  dates, mentions  (value, line, text) triples, matched one to one
  orgs, entries    the set of entry keys found (sub-entries included) vs annotated
  orgs, mentions   (key, line, text) triples, matched one to one
Texts are compared with spaces, no-break spaces, no-break hyphens and soft hyphens normalized.
With --verbose, the misses and the extra findings are listed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "tests" / "fixtures" / "essay.annotations.yaml", ROOT / "tests" / "fixtures" / "second.annotations.yaml"]


def _norm(text: str) -> str:
    text = text.replace("\u00ad", "")
    for c in "\u00a0\u202f\n\t":
        text = text.replace(c, " ")
    for c in "\u2011\u2010\u2013":
        text = text.replace(c, "-")
    return " ".join(text.split())


def run_index(source: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "index", str(source), "--json"], cwd=ROOT, capture_output=True, timeout=600
    )
    if result.returncode != 0:
        raise SystemExit(f"reportgen index {source} failed ({result.returncode}): {result.stderr.decode()}")
    return json.loads(result.stdout.decode("utf-8"))


def flatten_orgs(entries: list[dict]) -> list[dict]:
    out = []
    for entry in entries:
        out.append(entry)
        out.extend(flatten_orgs(entry.get("children", [])))
    return out


def found_sets(data: dict) -> tuple[Counter, Counter, set, set]:
    orgs = flatten_orgs(data["organizations"])
    org_keys = {o["key"] for o in orgs if o["mentions"]}
    org_mentions = Counter((o["key"], m["line"], _norm(m["text"])) for o in orgs for m in o["mentions"])
    date_values = {d["date"] for d in data["dates"]}
    date_mentions = Counter((d["date"], m["line"], _norm(m["text"])) for d in data["dates"] for m in d["mentions"])
    return org_mentions, date_mentions, org_keys, date_values


def gold_sets(gold: dict) -> tuple[Counter, Counter, set, set]:
    orgs = gold.get("organizations") or []
    dates = gold.get("dates") or []
    org_mentions = Counter((o["key"], m["line"], _norm(m["text"])) for o in orgs for m in o["mentions"])
    date_mentions = Counter((str(d["date"]), m["line"], _norm(m["text"])) for d in dates for m in d["mentions"])
    return org_mentions, date_mentions, {o["key"] for o in orgs}, {str(d["date"]) for d in dates}


def score(found, gold) -> tuple[float, float, int, int, int]:
    """precision, recall, true positives, found, gold (sets or multisets)."""
    if isinstance(found, Counter):
        tp = sum((found & gold).values())
        nf, ng = sum(found.values()), sum(gold.values())
    else:
        tp = len(found & gold)
        nf, ng = len(found), len(gold)
    return (tp / nf if nf else 1.0), (tp / ng if ng else 1.0), tp, nf, ng


def measure(paths: list[Path], verbose: bool = False) -> list[tuple]:
    """(document, metric, precision, recall, tp, found, gold) for each annotation file."""
    rows = []
    for path in paths:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        source = ROOT / gold["source"]
        data = run_index(source)
        f_om, f_dm, f_ok, f_dv = found_sets(data)
        g_om, g_dm, g_ok, g_dv = gold_sets(gold)
        name = path.name.replace(".annotations.yaml", "")
        for metric, f, g in (
            ("dates: values", f_dv, g_dv),
            ("dates: mentions", f_dm, g_dm),
            ("orgs: entries", f_ok, g_ok),
            ("orgs: mentions", f_om, g_om),
        ):
            p, r, tp, nf, ng = score(f, g)
            rows.append((name, metric, p, r, tp, nf, ng))
            if verbose:
                missing = (g - f) if isinstance(g, Counter) else sorted(g - f)
                extra = (f - g) if isinstance(f, Counter) else sorted(f - g)
                for item in sorted(missing):
                    print(f"  {name} {metric}: missed {item}")
                for item in sorted(extra):
                    print(f"  {name} {metric}: extra  {item}")
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annotations", nargs="*", type=Path, default=DOCUMENTS, help="annotation files (default: both documents)")
    parser.add_argument("--min", type=float, default=0.0, help="exit 1 if a precision or recall is below this")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and extra findings")
    args = parser.parse_args(argv)

    rows = measure(args.annotations, args.verbose)
    worst = min((min(p, r) for _, _, p, r, *_ in rows), default=1.0)
    print(f"{'document':<10} {'metric':<17} {'precision':>9} {'recall':>7} {'tp':>5} {'found':>6} {'gold':>5}")
    print("-" * 64)
    for name, metric, p, r, tp, nf, ng in rows:
        print(f"{name:<10} {metric:<17} {p:>9.3f} {r:>7.3f} {tp:>5} {nf:>6} {ng:>5}")
    if worst < args.min:
        print(f"below the minimum {args.min}: {worst:.3f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
