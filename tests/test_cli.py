"""The command line as a user meets it: help, version, and bad input that must not break anything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ESSAY, run_cli

ONE_LINE = re.compile(r"^reportgen: (?P<file>[^:\n]+):(?P<line>\d+)(?::(?P<col>\d+))?: error: .+\n$")


def test_version_and_help():
    assert run_cli("--version").stdout.decode().startswith("reportgen ")
    for command in ("build",):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and b"usage:" in result.stdout


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


BAD = {
    "unclosed_front_matter": (b"---\ntitle: x\n\n# A\n", 1),
    "invalid_yaml": (b"---\ntitle: x\nbad: [1, 2\n---\n\nA\n", 3),
    "python_tag": (b"---\ntitle: !!python/object/apply:os.system ['true']\n---\n\nA\n", 2),
    "invalid_utf8": ("Бірінші жол.\n\nЕкінші ".encode() + b"\xff\xfe " + "жол.\n".encode(), 3),
    "undefined_note": ("# Т\n\nМәтін[^x] бар.\n".encode(), 3),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_one_line_error_and_dist_untouched(case, tmp_path):
    data, line = BAD[case]
    source = tmp_path / "bad.md"
    source.write_bytes(data)
    out = tmp_path / "dist"
    out.mkdir()
    (out / "bad.pdf").write_bytes(b"previous build")
    before = snapshot(out)
    result = run_cli("build", str(source), "--out", str(out), "--to", "pdf")
    err = result.stderr.decode()
    assert result.returncode != 0
    assert "Traceback" not in err
    match = ONE_LINE.match(err)
    assert match, err
    assert match["file"].endswith("bad.md") and int(match["line"]) == line
    assert snapshot(out) == before


def test_missing_file(tmp_path):
    result = run_cli("build", str(tmp_path / "nothing.md"), "--out", str(tmp_path / "dist"))
    err = result.stderr.decode()
    assert result.returncode != 0 and "Traceback" not in err
    assert "nothing.md" in err and "no such file" in err and err.count("\n") == 1
    assert not (tmp_path / "dist").exists()


def test_unknown_format(tmp_path):
    result = run_cli("build", str(ESSAY), "--to", "pdf,odt", "--out", str(tmp_path))
    assert result.returncode != 0 and b"unknown format odt" in result.stderr


def test_failed_writer_leaves_no_partial_file(tmp_path, monkeypatch):
    """A writer that dies midway: the previous output stays and no temporary file is left."""
    from reportgen.commands import build as build_cmd
    from reportgen.pipeline import Options
    from reportgen.writers import pdf

    out = tmp_path / "dist"
    out.mkdir()
    (out / "essay.pdf").write_bytes(b"previous build")

    def broken(doc, path, options):
        Path(path).write_bytes(b"%PDF-1.7 half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(pdf, "write", broken)
    with pytest.raises(RuntimeError):
        build_cmd.build(ESSAY, Options(formats=("pdf",), out=out))
    assert snapshot(out) == {"essay.pdf": b"previous build"}
