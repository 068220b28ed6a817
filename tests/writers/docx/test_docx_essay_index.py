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
