"""The font-coverage transform: before anything is rendered, the body font must hold every
character the document uses, in every style it uses (typography reference, "Fonts").

The front matter may name a fallback font file under the project (`fonts: {fallback: path}`);
characters only the fallback has are then warnings instead of errors. Characters neither has are
set in an installed font for their script (fallback.py: Noto first), recorded in `doc.fonts` for
the writers and named in a note; only a character no installed font has fails the build.
"""

from __future__ import annotations

from pathlib import Path

from .. import model as m
from .. import yamlsafe
from ..diagnostics import ReportgenError
from . import fallback as installed_fallbacks
from .fonts import DEFAULT_RENDER_MAP, PARATYPE, PT_SERIF, check_coverage, raise_missing_glyphs

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
    glyphs = check_coverage(doc, BODY_FONTS, fallback=fallback, render_map=RENDER_MAP, raise_missing=False)
    for glyph in glyphs:
        if glyph.in_fallback:
            options.warnings.add(doc.source, glyph.lines[0] if glyph.lines else 0, 0,
                                 f"{glyph.describe()} is set in the fallback font {fallback.name}")
    lacking = [g for g in glyphs if not g.in_fallback]
    chars = "".join(dict.fromkeys(RENDER_MAP.get(g.char, g.char) for g in lacking))
    chosen, missing = installed_fallbacks.choose(chars)
    raise_missing_glyphs(doc, [g for g in lacking if any(c in missing for c in RENDER_MAP.get(g.char, g.char))],
                         "no installed font has them either: install a font for that script (Debian: "
                         "fonts-noto-core; fonts-noto-cjk for Chinese, Japanese, Korean; fonts-noto-color-emoji)")
    doc.fonts = [m.FontFallback(family=f.family, file=f.file, chars=f.chars) for f in chosen]
    own = set(m.TASK_BOX.values())  # the boxes the reader writes for task lists: no note of the author's text
    for font in chosen:  # the note the reference asks for: which font sets which characters
        chars = "".join(c for c in font.chars if c not in own)
        if not chars:
            continue
        first = min((n for g in lacking if g.char in chars for n in g.lines if n), default=0)
        shown = " ".join(chars[:12]) + (" …" if len(chars) > 12 else "")
        options.warnings.add(doc.source, first, 0,
                             f"{len(chars)} character(s) the body font lacks ({shown}) are set in "
                             f"{font.family} ({font.file})")
