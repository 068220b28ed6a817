"""Kazakh hyphenation benchmark: reportgen's hyphenator against the hyph-utf8 TeX patterns.

    .venv/bin/python bench/hyphenation.py [--words FILE] [--patterns FILE] [--list]

Both hyphenators divide every word of a hand-divided list (bench/data/hyphenation-words.txt:
"-" at every allowed break, "=" for a compound's own hyphen). The TeX patterns are read at run
time from ../shared/anchors/hyph-kk.tex (relative to the repository root), converted into a
temporary pyphen dictionary (LEFTHYPHENMIN 2, RIGHTHYPHENMIN 2) and never stored in the project.
Compounds are divided part by part by both. Printed for both: words exactly right, forbidden
breaks (a break where the gold has none) and missed breaks (a gold break not found).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reportgen.typography.hyphenate import break_points  # noqa: E402

PATTERNS = ROOT.parent / "shared" / "anchors" / "hyph-kk.tex"
WORDS = ROOT / "bench" / "data" / "hyphenation-words.txt"


def read_gold(path: Path) -> list[tuple[str, set[int]]]:
    """(word, set of break indices) for every line; `=` is the word's own hyphen."""
    gold = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, breaks = "", set()
        for ch in line:
            if ch == "-":
                breaks.add(len(word))
            elif ch == "=":
                word += "-"
            else:
                word += ch
        gold.append((word, breaks))
    return gold


def tex_patterns(path: Path) -> list[str]:
    """The patterns of the `\\patterns{...}` block of a TeX hyphenation file (comments removed)."""
    text = "\n".join(line.split("%", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    match = re.search(r"\\patterns\s*\{(.*?)\}", text, re.S)
    if not match:
        raise SystemExit(f"bench: no \\patterns{{...}} block in {path}")
    return match.group(1).split()


def pyphen_hyphenator(path: Path, workdir: Path):
    """A function word → break indices using the TeX patterns through pyphen (per compound part)."""
    import pyphen

    dic = workdir / "hyph_kk_tex.dic"
    dic.write_text("UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 2\n" + "\n".join(tex_patterns(path)) + "\n", encoding="utf-8")
    hyphenator = pyphen.Pyphen(filename=str(dic), left=2, right=2)

    def breaks(word: str) -> set[int]:
        points, offset = set(), 0
        for part in word.split("-"):
            points.update(offset + int(p) for p in hyphenator.positions(part))
            offset += len(part) + 1
        return points

    return breaks


def show(word: str, breaks: set[int]) -> str:
    return "".join(("-" if k in breaks else "") + ("=" if ch == "-" else ch) for k, ch in enumerate(word))


def score(name: str, fn, gold, listing: bool) -> None:
    exact = forbidden = missed = 0
    wrong = []
    for word, want in gold:
        got = set(fn(word))
        exact += got == want
        forbidden += len(got - want)
        missed += len(want - got)
        if got != want:
            wrong.append(f"    {show(word, got):28} gold {show(word, want)}")
    total = len(gold)
    print(f"{name:34} exact {exact:3}/{total} = {100 * exact / total:5.1f}%   forbidden breaks {forbidden:3}   missed breaks {missed:3}")
    if listing and wrong:
        print("\n".join(wrong))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=Path, default=WORDS, help="hand-divided word list")
    parser.add_argument("--patterns", type=Path, default=PATTERNS, help="the TeX patterns (default ../shared/anchors/hyph-kk.tex)")
    parser.add_argument("--list", action="store_true", help="also list every word the TeX patterns get wrong")
    args = parser.parse_args(argv)
    gold = read_gold(args.words)
    gold_breaks = sum(len(b) for _, b in gold)
    print(f"{len(gold)} words, {gold_breaks} allowed breaks, {sum(1 for _, b in gold if not b)} words with none ({args.words.relative_to(ROOT) if args.words.is_relative_to(ROOT) else args.words})")
    score("reportgen (typography/hyphenate.py)", break_points, gold, True)
    if not args.patterns.is_file():
        print(f"bench: TeX patterns not found at {args.patterns}; the baseline is skipped "
              "(it is expected as ../shared/anchors/hyph-kk.tex next to the repository)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        score("hyph-kk.tex via pyphen (L2/R2)", pyphen_hyphenator(args.patterns, Path(tmp)), gold, args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
