"""Shared test helpers: the repository root, running the CLI, reading PDFs with poppler."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis: CI runs a fixed set of examples (`.ci/run` sets HYPOTHESIS_PROFILE=ci: derandomized,
# no example database), so a red CI is reproducible; a local run draws new examples each time.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parents[1]
ESSAY = ROOT / "source" / "essay.md"
REPORTGEN = [sys.executable, "-m", "reportgen"]


# The programs the tests read outputs with, and the Debian package of each (`make test` installs
# them: Makefile DEB_PACKAGES / DEB_TEST_PACKAGES).
TOOLS = {
    "pdftotext": "poppler-utils", "pdffonts": "poppler-utils", "pdftoppm": "poppler-utils",
    "pdfimages": "poppler-utils", "fc-match": "fontconfig", "soffice": "libreoffice-writer-nogui",
    "java": "default-jre-headless", "chromium": "chromium", "pandoc": "pandoc",
}
# components that are no program of their own: a file each installs
FILES = {"/usr/lib/libreoffice/program/libsmlo.so": "libreoffice-math-nogui"}  # LibreOffice Math (DOCX equations)


def pytest_sessionstart(session) -> None:
    """Stop at once, naming the package, when a program the tests need is missing."""
    missing = sorted({f"{tool} (Debian {package})" for tool, package in TOOLS.items() if not shutil.which(tool)}
                     | {f"{Path(path).name} (Debian {package})" for path, package in FILES.items() if not Path(path).exists()})
    if missing:
        pytest.exit(f"missing: {', '.join(missing)}; run `make test`, which installs them", returncode=4)


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None, input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run `reportgen ARGS` in a subprocess, as a user would; output captured as text."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*REPORTGEN, *args], cwd=cwd, env=full_env, input=input, capture_output=True, timeout=600)


def build_source(folder: Path, text: str, *args: str, name: str = "doc.md", cwd: Path = ROOT) -> tuple[Path, str]:
    """Write `text` as `folder/name` and build it into `folder/out` through the command line, run
    in `cwd` (the build must succeed); the output folder and the build's messages. The modules'
    module-scoped `built` fixtures use it."""
    (folder / name).write_text(text, encoding="utf-8")
    result = run_cli("build", str(folder / name), "--out", str(folder / "out"), *args, cwd=cwd)
    assert result.returncode == 0, result.stderr.decode()
    return folder / "out", result.stderr.decode()


def soffice(docx: Path, outdir: Path, to: str = "pdf") -> Path:
    """Convert `docx` with LibreOffice into `outdir` (`to`: pdf, odt …); the converted file. Each
    test process has its own LibreOffice profile: two conversions at once (parallel test workers)
    sharing one profile would hand the second to the first's instance, or fail."""
    profile = Path(os.environ.get("TMPDIR", "/tmp")) / f"reportgen-test-lo-{os.getpid()}"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
                    "--outdir", str(outdir), str(docx)], check=True, capture_output=True, timeout=300)
    return outdir / (docx.stem + "." + to.split(":")[0])


def pdf_pages(pdf: Path, layout: bool = False) -> list[str]:
    """The text of each page of `pdf` (poppler's pdftotext), in page order."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    text = subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


# The essay's body and notes as typeset text, frozen (scripts/regen-essay-text; checked against
# the reference in tests/test_essay_text.py): what the every-paragraph tests compare outputs with.
GOLDEN = json.loads((ROOT / "tests" / "fixtures" / "essay.typeset.json").read_text(encoding="utf-8"))
SHY, NBSP, NBHY = "\u00ad", "\u00a0", "\u2011"
CALL = re.compile(r"\{(\d+)\}")  # a footnote call in the frozen text


def calls_as(texts: list[str], replacement: str) -> list[str]:
    return [CALL.sub(replacement, t) for t in texts]


def hand_divided() -> dict[str, set[int]]:
    """word (lower case) → its allowed break indices, from the hand-divided list (read by the
    hyphenation benchmark's own reader, bench/hyphenation.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_hyphenation", ROOT / "bench" / "hyphenation.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return {word.lower(): breaks for word, breaks in bench.read_gold(bench.WORDS)}


_NOT_WORD = re.compile(r"[^\w]|_", re.UNICODE)


def squash(text: str) -> str:
    """Letters and digits only, lower case: compares text across line breaks, hyphens and spaces."""
    return _NOT_WORD.sub("", text.replace("\u00ad", "")).lower()


@pytest.fixture(scope="session")
def essay_pdf(tmp_path_factory) -> Path:
    """The essay built to PDF once per test session, through the real command line."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (Debian poppler-utils) is missing: run `make test`, which installs it")
    out = tmp_path_factory.mktemp("pdf")
    result = run_cli("build", str(ESSAY), "--to", "pdf", "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()
    return out / "essay.pdf"
