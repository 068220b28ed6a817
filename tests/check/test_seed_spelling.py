"""Acceptance of the spelling check on the unrepaired seed essay and on the repaired essay.

The counts are computed from source/REPAIRS.md (its `letter` rows: seed line | seed form |
repaired form | kind); the checker itself knows nothing of that file (its lexicon is hunspell-kk,
the document's own words and general rules). Run with `-s` to see the counts.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ESSAY, ROOT

from reportgen.check import check_file
from reportgen.check.spelling import Lexicon

SEED_TXT = ROOT / "tests" / "fixtures" / "seed-essay.txt"
SEED_MD = ROOT / "tests" / "fixtures" / "check" / "seed-essay.md"
REPAIRS = ROOT / "source" / "REPAIRS.md"
WORD = re.compile(r"[A-Za-z\u0400-\u04ff]+(?:-[A-Za-z\u0400-\u04ff]+)*")


def letter_rows() -> list[tuple[int, str, str]]:
    rows = []
    for line in REPAIRS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[3] == "letter" and cells[0].isdigit():
            rows.append((int(cells[0]), cells[1], cells[2]))
    return rows


def seed_line_map() -> dict[int, int]:
    """Seed line → line of the Markdown fixture holding the same text."""
    fixture = {text: n for n, text in enumerate(SEED_MD.read_text(encoding="utf-8").split("\n"), 1) if text.strip()}
    out = {}
    for n, text in enumerate(SEED_TXT.read_text(encoding="utf-8").split("\n"), 1):
        if text.strip() and text in fixture:
            out[n] = fixture[text]
    return out


def apply_suggestion(seed_form: str, offset: int, suggestion: str) -> str:
    """`seed_form` with the flagged text at `offset` replaced by `suggestion` (a suggestion only
    changes letters, or joins a word split by a line-end hyphen: кой-майды → қоймайды)."""
    letters = len(suggestion.replace("-", ""))
    end = offset
    while end < len(seed_form) and letters:
        if seed_form[end] != "-":
            letters -= 1
        end += 1
    return seed_form[:offset] + suggestion + seed_form[end:]


def score(findings, rows, line_map, source_lines):
    """(true positives, right suggestions, false alarms, missed rows, wrong suggestions): a row is
    found when a spelling finding points into an occurrence of its seed form on its line."""
    spelling = [f for f in findings if f.check == "spelling" and f.line]
    used: set[int] = set()
    tp = right = 0
    missed, wrong = [], []
    for seed_line, seed_form, repaired in rows:
        line = line_map[seed_line]
        text = source_lines[line - 1]
        starts = [m.start() for m in re.finditer(r"(?<![\w-])" + re.escape(seed_form) + r"(?![\w-])", text)]
        hit = None
        for k, f in enumerate(spelling):
            if k in used or f.line != line:
                continue
            for start in starts:
                if start <= f.column - 1 < start + len(seed_form):
                    hit = (k, f.column - 1 - start)
                    break
            if hit:
                break
        if hit is None:
            missed.append((seed_line, seed_form, repaired))
            continue
        k, offset = hit
        used.add(k)
        tp += 1
        fixed = apply_suggestion(seed_form, offset, spelling[k].suggestion)
        if fixed == repaired:
            right += 1
        else:
            wrong.append((seed_line, seed_form, repaired, fixed))
    false_alarms = [f for k, f in enumerate(spelling) if k not in used]
    return tp, right, false_alarms, missed, wrong


def test_hunspell_kk_is_installed():
    """The spelling lexicon needs Debian hunspell-kk (the Makefile installs it)."""
    assert Lexicon().has_dictionary, "install the Debian package hunspell-kk (make deps) and spylls (pip)"


def test_seed_letter_repairs_are_found():
    rows = letter_rows()
    assert len(rows) >= 80
    line_map = seed_line_map()
    assert all(r[0] in line_map for r in rows)
    findings = check_file(SEED_MD, families=("spelling",))
    source_lines = SEED_MD.read_text(encoding="utf-8").split("\n")
    tp, right, false_alarms, missed, wrong = score(findings, rows, line_map, source_lines)
    print(f"\nseed: {tp}/{len(rows)} letter rows reported ({tp / len(rows):.1%}), "
          f"{right} right suggestions, {len(false_alarms)} false alarms")
    for row in missed:
        print("  missed", row)
    for row in wrong:
        print("  wrong suggestion", row)
    for f in false_alarms:
        print("  false alarm", f)
    # pinned to today's figures (issue 20 item 3): one lost repair or one false alarm fails; a
    # deliberate change updates them in the same commit, with the reason
    # 86/83/83: «Башкұртстандағы» (seed line 31), missed by the first transcription, is a row now,
    # and a capitalised word whose stem has Kazakh letters is checked as a Kazakh word (issue 18 item 14)
    assert (len(rows), tp, right, len(false_alarms)) == (86, 83, 83, 0)
    assert sorted((line, form) for line, form, _ in missed) == [(14, "ыланды"), (45, "жүйесінін"), (50, "кезенде")]


def test_repaired_essay_has_no_spelling_error():
    findings = [f for f in check_file(ESSAY, families=("spelling",)) if f.line]
    errors = [f for f in findings if f.severity == "error"]
    print(f"\nessay.md: {len(errors)} spelling errors, {len(findings) - len(errors)} spelling warnings")
    assert errors == [], "\n".join(map(str, errors))
