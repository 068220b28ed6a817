"""A few bad sources through the real command line, end to end (`reportgen build --to pdf`,
`reportgen check`): each ends in an output or one line `reportgen: file:line:column: error: …`
with exit code 1 — no traceback, and no partial or temporary file in the output folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli

from reportgen.reader import MAX_NESTING

ONE_LINE = re.compile(r"^reportgen: [^\n]+:\d+(:\d+)?: error: [^\n]+\n$")

CASES = {
    # name: (source bytes, expected outcome)
    "empty": (b"", "ok"),
    "front-matter-only": ("---\ntitle: Тек тақырып\n---\n".encode(), "ok"),
    "nesting-at-limit": ((">" * MAX_NESTING + " Терең дәйексөз.\n\n"
                          + "".join("  " * i + "- тармақ\n" for i in range(MAX_NESTING))).encode(), "ok"),
    "nesting-500": ((">" * 500 + " Тым терең.\n").encode(), "error"),
    "binary": (bytes(range(256)) * 4, "error"),
    "invalid-utf8": ("# Бөлім\n\nМәтін ".encode() + b"\xe2\x28\xa1\n", "error"),
}


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("name", sorted(CASES))
def test_build_ends_in_output_or_one_line_error(name, tmp_path):
    """Protection: reader errors are ReportgenErrors (one line from the CLI), the build writes to a
    temporary file renamed into place only on success (no partial file)."""
    data, expected = CASES[name]
    source = tmp_path / f"{name}.md"
    source.write_bytes(data)
    out = tmp_path / "dist"
    out.mkdir()
    (out / "keep.txt").write_bytes(b"previous")
    result = run_cli("build", str(source), "--to", "pdf", "--out", str(out), "-q")
    err = result.stderr.decode()
    assert "Traceback" not in err
    files = listing(out)
    assert not [n for n in files if n.endswith(".tmp")]
    if expected == "ok":
        assert result.returncode == 0, err
        assert files[f"{name}.pdf"].startswith(b"%PDF")
    else:
        assert result.returncode == 1 and ONE_LINE.match(err), err
        assert set(files) <= {"keep.txt", ".reportgen-state.json"} and files["keep.txt"] == b"previous"


@pytest.mark.parametrize("name", ["binary", "nesting-500", "empty"])
def test_check_ends_in_findings_or_one_line_error(name, tmp_path):
    data, expected = CASES[name]
    source = tmp_path / f"{name}.md"
    source.write_bytes(data)
    result = run_cli("check", str(source))
    err = result.stderr.decode()
    assert "Traceback" not in err
    if expected == "ok":
        assert result.returncode == 0, err
    else:
        assert result.returncode == 1 and ONE_LINE.match(err), err
