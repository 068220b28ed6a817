"""Shared test helpers: the repository root, running the CLI, reading PDFs with poppler."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ESSAY = ROOT / "source" / "essay.md"
REPORTGEN = [sys.executable, "-m", "reportgen"]


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None, input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run `reportgen ARGS` in a subprocess, as a user would; output captured as text."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*REPORTGEN, *args], cwd=cwd, env=full_env, input=input, capture_output=True, timeout=600)


def pdf_pages(pdf: Path, layout: bool = False) -> list[str]:
    """The text of each page of `pdf` (poppler's pdftotext), in page order."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    text = subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


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
