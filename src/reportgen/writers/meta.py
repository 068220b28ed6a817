"""What every writer prints around the text: the build time (SOURCE_DATE_EPOCH), the front-matter
date in Kazakh, the titles of the generated sections. No renderer is imported here, so that
writers which need none (DOCX, EPUB) start fast."""

from __future__ import annotations

import datetime as dt
import os

from ..diagnostics import ReportgenError

LABELS = {"contents": "Мазмұны", "index": "Көрсеткіш"}


def source_date() -> dt.datetime | None:
    """The build time fixed by SOURCE_DATE_EPOCH (reproducible builds), or None."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    except ValueError:
        raise ReportgenError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}") from None


def date_label(value: str) -> str:
    """The front-matter date in Kazakh long style (CLDR via Babel), or as written."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    from babel.dates import format_date

    # CLDR puts U+202F (narrow no-break space) after «ж.»; PT Serif has no glyph for it (typography
    # reference, "Fonts"), so the ordinary no-break space stands in
    return format_date(day, format="long", locale="kk").replace("\u202f", "\u00a0")
