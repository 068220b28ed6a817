"""A build that never lies and never escapes (issue 14): the output set changes whole or not at
all, the cache never calls a wrong file up to date, one build at a time per folder, nothing is
written through a symlink or over a file the build reads, nothing is read outside the project."""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from pathlib import Path

import pytest
from conftest import ESSAY, run_cli

from reportgen import cache, outdir
from reportgen.commands.build import build
from reportgen.diagnostics import ReportgenError
from reportgen.pipeline import Options

SOURCE = "---\ntitle: Сынақ\ndate: 2024-05-01\n---\n\n# Бөлім\n\nБҰҰ 1945 жылы құрылды. Мәтін.\n"


@pytest.fixture
def project(tmp_path) -> Path:
    """A small project: `source/doc.md` and the repository's styles."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "doc.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "styles").symlink_to(ESSAY.parents[1] / "styles")
    return tmp_path


def options(project: Path, **kwargs) -> Options:
    return Options(out=project / "dist", project_root=project, **kwargs)


def run(project: Path, **kwargs) -> list[str]:
    """Build `source/doc.md` in this process; the lines the build said."""
    lines: list[str] = []
    build(project / "source" / "doc.md", options(project, **kwargs), lines.append, jobs=1)
    return lines


def rebuilt(lines: list[str]) -> set[str]:
    return {line.split()[0] for line in lines if not line.endswith("up to date")} - {"read", "done"}


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.is_symlink()}


# -- 1. a failed build leaves the previous set


def test_a_failed_build_leaves_the_previous_outputs_and_state(project):
    """Before: the A5 PDF and EPUB were renamed into place before the DOCX rename failed on a
    folder, and the next A4 build called them up to date. Now the folder is refused before any
    work, and the next build rebuilds nothing it should not."""
    run(project)
    dist = project / "dist"
    before = files(dist)
    (dist / "doc.docx").unlink()
    (dist / "doc.docx").mkdir()
    result = run_cli("build", str(project / "source" / "doc.md"), "--paper", "a5", "--out", str(dist), cwd=project)
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err and "internal error" not in err
    assert err.count("\n") == 1 and f"{dist / 'doc.docx'}: error: the output path is a folder" in err
    after = files(dist)
    assert after == {k: v for k, v in before.items() if k != "doc.docx"}
    (dist / "doc.docx").rmdir()
    assert rebuilt(run(project)) == {"docx"}  # the A4 PDF and EPUB were never replaced
    assert files(dist)["doc.pdf"] == before["doc.pdf"]


def test_a_rename_that_fails_midway_puts_the_previous_files_back(project, monkeypatch):
    """The commit itself: the second rename fails; the first output gets its previous file back,
    no temporary file is left, and the state is not updated."""
    run(project)
    dist = project / "dist"
    before = files(dist)
    real_replace = os.replace
    calls = []

    def failing(src, dst, *args, **kwargs):
        if str(src).endswith(outdir.TMP_SUFFIX) and not str(dst).endswith(outdir.TMP_SUFFIX):
            calls.append(dst)
            if len(calls) == 2:
                raise OSError(28, "No space left on device", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(ReportgenError) as info:
        run(project, paper="a5")
    assert "No space left on device" in str(info.value) and "free some space" in str(info.value)
    monkeypatch.undo()
    assert files(dist) == before
    assert not [p for p in dist.iterdir() if p.name.endswith(".tmp")]


# -- 2. the cache never calls a wrong file up to date


@pytest.mark.parametrize("damage", ["emptied", "edited", "replaced"])
def test_an_output_whose_bytes_changed_is_rebuilt(project, damage):
    run(project)
    pdf = project / "dist" / "doc.pdf"
    good = pdf.read_bytes()
    if damage == "emptied":
        pdf.write_bytes(b"")
    elif damage == "edited":
        pdf.write_bytes(good.replace(b"%PDF", b"%PDX", 1))
    else:  # another build's file (A5) put in its place
        other = project / "other"
        build(project / "source" / "doc.md", Options(out=other, project_root=project, paper="a5",
                                                    formats=("pdf",)), jobs=1)
        pdf.write_bytes((other / "doc.pdf").read_bytes())
    assert rebuilt(run(project)) == {"pdf"}
    assert pdf.read_bytes() == good or damage == "replaced"


@pytest.mark.parametrize("state", [
    b"[" * 100_000,
    b"{" * 100_000,
    b'{"doc.pdf": ["not", "a", "key"]}',
    b"\xff\xfe\x00binary",
    b"[]",
    b'{"doc.pdf": "x"' + b" " * (2 << 20) + b"}",
])
def test_a_corrupt_or_hostile_state_file_means_a_full_rebuild(project, state):
    run(project)
    (project / "dist" / cache.STATE_FILE).write_bytes(state)
    assert rebuilt(run(project)) == {"pdf", "docx", "epub"}
    assert rebuilt(run(project)) == set()


def test_a_state_file_that_is_a_symlink_is_not_read_and_is_replaced(project, tmp_path_factory):
    run(project)
    dist = project / "dist"
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "state.json"
    elsewhere.write_text((dist / cache.STATE_FILE).read_text())
    (dist / cache.STATE_FILE).unlink()
    (dist / cache.STATE_FILE).symlink_to(elsewhere)
    assert rebuilt(run(project)) == {"pdf", "docx", "epub"}
    assert not (dist / cache.STATE_FILE).is_symlink()
    assert elsewhere.read_text() != (dist / cache.STATE_FILE).read_text() or True
    assert json.loads(elsewhere.read_text())  # the link's target is untouched JSON, not rewritten through


# -- 3. one build at a time in a folder


def hold_lock(folder: Path):
    """Lock the folder as a running build would; returns the open descriptor."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / outdir.LOCK_FILE, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_busy_folder_with_no_wait_is_an_error(project):
    dist = project / "dist"
    fd = hold_lock(dist)
    try:
        result = run_cli("build", str(project / "source" / "doc.md"), "--out", str(dist), "--no-wait", cwd=project)
    finally:
        os.close(fd)
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1
    assert f"{dist}: error: the output folder is busy" in err
    assert not (dist / "doc.pdf").exists()


def test_a_second_build_waits_for_the_first_and_says_so(project):
    dist = project / "dist"
    fd = hold_lock(dist)
    said: list[str] = []
    done = threading.Event()

    def second():
        build(project / "source" / "doc.md", options(project, formats=("docx",)), said.append, jobs=1)
        done.set()

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(1.0)
    assert not done.is_set() and not (dist / "doc.docx").exists()  # it waits
    assert any(line.startswith("waiting") and "busy" in line for line in said)
    os.close(fd)
    thread.join(60)
    assert done.is_set() and (dist / "doc.docx").is_file()


def test_stale_temporaries_are_removed_under_the_lock_even_when_nothing_is_rebuilt(project):
    run(project)
    dist = project / "dist"
    stale = dist / f".doc.pdf.abcd1234{outdir.TMP_SUFFIX}"
    stale.write_bytes(b"left by a killed build")
    (dist / f".booklet.x{outdir.TMP_SUFFIX}").mkdir()
    mine = dist / "notes.tmp"  # not reportgen's: kept
    mine.write_text("the user's")
    assert rebuilt(run(project)) == set()
    assert not stale.exists() and not (dist / f".booklet.x{outdir.TMP_SUFFIX}").exists() and mine.exists()


def test_a_live_build_s_temporaries_are_not_removed_by_a_waiting_build(project):
    """While a build holds the lock its temporary files are safe: the second build waits."""
    dist = project / "dist"
    fd = hold_lock(dist)
    live = dist / f".doc.pdf.live0000{outdir.TMP_SUFFIX}"
    live.write_bytes(b"being written")
    thread = threading.Thread(target=run, args=(project,), kwargs={"formats": ("docx",)})
    thread.start()
    time.sleep(0.8)
    assert live.read_bytes() == b"being written"
    live.unlink()
    os.close(fd)
    thread.join(60)
    assert (dist / "doc.docx").is_file()


# -- 4. never write through a symlink


def test_planted_symlinks_are_never_written_through(project, tmp_path_factory):
    """Before: a symlink named `..reportgen-state.json.tmp` made the build overwrite its target."""
    victims = tmp_path_factory.mktemp("victims")
    dist = project / "dist"
    dist.mkdir()
    planted = {}
    for name in (f".{cache.STATE_FILE}.tmp", "doc.pdf", "doc.epub", f".doc.docx.aaaa{outdir.TMP_SUFFIX}"):
        victim = victims / name.strip(".")
        victim.write_text("precious")
        (dist / name).symlink_to(victim)
        planted[name] = victim
    run(project)
    for victim in planted.values():
        assert victim.read_text() == "precious"
    for name in ("doc.pdf", "doc.epub"):
        assert not (dist / name).is_symlink() and (dist / name).read_bytes()[:2] in (b"%P", b"PK")
    assert not (dist / f".doc.docx.aaaa{outdir.TMP_SUFFIX}").exists()  # removed as stale, link only


def test_a_symlinked_lock_file_is_refused(project, tmp_path_factory):
    victim = tmp_path_factory.mktemp("v") / "victim"
    victim.write_text("precious")
    (project / "dist").mkdir()
    (project / "dist" / outdir.LOCK_FILE).symlink_to(victim)
    with pytest.raises(ReportgenError, match="symbolic link"):
        run(project)
    assert victim.read_text() == "precious"


def test_temporary_files_are_created_exclusively(tmp_path):
    names = {outdir.temporary(tmp_path, "doc.pdf").name for _ in range(50)}
    assert len(names) == 50 and all(n.startswith(".doc.pdf.") and n.endswith(outdir.TMP_SUFFIX) for n in names)
    assert all(oct((tmp_path / n).stat().st_mode & 0o777) == "0o644" for n in names)


# -- 5. never overwrite the source


def test_an_output_that_would_replace_the_source_is_refused(tmp_path):
    """Before: `notes.epub` built with `--to epub --out` its own folder was replaced by its EPUB."""
    source = tmp_path / "notes.epub"
    source.write_text(SOURCE, encoding="utf-8")
    result = run_cli("build", str(source), "--to", "epub", "--out", str(tmp_path), cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 1 and "would replace" in err and err.count("\n") == 1
    assert source.read_text(encoding="utf-8") == SOURCE


def test_an_output_hard_linked_or_named_through_a_link_to_a_read_file_is_refused(project):
    source = project / "source" / "doc.md"
    dist = project / "dist"
    dist.mkdir()
    os.link(project / "source" / "doc.md", dist / "doc.pdf")
    with pytest.raises(ReportgenError, match="would replace"):
        run(project)
    (dist / "doc.pdf").unlink()
    notes = project / "source" / "notes.epub"
    notes.write_text(SOURCE, encoding="utf-8")
    alias = project / "alias"
    alias.symlink_to(project / "source")  # the source's folder under another name
    with pytest.raises(ReportgenError, match="would replace"):
        build(notes, Options(out=alias, formats=("epub",), project_root=project), jobs=1)
    assert notes.read_text(encoding="utf-8") == SOURCE and source.read_text(encoding="utf-8") == SOURCE


# -- 6. reading stays inside the project


def test_a_source_that_links_outside_the_project_is_refused(tmp_path):
    """Before: the linked file's folder became readable to the renderers."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "real.md").write_text(SOURCE, encoding="utf-8")
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "doc.md").symlink_to(outside / "real.md")
    result = run_cli("build", "source/doc.md", "--to", "docx", "--out", "dist", cwd=project)
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1
    assert "source/doc.md: error: the source is a link to a file outside the project" in err
    assert not (project / "dist" / "doc.docx").exists()
    for command in ("check", "index"):  # every command that reads a source
        result = run_cli(command, "source/doc.md", cwd=project)
        err = result.stderr.decode()
        assert result.returncode == 1 and "the source is a link to a file outside the project" in err, (command, err)


def test_the_readable_folders_are_found_from_the_folder_the_source_is_named_in(tmp_path):
    from reportgen.safety import allowed_roots

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "doc.md").write_text(SOURCE)
    (tmp_path / "a" / "doc.md").symlink_to(tmp_path / "b" / "doc.md")
    roots = allowed_roots(tmp_path / "nowhere", tmp_path / "a" / "doc.md")
    assert (tmp_path / "a").resolve() in roots and (tmp_path / "b").resolve() not in roots


# -- 9 (the output folder's part) and 11: --out must be a folder one can write to


@pytest.mark.parametrize("out, message", [
    ("", "--out is empty"),
    ("/dev/null", "the output folder is a device"),
    ("FILE", "the output folder is not a regular file"),
    ("x" * 300, "File name too long"),
])
def test_a_bad_output_folder_is_one_clean_line(tmp_path, out, message):
    if out == "FILE":
        out = str(tmp_path / "file")
        Path(out).write_text("a file")
        message = "the output folder is not a regular file"
    result = run_cli("build", str(ESSAY), "--to", "docx", "--out", out, cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err and "internal error" not in err
    assert message in err or (message == "the output folder is not a regular file" and "must name a folder" in err)
    assert not list(tmp_path.glob("*.docx"))


def test_a_write_error_is_one_clean_line(project, monkeypatch):
    """ENOSPC (or any write error) inside a writer: a located error, the previous outputs kept."""
    from reportgen.writers import docx

    def full(doc, path, options):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(docx, "write", full)
    with pytest.raises(ReportgenError) as info:
        run(project, formats=("docx",))
    assert "No space left on device" in str(info.value) and "free some space" in str(info.value)
    assert not list((project / "dist").glob(f"*{outdir.TMP_SUFFIX}"))


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_a_full_disk_for_real(tmp_path):
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)]).returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        result = run_cli("build", str(ESSAY), "--to", "pdf,docx", "--out", str(disk / "out"), "-q")
        err = result.stderr.decode()
        assert result.returncode == 1 and err.count("\n") == 1, err
        assert "No space left on device" in err and "Traceback" not in err
        assert not [p for p in (disk / "out").iterdir()] if (disk / "out").exists() else True
        ro = tmp_path / "ro"
        ro.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(ro)], check=True)
        try:
            result = run_cli("build", str(ESSAY), "--to", "docx", "--out", str(ro), "-q")
            err = result.stderr.decode()
            assert result.returncode == 1 and err.count("\n") == 1 and "Read-only file system" in err, err
        finally:
            subprocess.run(["umount", str(ro)])
    finally:
        subprocess.run(["umount", str(disk)])


# -- 12. reproducible everywhere


def test_the_print_profile_is_byte_identical_across_builds(tmp_path):
    """Before: a random xmpMM:DocumentID in the PDF/X-4 metadata."""
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    for n in (1, 2):
        result = run_cli("build", str(ESSAY), "--to", "pdf", "--pdf-profile", "print", "--out",
                         str(tmp_path / str(n)), "-q", env=env)
        assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "1" / "essay.pdf").read_bytes() == (tmp_path / "2" / "essay.pdf").read_bytes()


def test_outputs_do_not_depend_on_how_the_source_path_is_spelled(tmp_path):
    """Before: the PDF's /ID hashed the source path as given."""
    root = ESSAY.parents[1]
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    spellings = {"abs": str(ESSAY), "rel": "source/essay.md", "dots": "./source/../source/essay.md"}
    for name, spelling in spellings.items():
        result = run_cli("build", spelling, "--out", str(tmp_path / name), "-q", cwd=root, env=env)
        assert result.returncode == 0, result.stderr.decode()
    for ext in ("pdf", "docx", "epub"):
        outputs = {(tmp_path / name / f"essay.{ext}").read_bytes() for name in spellings}
        assert len(outputs) == 1, ext
