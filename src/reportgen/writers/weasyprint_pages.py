"""What the PDF laid out in parts (writers/parts.py) needs from WeasyPrint's internals (checked on
70; pyproject pins 70.x): the layout context kept with a laid-out document, page numbers set after
layout, and internal links kept when their anchor is laid out in another part.

A part is laid out without knowing on which page it starts: only the page-margin boxes (the page
number, CSS Paged Media § 5 `counter(page)`, `counter(pages)`) depend on that, and WeasyPrint makes
them last, from each page's counter state (`layout_document`: "Add margin boxes"). `renumber`
makes them again from that state with the page counter set: a few milliseconds per page, where
laying the part out again would cost all of it.
"""

from __future__ import annotations

import contextlib
import copy

# `break-before` values that start a new page (CSS Fragmentation 3 § 3.1)
PAGE_BREAKS = frozenset({"page", "left", "right", "recto", "verso"})


@contextlib.contextmanager
def keeping_context(kept: list):
    """While rendering: append each layout's LayoutContext to `kept` (weasyprint.document calls
    `layout_document(html, root_box, context)`), for `renumber`."""
    from weasyprint import document

    original = document.layout_document

    def keeping(html, root_box, context, *args, **kwargs):
        kept.append(context)
        return original(html, root_box, context, *args, **kwargs)

    document.layout_document = keeping
    try:
        yield
    finally:
        document.layout_document = original


def renumber(document, context, first: int, total: int) -> None:
    """Make the page-margin boxes of a laid-out `document` again as if its first page were page
    `first` of `total`: its running heads stay (their strings are the part's own), its page
    numbers change. `context`: the document's LayoutContext (`keeping_context`)."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.background import layout_box_backgrounds
    from weasyprint.layout.page import make_margin_boxes

    for number, page in enumerate(document.pages, 1):
        box = page._page_box
        kept = [child for child in box.children if not isinstance(child, boxes.MarginBox)]
        state = copy.deepcopy(context.page_maker[number][3])  # (quotes, counter values, scopes, groups)
        state[1]["page"] = [first + number - 1]
        state[1]["pages"] = [total]
        context.current_page = number
        margins = list(make_margin_boxes(context, box, state))
        for margin in margins:
            layout_box_backgrounds(box, margin, context.get_image_from_uri)
        box.children = tuple(kept + margins)


def opens_page(document, ident: str) -> bool | None:
    """Whether the element `ident` on the document's first page starts a page by its style
    (`break-before: page`): what makes a part's first chapter open a page in one layout too.
    None if it is not on the first page."""
    if not document.pages:
        return None
    stack = [document.pages[0]._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and element.get("id") == ident and getattr(box, "element_tag", "") == element.tag:
            return box.style["break_before"] in PAGE_BREAKS
        stack.extend(reversed(getattr(box, "children", ())))
    return None


def resolve_links(elsewhere: frozenset[str]):
    """WeasyPrint's `resolve_links` (weasyprint/pdf/anchors.py), except that an internal link to an
    anchor in `elsewhere` (another part of the same PDF) is kept: the merged PDF's named
    destinations resolve it (writers/pdfmerge.py)."""

    def resolve(pages):
        anchors: set[str] = set()
        paged = []
        for page in pages:
            here = []
            for name, (x, y, _, _) in page.anchors.items():
                if name not in anchors:  # the first of several anchors of one name
                    here.append((name, x, y))
                    anchors.add(name)
            paged.append(here)
        for page, here in zip(pages, paged):
            links = [link for link in page.links
                     if link[0] != "internal" or link[1] in anchors or link[1] in elsewhere]
            yield links, here

    return resolve


@contextlib.contextmanager
def linking_elsewhere(elsewhere: frozenset[str]):
    """While writing one part: its links to anchors of the other parts are kept (`resolve_links`)."""
    from weasyprint import pdf

    original = getattr(pdf, "resolve_links", None)
    if original is None:
        yield
        return
    pdf.resolve_links = resolve_links(elsewhere)
    try:
        yield
    finally:
        pdf.resolve_links = original
