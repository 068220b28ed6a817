"""`reportgen watch` rebuilds what a change touches and says so."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

from conftest import ROOT


def test_watch_rebuilds_after_css_change(tmp_path):
    shutil.copytree(ROOT / "source", tmp_path / "source")
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "watch", "--to", "pdf", "--stop-after", "1"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if line.startswith("watching"):
                break
        assert any(ln.startswith("pdf ") and not ln.rstrip().endswith("up to date") for ln in lines), lines
        # no sleep: "watching" is printed only once the watches are in place
        css = tmp_path / "styles" / "print.css"
        css.write_text(css.read_text() + "\n/* edit */\n")
        out, _ = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert "changed  print.css" in out
    rebuilt = [ln for ln in out.splitlines() if ln.startswith("pdf ")]
    assert rebuilt and not rebuilt[-1].endswith("up to date"), out


def test_the_warm_up_before_forking_starts_no_thread():
    """watch forks its rebuild workers after `pdf.warm_up()`: forking is safe only while the
    process has a single thread."""
    code = ("import os; from reportgen.writers import pdf; pdf.warm_up(); "
            "print(len(os.listdir('/proc/self/task')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
