"""A project's own style files and templates (issue 16): its CSS extends the shipped stylesheet
(read after it: its rules win, the rest stays), its `templates/NAME` replaces the shipped
template of that name, in the outputs and in the cache key; a template that links out of the
project is refused like any other file."""

from __future__ import annotations

import subprocess
import zipfile

from conftest import ROOT, pdf_pages, run_cli
from PIL import Image

DOC = "---\ntitle: Жоба\n---\n\n# Бөлім\n\nМәтін осында.\n"


def _reddish(png) -> int:
    colors = Image.open(png).convert("RGB").getcolors(1 << 20)
    return sum(count for count, (r, g, b) in colors if r > 150 and g < 90 and b < 90)


def test_project_css_rules_apply_over_the_shipped_ones(tmp_path):
    (tmp_path / "doc.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "print.css").write_text("p { color: rgb(200, 0, 0); }\n", encoding="utf-8")
    result = run_cli("build", "doc.md", "--to", "pdf", "--out", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(tmp_path / "out" / "doc.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert any(_reddish(p) > 10 for p in pages)  # the project's rule: red body text
    text = "\n".join(pdf_pages(tmp_path / "out" / "doc.pdf"))
    assert "Мазмұны" in text  # the shipped stylesheet still lays the book out (contents, page numbers)
    # the project's rule changed: the PDF is rebuilt (the cache key holds both files)
    (tmp_path / "styles" / "print.css").write_text("p { color: rgb(0, 0, 0); }\n", encoding="utf-8")
    again = run_cli("build", "doc.md", "--to", "pdf", "--out", "out", cwd=tmp_path)
    assert b"up to date" not in again.stderr


def test_a_project_template_replaces_the_shipped_one(tmp_path):
    (tmp_path / "doc.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    shipped = (ROOT / "src" / "reportgen" / "templates" / "epub-page.xhtml.j2").read_text(encoding="utf-8")
    own = shipped.replace("<body", "<!-- the project's own template -->\n<body", 1)
    assert own != shipped
    (tmp_path / "templates" / "epub-page.xhtml.j2").write_text(own, encoding="utf-8")
    result = run_cli("build", "doc.md", "--to", "epub", "--out", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    with zipfile.ZipFile(tmp_path / "out" / "doc.epub") as z:
        pages = [z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")]
    assert pages and all("the project's own template" in p for p in pages if "<body" in p)
    (tmp_path / "templates" / "epub-page.xhtml.j2").unlink()  # back to the shipped one: rebuilt
    again = run_cli("build", "doc.md", "--to", "epub", "--out", "out", cwd=tmp_path)
    assert again.returncode == 0 and b"up to date" not in again.stderr
    with zipfile.ZipFile(tmp_path / "out" / "doc.epub") as z:
        assert not any("the project's own template" in z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))


def test_a_template_linking_out_of_the_project_is_refused(tmp_path):
    project = tmp_path / "project"
    (project / "templates").mkdir(parents=True)
    (project / "doc.md").write_text(DOC, encoding="utf-8")
    outside = tmp_path / "elsewhere.j2"
    outside.write_text("{{ secret }}", encoding="utf-8")
    (project / "templates" / "print.html.j2").symlink_to(outside)
    result = run_cli("build", "doc.md", "--to", "pdf", "--out", "out", cwd=project)
    assert result.returncode == 1 and b"outside the project" in result.stderr and b"Traceback" not in result.stderr
