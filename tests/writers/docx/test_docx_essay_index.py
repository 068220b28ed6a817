"""The essay's own index in the DOCX, as LibreOffice lays it out: every page number printed for an
entry is a page where one of its mentions stands (issue 6; PAGEREF fields computed by LibreOffice),
and the locators are one per page, consecutive pages a range (issue 18 item 1: the DOCX merges the
mentions by the pages it estimates; LibreOffice computes each PAGEREF from its own layout, so
where the two differ by a page a range can end where it starts — at most one such list is
allowed, against 14 of 69 lists with a repeated page before the merge)."""

from __future__ import annotations

import re

from docx_fixtures import essay_docx, essay_lo, load_doc, pdf_pages, squash  # noqa: F401 (fixtures)

from reportgen import model as m


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u2011", "-"))


def entries(doc: m.Document):
    def visit(items):
        for entry in items:
            yield entry
            yield from visit(entry.children)

    for section in doc.index:
        yield from visit(section.entries)


def test_every_printed_page_holds_its_mention(essay_lo):
    pdf, result = essay_lo
    assert result.returncode == 0
    doc = load_doc()
    pages = pdf_pages(pdf)
    start = min(i for i, p in enumerate(pages) if p.lstrip().startswith("Көрсеткіш"))  # the running head repeats it
    index = flat("\n".join(pages[start:]))
    squashed = [squash(p) for p in pages] + [""]
    mentions = {n.anchor: squash(m.plain_text(n)) for n in m.query(doc, m.Mention)}
    labels = [flat(e.label) for e in entries(doc) if e.anchors]
    # a label that ends another one could be found inside it: make sure there is none
    assert not [(a, b) for a in labels for b in labels if a != b and b.endswith(" " + a)]
    checked = repeated = 0
    for entry in entries(doc):
        if not entry.anchors:
            continue
        match = re.search(r"(?<![\w–-])" + re.escape(flat(entry.label)) + r"((?:, \d+(?:–\d+)?)+)", index)
        assert match, f"{entry.label!r} not in LibreOffice's index"
        locators = re.findall(r"\d+(?:–\d+)?", match.group(1))
        assert len(locators) <= len(entry.anchors), (entry.label, locators)
        pages = [n for loc in locators for n in range(int(loc.split("–")[0]), int(loc.split("–")[-1]) + 1)]
        repeated += len(pages) != len(set(pages)) or any(loc.split("–")[0] == loc.split("–")[-1] and "–" in loc
                                                        for loc in locators)
        # each printed number is a PAGEREF to a mention: the page holds one of the entry's mentions
        words = {mentions[a] for a in entry.anchors}
        for page in (int(n) for loc in locators for n in loc.split("–")):
            here = squashed[page - 1] + squashed[page]  # a word hyphenated over the page end counts
            assert any(w in here for w in words), f"{entry.label!r}: none of {words} is on page {page}"
            checked += 1
    assert checked >= 60
    assert repeated <= 1


def test_a_short_year_group_stays_in_one_column_in_libreoffice(essay_lo):
    """Issue 18 item 8, the DOCX: Word and LibreOffice lay the index's columns out themselves, so
    the PDF's repeated heading cannot be placed; a group of at most KEEP_GROUP dates is kept in one
    column instead (w:keepNext): in LibreOffice's layout each such group's lines are on one page,
    beside each other in the same column, the year first."""
    from reportgen.writers.docx import KEEP_GROUP

    pdf, _ = essay_lo
    doc = load_doc()
    pages = pdf_pages(pdf, layout=True)
    start = min(i for i, p in enumerate(pages) if p.lstrip().startswith("Көрсеткіш"))
    groups = [e for section in doc.index for e in section.entries if e.label[:1].isdigit() and 1 < len(e.children) <= KEEP_GROUP]
    assert len(groups) >= 3
    columns = []
    for number, page in enumerate(pages[start:], start + 1):
        for line in page.splitlines():
            # the right column begins where the page's second column of text does (x of «Даталар» …)
            columns += [(number, 0 if m_.start() < 40 else 1, m_.group(0).strip())
                        for m_ in re.finditer(r"\S(?:\S| (?! ))*", line)]
    for group in groups:
        year = flat(group.label)
        where = [(page, column) for page, column, text in columns
                 if re.match(rf"{re.escape(year)}(?: ж\.|,|$)", flat(text))]
        assert len(set(where)) == 1, f"the group {year} is split over {sorted(set(where))}"


def test_the_docx_keeps_each_short_group_together(essay_docx):
    """In the XML: every line of a short group but its last is in a style kept with the next
    ("Index 1 Kept", "Index 2 Kept"); a long group's lines are not."""
    import zipfile

    from lxml import etree

    from reportgen.writers.docx import KEEP_GROUP

    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    root = etree.fromstring(zipfile.ZipFile(essay_docx).read("word/document.xml"))
    paragraphs = root.findall(".//w:body/w:p", ns)
    text = ["".join(p.itertext()) for p in paragraphs]
    styles = etree.fromstring(zipfile.ZipFile(essay_docx).read("word/styles.xml"))
    keeping = {s.get(f"{{{ns['w']}}}styleId") for s in styles.findall("w:style", ns)
               if s.find("w:pPr/w:keepNext", ns) is not None}
    kept = [(p.find("w:pPr/w:pStyle", ns) is not None and p.find("w:pPr/w:pStyle", ns).get(f"{{{ns['w']}}}val") in keeping)
            for p in paragraphs]
    doc = load_doc()
    index = max(k for k, t in enumerate(text) if flat(t).strip() == "Көрсеткіш")  # the index's heading

    def lines(entry) -> int:
        return 1 + sum(lines(child) for child in entry.children)

    checked = 0
    for group in (e for section in doc.index for e in section.entries if e.children):
        at = next(k for k, t in enumerate(text) if k > index and flat(t).startswith(flat(group.label)))
        lines_ = lines(group)
        if lines_ <= KEEP_GROUP + 1:
            assert kept[at : at + lines_ - 1] == [True] * (lines_ - 1) and not kept[at + lines_ - 1], group.label
            checked += 1
        else:
            assert not any(kept[at : at + lines_])
    assert checked >= 5
