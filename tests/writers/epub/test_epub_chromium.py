"""A chapter of the unpacked EPUB rendered by headless Chromium shows its Kazakh text in the
embedded fonts: Chromium's own account of the fonts it drew each element with
(DevTools `CSS.getPlatformFontsForNode`) names only the embedded subsets, never a system font
(PT Serif is installed system-wide too, so a name check is the only proof)."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from epub_helpers import DevTools, built, chromium

BINARY = chromium()
pytestmark = pytest.mark.skipif(BINARY is None, reason="requires chromium")
EMBEDDED = {"Reportgen Serif", "Reportgen Mono"}


def _render(kind: str, page: str, tmp_path: Path):
    root = tmp_path / "unpacked"
    with zipfile.ZipFile(built(kind)) as z:
        z.extractall(root)
    shot = tmp_path / f"{kind}-{page}.png"
    with tempfile.TemporaryDirectory() as profile:
        tools = DevTools(BINARY, profile)
        try:
            tools.open((root / "EPUB" / page).as_uri())
            fonts = tools.fonts_by_element("body *")
            text = tools.call("Runtime.evaluate", {"expression": "document.body.innerText"})["result"]["value"]
            tools.screenshot(shot)
        finally:
            tools.close()
    if os.environ.get("REPORTGEN_KEEP_SCREENSHOTS"):
        keep = Path(os.environ["REPORTGEN_KEEP_SCREENSHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        (keep / shot.name).write_bytes(shot.read_bytes())
    return fonts, text, shot


@pytest.mark.parametrize("kind,page", [("essay", "section-01.xhtml"), ("sample", "section-01.xhtml"),
                                       ("sample", "section-02.xhtml"), ("essay", "title.xhtml")])
def test_chapter_is_drawn_in_the_embedded_font(kind, page, tmp_path):
    fonts, text, shot = _render(kind, page, tmp_path)
    assert "қ" in text or "Қ" in text, "Kazakh text is on the page"
    glyphs = Counter()
    for element, used in fonts:
        for font in used:
            glyphs[(font["familyName"], font["isCustomFont"])] += font["glyphCount"]
            assert font["familyName"] in EMBEDDED and font["isCustomFont"], (
                f"{element!r} drawn with {font['familyName']} (custom: {font['isCustomFont']})")
    assert sum(glyphs.values()) > 30, glyphs
    assert shot.stat().st_size > 10_000  # a real picture, not a blank page
