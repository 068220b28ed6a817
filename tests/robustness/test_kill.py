"""Killing a build (SIGKILL, SIGTERM, SIGINT) at any moment leaves the previous outputs intact or
the new set whole, and the next build writes the right outputs and leaves no temporary file."""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import ESSAY, REPORTGEN, run_cli

from reportgen import outdir


def essay_body() -> str:
    body = ESSAY.read_text(encoding="utf-8").split("---", 2)[2]
    body = re.sub(r"\[\^[^\]]+\](?!:)", "", body)
    return "\n".join(line for line in body.split("\n") if not line.startswith("[^"))


def test_sigkill_midway_keeps_previous_output_and_next_build_cleans_up(tmp_path):
    """Protection: the build writes into `.<name>.*.tmp` and renames only when done (the old
    file stays while a build runs), and removes stale temporaries of its outputs when it starts
    (commands/build.py remove_stale_temporaries); without the latter the killed build's
    temporary file is still there after the next build."""
    source = tmp_path / "big.md"
    out = tmp_path / "dist"
    source.write_text("---\ntitle: Кіші\n---\n\n# Бөлім\n\nАлғашқы нұсқа.\n", encoding="utf-8")
    first = run_cli("build", str(source), "--to", "pdf", "--out", str(out), "-q")
    assert first.returncode == 0, first.stderr.decode()
    previous = (out / "big.pdf").read_bytes()

    source.write_text("---\ntitle: Үлкен\n---\n" + essay_body() * 3, encoding="utf-8")
    process = subprocess.Popen([*REPORTGEN, "build", str(source), "--to", "pdf", "--out", str(out), "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        temps: list[Path] = []
        while time.monotonic() < deadline and process.poll() is None and not temps:
            temps = list(out.glob(".big.pdf.*.tmp"))
            time.sleep(0.02)
        assert temps, "the build never created its temporary file (or finished too fast to be killed)"
        time.sleep(0.3)  # well inside the writer now
        assert process.poll() is None, "the build finished before it could be killed: make the source bigger"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert (out / "big.pdf").read_bytes() == previous  # the previous output is intact
    assert list(out.glob(".big.pdf.*.tmp"))  # what the killed build left behind

    again = run_cli("build", str(source), "--to", "pdf", "--out", str(out), "-q")
    assert again.returncode == 0, again.stderr.decode()
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert (out / "big.pdf").read_bytes() != previous and (out / "big.pdf").read_bytes().startswith(b"%PDF")


SMALL = "---\ntitle: Үзіліс\ndate: 2024-05-01\n---\n\n# Бөлім\n\nБҰҰ 1945 жылы құрылды.[^1]\n\n[^1]: Ескерту.\n"
ENV = {"SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture(scope="module")
def references(tmp_path_factory) -> dict[str, bytes]:
    """What a lone, uninterrupted build of the A4 and the A5 edition writes."""
    tmp = tmp_path_factory.mktemp("refs")
    (tmp / "doc.md").write_text(SMALL, encoding="utf-8")
    refs = {}
    for paper in ("a4", "a5"):
        result = run_cli("build", str(tmp / "doc.md"), "--paper", paper, "--out", str(tmp / paper), "-q", env=ENV)
        assert result.returncode == 0, result.stderr.decode()
        refs.update({f"{paper}/{p.name}": p.read_bytes() for p in (tmp / paper).iterdir() if not p.name.startswith(".")})
    return refs


def interrupted_in_python_start_up(err: str) -> bool:
    """Ctrl-C while the interpreter itself starts (before reportgen's first line runs: site,
    runpy, the import of reportgen.cli) is answered by Python with its own traceback; everything
    after is reportgen's (cli.main). Never a worker's: no multiprocessing or futures frame."""
    return ("KeyboardInterrupt" in err and "reportgen/commands" not in err
            and "multiprocessing" not in err and "concurrent" not in err)


# (signal, moment in seconds after the start): a fixed spread over the build's life — start-up,
# reading, the writers, the commit — the same on every run
KILLS = [(sig, moment) for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)
         for moment in random.Random(sig).sample([0.05, 0.3, 0.6, 0.9, 1.2, 1.6, 2.2], 3)]


@pytest.mark.parametrize("sig, moment", KILLS, ids=[f"{signal.Signals(s).name}-{t}" for s, t in KILLS])
def test_a_build_killed_at_any_moment(tmp_path, references, sig, moment):
    """A5 built over an A4 set and killed (the whole process group, as a terminal's Ctrl-C or a
    `kill` of the job): SIGINT exits 130 and SIGTERM 143 with one line and no worker traceback;
    the folder holds either the old set or the new one, whole; the next A4 build then gives
    exactly the A4 set (never an A5 file called up to date) and leaves no temporary file."""
    source = tmp_path / "doc.md"
    source.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "dist"
    assert run_cli("build", str(source), "--out", str(out), "-q", env=ENV).returncode == 0
    process = subprocess.Popen([*REPORTGEN, "build", str(source), "--paper", "a5", "--out", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                               env={**os.environ, **ENV})
    time.sleep(moment)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    _, err = process.communicate(timeout=120)
    err = err.decode()
    if not interrupted_in_python_start_up(err):
        assert "Traceback" not in err and "internal error" not in err, err
    if process.returncode != 0 and not interrupted_in_python_start_up(err):  # stopped before it finished
        expected = {signal.SIGKILL: -signal.SIGKILL, signal.SIGTERM: 143, signal.SIGINT: 130}[sig]
        assert process.returncode in (expected, -sig), (process.returncode, err)
    names = ("doc.pdf", "doc.docx", "doc.epub")
    present = {n: (out / n).read_bytes() for n in names}
    editions = {paper for paper in ("a4", "a5") if all(present[n] == references[f"{paper}/{n}"] for n in names)}
    assert editions, "the folder holds a mix of two builds' outputs"
    again = run_cli("build", str(source), "--out", str(out), "-q", env=ENV)
    assert again.returncode == 0, again.stderr.decode()
    assert {n: (out / n).read_bytes() for n in names} == {n: references[f"a4/{n}"] for n in names}
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name == outdir.LOCK_FILE]
