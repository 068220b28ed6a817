"""The EPUB writer: an EPUB 3 e-book (with an EPUB 2 NCX) packaged with ebooklib.

Layout of the package (all content documents side by side, so hrefs are plain file names):

    mimetype                       (first, stored)
    META-INF/container.xml
    EPUB/content.opf  EPUB/toc.ncx
    EPUB/cover.xhtml  title.xhtml  nav.xhtml  section-01.xhtml …  index.xhtml  colophon.xhtml
    EPUB/css/ebook.css (styles/ebook.css)  EPUB/css/fonts.css (generated @font-face)
    EPUB/fonts/serif-regular.ttf …  (subset, renamed PT Serif / PT Mono: see fonts.py)
    EPUB/images/cover.svg

Reproducible: the identifier is a UUID5 of the title and the source path (relative to the
project), `dcterms:modified` is SOURCE_DATE_EPOCH or, when unset, the front-matter date at
00:00 UTC (or 1980-01-01 without a date), and the zip is rewritten with that timestamp on every
entry, `mimetype` first and stored, then a fixed order.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from pathlib import Path

from ... import __version__
from ... import model as m
from ... import pagination, stylesheets
from ...diagnostics import ReportgenError
from ...safety import allowed_roots, check_path
from ..meta import source_date
from . import cover as cover_mod
from . import fonts as fonts_mod
from .xhtml import LABELS, MEDIA_TYPES, PAGE_BREAK_ID, Page, Pages, clean, date_text

ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
FOLDER = "EPUB"

A11Y_SUMMARY = (
    "Reflowable text with a table of contents, structured headings, EPUB 3 footnotes linked both "
    "ways and an index whose references link to the text. Every image (the cover, the figures) has a "
    "text alternative. No hazards. Written in Kazakh (Cyrillic); the embedded font covers every "
    "character used."
)


def modified_time(doc: m.Document) -> dt.datetime:
    """The build's fixed time: SOURCE_DATE_EPOCH, else the front-matter date (00:00 UTC), else 1980-01-01."""
    fixed = source_date()
    if fixed is not None:
        return fixed.replace(microsecond=0)
    try:
        day = dt.date.fromisoformat(str(doc.meta.date).strip())
    except ValueError:
        return ZIP_EPOCH
    if day.year < 1000:  # ebooklib writes the year with strftime("%Y"): "999-…", no W3CDTF date
        return ZIP_EPOCH
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def identifier(doc: m.Document, project_root: Path) -> str:
    """A stable `urn:uuid:` derived from the title and the source path (never random)."""
    source = Path(doc.source) if doc.source else Path("")
    try:
        where = source.resolve().relative_to(project_root.resolve()).as_posix()
    except ValueError:
        where = source.name
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"reportgen:{doc.meta.title}\n{where}"))


def _stylesheet(doc: m.Document, options) -> bytes:
    root = Path(options.project_root).resolve()
    roots = allowed_roots(root, Path(doc.source) if doc.source else None)
    parts = []
    # one file, the e-book's ebook.css: the shared rules (common.css, the default then the
    # project's), then the e-book's own (ebook.css, the default then the project's)
    for name in ("common.css", "ebook.css"):
        for k, path in enumerate(stylesheets.files(root, name)):
            path = check_path(path, roots, "stylesheet")
            if not path.is_file():
                raise ReportgenError("the stylesheet is missing or not a file; restore it (or reinstall reportgen)", str(path))
            parts.append((f"/* the project's styles/{name} */\n" if k else "") + path.read_text(encoding="utf-8"))
    css = "\n".join(parts)
    families = [font.family for font in doc.fonts]  # for characters the body font lacks (embedded)
    return stylesheets.with_fallbacks(css, families).encode("utf-8")


def build_pages(doc: m.Document, options, title_page_break: str = "") -> tuple[list[Page], dict]:
    """Every content document and the resources they need (fonts, css, cover image)."""
    pages_maker = Pages(doc, soft_hyphens=getattr(options, "epub_soft_hyphens", True), root=options.project_root,
                        warnings=getattr(options, "warnings", None), title_page_break=title_page_break)
    title = pages_maker.title
    genre = clean(doc.meta.subtitle)
    date = date_text(doc.meta.date)
    svg = cover_mod.svg(title, genre, date, clean(doc.meta.author))
    alt = " — ".join(x for x in (genre, title, clean(doc.meta.author), date) if x)
    cover = pages_maker.cover("images/cover.svg", alt)
    titlepage = pages_maker.titlepage()
    sections = pages_maker.sections()
    index = pages_maker.index()

    page_list = sorted(
        ((number, f"{page.file}#page-{number}") for page in (titlepage, *sections)
         for number in PAGE_BREAK_ID.findall(page.content.decode("utf-8"))),
        key=lambda item: int(item[0]) if item[0].isdigit() else 0,
    )
    nav = pages_maker.nav(index is not None, [(LABELS["colophon"], "colophon.xhtml")], page_list)
    # the colophon credits the fonts the other pages use (its own text adds only Latin letters)
    used = fonts_mod.styled_chars([p.content for p in (cover, titlepage, nav, *sections, *([index] if index else []))])
    families = {family for family, _bold, _italic in used}
    credits = [(face.family, "PT Serif" if key[0] == "serif" else "PT Mono", _copyright(face))
               for key, face in fonts_mod.FACES.items() if key[0] in families]
    others = [(font.family, _notice(font.file)) for font in doc.fonts]
    colophon = pages_maker.colophon(credits, fonts_mod.LICENSE_TEXT, others)
    pages = [cover, titlepage, nav, *sections] + ([index] if index else []) + [colophon]
    embedded = fonts_mod.embed([p.content for p in pages], doc.fonts)
    resources = {
        "svg": svg.encode("utf-8"),
        "fonts": embedded,
        "fonts_css": fonts_mod.font_face_css([face for face, _ in embedded]).encode("utf-8"),
        "css": _stylesheet(doc, options),
        "title": title,
        "toc": pages_maker.plan.toc(untitled=title),
        "has_index": index is not None,
        "page_list": page_list,
        "images": pages_maker.plan.images,
    }
    return pages, resources


def _copyright(face: fonts_mod.Face) -> str:
    from fontTools.ttLib import TTFont

    font = TTFont(str(fonts_mod.font_path(face.source)), lazy=True)
    return font["name"].getDebugName(0) or ""


def _notice(file: str) -> str:
    """An installed font's copyright and licence lines (name IDs 0 and 13): its colophon credit."""
    from fontTools.ttLib import TTFont

    names = TTFont(file, lazy=True)["name"]
    return " ".join(text for text in (names.getDebugName(0), names.getDebugName(13)) if text)


def write(doc: m.Document, path: Path, options, starts: list | None = None) -> list:
    """Write the EPUB of `doc` to `path`. Its page-list cites the PDF built with the same options
    (`starts`: that PDF's page starts, reportgen.pagination; laid out here when not given).
    Returns the page starts it cites."""
    from ebooklib import epub

    if starts is None:
        starts = pagination.print_page_starts(doc, options)
    doc, title_marked = pagination.mark_pages(doc, starts)
    pages, res = build_pages(doc, options, title_page_break="1" if title_marked else "")
    modified = modified_time(doc)
    lang = doc.meta.lang or "kk"

    book = epub.EpubBook()
    book.FOLDER_NAME = FOLDER
    book.metadata = {}  # drop ebooklib's defaults (a random identifier, its generator line)
    book.set_identifier(identifier(doc, Path(options.project_root)))
    book.set_title(res["title"])
    book.set_language(lang)
    if doc.meta.author:
        book.add_author(clean(doc.meta.author))
    try:
        book.add_metadata("DC", "date", dt.date.fromisoformat(str(doc.meta.date).strip()).isoformat())
    except ValueError:
        pass
    if doc.meta.subtitle:
        book.add_metadata("DC", "description", clean(doc.meta.subtitle))
    meta = lambda prop, value: book.add_metadata(None, "meta", value, {"property": prop})  # noqa: E731
    meta("schema:accessMode", "textual")
    meta("schema:accessMode", "visual")  # the cover picture (its text is also given as text)
    meta("schema:accessModeSufficient", "textual")
    features = ["tableOfContents", "readingOrder", "structuralNavigation", "alternativeText"]
    if res["page_list"]:
        features += ["pageBreakMarkers", "pageNavigation"]
        # pageBreakSource (EPUB 3.3 meta vocabulary, unprefixed): the pages of the PDF edition
        # built with the same options
        paper = getattr(options, "paper", "a4")
        meta("pageBreakSource", f"{res['title']} — {paper.upper()} PDF edition (reportgen build --paper {paper})")
    if res["has_index"]:
        features.append("index")
    for feature in features:
        meta("schema:accessibilityFeature", feature)
    meta("schema:accessibilityHazard", "none")
    book.add_metadata(None, "meta", A11Y_SUMMARY, {"property": "schema:accessibilitySummary",
                                                   "{http://www.w3.org/XML/1998/namespace}lang": "en"})
    book.add_metadata(None, "meta", "", {"name": "generator", "content": f"reportgen {__version__}"})
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})

    def item(uid, name, media_type, content, properties=()):
        it = epub.EpubItem(uid=uid, file_name=name, media_type=media_type, content=content)
        it.properties = list(properties)
        book.add_item(it)
        return it

    item("cover-image", "images/cover.svg", "image/svg+xml", res["svg"], ("cover-image",))
    for real, name in res["images"].items():  # the figures' and inline images' files, read once
        item(f"img-{name.rsplit('-', 1)[1].split('.')[0]}", name, MEDIA_TYPES[name.rsplit(".", 1)[1]],
             Path(real).read_bytes())
    item("css-fonts", "css/fonts.css", "text/css", res["fonts_css"])
    item("css-ebook", "css/ebook.css", "text/css", res["css"])
    for face, data in res["fonts"]:
        item(f"font-{face.key}", f"fonts/{face.file_name}", "font/ttf", data)
    spine = []
    for page in pages:
        uid = "p-" + page.file.rsplit(".", 1)[0]
        spine.append(item(uid, page.file, "application/xhtml+xml", page.content, page.properties))
        if page.guide:
            book.guide.append({"type": page.guide, "title": page.title, "href": page.file})
    book.add_item(epub.EpubNcx())
    book.spine = spine
    book.toc = _ncx_toc(res["toc"], res["has_index"])

    raw = io.BytesIO()
    epub.write_epub(raw, book, {"mtime": modified, "epub3_landmark": False, "epub3_pages": False,
                                "raise_exceptions": True, "compresslevel": 9})
    Path(path).write_bytes(normalise_zip(raw.getvalue(), modified))
    return starts


def _ncx_toc(toc: list[dict], has_index: bool) -> list:
    """ebooklib's toc structure for the EPUB 2 NCX (titles as plain text)."""
    from ebooklib import epub

    out = []
    for n, entry in enumerate(toc, 1):
        link = epub.Link(entry["href"], entry["title"], f"nav-{n}")
        if entry["children"]:
            kids = [epub.Link(c["href"], c["title"], f"nav-{n}-{k}") for k, c in enumerate(entry["children"], 1)]
            out.append((link, kids))
        else:
            out.append(link)
    if has_index:
        out.append(epub.Link("index.xhtml", LABELS["index"], "nav-index"))
    out.append(epub.Link("colophon.xhtml", LABELS["colophon"], "nav-colophon"))
    return out


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip, reproducible: fixed timestamps and attributes, `mimetype` first and stored,
    META-INF/container.xml and the OPF next, then every other entry by name."""
    stamp = max(when, ZIP_EPOCH).astimezone(dt.timezone.utc)
    date_time = (min(stamp.year, 2107), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second // 2 * 2)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = {info.filename: src.read(info) for info in src.infolist()}
    first = ["mimetype", "META-INF/container.xml", f"{FOLDER}/content.opf"]
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                dst.writestr(info, entries[name])
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()
