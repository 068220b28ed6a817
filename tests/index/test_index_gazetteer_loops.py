"""Entries the document adds must not make parents or qualifiers loop (a clean, located error)."""

from __future__ import annotations

import pytest

from conftest import run_cli


@pytest.mark.parametrize("link, word", [("parent", "parents"), ("qualifier", "qualifiers")])
def test_loops_are_errors(tmp_path, link, word):
    source = tmp_path / "loop.md"
    source.write_text(
        "---\ntitle: T\nindex:\n  organizations:\n"
        f"    - {{key: aa, name: Бірінші ұйым, {link}: bb}}\n"
        f"    - {{key: bb, name: Екінші ұйым, {link}: aa}}\n---\n\nБірінші ұйым бар.\n",
        encoding="utf-8",
    )
    result = run_cli("index", str(source))
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err
    assert f"{word} loop through" in err
