"""TeX math (`$…$`, `$$…$$`) to MathML with latex2mathml, and MathML to SVG with ziamath: the
one place that knows both libraries. The EPUB carries the MathML, the PDF the SVG drawn from the
same MathML, the DOCX an OMML equation converted from it (writers/docx/omml.py) — one parse per
formula for all three.

What latex2mathml cannot read (an exception, unbalanced braces, a command it does not know and
leaves as `\\name`) is `Unsupported`: the reader warns at the formula's place and the writers show
the TeX source in code style.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_UNKNOWN_COMMAND = re.compile(r">\\[A-Za-z]+<")


class Unsupported(ValueError):
    """TeX that latex2mathml does not turn into MathML."""


def _balanced(tex: str) -> bool:
    depth = 0
    escaped = False
    for ch in tex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@functools.lru_cache(maxsize=4096)
def mathml(tex: str, display: bool = False) -> str:
    """The MathML (`<math xmlns=… display=…>`) of `tex`; Unsupported when it cannot be read."""
    from latex2mathml.converter import convert

    if not tex.strip() or not _balanced(tex):
        raise Unsupported("unbalanced braces" if tex.strip() else "empty formula")
    try:
        markup = convert(tex, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds on bad input; each means "cannot read"
        raise Unsupported(type(exc).__name__) from None
    unknown = _UNKNOWN_COMMAND.search(markup)
    if unknown:
        raise Unsupported(f"unknown command {unknown.group(0)[1:-1]}")
    return markup


def element(tex: str, display: bool = False) -> ET.Element:
    """The MathML of `tex` as an ElementTree element (for the OMML converter)."""
    return ET.fromstring(mathml(tex, display))


@functools.lru_cache(maxsize=4096)
def svg(tex: str, display: bool = False, size: float = 16.0) -> tuple[str, float, float, float]:
    """The formula drawn by ziamath (STIX Two Math, glyphs as paths): the SVG markup, its width
    and height and its depth below the baseline, in CSS pixels at font size `size`."""
    import ziamath

    drawing = ziamath.Math(mathml(tex, display), size=size, margin=0)
    markup = drawing.svg()
    box = re.search(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"', markup)
    _x, y, width, height = (float(v) for v in box.groups())
    return markup, width, height, height + y
