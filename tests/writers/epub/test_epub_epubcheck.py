"""EPUBCheck 5 finds nothing (0 fatals, 0 errors, 0 warnings) in the e-books of the essay and of a
second, different document (lists, block quote, emphasis, code, links, several sections, notes)."""

from __future__ import annotations

import pytest

from epub_helpers import built, epubcheck


def _report(kind: str) -> str:
    report = epubcheck(built(kind))
    counts = report["checker"]
    lines = [f"{m['severity']} {m['ID']}: {m['message']} @ "
             + ", ".join(f"{loc['path']}:{loc.get('line')}" for loc in m["locations"][:3])
             for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert (counts["nFatal"], counts["nError"], counts["nWarning"]) == (0, 0, 0), "\n".join(lines)
    assert report["publication"]["ePubVersion"].startswith("3")
    return report


@pytest.mark.parametrize("kind", ["essay", "essay-index", "sample", "sample-noshy"])
def test_epubcheck_reports_nothing(kind):
    report = _report(kind)
    assert report["checker"]["checkerVersion"].startswith("5.")
