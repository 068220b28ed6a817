"""MathML (as latex2mathml writes it) to Office Math (OMML, ECMA-376 Part 1 §22.1): editable Word
equations, not pictures. The OMML half of the DOCX writer's XML layer (oxml.py holds the `w:` half).

Mapping: token elements (mi, mn, mo, mtext) → `m:r` (a multi-letter mi or an mtext upright,
`m:sty p` / `m:nor`); msup/msub/msubsup → `m:sSup`/`m:sSub`/`m:sSubSup`; a large operator (∑ ∏ ∫ …)
with limits → `m:nary` over what follows it; lim/max/min with a subscript → `m:limLow`; mfrac → `m:f`; msqrt/mroot → `m:rad`; mover with an
accent → `m:acc`, an overline → `m:bar`, otherwise `m:limUpp`; munder → `m:limLow`; mtable →
`m:m`; menclose → `m:borderBox`; mrow, mstyle, mpadded, semantics → their children; brackets
that pair up in a row → `m:d` (a script on the closing one goes on the whole group).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from ...texmath import MATHML_NS

_NARY = set("∑∏∐∫∬∭∮∯∰⋀⋁⋂⋃⨀⨁⨂")
_LIMITS = {"lim", "max", "min", "sup", "inf", "liminf", "limsup", "det", "gcd", "Pr"}
_OVERLINES = {"‾", "¯", "―", "_", "\u0305"}


def _m(tag: str, attrs: dict[str, str] | None = None, *children) -> etree._Element:
    element = OxmlElement(tag, {qn(k): str(v) for k, v in (attrs or {}).items()})
    for child in children:
        if child is not None:
            element.append(child)
    return element


def _local(node: ET.Element) -> str:
    return node.tag.split("}", 1)[1] if node.tag.startswith("{") else node.tag


def _text(node: ET.Element) -> str:
    return "".join(node.itertext())


def omath(mathml: ET.Element) -> etree._Element:
    """`m:oMath` for a `<math>` element."""
    out = _m("m:oMath")
    for child in _sequence(list(mathml)):
        out.append(child)
    return out


def omath_para(mathml: ET.Element) -> etree._Element:
    """`m:oMathPara` (a display equation, centred on its own line) for a `<math>` element."""
    return _m("m:oMathPara", None, omath(mathml))


def _run(text: str, style: str = "") -> etree._Element:
    r = _m("m:r")
    if style == "plain":
        r.append(_m("m:rPr", None, _m("m:sty", {"m:val": "p"})))
    elif style == "normal":
        r.append(_m("m:rPr", None, _m("m:nor")))
    t = _m("m:t")
    # TeX's math `*` is the asterisk operator U+2217 (as unicode-math sets it); LibreOffice reads
    # an ASCII `*` in OMML as StarMath's multiplication with no operands and prints «¿» (W^* → W¿)
    t.text = text.replace("*", "\u2217")
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def _arg(tag: str, node: ET.Element | None) -> etree._Element:
    """An argument element (`m:e`, `m:num`, `m:sup` …) holding `node`'s OMML."""
    out = _m(tag)
    if node is not None:
        for child in _convert(node):
            out.append(child)
    return out


def _args(tag: str, nodes: list[ET.Element]) -> etree._Element:
    out = _m(tag)
    for child in _sequence(nodes):
        out.append(child)
    return out


def _is_nary(node: ET.Element) -> str:
    """The operator character if `node` is a large operator with limits (∑_{i}^{n}), else ""."""
    if _local(node) in ("msub", "msup", "msubsup", "munder", "mover", "munderover") and len(node):
        base = node[0]
        if _local(base) == "mo" and _text(base).strip() in _NARY:
            return _text(base).strip()
    return ""


_BRACKETS = {"(": ")", "[": "]", "{": "}", "\u27e8": "\u27e9", "\u230a": "\u230b", "\u2308": "\u2309"}
_SCRIPTS = {"msup": ("m:sSup", ("m:sup",)), "msub": ("m:sSub", ("m:sub",)), "msubsup": ("m:sSubSup", ("m:sub", "m:sup"))}


def _closer(node: ET.Element) -> str:
    """The closing bracket `node` is, or ends with as a script's base (`)^t`), else ""."""
    kind = _local(node)
    if kind in _SCRIPTS and len(node):
        node, kind = node[0], _local(node[0])
    return _text(node).strip() if kind == "mo" else ""


def _pairs(nodes: list[ET.Element]) -> dict[int, int]:
    """Each opening bracket of the row with the closing one that ends it (one stack pass: linear),
    of the same kind or not — a half-open interval `[0, 1)` is one group; a bracket without a
    partner is left unpaired."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    closers = set(_BRACKETS.values())
    for k, node in enumerate(nodes):
        if _local(node) == "mo" and _text(node).strip() in _BRACKETS:
            stack.append(k)
        elif stack and _closer(node) in closers:
            pairs[stack.pop()] = k
    return pairs


def _delimited(nodes: list[ET.Element], close: ET.Element) -> etree._Element:
    """Brackets and what they hold as one delimiter object (`m:d`); a closing bracket that is a
    script's base gives its script to the whole group: latex2mathml writes `(1+r)^t` as `(`, `1+r`
    and `)^t`, and a bracket standing alone in a run is what LibreOffice cannot import."""
    d = _m("m:d", None, _m("m:dPr", None, _m("m:begChr", {"m:val": _text(nodes[0]).strip()}),
                           _m("m:endChr", {"m:val": _closer(close)})), _args("m:e", nodes[1:]))
    if _local(close) not in _SCRIPTS:
        return d
    tag, parts = _SCRIPTS[_local(close)]
    return _m(tag, None, _m("m:e", None, d), *(_arg(part, child) for part, child in zip(parts, list(close)[1:])))


def _sequence(nodes: list[ET.Element]) -> list[etree._Element]:
    """The OMML of a row of MathML elements; a large operator takes what follows it as its body;
    brackets that pair up in the row are a delimiter object (`_delimited`)."""
    out: list[etree._Element] = []
    pairs = _pairs(nodes)
    k = 0
    while k < len(nodes):
        node = nodes[k]
        operator = _is_nary(node)
        if operator:
            out.append(_nary(node, operator, nodes[k + 1:]))
            return out
        if k in pairs:
            out.append(_delimited(nodes[k: pairs[k]], nodes[pairs[k]]))
            k = pairs[k] + 1
            continue
        out.extend(_convert(node))
        k += 1
    return out


def _nary(node: ET.Element, operator: str, body: list[ET.Element]) -> etree._Element:
    kind = _local(node)
    under = kind in ("munder", "munderover")
    lower = node[1] if kind in ("msub", "msubsup", "munder", "munderover") and len(node) > 1 else None
    upper = None
    if kind in ("msup", "mover") and len(node) > 1:
        upper = node[1]
    elif kind in ("msubsup", "munderover") and len(node) > 2:
        upper = node[2]
    props = _m("m:naryPr", None, _m("m:chr", {"m:val": operator}),
               _m("m:limLoc", {"m:val": "undOvr" if under else "subSup"}),
               _m("m:subHide", {"m:val": "1"}) if lower is None else None,
               _m("m:supHide", {"m:val": "1"}) if upper is None else None)
    return _m("m:nary", None, props, _arg("m:sub", lower), _arg("m:sup", upper), _args("m:e", body))


def _convert(node: ET.Element) -> list[etree._Element]:
    kind = _local(node)
    children = list(node)
    if kind in ("math", "mrow", "mstyle", "mpadded", "semantics", "mphantom", "merror"):
        if kind == "semantics":
            children = children[:1]
        return _sequence(children)
    if kind in ("annotation", "annotation-xml"):
        return []
    if kind == "mi":
        text = _text(node)
        plain = len(text) > 1 or node.get("mathvariant") == "normal"
        return [_run(text, "plain" if plain else "")]
    if kind in ("mn", "mo"):
        return [_run(_text(node), "plain" if kind == "mo" and len(_text(node)) > 1 else "")]
    if kind in ("mtext", "ms"):
        return [_run(_text(node), "normal")]
    if kind == "mspace":
        return [_run(" ")]
    if kind == "msup" and len(children) == 2:
        return [_m("m:sSup", None, _arg("m:e", children[0]), _arg("m:sup", children[1]))]
    if kind == "msub" and len(children) == 2 and _local(children[0]) == "mo" and _text(children[0]) in _LIMITS:
        # lim, max, min … with a subscript: the limit below, as TeX sets it displayed (Word's limLow)
        return [_m("m:limLow", None, _arg("m:e", children[0]), _arg("m:lim", children[1]))]
    if kind == "msub" and len(children) == 2:
        return [_m("m:sSub", None, _arg("m:e", children[0]), _arg("m:sub", children[1]))]
    if kind == "msubsup" and len(children) == 3:
        return [_m("m:sSubSup", None, _arg("m:e", children[0]), _arg("m:sub", children[1]), _arg("m:sup", children[2]))]
    if kind == "mfrac" and len(children) == 2:
        props = _m("m:fPr", None, _m("m:type", {"m:val": "noBar"})) if node.get("linethickness") in ("0", "0pt") else None
        return [_m("m:f", None, props, _arg("m:num", children[0]), _arg("m:den", children[1]))]
    if kind == "msqrt":
        return [_m("m:rad", None, _m("m:radPr", None, _m("m:degHide", {"m:val": "1"})), _m("m:deg"),
                   _args("m:e", children))]
    if kind == "mroot" and len(children) == 2:
        return [_m("m:rad", None, _arg("m:deg", children[1]), _arg("m:e", children[0]))]
    if kind == "mover" and len(children) == 2:
        mark = _text(children[1]).strip()
        if mark in _OVERLINES:
            return [_m("m:bar", None, _m("m:barPr", None, _m("m:pos", {"m:val": "top"})), _arg("m:e", children[0]))]
        if node.get("accent") == "true" or children[1].get("accent") == "true":
            return [_m("m:acc", None, _m("m:accPr", None, _m("m:chr", {"m:val": mark or "^"})), _arg("m:e", children[0]))]
        return [_m("m:limUpp", None, _arg("m:e", children[0]), _arg("m:lim", children[1]))]
    if kind == "munder" and len(children) == 2:
        return [_m("m:limLow", None, _arg("m:e", children[0]), _arg("m:lim", children[1]))]
    if kind == "munderover" and len(children) == 3:
        low = _m("m:limLow", None, _arg("m:e", children[0]), _arg("m:lim", children[1]))
        return [_m("m:limUpp", None, _m("m:e", None, low), _arg("m:lim", children[2]))]
    if kind == "mtable":
        matrix = _m("m:m")
        for row in children:
            mr = _m("m:mr")
            for cell in (list(row) if _local(row) in ("mtr", "mlabeledtr") else [row]):
                mr.append(_args("m:e", list(cell)))
            matrix.append(mr)
        return [matrix]
    if kind == "menclose":
        return [_m("m:borderBox", None, _args("m:e", children))]
    if kind == "mfenced":
        return [_m("m:d", None, _m("m:dPr", None, _m("m:begChr", {"m:val": node.get("open", "(")}),
                                   _m("m:endChr", {"m:val": node.get("close", ")")})),
                   *[_args("m:e", [c]) for c in children])]
    return _sequence(children) if children else [_run(_text(node))]
