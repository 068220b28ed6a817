"""A targeted fix to WeasyPrint's footnote layout, applied once before the PDF is laid out.

WeasyPrint (checked on 70; pyproject pins 70.x) moves footnotes that are already on a page to the next page to make
room for one more line of a paragraph (`_linebox_layout`: "first try to report footnotes"), even
when the footnote's call stays on the current page. CSS GCPM § 2.6 `footnote-policy: line` asks
for the opposite: the *line* with the call moves, never the note away from its call. The fix makes
that reporting happen only when every footnote on the page has `footnote-policy: auto`;
styles/print.css sets `line`. If WeasyPrint's code no longer has the statement, nothing is
patched and the PDF writer's own check (`misplaced_notes`) still reports any misplaced note.
"""

from __future__ import annotations

import inspect
import textwrap

_ORIGINAL = "report = not context.in_column and can_break_now and not could_break_before"
_FIXED = (
    "report = (not context.in_column and can_break_now and not could_break_before and "
    "all(note.style['footnote_policy'] == 'auto' for note in context.current_page_footnotes))"
)
_applied: bool | None = None


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
