"""Benchmark: reportgen's full build (PDF + DOCX + EPUB, typography, hyphenation, index) against the
baseline a user would pick instead — pandoc making the PDF (--pdf-engine=weasyprint), the DOCX and
the EPUB from the same source — measured in the same run, alternating the two.

    .venv/bin/python bench/build.py [--runs 5] [--source source/essay.md]

Prints the median wall time, CPU time (user + system, children included) and peak memory of each
(resident, all its processes together), and reportgen/pandoc ratios; `--jobs 1,2` adds reportgen
with `-j 1` (one process, the PDF in one layout) and `-j 2` (the PDF in parts, writers/parts.py). Target: reportgen's wall time ≤ pandoc's. Also times a no-change
rebuild (target < 0.3 s) and, in `reportgen watch`, the rebuild after an edit of the source (the
edit-rebuild-look loop: from the change seen to the three outputs in place).

And, for scale, the engine's floor: the `weasyprint` program alone (as pandoc runs it) laying out
and writing reportgen's typeset HTML of the source — the same pages (hyphenated, footnotes at the
foot of their page, index, PDF/UA tags), in one pass, prepared beforehand and not timed. No
WeasyPrint-based build of this PDF can take less; reportgen's three formats are measured against it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def tree_rss(pid: int) -> int:
    """Bytes resident in process `pid` and all its descendants now (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    ppid = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
        todo += children.get(current, [])
    return total


def measure(argv: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, float]:
    """Run `argv`; return wall seconds, CPU seconds and peak RSS in MiB of the whole process tree
    (all its processes together, sampled every 50 ms)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{proc.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, max(peak[0] / 2**20, usage.ru_maxrss / 1024)


# Run in a subprocess (not timed): the print HTML of the source as reportgen lays it out in the end —
# the body with its soft hyphens (what a plain WeasyPrint run breaks at) and the index with the
# pages of the laid-out PDF, in one document — and the stylesheets of that layout.
TYPESET_HTML = """
import sys
from pathlib import Path
from reportgen.pipeline import Options, load
from reportgen.writers import pdf
source, out = Path(sys.argv[1]), Path(sys.argv[2])
options = Options(formats=("pdf",), out=out)
doc = load(source, options)
pages = pdf.anchor_pages(pdf.layout(doc, options))
body = pdf.render_html(doc, pages, soft_hyphens=True)
index = pdf.render_html(doc, pages, index_only=True)
marker = '<section class="index" id="index-section">'
if doc.index and (body.count(marker) != 1 or index.count(marker) != 1):
    raise SystemExit("the print template changed: update TYPESET_HTML in bench/build.py")
if doc.index:
    body = body[:body.index(marker)] + index[index.index(marker):]
(out / "typeset.html").write_text(body, encoding="utf-8")
(out / "paper.css").write_text(pdf.PAPER_CSS[options.paper], encoding="utf-8")
"""


def floor_command(source: Path, out: Path, env: dict) -> list[str]:
    """The `weasyprint` command that lays out reportgen's typeset HTML of `source` (made now)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", TYPESET_HTML, str(source), str(out)], cwd=ROOT, env=env, check=True)
    return [str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", "-s", str(ROOT / "styles" / "common.css"),
            "-s", str(ROOT / "styles" / "print.css"),
            "-s", str(out / "paper.css"), str(out / "typeset.html"), str(out / "floor.pdf")]


def edit_middle(text: str, n: int) -> str:
    """`text` with a sentence added at the start of the plain paragraph nearest its middle (a line
    after a blank line that opens with a letter): the edit an author makes inside a chapter."""
    lines = text.split("\n")
    starts = [i for i in range(1, len(lines)) if not lines[i - 1].strip() and lines[i][:1].isalpha()]
    if not starts:
        return text + f"\nТүзету {n}.\n"
    middle = min(starts, key=lambda i: abs(i - len(lines) // 2))
    lines[middle] = f"Түзету {n}. " + lines[middle]
    return "\n".join(lines)


def watch_rebuilds(source: Path, runs: int, env: dict) -> list[float]:
    """Seconds `reportgen watch` takes to rebuild all three formats after each of `runs` edits
    of a copy of `source` in its middle paragraph (`edit_middle`; its own "done" figure: from the
    change seen to every output in place)."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(source.parent, project / "source")  # a project of its own: the shipped styles
        copy = project / "source" / source.name
        proc = subprocess.Popen([str(BIN / "reportgen"), "watch", str(copy), "--stop-after", str(runs)], cwd=project,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        times: list[float] = []
        watching = False
        try:
            for line in proc.stdout:
                if line.startswith("watching"):
                    watching = True  # the first build is done: edit from now on
                elif watching and line.startswith("done"):
                    times.append(float(re.search(r"([\d.]+) s", line).group(1)))
                else:
                    continue
                if len(times) == runs:
                    break
                time.sleep(0.3)
                copy.write_text(edit_middle(copy.read_text(encoding="utf-8"), len(times) + 1), encoding="utf-8")
            proc.wait(timeout=120)
        finally:
            proc.kill()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", default=str(ROOT / "source" / "essay.md"))
    parser.add_argument("--jobs", default="", metavar="N,M",
                        help="also time `reportgen build -j N` for each N (the PDF in parts with N processes)")
    parser.add_argument("--no-watch", action="store_true", help="skip the watch rebuilds")
    args = parser.parse_args()
    if not shutil.which("pandoc"):
        raise SystemExit("pandoc is not installed (Debian package pandoc): `apt-get install pandoc`")
    source = Path(args.source).resolve()
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "SOURCE_DATE_EPOCH": "1700000000"}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        reportgen = [str(BIN / "reportgen"), "build", str(source), "--out", str(out / "rg"), "--force", "-q"]
        pandoc = ["sh", "-c", " && ".join(
            f"pandoc {source} -o {out / ('pandoc.' + ext)}" + extra
            for ext, extra in (("pdf", " --pdf-engine=weasyprint"), ("docx", ""), ("epub", ""))
        )]
        floor = floor_command(source, out / "floor", env)
        contenders = [("reportgen", reportgen), ("pandoc", pandoc), ("floor", floor)]
        contenders += [(f"reportgen -j {n}", [*reportgen, "-j", n]) for n in args.jobs.split(",") if n.strip()]
        results: dict[str, list[tuple[float, float, float]]] = {name: [] for name, _ in contenders}
        for _, argv in contenders:
            measure(argv, ROOT, env)  # warm caches (fonts, .pyc) for all
        for i in range(args.runs):
            for name, argv in (contenders if i % 2 == 0 else contenders[::-1]):
                results[name].append(measure(argv, ROOT, env))
        nochange = [measure([*reportgen[:-2], "-q"], ROOT, env)[0] for _ in range(args.runs)]

    print(f"machine: {os.cpu_count()} cores; source: {source.name}; median of {args.runs} runs, alternating")
    print(f"{'':<22}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}")
    medians = {}
    for name, runs in results.items():
        medians[name] = [statistics.median(r[k] for r in runs) for k in range(3)]
        if name == "floor":
            continue
        label = {"reportgen": "reportgen (3 formats)", "pandoc": "pandoc (3 builds)"}.get(name, name)
        print(f"{label:<22}{medians[name][0]:>9.2f}{medians[name][1]:>9.2f}{medians[name][2]:>10.0f}")
    ratio = [medians["reportgen"][k] / medians["pandoc"][k] for k in range(3)]
    print(f"{'ratio reportgen/pandoc':<22}{ratio[0]:>9.2f}{ratio[1]:>9.2f}{ratio[2]:>10.2f}")
    for name in (n for n in medians if n.startswith("reportgen -j")):
        print(f"{'  ' + name[10:] + ' / pandoc':<22}{medians[name][0] / medians['pandoc'][0]:>9.2f}")
    floor = medians["floor"]
    print(f"engine floor: `weasyprint` alone on reportgen's typeset HTML (same pages, one pass): "
          f"{floor[0]:.2f} s wall, {floor[1]:.2f} s CPU; reportgen's 3 formats take "
          f"{medians['reportgen'][0] / floor[0]:.2f}× that")
    print(f"no-change rebuild: median {statistics.median(nochange):.3f} s (target < 0.3 s)")
    watched = [0.0] if args.no_watch else watch_rebuilds(source, args.runs, env)
    print(f"reportgen watch, a paragraph in the middle edited: rebuild of the 3 formats, median "
          f"{statistics.median(watched):.2f} s = {statistics.median(watched) / medians['reportgen'][0]:.2f} of a "
          f"full build (issue 19's target <= 0.25 on the 30x book, where the PDF is laid out in parts; "
          f"vs pandoc's 3 builds {medians['pandoc'][0]:.2f} s)")
    verdict = "met" if ratio[0] <= 1.0 else "NOT met"
    print(f"target (reportgen wall time <= pandoc's): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
