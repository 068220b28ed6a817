"""Targeted fixes to WeasyPrint: a faster import, and its footnote layout (applied once before
the PDF is laid out).

Import: WeasyPrint loads Pango, HarfBuzz and fontconfig through cffi, trying several names per
library ("libpango-1.0-0", "pango-1.0", … "libpango-1.0.so.0"). cffi hands every name that does not
load as it is to `ctypes.util.find_library`, which on Linux runs `ldconfig -p` and a C compiler in
subprocesses: about fifty of them, 0.2 s of every WeasyPrint import (a third of it). `fast_import`
imports WeasyPrint with that search turned off, so the names that are real sonames load directly;
where that fails (a system on which only the search finds the libraries) it imports again normally.

Footnotes:

WeasyPrint (checked on 70; pyproject pins 70.x) moves footnotes that are already on a page to the next page to make
room for one more line of a paragraph (`_linebox_layout`: "first try to report footnotes"), even
when the footnote's call stays on the current page. CSS GCPM § 2.6 `footnote-policy: line` asks
for the opposite: the *line* with the call moves, never the note away from its call. The fix makes
that reporting happen only when every footnote on the page has `footnote-policy: auto`;
styles/print.css sets `line`. If WeasyPrint's code no longer has the statement, nothing is
patched and the PDF writer's own check (`misplaced_notes`) still reports any misplaced note.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import sys
import textwrap

_ORIGINAL = "report = not context.in_column and can_break_now and not could_break_before"
_FIXED = (
    "report = (not context.in_column and can_break_now and not could_break_before and "
    "all(note.style['footnote_policy'] == 'auto' for note in context.current_page_footnotes))"
)
_applied: bool | None = None


def fast_import() -> None:
    """Import WeasyPrint without `ctypes.util.find_library`'s subprocesses (see above)."""
    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        # on failure WeasyPrint prints installation advice before raising: not yet, it may load below
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except OSError:
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    import weasyprint  # noqa: F401, F811 (a no-op when the fast import worked)


def apply() -> bool:
    """Patch WeasyPrint's line layout once; True if the fix is in place."""
    global _applied
    if _applied is not None:
        return _applied
    from weasyprint.layout import block

    source = textwrap.dedent(inspect.getsource(block._linebox_layout))
    if source.count(_ORIGINAL) != 1:
        _applied = False
        return False
    namespace = dict(vars(block))
    exec(compile(source.replace(_ORIGINAL, _FIXED), block.__file__, "exec"), namespace)  # noqa: S102
    block._linebox_layout = namespace["_linebox_layout"]
    _applied = True
    return True
