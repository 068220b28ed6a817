"""Builds racing into one output folder (an editor's save hook and `watch`, two terminals): each
exits 0, or 1 saying the folder is busy (`--no-wait`); the outputs are valid, the state file is
truthful (the next build never calls a wrong file up to date) and no temporary file is left."""

from __future__ import annotations

import random
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTGEN, ROOT

from reportgen import cache, outdir

SOURCE = "---\ntitle: Жарыс\ndate: 2024-05-01\n---\n\n# Бөлім\n\nБҰҰ 1945 жылы құрылды.[^1]\n\n[^1]: Ескерту.\n"
ENV = {"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"}
TRIALS = 20


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("race")
    (root / "source").mkdir()
    (root / "source" / "doc.md").write_text(SOURCE, encoding="utf-8")
    (root / "styles").symlink_to(ROOT / "styles")
    return root


def start(project: Path, out: Path, paper: str, no_wait: bool) -> subprocess.Popen:
    args = [*REPORTGEN, "build", "source/doc.md", "--to", "docx", "--paper", paper, "--out", str(out), "-q"]
    if no_wait:
        args.append("--no-wait")
    return subprocess.Popen(args, cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def reference(project: Path, paper: str, tmp: Path) -> bytes:
    """The DOCX a lone build makes for `paper`."""
    out = tmp / f"ref-{paper}"
    if not (out / "doc.docx").exists():
        subprocess.run([*REPORTGEN, "build", "source/doc.md", "--to", "docx", "--paper", paper, "--out", str(out), "-q"],
                       cwd=project, env=ENV, check=True)
    return (out / "doc.docx").read_bytes()


def test_builds_racing_into_one_folder(project, tmp_path):
    rng = random.Random(14)  # fixed: the same trials on every run
    refs = {paper: reference(project, paper, tmp_path) for paper in ("a4", "a5")}
    busy = finished = 0
    for trial in range(TRIALS):
        out = tmp_path / f"out{trial}"
        racers = [start(project, out, rng.choice(("a4", "a5")), rng.random() < 0.5) for _ in range(2 + trial % 2)]
        for p in racers:
            _, err = p.communicate(timeout=300)
            err = err.decode()
            assert p.returncode in (0, 1), err
            assert "Traceback" not in err and "internal error" not in err
            if p.returncode == 1:
                assert err.count("\n") == 1 and "error: the output folder is busy" in err, err
                assert "--no-wait" in " ".join(p.args)
                busy += 1
            else:
                finished += 1
        leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name == outdir.LOCK_FILE]
        assert not leftovers, leftovers
        docx = out / "doc.docx"
        assert zipfile.ZipFile(docx).testzip() is None
        assert docx.read_bytes() in refs.values()
        # the state is truthful: it records the digest of the file that is there
        state = cache.load_state(out)
        assert state["doc.docx#sha256"] == outdir.digest(docx)
        # and the next build of either paper gives exactly that paper's DOCX
        paper = rng.choice(("a4", "a5"))
        after = start(project, out, paper, False)
        after.communicate(timeout=300)
        assert after.returncode == 0 and docx.read_bytes() == refs[paper]
    assert finished >= TRIALS  # at least one build of every trial wrote
