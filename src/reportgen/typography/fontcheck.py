"""The font-coverage transform: before anything is rendered, the body font must hold every
character the document uses, in every style it uses (typography reference, "Fonts").

The front matter may name a fallback font file under the project (`fonts: {fallback: path}`);
characters only the fallback has are then warnings instead of errors.
"""

from __future__ import annotations

from pathlib import Path

from .. import model as m
from .. import yamlsafe
from ..diagnostics import ReportgenError
from .fonts import DEFAULT_RENDER_MAP, PARATYPE, PT_SERIF, check_coverage

BODY_FONTS = {**PT_SERIF, "mono": PARATYPE / "PTM55F.ttf"}
# Zero-width space, non-joiner, joiner and word joiner have the Default_Ignorable_Code_Point property
# (DerivedCoreProperties.txt): a renderer shows them as nothing, zero width, when the font has no
# glyph for them (Unicode FAQ "Display of Unsupported Characters"), so they need none. PT Serif has none.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060"
RENDER_MAP = {**DEFAULT_RENDER_MAP, **dict.fromkeys(ZERO_WIDTH, "")}


def font_check(doc: m.Document, options) -> None:
    """Fail the build (ReportgenError) if a used character is in no configured font."""
    settings = doc.meta.extra.get("fonts") or {}
    fallback = None
    if isinstance(settings, dict) and settings.get("fallback"):
        from ..safety import allowed_roots, check_path

        source = Path(doc.source) if doc.source else None
        base = source.parent if source else Path(options.project_root)
        fallback = check_path(base / str(settings["fallback"]),
                              allowed_roots(Path(options.project_root), source), "fallback font")
    elif settings and not isinstance(settings, dict):
        raise ReportgenError("front matter 'fonts' must be a mapping such as {fallback: fonts/x.ttf}",
                             doc.source, *yamlsafe.position(doc.meta.extra, "fonts", (doc.meta.line or 1, 1)))
    for glyph in check_coverage(doc, BODY_FONTS, fallback=fallback, render_map=RENDER_MAP):
        options.warnings.add(doc.source, glyph.lines[0] if glyph.lines else 0, 0,
                             f"{glyph.describe()} is set in the fallback font {fallback.name}")
