"""The index against the hand annotations of both documents (bench/index_quality.py): 0.95 or better."""

from __future__ import annotations

import importlib.util

from conftest import ROOT


def test_precision_and_recall_at_least_095(capsys):
    spec = importlib.util.spec_from_file_location("index_quality", ROOT / "bench" / "index_quality.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    status = bench.main(["--min", "0.95"])
    out = capsys.readouterr().out
    assert "essay" in out and "second" in out
    assert status == 0, out
