"""Helpers and session fixtures of the DOCX tests (a plain module, imported by name: a second
conftest.py would make `import conftest` ambiguous for the other test folders)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reportgen import model as m
from reportgen.pipeline import Options, load

ROOT = Path(__file__).resolve().parents[3]
ESSAY = ROOT / "source" / "essay.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FEATURES = FIXTURES / "features.md"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=ROOT, env=full_env,
                          capture_output=True, timeout=600)


def build(source: Path, out: Path, *args: str, env: dict | None = None) -> Path:
    """`reportgen build SOURCE --to docx --out OUT`, as a user runs it; the DOCX path."""
    result = run_cli("build", str(source), "--to", "docx", "--out", str(out), "-q", *args, env=env)
    assert result.returncode == 0, result.stderr.decode()
    return out / (source.stem + ".docx")


def load_doc(source: Path = ESSAY, **options) -> m.Document:
    return load(source, Options(project_root=ROOT, **options))


def write(doc: m.Document, path: Path, **options) -> Path:
    from reportgen.writers import docx

    docx.write(doc, path, Options(project_root=ROOT, **options))
    return path


def part(docx_path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(docx_path) as z:
        return etree.fromstring(z.read(name))


def part_names(docx_path: Path) -> list[str]:
    with zipfile.ZipFile(docx_path) as z:
        return z.namelist()


def text_of(element: etree._Element) -> str:
    """The text a reader sees in `element` (a paragraph): w:t, w:noBreakHyphen → U+2011,
    w:softHyphen → U+00AD, w:tab, w:br; field codes, field results and note calls left out."""
    out: list[str] = []
    depth = 0
    for node in element.iter():
        tag = node.tag
        if tag == w("fldChar"):
            kind = node.get(w("fldCharType"))
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        elif depth:
            continue
        elif tag == w("t"):
            out.append(node.text or "")
        elif tag == w("noBreakHyphen"):
            out.append("\u2011")
        elif tag == w("softHyphen"):
            out.append("\u00ad")
        elif tag == w("tab"):
            out.append("\t")
        elif tag == w("br"):
            out.append("\n")
    return "".join(out)


def model_text(block: m.Node) -> str:
    """A model block's text as the DOCX must hold it (SoftBreak a space, LineBreak a line break)."""
    out = []
    for n in m.walk(block):
        if isinstance(n, (m.Text, m.Code)):
            out.append(n.text)
        elif isinstance(n, m.SoftBreak):
            out.append(" ")
        elif isinstance(n, m.LineBreak):
            out.append("\n")
    return "".join(out)


def pstyle(p: etree._Element) -> str:
    """A paragraph's style id (no w:pStyle: the default paragraph style, Normal)."""
    style = p.find("w:pPr/w:pStyle", NS)
    return style.get(w("val")) if style is not None else "Normal"


def body_paragraphs(docx_path: Path) -> list[etree._Element]:
    return part(docx_path, "word/document.xml").findall(".//w:body//w:p", NS)


def pdf_pages(pdf: Path, layout: bool = False) -> list[str]:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    text = subprocess.run(args, check=True,
                          capture_output=True).stdout.decode("utf-8")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


_NOT_WORD = re.compile(r"[^\w]|_", re.UNICODE)


def squash(text: str) -> str:
    """Letters and digits only, lower case: compares text across line breaks and hyphenation."""
    return _NOT_WORD.sub("", text.replace("\u00ad", "")).lower()


def libreoffice_pdf(docx_path: Path, out: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """Convert with LibreOffice (a private profile, so a running LibreOffice is not disturbed)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.fail("LibreOffice (Debian libreoffice-writer-nogui) is missing: run `make test-deps`")
    profile = out / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(docx_path)],
        capture_output=True, timeout=300,
    )
    return out / (docx_path.stem + ".pdf"), result


@pytest.fixture(scope="session")
def essay_docx(tmp_path_factory) -> Path:
    """The essay built to DOCX once per session, through the real command line."""
    return build(ESSAY, tmp_path_factory.mktemp("docx"))


@pytest.fixture(scope="session")
def essay_lo(tmp_path_factory, essay_docx) -> tuple[Path, subprocess.CompletedProcess]:
    """The essay's DOCX as LibreOffice lays it out and prints it to PDF."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (Debian poppler-utils) is missing: run `make test`")
    return libreoffice_pdf(essay_docx, tmp_path_factory.mktemp("lo"))
