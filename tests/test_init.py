"""`reportgen init` (issue 16): a new document in a folder of its own, which builds and checks
clean; nothing existing is ever replaced, not even through a link."""

from __future__ import annotations

from conftest import ROOT, run_cli


def test_init_makes_a_document_that_builds(tmp_path):
    result = run_cli("init", "thesis", "--styles", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    project = tmp_path / "thesis"
    source = project / "source" / "thesis.md"
    assert source.is_file()
    for name in ("docx.yaml", "docx-academic.yaml"):  # a Word style sheet replaces the default: a copy
        assert (project / "styles" / name).read_bytes() == (ROOT / "src" / "reportgen" / "styles" / name).read_bytes()
    for name in ("print.css", "ebook.css", "academic.css"):  # CSS extends the default: a stub with no rule
        stub = (project / "styles" / name).read_text(encoding="utf-8")
        assert "extends" in stub and stub.strip().startswith("/*") and stub.strip().endswith("*/")
    assert b"cd thesis && reportgen build source/thesis.md" in result.stdout
    built = run_cli("build", "source/thesis.md", "-q", cwd=project)
    assert built.returncode == 0, built.stderr.decode()
    assert sorted(p.name for p in (project / "dist").iterdir() if not p.name.startswith(".")) == [
        "thesis.docx", "thesis.epub", "thesis.pdf"]
    checked = run_cli("check", "source/thesis.md", cwd=project)
    assert checked.returncode == 0 and b"error" not in checked.stdout, checked.stdout.decode()
    # every feature once: the title page, the citation and its list, the table, figure and formula
    from conftest import pdf_pages
    text = " ".join(" ".join(pdf_pages(project / "dist" / "thesis.pdf")).split())
    for part in ("Орындаған:", "Тексерген:", "[1, 45 б.]", "Пайдаланылған әдебиеттер тізімі", "1-кесте",
                 "1-сурет", "1-кестеде", "1-суретте", "1-формулада", "(1)"):
        assert part in text.replace("\u00a0", " "), part
    assert b"warning" not in built.stderr, built.stderr.decode()


def test_init_replaces_nothing(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "mine.md").write_text("менің мәтінім\n", encoding="utf-8")
    result = run_cli("init", ".", "--name", "mine", "--styles", cwd=tmp_path)
    assert result.returncode == 1 and b"already exists" in result.stderr and b"Traceback" not in result.stderr
    assert (tmp_path / "source" / "mine.md").read_text(encoding="utf-8") == "менің мәтінім\n"
    assert not (tmp_path / "styles").exists()  # refused before anything was made


def test_init_never_writes_through_a_link(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    project = tmp_path / "p"
    (project / "source").mkdir(parents=True)
    (project / "source" / "doc.md").symlink_to(outside)
    result = run_cli("init", str(project), "--name", "doc", cwd=tmp_path)
    assert result.returncode == 1 and b"already exists" in result.stderr
    assert outside.read_text(encoding="utf-8") == "keep\n"
