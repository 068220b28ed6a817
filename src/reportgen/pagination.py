"""The print edition's page starts, for e-books that cite print pages (EPUB page-list).

The print edition is the PDF built with the same options (its `--paper`). Its layout — the PDF
writer's own first pass when the PDF is built too, else a layout made just for this — is read
here: each page's first line of body text is traced back to the model block it belongs to (print
HTML blocks carry `data-b`, the block's position in `model.walk` order, so a start found in one
process names the same block in another) and to how many letters and digits of that block come
before it. `mark_pages` then puts a `PageMarker` there in a copy of the model. Counting only
letters and digits makes the position independent of spaces, soft hyphens and the hyphen added
at a line break.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass

from . import model as m

#: the print HTML's elements that hold a model text block's inlines (and carry its `data-b`): a
#: page may start in a definition's term, a table's cell or caption, a figure's caption, a line
#: block — each gets its page marker as a paragraph does (a page starting at a term or a table
#: had none, and the index's EPUB locators there read the page before)
TEXT_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "td", "th", "caption", "figcaption"}


@dataclass(frozen=True)
class PageStart:
    """Page `page` starts in model block number `block` (its position in `model.walk` order; None:
    the title page) after `offset` letters/digits."""

    page: int
    block: int | None
    offset: int
    text: str  # the first words of the page, for messages and tests


def _alnum(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


def _text_boxes(box, block=None):
    """(TextBox, enclosing text block box) pairs under `box`, in layout order; generated
    content (footnote calls, markers) and floated footnotes are left out."""
    from weasyprint.formatting_structure import boxes

    tag = getattr(box, "element_tag", "") or ""
    if "::" in tag:
        return
    if isinstance(box, (boxes.BlockBox, boxes.TableCellBox)) and (tag in TEXT_BLOCK_TAGS or (
            tag == "div" and "line-block" in (box.element.get("class") or "").split())):
        block = box
    if isinstance(box, boxes.TextBox):
        yield box, block
        return
    for child in getattr(box, "children", ()):
        if child.style["float"] == "footnote":
            continue
        yield from _text_boxes(child, block)


def page_starts(document) -> list[PageStart]:
    """Where each page of a laid-out print document starts, in terms of the model (the print
    HTML rendered with `mark_blocks`)."""
    seen: dict[int, int] = {}  # id(block element) → letters/digits already laid out
    starts: list[PageStart] = []
    for number, page in enumerate(document.pages, 1):
        root = page._page_box.children[0]  # the root box; margin boxes (running heads) come after
        first = True
        repeated: set[int] = set()  # a table's header row repeated at the top of this page
        for text_box, block in _text_boxes(root):
            element = block.element if block is not None else None
            key = id(element)
            if block is not None and block.element_tag == "th" and key in seen and first:
                repeated.add(key)
            if key in repeated:
                continue
            if first and text_box.text.strip():
                first = False
                index = element.get("data-b") if element is not None else None
                if index is not None or number == 1:
                    node = int(index) if index is not None else None
                    starts.append(PageStart(number, node, seen.get(key, 0) if node is not None else 0, text_box.text.strip()[:40]))
            seen[key] = seen.get(key, 0) + _alnum(text_box.text)
    return starts


def print_page_starts(doc: m.Document, options) -> list[PageStart]:
    """Where each page of the print edition (the PDF of these options) starts: lays it out."""
    from .writers import pdf

    return page_starts(pdf.layout(doc, options))


def digest(starts: list[PageStart]) -> str:
    """A short hash of the page starts: the same pages, the same page-list."""
    data = repr([(s.page, s.block, s.offset) for s in starts]).encode()
    return hashlib.sha256(data).hexdigest()[:32]


def _insert(children: list, remaining: int, marker: m.PageMarker) -> int:
    """Insert `marker` after `remaining` letters/digits of the inline list; returns what is left."""
    for i, node in enumerate(children):
        if remaining <= 0:
            children.insert(i, marker)
            return -1
        if isinstance(node, m.Text):
            count = _alnum(node.text)
            if count >= remaining:
                # split after the remaining-th letter/digit, before any following space or mark
                seen = 0
                for cut, ch in enumerate(node.text):
                    if ch.isalnum():
                        seen += 1
                        if seen == remaining:
                            cut += 1
                            break
                rest = node.text[cut:]
                skip = len(rest) - len(rest.lstrip(" \u00a0\u00ad\n-"))
                cut += skip
                if cut >= len(node.text):
                    children.insert(i + 1, marker)
                else:
                    tail = m.Text(node.text[cut:], line=node.line, column=node.column)
                    node.text = node.text[:cut]
                    children[i + 1 : i + 1] = [marker, tail]
                return -1
            remaining -= count
        elif isinstance(node, m.Code):
            remaining -= _alnum(node.text)
        elif isinstance(node, m.INLINE_CONTAINERS):
            remaining = _insert(node.children, remaining, marker)
            if remaining < 0:
                return -1
    if remaining <= 0:
        children.append(marker)
        return -1
    return remaining


def mark_pages(doc: m.Document, starts: list[PageStart]) -> tuple[m.Document, bool]:
    """A copy of `doc` with a PageMarker at each page start; and whether page 1 is the title page
    (its marker belongs at the start of the title page, which is not in the model)."""
    marked = copy.deepcopy(doc)
    nodes = list(m.walk(marked))
    title_page = False
    for start in starts:
        if start.block is None:
            title_page = title_page or start.page == 1
            continue
        block = nodes[start.block]
        marker = m.PageMarker(page=str(start.page), line=block.line)
        _insert(block.children, start.offset, marker)
    return marked, title_page
