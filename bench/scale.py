"""Benchmark: reportgen at book scale. Builds generated books of 1×, 10× and 30× the essay
(each copy's sections renamed, footnote ids made unique, organizations and dates kept) in all
three formats and reports wall time, CPU time and peak memory of each, the ratio to the 1× build,
and whether the index stayed correct (N× the essay's mentions, the same entries).

    .venv/bin/python bench/scale.py [--sizes 1,10,30]

Targets: the 30× book in at most 35× the 1× time, under 2 GB peak memory, index correct.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ESSAY = ROOT / "source" / "essay.md"


def make_book(copies: int) -> str:
    """The essay `copies` times over, as one document."""
    text = ESSAY.read_text(encoding="utf-8")
    front, body = re.match(r"(?s)(---\n.*?\n---\n)(.*)", text).groups()
    notes = "\n".join(line for line in body.splitlines() if re.match(r"\[\^[^\]]+\]:", line))
    body = "\n".join(line for line in body.splitlines() if not re.match(r"\[\^[^\]]+\]:", line))
    parts = [front]
    for k in range(1, copies + 1):
        copy = re.sub(r"\[\^([^\]]+)\]", rf"[^\1-{k}]", body)
        copy = re.sub(r"(?m)^(#+ )(.*)$", rf"\1\2 ({k}-бөлім)", copy)
        parts.append(copy)
        parts.append(re.sub(r"\[\^([^\]]+)\]:", rf"[^\1-{k}]:", notes))
    return "\n\n".join(parts) + "\n"


def measure(argv: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (children included) and peak RSS in MiB of a command."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:  # no pipe to fill up
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(argv)}\n{err.read().decode()}")
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read().decode()


def index_counts(path: Path) -> tuple[int, int, set[str], set[str]]:
    data = json.loads(measure([str(BIN / "reportgen"), "index", str(path), "--json"])[3])

    def orgs(entries):
        for entry in entries:
            yield entry
            yield from orgs(entry.get("children", []))

    org_list = list(orgs(data["organizations"]))
    return (sum(len(o["mentions"]) for o in org_list), sum(len(d["mentions"]) for d in data["dates"]),
            {o["name"] for o in org_list}, {d["date"] for d in data["dates"]})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,30")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = None
        for n in sizes:
            source = Path(tmp) / "source" / f"book{n}.md"
            source.parent.mkdir(exist_ok=True)
            source.write_text(make_book(n), encoding="utf-8")
            # the essay's own index decisions (source/index.yaml) go with it
            (source.parent / "index.yaml").write_bytes((ESSAY.parent / "index.yaml").read_bytes())
            argv = [str(BIN / "reportgen"), "build", str(source), "--out", str(Path(tmp) / f"out{n}"), "--force", "-q"]
            if base is None:
                # not counted: a first build warms the disk cache and the fonts; then the base
                # (the denominator of every ratio) is the median of three, so that one slow run
                # cannot flatter the ratios
                measure(argv)
                runs = sorted((measure(argv) for _ in range(3)), key=lambda r: r[0])
                wall, cpu, peak, _ = runs[1]
            else:
                wall, cpu, peak, _ = measure(argv)
            orgs, dates, org_names, date_values = index_counts(source)
            if base is None:
                base = (wall, orgs / n, dates / n, org_names, date_values)
            correct = (orgs == base[1] * n and dates == base[2] * n and org_names == base[3] and date_values == base[4])
            rows.append((n, source.stat().st_size / 1024, wall, cpu, peak, wall / base[0], orgs, dates, correct))
            print(f"{n}× done in {wall:.1f} s", file=sys.stderr, flush=True)
    print(f"machine: {os.cpu_count()} cores; three formats per build (--force)")
    print(f"{'size':>5}{'KiB':>8}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}{'× 1×':>7}{'org m.':>8}{'date m.':>8}  index")
    for n, kib, wall, cpu, peak, ratio, orgs, dates, correct in rows:
        print(f"{n:>4}×{kib:>8.0f}{wall:>9.1f}{cpu:>9.1f}{peak:>10.0f}{ratio:>7.1f}{orgs:>8}{dates:>8}  {'correct' if correct else 'WRONG'}")
    last = rows[-1]
    print(f"target: {last[0]}× within {last[0] * 35 // 30}× of 1× time: {'met' if last[5] <= last[0] * 35 / 30 else 'NOT met'}; "
          f"peak < 2048 MiB: {'met' if max(r[4] for r in rows) < 2048 else 'NOT met'}; "
          f"index: {'correct' if all(r[8] for r in rows) else 'WRONG'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
