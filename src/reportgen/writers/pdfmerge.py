"""One PDF from the PDFs of its parts (writers/parts.py), as one layout would have written it.

pikepdf (qpdf) rather than pypdf: it copies objects between files keeping one copy per object
(a structure element's /Pg and an outline item's destination lead to the copied page), where
pypdf's `PdfWriter.append` drops the structure tree. What WeasyPrint writes per file and a merge
must join (checked on WeasyPrint 70's output):

- the structure tree (ISO 32000-1 § 14.7; PDF/UA-1 § 7.1): one /Document element whose kids are
  each page's elements in page order; a /ParentTree number tree keyed by each page's
  /StructParents (0 … pages − 1) and then by each link annotation's /StructParent: both are
  renumbered through the merged pages, then the annotations;
- named destinations (/Names /Dests, a flat sorted array): every part's, one array; the links
  between parts (the contents, the index, cross-references) name them (weasyprint_pages);
- the outline: made again from every part's bookmarks, as one layout nests them (writers/parts.py);
- the fonts: each part subsets its fonts for its own glyphs; `fonts.join` makes one font program
  per face of them (writers/pdffonts.py);
- the catalog, the document information, the XMP metadata and the output intent: the first part's.
"""

from __future__ import annotations

import warnings
from pathlib import Path


def _names(pdf) -> list:
    """The flat [name, destination, …] array of a part's named destinations."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return []
    if "/Kids" in dests:  # WeasyPrint writes a flat array; a tree would need walking
        raise ValueError("a part's named destinations are a tree")
    return list(dests.get("/Names", []))


def merge(parts: list[Path], target: Path, identifier: bytes | None = None, outline: list | None = None,
          renames: list | None = None) -> None:
    """Write the pages of `parts`, in order, as one PDF to `target`; `outline`: the merged outline
    as WeasyPrint's `make_bookmark_tree` gives it (writers/parts.py), in place of the parts' own;
    `renames`: per part, a function giving each of its named destinations its name in the whole
    (a part kept from an earlier build whose index anchors were numbered otherwise)."""
    import pikepdf

    base = pikepdf.open(parts[0])
    others = [pikepdf.open(path) for path in parts[1:]]
    pdfs = [base, *others]
    root = base.Root
    tree = root.get("/StructTreeRoot")
    document = tree.K[0] if tree is not None else None

    page_elements: list = []  # per merged page: its ParentTree array (the elements of its MCIDs)
    annotation_elements: list = []  # (annotation, its structure element), in merged order
    kids = list(document.K) if document is not None else []
    dests: dict[bytes, object] = {}

    for number, pdf in enumerate(pdfs):
        rename = renames[number] if renames and renames[number] else (lambda name: name)
        copy = (lambda obj: obj) if pdf is base else base.copy_foreign
        part_tree = pdf.Root.get("/StructTreeRoot")
        nums = dict(_pairs(part_tree.ParentTree.Nums)) if part_tree is not None else {}
        part_kids = list(part_tree.K[0].K) if part_tree is not None else []
        if pdf is not base:
            for kid in part_kids:  # copied without the part's own document element and tree
                kid.P = pikepdf.Dictionary()
            with warnings.catch_warnings():  # named destinations are merged below (pikepdf warns)
                warnings.simplefilter("ignore")
                base.pages.extend(pdf.pages)
            kids.extend(copy(kid) for kid in part_kids)
        copied = list(base.pages)[len(base.pages) - len(pdf.pages):]
        for page, page_copy in zip(pdf.pages, copied):
            key = int(page.obj.get("/StructParents", -1))
            page_elements.append([copy(element) for element in nums.get(key, [])])
            for annotation in page_copy.obj.get("/Annots", []):
                if "/StructParent" in annotation and int(annotation.StructParent) in nums:
                    annotation_elements.append((annotation, copy(nums[int(annotation.StructParent)])))
        names = _names(pdf)
        for k in range(0, len(names), 2):
            renamed = rename(str(names[k]))
            name = names[k] if renamed == str(names[k]) else pikepdf.String(renamed)
            dests.setdefault(bytes(name), (name, names[k + 1], pdf))

    # the structure tree, renumbered through the merged pages, then the annotations
    if document is not None:
        for kid in kids:
            kid.P = document
        document.K = pikepdf.Array(kids)
        nums = pikepdf.Array()
        for index, (page, elements) in enumerate(zip(base.pages, page_elements)):
            page.obj.StructParents = index
            nums.append(index)
            nums.append(pikepdf.Array(elements))
        for index, (annotation, element) in enumerate(annotation_elements, len(page_elements)):
            annotation.StructParent = index
            nums.append(index)
            nums.append(element)
        tree.ParentTree = base.make_indirect(pikepdf.Dictionary(Nums=nums))
    # named destinations: one sorted flat array (ISO 32000-1 § 7.9.6: keys in sorted order)
    if dests:
        array = pikepdf.Array()
        for key in sorted(dests):
            name, dest, pdf = dests[key]
            array.append(name)
            array.append(_destination(base, pdf, dest))
        names = root.get("/Names")
        if names is None:
            names = root.Names = base.make_indirect(pikepdf.Dictionary())
        names.Dests = base.make_indirect(pikepdf.Dictionary(Names=array))
    # the outline, made again over the merged pages (weasyprint/pdf/anchors.py `add_outlines`)
    if "/Outlines" in root:
        del root["/Outlines"]
    if outline:
        outlines = base.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
        first, last, count = _outline_items(base, outline, outlines)
        outlines.First, outlines.Last, outlines.Count = first, last, count
        root.Outlines = outlines
    from . import pdffonts

    pdffonts.join(base)
    if identifier is not None:
        base.trailer.ID = pikepdf.Array([pikepdf.String(identifier), pikepdf.String(identifier)])
    base.save(target, static_id=identifier is not None, deterministic_id=identifier is None,
              compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for pdf in pdfs:
        pdf.close()


def _outline_items(pdf, trees: list, parent) -> tuple:
    """Outline items of `trees` ((title, (page index, x, y), children, state), as in WeasyPrint's
    `add_outlines`) under `parent`: (first, last, visible count)."""
    import pikepdf

    items, count = [], len(trees)
    for title, (page, x, y), children, state in trees:
        item = pdf.make_indirect(pikepdf.Dictionary(
            Title=pikepdf.String(title), Parent=parent,
            Dest=pikepdf.Array([pdf.pages[page].obj, pikepdf.Name.XYZ, x, y, 0])))
        if children:
            first, last, below = _outline_items(pdf, children, item)
            item.First, item.Last = first, last
            item.Count = -below if state == "closed" else below
            if state != "closed":
                count += below
        else:
            item.Count = 0
        if items:
            item.Prev = items[-1]
            items[-1].Next = item
        items.append(item)
    return (items[0], items[-1], count) if items else (None, None, 0)


def _pairs(nums):
    """(key, value) pairs of a flat number-tree array."""
    items = list(nums)
    return [(int(items[k]), items[k + 1]) for k in range(0, len(items), 2)]


def _destination(base, pdf, dest):
    """A destination array of `pdf` for `base`: its page is the copied page."""
    import pikepdf

    if pdf is base:
        return dest
    items = list(dest)
    return pikepdf.Array([base.copy_foreign(items[0]), *items[1:]])
