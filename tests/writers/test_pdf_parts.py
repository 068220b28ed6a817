"""The PDF laid out in parts and merged (writers/parts.py, pdfmerge.py, pdffonts.py) is the PDF of
one layout in everything a reader meets: pages, their text and pictures, the outline, the links,
the named destinations, the structure tree, one font program per face (issue 19)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from conftest import ESSAY, ROOT, pdf_pages
from reportgen import model as m
from reportgen.pipeline import Options, load
from reportgen.writers import parts, pdf

TABLE = """
| Жыл | Оқиға |
|-----|-------|
| 1945 | БҰҰ құрылды |

: Кесте бөлімі {#tbl-parts}
"""


def make_book(copies: int) -> str:
    """The essay `copies` times (headings and note labels made unique), a list of tables and a
    last chapter that links back to the first chapter and on to the table."""
    text = ESSAY.read_text(encoding="utf-8")
    front, body = re.match(r"(?s)(---\n.*?\n)---\n(.*)", text).groups()
    out = [front + "lot: true\n---\n"]
    for k in range(1, copies + 1):
        copy = re.sub(r"\[\^([^\]]+)\]", rf"[^\1-{k}]", body)
        out.append(re.sub(r"(?m)^(#+ )(.*)$", rf"\1\2 ({k})", copy))
    out.append("# Соңғы тарау {#last}\n\nАлдыңғы тарауды қараңыз: [бірінші тарау](#first-chapter); "
               "кесте [мұнда](#tbl-parts).\n" + TABLE)
    book = "\n\n".join(out)
    return book.replace("# Қазіргі заманның қауіпті қатерлері (1)", "# Қазіргі заманның қауіпті қатерлері (1) {#first-chapter}", 1)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The book written in one layout and in parts with two and three processes; the page starts
    each gave the e-book."""
    folder = tmp_path_factory.mktemp("parts")
    source = folder / "book.md"
    source.write_text(make_book(2), encoding="utf-8")
    (folder / "index.yaml").write_text((ROOT / "source" / "index.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    out = {}
    for processes in (1, 2, 3):  # each in a folder of its own: none finds the others' parts kept
        options = Options(project_root=folder, processes=processes, parts_from=0)
        doc = load(source, options)
        starts: list = []
        (folder / str(processes)).mkdir()
        target = folder / str(processes) / "book.pdf"
        pdf.write(doc, target, options, on_pages=starts.append)
        out[processes] = (target, starts[0], list(options.warnings))
    return folder, out


def test_the_book_is_cut_into_whole_chapters():
    doc = load(ESSAY, Options(project_root=ROOT))
    front_end, spans = parts.chapters(doc)
    headings = [k for k, b in enumerate(doc.blocks) if isinstance(b, m.Heading) and b.level == 1]
    assert front_end == headings[0]
    assert [start for start, _ in spans] == headings
    assert spans[-1][1] == len(doc.blocks)
    assert all(a < b for a, b in spans) and all(spans[k][1] == spans[k + 1][0] for k in range(len(spans) - 1))


def test_groups_share_the_text_as_the_timeline_wants():
    """With two processes the first group (laid out and written here) holds about LAYOUT / (1 +
    LAYOUT) of the text; with more, the others hold equal shares; never more groups than items,
    each a run of consecutive items, together all of them."""
    sizes = [1001] * 10  # ten chapters of one length
    assert [end - start for start, end in parts.groups(sizes, 2)] == [4, 6]  # 4 chapters of 10: 0.40
    spans = parts.groups(sizes, 4)
    counts = [end - start for start, end in spans]
    assert len(spans) == 4 and counts[0] <= min(counts[1:]) and max(counts[1:]) - min(counts[1:]) <= 1
    assert len(parts.groups(sizes, 40)) == 10
    for processes in (2, 3, 4, 40):
        spans = parts.groups(sizes, processes)
        assert spans[0][0] == 0 and spans[-1][1] == len(sizes)
        assert all(spans[k][1] == spans[k + 1][0] and spans[k][0] < spans[k][1] for k in range(len(spans) - 1))


def test_parts_are_used_only_where_they_stand_for_one_layout(tmp_path):
    doc = load(ESSAY, Options(project_root=ROOT))
    assert not parts._suitable(doc, Options(project_root=ROOT, processes=1, parts_from=0), 1)
    assert not parts._suitable(doc, Options(project_root=ROOT, processes=2), 2)  # the essay: too short to pay
    assert parts._suitable(doc, Options(project_root=ROOT, processes=2, parts_from=0), 2)
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "print.css").write_text("h3 { counter-increment: figure; }", encoding="utf-8")
    assert not parts._suitable(doc, Options(project_root=tmp_path, processes=2, parts_from=0), 2)
    # a copy of the shipped print.css (which counts across chapters itself) adds nothing new
    (tmp_path / "styles" / "print.css").write_bytes((ROOT / "styles" / "print.css").read_bytes())
    assert parts._suitable(doc, Options(project_root=tmp_path, processes=2, parts_from=0), 2)


def test_a_chapter_that_does_not_open_a_page_means_one_layout(tmp_path):
    """A project's style that lets chapters run on: the parts' layout finds its first chapter
    does not open a page, and the PDF is laid out whole (its chapters then share pages)."""
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "print.css").write_text(".body h2 { break-before: auto; }", encoding="utf-8")
    source = tmp_path / "essay.md"
    source.write_text(ESSAY.read_text(encoding="utf-8"), encoding="utf-8")
    options = Options(project_root=tmp_path, processes=2, parts_from=0)
    doc = load(source, options)
    assert parts.write(doc, tmp_path / "parts.pdf", options) is None
    assert not (tmp_path / "parts.pdf").exists()


def _page_texts(path: Path) -> list[str]:
    return pdf_pages(path, layout=True)


def test_same_pages_and_text_per_page(built):
    _, out = built
    single = _page_texts(out[1][0])
    assert len(single) > 20
    for processes in (2, 3):
        assert _page_texts(out[processes][0]) == single


def test_same_page_pictures(built, tmp_path):
    """Every page drawn by poppler is the same picture: the fonts joined from the parts' subsets
    have every glyph the pages show."""
    _, out = built
    pictures = {}
    for processes in (1, 3):
        prefix = tmp_path / f"p{processes}"
        subprocess.run(["pdftoppm", "-r", "30", "-gray", str(out[processes][0]), str(prefix)], check=True)
        pictures[processes] = [p.read_bytes() for p in sorted(tmp_path.glob(f"p{processes}-*.pgm"))]
    assert len(pictures[1]) == len(pictures[3]) > 20
    differ = [k + 1 for k, (a, b) in enumerate(zip(pictures[1], pictures[3])) if a != b]
    assert not differ, f"pages drawn differently: {differ}"


def test_same_page_starts_for_the_ebook(built):
    _, out = built
    assert out[2][1] == out[1][1] and out[3][1] == out[1][1]


def _outline(p: pikepdf.Pdf) -> list:
    pages = {page.objgen: k for k, page in enumerate(p.pages)}
    items = []

    def walk(item, depth):
        while item is not None:
            dest = item.Dest
            items.append((depth, str(item.Title), pages[dest[0].objgen], round(float(dest[3]), 1), int(item.Count)))
            if "/First" in item:
                walk(item.First, depth + 1)
            item = item.get("/Next")

    walk(p.Root.Outlines.First, 0)
    return items + [int(p.Root.Outlines.Count)]


def _links(p: pikepdf.Pdf) -> list:
    return [[(tuple(round(float(v)) for v in a.Rect), str(a.get("/Dest", "")), str(a.get("/A", {}).get("/URI", "")))
             for a in page.obj.get("/Annots", [])] for page in p.pages]


def _dests(p: pikepdf.Pdf) -> dict:
    pages = {page.objgen: k for k, page in enumerate(p.pages)}
    names = list(p.Root.Names.Dests.Names)
    return {str(names[k]): (pages[names[k + 1][0].objgen], round(float(names[k + 1][3]), 1)) for k in range(0, len(names), 2)}


def _structure(p: pikepdf.Pdf) -> list:
    """Each page's marked-content elements' types, in MCID order."""
    nums = list(p.Root.StructTreeRoot.ParentTree.Nums)
    tree = {int(nums[k]): nums[k + 1] for k in range(0, len(nums), 2)}
    return [[str(element.S) for element in tree[int(page.obj.StructParents)]] for page in p.pages]


def test_same_outline_links_destinations_and_tags(built):
    _, out = built
    with pikepdf.open(out[1][0]) as one:
        expected = (_outline(one), _links(one), _dests(one), _structure(one))
    assert any("#last" in str(links) or "first-chapter" in str(links) for links in expected[1])
    for processes in (2, 3):
        with pikepdf.open(out[processes][0]) as merged:
            assert _outline(merged) == expected[0]
            assert _links(merged) == expected[1]
            assert _dests(merged) == expected[2]
            assert _structure(merged) == expected[3]


def check_structure(p: pikepdf.Pdf) -> None:
    """The structure tree holds together (ISO 32000-1 § 14.7.4): each page's /StructParents keys
    an array whose n-th element is the one that page's MCID n belongs to and names the page as /Pg;
    each link's /StructParent keys the element whose OBJR is that link; every element below
    the document has its parent as /P; keys are unique."""
    root = p.Root.StructTreeRoot
    nums = list(root.ParentTree.Nums)
    keys = [int(nums[k]) for k in range(0, len(nums), 2)]
    assert len(keys) == len(set(keys))
    tree = dict(zip(keys, (nums[k + 1] for k in range(0, len(nums), 2))))
    for page in p.pages:
        elements = tree[int(page.obj.StructParents)]
        mcids = [int(x) for x in re.findall(rb"/MCID (\d+)", page.obj.Contents.read_bytes())]
        assert sorted(mcids) == list(range(len(elements)))
        for element in elements:
            assert element.Pg.objgen == page.obj.objgen
        for annotation in page.obj.get("/Annots", []):
            element = tree[int(annotation.StructParent)]  # a /Link (WeasyPrint tags a few as /Span)
            objrs = [kid for kid in element.K if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"]
            assert any(objr.Obj.objgen == annotation.objgen for objr in objrs)

    def below(element, parent):
        assert element.P.objgen == parent.objgen
        for kid in element.get("/K", []) if isinstance(element.get("/K"), pikepdf.Array) else []:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/OBJR", "/MCR") and "/S" in kid:
                below(kid, element)

    document = root.K[0]
    for kid in document.K:
        below(kid, document)


def test_the_merged_structure_tree_holds_together(built):
    _, out = built
    for processes in (1, 2, 3):
        with pikepdf.open(out[processes][0]) as p:
            check_structure(p)
            assert str(p.Root.Lang) == "kk" and p.Root.MarkInfo.Marked


def test_one_font_program_per_face(built):
    _, out = built
    with pikepdf.open(out[3][0]) as p:
        programs: dict[str, set] = {}
        for page in p.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0]
                face = re.sub(r"^[A-Z]{6}\+", "", str(descendant.BaseFont))
                programs.setdefault(face, set()).add(descendant.FontDescriptor.FontFile2.objgen)
    assert programs and all(len(objects) == 1 for objects in programs.values()), programs


def test_page_numbers_run_through_the_parts(built):
    """The number at each page's foot is its place in the book (weasyprint_pages.renumber):
    a part laid out on its own would number from 1."""
    _, out = built
    texts = pdf_pages(out[3][0], layout=True)
    numbered = [int(lines[-1]) for lines in ([l.strip() for l in t.splitlines() if l.strip()] for t in texts)
                if lines and lines[-1].isdigit()]
    assert len(numbered) > 20
    assert numbered == sorted(numbered) and len(set(numbered)) == len(numbered)
    assert numbered[-1] <= len(texts) and numbered[-1] >= len(texts) - 4


def test_the_parts_warn_as_one_layout(built):
    _, out = built
    assert [str(w) for w in out[2][2]] == [str(w) for w in out[1][2]]


def test_two_builds_in_parts_are_byte_identical(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folder, _ = built
    options = Options(project_root=folder, processes=2, parts_from=0)
    doc = load(folder / "book.md", options)
    pdf.write(doc, tmp_path / "a.pdf", options)
    pdf.write(doc, tmp_path / "b.pdf", options)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def _copy(folder: Path, tmp_path: Path) -> tuple[Path, Options]:
    """The book and its index.yaml copied to a folder of its own; the options of a build in parts."""
    work = tmp_path / "work"
    work.mkdir()
    for name in ("book.md", "index.yaml"):
        (work / name).write_bytes((folder / name).read_bytes())
    return work, Options(project_root=work, processes=2, parts_from=0)


def _assert_one_layout(work: Path) -> None:
    """work/book.pdf has the pages, line by line, of a single layout of work/book.md."""
    single = Options(project_root=work, processes=1, parts_from=0)
    pdf.write(load(work / "book.md", single), work / "single.pdf", single)
    assert pdf_pages(work / "book.pdf", layout=True) == pdf_pages(work / "single.pdf", layout=True)


def _chapter_of(doc, text: str) -> int:
    """The number of the chapter whose blocks hold `text`."""
    _, spans = parts.chapters(doc)
    for number, (start, end) in enumerate(spans):
        if any(text in t.text.replace("\u00ad", "") for b in doc.blocks[start:end] for t in m.text_nodes(b)):
            return number
    raise AssertionError(text)


def test_a_rebuild_lays_out_only_the_chapter_that_changed(built, tmp_path):
    """Chapter grain: an edit in one chapter that keeps its pages lays out that chapter again; the
    others and the index are taken from the last build's parts; the PDF is the one a single layout
    of the edited source gives."""
    folder, out = built
    work, options = _copy(folder, tmp_path)
    first = parts.write(load(work / "book.md", options), work / "book.pdf", options)
    assert first and not first.kept and not first.index_kept
    text = (work / "book.md").read_text(encoding="utf-8")
    marker = "Кедейшілікпен күрес (2)"
    edited = text.replace(marker, "Кедейшілікке қарсы күрес (2)", 1)
    assert edited != text
    (work / "book.md").write_text(edited, encoding="utf-8")
    doc = load(work / "book.md", options)
    again = parts.write(doc, work / "book.pdf", options)
    chapter = _chapter_of(doc, "Кедейшілікке қарсы күрес (2)")
    assert again.laid == [chapter] and len(again.kept) == len(parts.chapters(doc)[1]) - 1
    assert again.index_kept
    _assert_one_layout(work)


def test_a_rebuild_after_pages_moved_lays_out_the_chapters_that_moved(built, tmp_path):
    """An edit that adds pages to a chapter moves every later chapter: those are laid out again
    (their page numbers changed), the chapters before it are kept; the PDF is one layout's."""
    folder, _ = built
    work, options = _copy(folder, tmp_path)
    parts.write(load(work / "book.md", options), work / "book.pdf", options)
    text = (work / "book.md").read_text(encoding="utf-8")
    marker = "# Халықаралық қауіпсіздік жүйесі дағдарыста (1)"
    filler = "\n\n".join(["Қосымша сөйлем мұнда тұр, бетті толтыру үшін жазылған ұзын мәтін."] * 40)
    (work / "book.md").write_text(text.replace(marker, filler + "\n\n" + marker, 1), encoding="utf-8")
    doc = load(work / "book.md", options)
    again = parts.write(doc, work / "book.pdf", options)
    changed = _chapter_of(doc, "Қосымша сөйлем мұнда тұр")
    assert changed in again.laid and all(n > changed for n in again.laid if n != changed)
    assert set(range(changed)) <= set(again.kept)
    _assert_one_layout(work)


def test_a_kept_part_whose_file_changed_is_laid_out_again(built, tmp_path):
    """The cache never calls a wrong file up to date: a kept part's PDF edited on disk is laid
    out again (its SHA-256 no longer the one recorded)."""
    folder, _ = built
    work, options = _copy(folder, tmp_path)
    parts.write(load(work / "book.md", options), work / "book.pdf", options)
    kept = sorted((work / ".reportgen-parts").glob("*.pdf"))
    assert kept
    kept[0].write_bytes(b"%PDF-1.7 not what was written")
    again = parts.write(load(work / "book.md", options), work / "book.pdf", options)
    assert len(again.laid) + (0 if again.index_kept else 1) >= 1
    _assert_one_layout(work)


def test_an_edit_that_adds_a_mention_keeps_the_later_chapters(built, tmp_path):
    """A new index mention renumbers every later mention anchor (`m-N`): the later chapters are
    still taken as kept (their keys count mentions from their own first), their named
    destinations renamed in the merge; links and destinations are one layout's."""
    folder, _ = built
    work, options = _copy(folder, tmp_path)
    parts.write(load(work / "book.md", options), work / "book.pdf", options)
    text = (work / "book.md").read_text(encoding="utf-8")
    marker = "## Кедейшілікпен күрес (1)\n"
    assert marker in text
    (work / "book.md").write_text(text.replace(marker, marker + "\nБҰҰ туралы Жаңасөйлем.\n", 1), encoding="utf-8")
    doc = load(work / "book.md", options)
    again = parts.write(doc, work / "book.pdf", options)
    changed = _chapter_of(doc, "Жаңасөйлем")
    assert again.laid and again.laid[0] == changed
    assert any(n > changed for n in again.kept)
    _assert_one_layout(work)
    with pikepdf.open(work / "book.pdf") as merged, pikepdf.open(work / "single.pdf") as one:
        assert _dests(merged) == _dests(one)
        assert _links(merged) == _links(one)


def test_a_forced_build_lays_every_part_out_again(built, tmp_path):
    """`build --force` rebuilds everything: no part is taken from the last build (and the parts
    it lays out are kept for the next)."""
    folder, _ = built
    work, options = _copy(folder, tmp_path)
    parts.write(load(work / "book.md", options), work / "book.pdf", options)
    forced = Options(project_root=work, processes=2, parts_from=0, reuse_parts=False)
    again = parts.write(load(work / "book.md", forced), work / "book.pdf", forced)
    assert again.laid and not again.kept and not again.index_kept
    third = parts.write(load(work / "book.md", options), work / "book.pdf", options)
    assert not third.laid and third.index_kept


@pytest.mark.parametrize("extra", ["layout: academic\nnumber-sections: true\n", "lof: true\ntoc-depth: 3\n"])
def test_other_layouts_in_parts_are_one_layout(tmp_path, extra):
    """The academic layout (ГОСТ title page, its own page numbers and headings) and numbered
    sections, or a deeper contents: the parts give one layout's pages, A5 too."""
    book = make_book(2).replace("lot: true\n", "lot: true\n" + extra, 1)
    (tmp_path / "book.md").write_text(book, encoding="utf-8")
    (tmp_path / "index.yaml").write_text((ROOT / "source" / "index.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    texts = {}
    for processes in (1, 2):
        options = Options(project_root=tmp_path, processes=processes, parts_from=0, paper="a5")
        (tmp_path / str(processes)).mkdir()
        written = parts.write(load(tmp_path / "book.md", options), tmp_path / str(processes) / "book.pdf", options)
        if processes == 1:
            assert written is None
            pdf.write(load(tmp_path / "book.md", options), tmp_path / "1" / "book.pdf", options)
        else:
            assert written is not None
        texts[processes] = pdf_pages(tmp_path / str(processes) / "book.pdf", layout=True)
    assert len(texts[1]) > 20 and texts[2] == texts[1]
