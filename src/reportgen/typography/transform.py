"""The typography and hyphenation transforms over the document model, and their plain-text forms.

`typography(doc, options)` — quotes, dashes, no-break spaces and hyphens, digit groups and the
ellipsis of the Kazakh typography reference, in the `Text` nodes of every heading and paragraph
(body, block quotes, lists, footnotes) and in the title, subtitle and author of the metadata.
A paragraph or heading is one stream across its inline nodes (a quote may open in plain text and
close inside an emphasis); `Code` and `CodeBlock` are never touched. House style comes from the
front matter key `typography` (see `style.HouseStyle`). Idempotent.

`hyphenation(doc, options)` — when `options.hyphenate`, soft hyphens (U+00AD) at every allowed
break (see `hyphenate`) of the words of body and footnote paragraphs; never headings, metadata,
the index or code. Existing soft hyphens are removed first, so it is idempotent.

The result is characters only (U+00A0, U+2011, U+00AD); writers map them (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Callable

from .. import model as m
from .hyphenate import SHY, hyphenate_stream
from .quotes import normalize_quotes
from .rules import NBHY, NBSP, apply_rules
from .stream import Stream
from .style import HouseStyle

_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n\s*)")


def house_style(doc: m.Document) -> HouseStyle:
    """The house style of `doc`: its front matter `typography:` mapping over the reference defaults."""
    return HouseStyle.from_mapping(doc.meta.extra.get("typography"), doc.source, doc.meta.line)


def typeset_stream(stream: Stream, style: HouseStyle, warn: Callable[[int, str], None] | None = None) -> None:
    """Apply every typography rule to one block's stream (quotes first)."""
    normalize_quotes(stream, style, warn)
    apply_rules(stream, style)


def _warner(stream: Stream, doc: m.Document, options) -> Callable[[int, str], None]:
    offsets: list[int] = []  # per character: how many before it belong to its node (made on first use)

    def warn(index: int, message: str) -> None:
        node = stream.node_at(index)
        if node is None or options is None or not hasattr(options, "warnings"):
            return
        if not offsets:  # counted once per block, not once per warning (quadratic for many marks)
            seen: dict[int, int] = {}
            for owner in stream.owners:
                offsets.append(seen.get(owner, 0))
                seen[owner] = offsets[-1] + 1
        column = node.column + offsets[index] if node.column else 0
        options.warnings.add(doc.source, node.line, column, message)

    return warn


_OPEN_LEFT = "quotation mark opened here is not closed"
_CLOSE_ONLY = "closing quotation mark without an opening one"


def typography(doc: m.Document, options=None) -> None:
    """The typography transform (see the module docstring): changes `doc` in place."""
    style = house_style(doc)
    held = []  # per block: the warnings it gave, kept until the next block is seen
    # the references list too (initials bound to the surname, `№ 3`, ranges), keeping the
    # en dash of its «. – » separators (ГОСТ Р 7.0.100-2018 § 4.3), whatever the text's dash
    references = dataclasses.replace(style, dash="en")
    for block in (*m.text_blocks(doc), *m.query(doc, m.BibEntry)):
        stream = Stream.from_inlines(block.children)
        heard: list[tuple[int, str]] = []
        typeset_stream(stream, references if isinstance(block, m.BibEntry) else style,
                       lambda index, message: heard.append((index, message)))
        warn = _warner(stream, doc, options)
        held.append((warn, heard))
        stream.write_back()
    # A quotation may run over several paragraphs, opened in the first and closed in the last
    # (the opening mark is not repeated): that pair of "unbalanced" paragraphs is not a fault.
    for k in range(len(held) - 1):
        opened = [h for h in held[k][1] if h[1].startswith(_OPEN_LEFT)]
        closed = [h for h in held[k + 1][1] if h[1].startswith(_CLOSE_ONLY)]
        if len(opened) == 1 and len(closed) == 1:
            held[k][1].remove(opened[0])
            held[k + 1][1].remove(closed[0])
    for warn, heard in held:
        for index, message in heard:
            warn(index, message)
    for name in ("title", "subtitle", "author"):
        value = getattr(doc.meta, name)
        if value:
            setattr(doc.meta, name, typeset_text(value, style))


def _not_kazakh(node: m.Node) -> bool:
    """A span marked as another language or as not to be hyphenated (`[...]{lang=en}`, `{.nohyphenate}`),
    or a citation (names and numbers of a reference are never broken)."""
    if isinstance(node, m.Cite):
        return True
    if not isinstance(node, m.Span):
        return False
    lang = node.attrs.get("lang", "")
    return bool(lang and not lang.lower().startswith("kk")) or bool({"nohyphenate", "nohyphen"} & set(node.classes))


def hyphenation(doc: m.Document, options=None) -> None:
    """The hyphenation transform (see the module docstring): changes `doc` in place."""
    if options is not None and not getattr(options, "hyphenate", True):
        return
    for block in m.query(doc, m.Paragraph, m.TableCell):  # never headings or captions
        stream = Stream.from_inlines(block.children, opaque=_not_kazakh)
        hyphenate_stream(stream)
        stream.write_back()


def typeset_text(
    text: str,
    style: HouseStyle | None = None,
    hyphenate: bool = False,
    warn: Callable[[int, int, str], None] | None = None,
) -> str:
    """Plain `text` typeset; paragraphs are separated by blank lines (quotes never cross them).

    `warn(line, column, message)` hears about unbalanced quotation marks (1-based, in `text`).
    """
    style = style or HouseStyle()
    pieces = _PARAGRAPH_BREAK.split(text)
    # where each line starts: a warning's line is looked up, not counted from the start each time
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)] if warn else []
    base = 0
    for k, piece in enumerate(pieces):
        if k % 2 == 0:
            stream = Stream.from_string(piece)

            def where(index: int, message: str, base: int = base) -> None:
                if warn:
                    at = base + index
                    line = bisect.bisect_right(line_starts, at)
                    warn(line, at - line_starts[line - 1] + 1, message)

            typeset_stream(stream, style, where)
            if hyphenate:
                hyphenate_stream(stream)
            pieces[k] = stream.text
        base += len(piece)
    return "".join(pieces)


SHOW = {NBSP: "·", NBHY: "=", SHY: "¦"}


def show_invisible(text: str) -> str:
    """Make the typeset characters visible: no-break space `·`, no-break hyphen `=`, soft hyphen `¦`."""
    return text.translate(str.maketrans(SHOW))
