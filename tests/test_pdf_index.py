"""The PDF's index: every page number it prints is a page where the entry is mentioned, and every
mention's page is printed (issue 6). Read from the PDF itself: the index's link annotations, the
printed numbers under them (pdftotext in the link's box), and the text of the pages."""

from __future__ import annotations

import re
import subprocess

import pypdf

from conftest import ESSAY, pdf_pages, squash

from reportgen import model as m
from reportgen.pipeline import Options, load


def entries_by_anchor(doc: m.Document) -> dict[str, m.IndexEntry]:
    out = {}

    def visit(entries):
        for entry in entries:
            for anchor in entry.anchors:
                out[anchor] = entry
            visit(entry.children)

    for section in doc.index:
        visit(section.entries)
    return out


def printed_text(pdf, page_number: int, rect, page_height: float) -> str:
    xa, ya, xb, yb = (float(v) for v in rect)
    x0, x1, y0, y1 = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)  # WeasyPrint writes them top-down
    args = ["pdftotext", "-f", str(page_number), "-l", str(page_number), "-r", "72",
            "-x", str(int(x0) - 1), "-y", str(int(page_height - y1) - 1),
            "-W", str(int(x1 - x0) + 3), "-H", str(int(y1 - y0) + 2), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def test_index_page_numbers_match_the_mentions(essay_pdf):
    doc = load(ESSAY, Options())
    assert doc.index, "the essay has an index"
    owner = entries_by_anchor(doc)
    mentions = {n.anchor: n for n in m.query(doc, m.Mention)}
    reader = pypdf.PdfReader(essay_pdf)
    dests = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    texts = [squash(p) for p in pdf_pages(essay_pdf)]

    # every mention stands on the page its anchor is on (a word hyphenated over the page end counts)
    for anchor, mention in mentions.items():
        page = dests[anchor]
        words = squash(m.plain_text(mention))
        assert words in texts[page - 1] + texts[page] if page < len(texts) else texts[page - 1], anchor

    index_start = dests["index-section"]
    printed: dict[int, set[int]] = {}  # id(entry) → pages printed for it
    links = 0
    for number in range(index_start, len(reader.pages) + 1):
        page = reader.pages[number - 1]
        height = float(page.mediabox.height)
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            dest = annot.get("/Dest")
            if not isinstance(dest, str) or dest not in owner:
                continue
            text = printed_text(essay_pdf, number, annot["/Rect"], height).strip(" ,")
            match = re.fullmatch(r"(\d+)(?:–(\d+))?", text)
            assert match, f"locator text {text!r} on index page {number}"
            first, last = int(match[1]), int(match[2] or match[1])
            assert first <= dests[dest] <= last, f"{dest}: printed {text}, mention on page {dests[dest]}"
            entry = owner[dest]
            pages_of_entry = {dests[a] for a in entry.anchors}
            for p in range(first, last + 1):
                assert p in pages_of_entry, f"{entry.label!r}: page {p} printed but nothing of it is there"
            printed.setdefault(id(entry), set()).update(range(first, last + 1))
            links += 1
    assert links >= 20
    for anchor, entry in owner.items():
        assert dests[anchor] in printed.get(id(entry), set()), f"{entry.label!r}: page {dests[anchor]} missing"


def test_a_page_number_never_stands_alone_on_a_line(essay_pdf):
    """«…құрылым, 4,/11»: the last locator is tied to the one before (issue 18 item 8)."""
    pages = pdf_pages(essay_pdf)
    start = max(i for i, page in enumerate(pages) if "Ұйымдар" in page)
    lines = [line.strip() for page in pages[start - 1:] for line in page.splitlines() if line.strip()]
    alone = [(a, b) for a, b in zip(lines, lines[1:]) if a.endswith(",") and re.fullmatch(r"\d+(–\d+)?", b)]
    assert alone == []


def test_an_entry_breaks_at_its_last_space_before_the_glued_locator(tmp_path):
    """In an A5 column «Білім және ғылым министрлігі, 4» is two lines «Білім және ғылым» /
    «министрлігі, 4»: WeasyPrint, finding no break before the link after the no-break space, broke
    at the entry's first space («Білім» / «және ғылым министрлігі, 4»); the last word and its
    locator are one unbreakable span now."""
    from conftest import build_source

    out, _ = build_source(tmp_path, "---\ntitle: Т\n---\n\n# Бөлім\n\nБілім және ғылым министрлігі "
                                    "жаңа бағдарлама қабылдады.\n", "--paper", "a5", "--to", "pdf")
    pages = pdf_pages(out / "doc.pdf", layout=True)
    index = [line.strip() for line in pages[-1].splitlines() if line.strip()]
    at = next(k for k, line in enumerate(index) if line.startswith("Білім"))
    assert index[at:at + 2] == ["Білім және ғылым", "министрлігі, 3"], index


def _first_lines(pdf, page: int) -> list[str]:
    """The first line of text of each column of `page` (after the running head)."""
    text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [line for line in text.splitlines() if line.strip()][1:]  # the running head first
    return [cell.strip() for cell in re.split(r"\s{3,}", lines[0].strip())]


def test_a_group_continued_in_the_next_column_repeats_its_heading(essay_pdf, tmp_path):
    """Issue 18 item 8: a year group that runs on into the next column or page starts it with
    «2002 (жалғасы)» (writers/pdf.continuations; the columns are balanced, so the index is laid
    out again until the headings stand where the groups break)."""
    pages = len(pypdf.PdfReader(str(essay_pdf)).pages)
    assert _first_lines(essay_pdf, pages) == ["2002 (жалғасы)", "2003 (жалғасы)"]
    assert "\n".join(pdf_pages(essay_pdf)).count("(жалғасы)") == 2
    # a document of one long year: every column after its first opens with the heading
    months = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
              "қараша", "желтоқсан"]
    text = "\n\n".join(f"Оқиға 2002 жылғы {k % 27 + 1} {months[k % 12]}да болды, басқасы {1990 + k % 10} жылы."
                       for k in range(90))
    (tmp_path / "long.md").write_text(f"---\ntitle: Даталар\n---\n\n# Бөлім\n\n{text}\n", encoding="utf-8")
    from conftest import run_cli
    assert run_cli("build", "long.md", "--to", "pdf", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    pdf = tmp_path / "out" / "long.pdf"
    last = len(pypdf.PdfReader(str(pdf)).pages)
    assert _first_lines(pdf, last) == ["2002 (жалғасы)", "2002 (жалғасы)"]
    first = subprocess.run(["pdftotext", "-layout", "-f", str(last - 1), "-l", str(last - 1), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    after = [line for line in first[next(k for k, line in enumerate(first) if "Даталар" in line) + 1:] if line.strip()]
    assert re.split(r"\s{3,}", after[0].strip())[-1] == "2002 (жалғасы)"  # the index's first page: column two
    assert "\n".join(pdf_pages(pdf)).count("(жалғасы)") == 3
