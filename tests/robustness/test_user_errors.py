"""Every user error is one clean located line: `reportgen: file:line:column: error: …`, exit 1, no
traceback, no "internal error" (exit 70) — through the real command line, in every command that
reads the input (issue 14, item 9)."""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

BAD_DATES = {
    "2024-13-45": "month must be in 1..12",
    "2024-02-30": "day is out of range for month",
    "0000-01-01": "year 0 is out of range",
    "2001-09-11 25:00:00": "hour must be in 0..23",
}
READERS = {  # command → its arguments after the source
    "build": ["--out", "out", "-q"],
    "check": [],
    "index": [],
}


def project(tmp_path: Path, front: str = "title: Сынақ\n", body: str = "Мәтін.\n") -> Path:
    """A project in `tmp_path`: the repository's styles, `doc.md` with front matter `front` (its
    first line is line 2 of the file)."""
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    (tmp_path / "doc.md").write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return tmp_path


def one_error(result: subprocess.CompletedProcess, where: str, words: str = "") -> str:
    """The run failed with exit 1 and printed one line, `reportgen: <where> error: …` (`where`
    ends the location: "doc.md:3:7:"), containing `words`."""
    err = result.stderr.decode()
    lines = err.strip().splitlines()
    assert result.returncode == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("reportgen: ") and f"{where} error: " in line, line
    assert line.split(f"{where} error: ")[0].endswith(("reportgen: ", "/")), line  # `where` names the whole file
    assert words in line, line
    return line


@pytest.mark.parametrize("command", READERS)
@pytest.mark.parametrize("date", BAD_DATES)
def test_impossible_front_matter_date(tmp_path, command, date):
    """Protection: yamlsafe.Loader.construct_checked_timestamp; without it PyYAML's datetime()
    ValueError was an internal error (exit 70)."""
    project(tmp_path, f"title: Сынақ\ndate: {date}\n")
    result = run_cli(command, "doc.md", *READERS[command], cwd=tmp_path)
    one_error(result, "doc.md:3:7:", BAD_DATES[date])


def test_watch_reports_a_bad_date_and_keeps_watching(tmp_path):
    """Protection: the front-matter date error is a ReportgenError, which `watch` reports and
    survives (a ValueError ended the watch, exit 70); the output folder beside the source is not
    watched (each build's files would start the next build)."""
    project(tmp_path)
    source = tmp_path / "doc.md"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "watch", "doc.md", "--to", "docx", "--out", "out", "--stop-after", "2"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    seen: list[str] = []

    def wait_for(words: str) -> str:
        while not seen or words not in seen[-1]:
            seen.append(lines.get(timeout=120))
        return seen[-1]

    try:
        wait_for("watching")
        time.sleep(1)  # the watcher starts after it says so
        source.write_text("---\ntitle: Сынақ\ndate: 2024-13-45\n---\n\nМәтін.\n", encoding="utf-8")
        error = wait_for("error:")
        assert error.startswith("reportgen: doc.md:3:7: error: ") and "month must be in 1..12" in error, seen
        source.write_text("---\ntitle: Сынақ\ndate: 2024-12-05\n---\n\nМәтін өзгерді.\n", encoding="utf-8")
        wait_for("docx ")
        assert proc.wait(timeout=120) == 0, seen
    finally:
        proc.kill()
    assert not any("Traceback" in line or "internal error" in line for line in seen), seen
    assert [line.split()[0] for line in seen[-3:]] == ["changed", "read", "docx"], seen


@pytest.mark.parametrize("command", READERS)
@pytest.mark.parametrize("field, value, words", [
    ("author", "7" * 5000, "'author' is 5000 characters long"),  # was int(): more than 4300 digits
    ("title", " ".join(["Сөз"] * 75), "'title' is 299 characters long"),  # DOCX core properties: 255
    ("subtitle", "x" * 256, "'subtitle' is 256 characters long"),
])
def test_front_matter_text_too_long_for_the_document_properties(tmp_path, command, field, value, words):
    """Protection: reader._parse_meta (MAX_FIELD_LENGTH); without it the 5000 digits were an
    internal ValueError and a long title python-docx's ValueError (exit 70)."""
    project(tmp_path, f"lang: kk\n{field}: {value}\n")
    one_error(run_cli(command, "doc.md", *READERS[command], cwd=tmp_path), "doc.md:3:1:", words)


@pytest.mark.parametrize("command", ["build", "check"])
def test_front_matter_field_error_is_at_its_own_line(tmp_path, command):
    """Protection: reader._parse_meta locates each field; it reported line 2:1 (the front matter's
    first line) whatever the field's line."""
    project(tmp_path, "lang: kk\nauthor: А\ntitle: {a: 1}\n")
    one_error(run_cli(command, "doc.md", *READERS[command], cwd=tmp_path), "doc.md:4:1:", "'title' must be text")


INDEX_YAML = {
    "nested 5000 deep": ("organizations: " + "[" * 5000 + "]" * 5000, "index.yaml:1:66:", "nested deeper than 50"),
    "400 aliases of a long name": (
        "organizations:\n  - {key: x, name: &s " + "а" * 100_000 + "}\nexclude: [" + ", ".join(["*s"] * 400) + "]",
        "index.yaml:3:11:", "aliases"),
    "bad date": ("organizations:\n  - key: x\n    name: Икс\n    note: 2024-13-45", "index.yaml:4:11:", "month must be"),
    "parent not an entry": ("organizations:\n  - {key: aa, name: Бір, parent: bb}\n  - {key: bb, name: Екі, parent: zz}",
                            "index.yaml:3:5:", "'bb' has parent 'zz', which is not an entry"),
    "unknown field": ("organizations:\n  - key: x\n    name: Икс\n    colour: red", "index.yaml:4:5:", "unknown field 'colour'"),
}


@pytest.mark.parametrize("command", ["build", "index"])
@pytest.mark.parametrize("case", INDEX_YAML)
def test_index_yaml_errors_are_located(tmp_path, command, case):
    """Protection: index.yaml through yamlsafe.load and Gazetteer.add's located checks; it was
    loaded with yaml.safe_load (recursion error at 5000 levels, seconds and hundreds of MB for the
    aliases, datetime's ValueError) and every check reported line 1 (a dangling parent: KeyError)."""
    text, where, words = INDEX_YAML[case]
    project(tmp_path)
    (tmp_path / "index.yaml").write_text(text + "\n", encoding="utf-8")
    started = time.perf_counter()
    one_error(run_cli(command, "doc.md", *READERS[command], cwd=tmp_path), where, words)
    assert time.perf_counter() - started < 10  # was 7 s for the aliases, of which the YAML is now 0.1 s


def test_index_yaml_error_in_check(tmp_path):
    project(tmp_path)
    (tmp_path / "index.yaml").write_text(INDEX_YAML["bad date"][0] + "\n", encoding="utf-8")
    one_error(run_cli("check", "doc.md", cwd=tmp_path), "index.yaml:4:11:", "month must be")


@pytest.mark.parametrize("epoch", ["99999999999999999", "-99999999999999", "253402300800"])
@pytest.mark.parametrize("formats", [
    ["--to", "docx"],  # written in the build's own process
    ["--to", "epub"],  # an EPUB without the PDF is written by a worker process
    ["--to", "pdf", "-j", "1"],
])
def test_source_date_epoch_out_of_range(tmp_path, epoch, formats):
    """Protection: writers/meta.source_date's range check; datetime.fromtimestamp raised OSError
    (exit 70) for 99999999999999999, and -99999999999999 was called "not a whole number"."""
    project(tmp_path)
    result = run_cli("build", "doc.md", "--out", "out", "-q", *formats, cwd=tmp_path, env={"SOURCE_DATE_EPOCH": epoch})
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err and "internal error" not in err, err
    assert err.strip().splitlines() == [
        (f"reportgen: error: SOURCE_DATE_EPOCH {epoch} is out of range: give the seconds since 1970-01-01 UTC, "
         "0 to 253402300799 (9999-12-31)")], err
    assert not list((tmp_path / "out").glob("doc.*"))


@pytest.mark.parametrize("old, new, words", [
    ("line_spacing: 1.4", "line_spacing: big", "style 'Normal'.line_spacing: expected a number"),
    ("outline_level: 1", "outline_level: one", "style 'Heading 1'.outline_level: expected a whole number from 1 to 9"),
    ("{top: 25mm, ", "{", "paper.a4.margins.top is missing"),
    ("keep_next: true", "keep_next: maybe", "keep_next: true or false, not 'maybe'"),
    ("width: 210mm", "width: .inf", "paper.a4.width: inf is longer than a page can be"),
    ('color: "444444"', "color: red", "six hexadecimal digits"),
])
def test_docx_style_sheet_errors_are_at_the_key(tmp_path, old, new, words):
    """Protection: writers/docx/styles._Checker; float('big'), int('one') and margins['top'] were
    internal errors (exit 70), the others named no line or wrote a DOCX Word cannot open."""
    project(tmp_path)
    sheet = tmp_path / "styles" / "docx.yaml"
    text = sheet.read_text(encoding="utf-8")
    at = text.index(old)  # the error is at the key replaced (the margins: at their mapping)
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    sheet.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_cli("build", "doc.md", "--out", "out", "-q", "--to", "docx", cwd=tmp_path)
    one_error(result, f"styles/docx.yaml:{line}:{column}:", words)


def test_a_date_before_the_year_1000_builds_with_valid_package_dates(tmp_path):
    """Protection: docx.build_date and epub.modified_time keep such a date out of the package
    times; python-docx and ebooklib wrote "999-01-01T00:00:00Z", no W3CDTF date."""
    project(tmp_path, "title: Сынақ\ndate: 0999-01-01\n")
    result = run_cli("build", "doc.md", "--out", "out", "-q", "--to", "docx,epub", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as docx:
        assert "2000-01-01T00:00:00Z" in docx.read("docProps/core.xml").decode()
    with zipfile.ZipFile(tmp_path / "out" / "doc.epub") as epub:
        opf = next(epub.read(n).decode() for n in epub.namelist() if n.endswith(".opf"))
    assert "1980-01-01T00:00:00Z" in opf and "<dc:date>0999-01-01</dc:date>" in opf


def test_a_title_typography_lengthens_past_255_still_builds_the_docx(tmp_path):
    """A 250-character title of numbers gains no-break spaces (`46 800`) past 255: the DOCX core
    property is cut to 255, the title page keeps the whole title (was exit 70 in python-docx)."""
    import zipfile

    title = " ".join(["46800"] * 41)[:250]
    project(tmp_path, f"title: '{title}'\n")
    result = run_cli("build", "doc.md", "--to", "docx", "--out", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as z:
        core = z.read("docProps/core.xml").decode()
        body = z.read("word/document.xml").decode()
    assert "46\u00a0800" in body and body.count("46\u00a0800") >= 41
    assert len(core.split("<dc:title>")[1].split("</dc:title>")[0]) == 255
