"""`-o/--output FILE` (issue 16): one output, its format from the extension, written to FILE
(through the same locked, atomic output folder as `--out`); a name reportgen cannot write is one
line and exit 1."""

from __future__ import annotations

import zipfile

from conftest import run_cli

SOURCE = "---\ntitle: Бір файл\n---\n\n# Бөлім\n\nМәтін.\n"


def test_one_output_where_asked(tmp_path):
    (tmp_path / "doc.md").write_text(SOURCE, encoding="utf-8")
    result = run_cli("build", "doc.md", "-o", "report.docx", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert zipfile.is_zipfile(tmp_path / "report.docx")
    assert not (tmp_path / "dist").exists() and not (tmp_path / "doc.pdf").exists()
    result = run_cli("build", "doc.md", "-o", "out/sub/Реферат.pdf", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "out" / "sub" / "Реферат.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in (tmp_path / "out" / "sub").iterdir() if not p.name.startswith(".")) == ["Реферат.pdf"]
    again = run_cli("build", "doc.md", "-o", "out/sub/Реферат.pdf", cwd=tmp_path)  # the cache knows it
    assert again.returncode == 0 and b"up to date" in again.stderr


def test_a_name_it_cannot_write_is_one_line(tmp_path):
    (tmp_path / "doc.md").write_text(SOURCE, encoding="utf-8")
    for name in ("notes.txt", "doc.md", ".pdf"):
        result = run_cli("build", "doc.md", "-o", name, cwd=tmp_path)
        err = result.stderr.decode()
        assert result.returncode == 1 and err.count("\n") == 1 and "give a file name ending in" in err, err
    assert (tmp_path / "doc.md").read_text(encoding="utf-8") == SOURCE
