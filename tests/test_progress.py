"""A long build's progress (issue 19): on a terminal, one status line redrawn in place (pages laid
out, outputs writing and done) with each finished output's line printed above it; nothing of it
with `-q` or when stderr is not a terminal (a pipe, a log file): there the plain lines only."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

from conftest import ESSAY, ROOT

REPORTGEN = [sys.executable, "-m", "reportgen"]


def _on_a_terminal(*args: str) -> str:
    """Run reportgen with its stdout and stderr on a pseudo-terminal; all it wrote."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its standard streams are the terminal
        os.environ["PYTHONPATH"] = str(ROOT / "src")
        os.execv(sys.executable, [*REPORTGEN, *args])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out.decode()
    return out.decode("utf-8")


def test_a_terminal_sees_pages_laid_out_and_outputs_written(tmp_path):
    out = _on_a_terminal("build", str(ESSAY), "--out", str(tmp_path / "out"), "--force")
    # sampled five times a second: which pages are seen depends on the machine, that they rise does not
    pages = [int(n) for n in re.findall(r"\rpdf: page (\d+)", out)]
    assert pages and pages == sorted(pages) and max(pages) <= 14
    assert re.search(r"docx: (writing|done)", out) and "\rpdf: done · epub: done · docx: done\x1b[K" in out
    for label in ("pdf", "epub", "docx"):
        assert f"\x1b[K{label:<8} {tmp_path / 'out'}" in out  # each result line over an erased status
    assert out.rstrip().endswith(" s") and out.splitlines()[-1].lstrip("\r\x1b[K").startswith("done")


def test_quiet_on_a_terminal_prints_nothing(tmp_path):
    assert _on_a_terminal("build", str(ESSAY), "--out", str(tmp_path / "out"), "-q") == ""


def test_not_a_terminal_gets_the_plain_lines(tmp_path):
    result = subprocess.run([*REPORTGEN, "build", str(ESSAY), "--out", str(tmp_path / "out")], capture_output=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=300)
    assert result.returncode == 0
    err = result.stderr.decode()
    assert "\r" not in err and "\x1b" not in err and "page" not in err
    assert [line.split()[0] for line in err.splitlines()] == ["read", "pdf", "epub", "docx", "done"]
