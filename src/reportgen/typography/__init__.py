"""Kazakh typography and hyphenation (the transforms), and the font coverage check.

    typography(doc, options)        quotes, dashes, no-break spaces/hyphens, digit groups, `…`
    hyphenation(doc, options)       soft hyphens in body and footnote paragraphs
    typeset_text(text, ...)         the same on plain text (the `typeset` command)
    hyphenate_word(word)            `мек-теп`; break_points(word) the indices
    check_coverage(doc, fonts, ...) characters the fonts lack (typography.fonts)

See docs/typography.md for the rules, the house-style options and what writers must know.
"""

from .hyphenate import break_points, hyphenate_text, hyphenate_word
from .style import HouseStyle
from .transform import house_style, hyphenation, show_invisible, typeset_text, typography

__all__ = [
    "HouseStyle",
    "break_points",
    "house_style",
    "hyphenate_text",
    "hyphenate_word",
    "hyphenation",
    "show_invisible",
    "typeset_text",
    "typography",
]
