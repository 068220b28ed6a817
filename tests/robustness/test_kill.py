"""Killing a build (SIGKILL) midway leaves the previous outputs intact, and the next build leaves
no temporary file behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from conftest import ESSAY, REPORTGEN, run_cli


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
