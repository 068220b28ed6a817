"""Targeted fixes to WeasyPrint (and pydyf, its PDF writer), each guarded against a version it
no longer fits: a faster import, hyphenation at the document's own points, page references
computed once, a document id that is not random, and its footnote layout.

Import: WeasyPrint loads Pango, HarfBuzz and fontconfig through cffi, trying several names per
library ("libpango-1.0-0", "pango-1.0", … "libpango-1.0.so.0"). cffi hands every name that does not
load as it is to `ctypes.util.find_library`, which on Linux runs `ldconfig -p` and a C compiler in
subprocesses: about fifty of them, 0.2 s of every WeasyPrint import (a third of it). `fast_import`
imports WeasyPrint with that search turned off, so the names that are real sonames load directly;
where that fails (a system on which only the search finds the libraries) it imports again normally.
It also defers two fontTools modules WeasyPrint imports at start-up but needs only for what
reportgen's PDFs never do (`_DEFERRED`): another third of the import.

Hyphenation: with soft hyphens (U+00AD) in the text, WeasyPrint's manual hyphenation tries, for
every line, every soft hyphen of the rest of the paragraph; its `hyphens: auto` tries only the
points of the word that overflows, which it asks pyphen for. `hyphenate_from` answers pyphen's
two calls with the document's own points (the soft hyphens reportgen's Kazakh hyphenator and the
author put in the model): the same breaks allowed, the body laid out in about a fifth less time.

Page references: pydyf (WeasyPrint's PDF writer; checked on 0.13) rebuilds the tuple of every
page's reference each time `PDF.page_references` is read, and WeasyPrint reads it once per
structure element (PDF/UA tags) and per link target: quadratic in the pages — half the PDF
writing time of a 300-page book. `cache_page_references` keeps the tuple until a page is added.

Document id: for PDF/X-4 (the print profile) WeasyPrint writes `xmpMM:DocumentID` from
`uuid.uuid4()`, so two builds of one source differ. `document_id` makes it a UUID5 of the
document's own identifier for the time of one `write_pdf` (reproducible builds).

Footnotes:

WeasyPrint (checked on 70; pyproject pins 70.x) moves footnotes that are already on a page to the next page to make
room for one more line of a paragraph (`_linebox_layout`: "first try to report footnotes"), even
when the footnote's call stays on the current page. CSS GCPM § 2.6 `footnote-policy: line` asks
for the opposite: the *line* with the call moves, never the note away from its call. The fix makes
that reporting happen only when every footnote on the page has `footnote-policy: auto`;
styles/print.css sets `line`. If WeasyPrint's code no longer has the statement, nothing is
patched and the PDF writer's own check (`misplaced_notes`) still reports any misplaced note.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import inspect
import io
import re
import sys
import textwrap
import types
import uuid

_ORIGINAL = "report = not context.in_column and can_break_now and not could_break_before"
_FIXED = (
    "report = (not context.in_column and can_break_now and not could_break_before and "
    "all(note.style['footnote_policy'] == 'auto' for note in context.current_page_footnotes))"
)
_applied: bool | None = None

# Modules WeasyPrint's PDF writer imports at start-up (weasyprint/pdf/fonts.py, checked on 70)
# but calls only to subset fonts when HarfBuzz's subsetter is missing (fontTools.subset) and to
# instantiate variable fonts (instancer): together 0.1 s, a third of the import, on every build.
# Each name → the functions WeasyPrint imports from it by name (`from … import f`).
_DEFERRED = {
    "fontTools.subset": (),
    "fontTools.varLib.instancer": ("instantiateVariableFont",),
}


class _Deferred(types.ModuleType):
    """Stands in for a module until something uses it: then imports it and hands that over.
    (importlib.util.LazyLoader cannot serve `from m import f`: that reads `f` at once.)"""

    def __init__(self, name: str, functions: tuple[str, ...]):
        super().__init__(name)
        self.__dict__["_functions"] = functions

    def _real(self) -> types.ModuleType:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        return importlib.import_module(name)

    def __getattr__(self, attribute: str):
        if attribute.startswith("__") and attribute.endswith("__"):
            # the import system's own questions (`__path__`: is it a package?) import nothing
            raise AttributeError(attribute)
        if attribute in self.__dict__["_functions"]:
            def call(*args, **kwargs):
                return getattr(self._real(), attribute)(*args, **kwargs)
            call.__name__ = attribute
            return call
        return getattr(self._real(), attribute)


def _defer_modules() -> None:
    """Put a `_Deferred` in place of each module of `_DEFERRED` not imported yet."""
    for name, functions in _DEFERRED.items():
        if name in sys.modules:
            continue
        if importlib.util.find_spec(name.partition(".")[0]) is None:
            continue  # not installed: let WeasyPrint's own import say so
        stand_in = _Deferred(name, functions)
        sys.modules[name] = stand_in
        # the stand-in is its package's attribute, as the module would be (`import
        # fontTools.subset; fontTools.subset.Options()`): a top-level package is imported for
        # that (fontTools: 2 ms), a deeper one only if it is already (fontTools.varLib: 0.05 s)
        parent, _, child = name.rpartition(".")
        package = importlib.import_module(parent) if "." not in parent else sys.modules.get(parent)
        if package is not None:
            setattr(package, child, stand_in)


def fast_import() -> None:
    """Import WeasyPrint without `ctypes.util.find_library`'s subprocesses and with the modules
    of `_DEFERRED` left until used (see above)."""
    if "weasyprint" in sys.modules:
        return
    _defer_modules()
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        # on failure WeasyPrint prints installation advice before raising: not yet, it may load below
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except OSError:
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    import weasyprint  # noqa: F401, F811 (a no-op when the fast import worked)


_page_refs_cached = False


def cache_page_references() -> bool:
    """Make `pydyf.PDF.page_references` computed once per number of pages (see above); False if
    pydyf no longer has that property."""
    global _page_refs_cached
    if _page_refs_cached:
        return True
    import pydyf

    original = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(original, property) or original.fget is None:
        return False

    def page_references(pdf):
        kids = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_reportgen_page_references")
        if cached is None or cached[0] != kids:
            cached = (kids, original.fget(pdf))
            pdf.__dict__["_reportgen_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    _page_refs_cached = True
    return True


@contextlib.contextmanager
def document_id(identifier: bytes):
    """While writing one PDF, WeasyPrint's XMP `xmpMM:DocumentID` is derived from `identifier`
    instead of a random UUID (checked on 70: `weasyprint.pdf.metadata.uuid4`)."""
    from weasyprint.pdf import metadata

    original = getattr(metadata, "uuid4", None)
    if original is None:
        yield
        return
    metadata.uuid4 = lambda: uuid.uuid5(uuid.NAMESPACE_URL, "reportgen:" + identifier.decode("ascii", "replace"))
    try:
        yield
    finally:
        metadata.uuid4 = original


def _patch(module, name: str, original: str, fixed: str) -> bool:
    """Replace the function `module.name` by its own source with `original` changed to `fixed`;
    False, and nothing changed, where the source is not the one expected (another WeasyPrint).
    Compiled in a copy of the module's namespace, so that a recursive function calls itself patched."""
    source = textwrap.dedent(inspect.getsource(getattr(module, name)))
    if source.count(original) != 1:
        return False
    namespace = dict(vars(module))
    exec(compile(source.replace(original, fixed), module.__file__, "exec"), namespace)  # noqa: S102
    setattr(module, name, namespace[name])
    return True


def apply() -> bool:
    """Patch WeasyPrint's line layout once; True if the fix is in place."""
    global _applied
    if _applied is None:
        from weasyprint.layout import block

        _applied = _patch(block, "_linebox_layout", _ORIGINAL, _FIXED)
    return _applied


# PDF tagging: WeasyPrint gives the document its /Lang only; a structure element of text in another
# language (a span `lang="en"`) gets its own (ISO 32000-1 §14.9.2; PDF/UA-1 §7.2: "changes in the
# natural language … shall be declared"), set where the element is made
_TAG_ORIGINAL = "    pdf.add_object(element)\n\n    # Handle special cases.\n    if tag == 'Figure':"
_TAG_FIXED = ("    if box.element is not None and box.element_tag != 'html' and box.element.get('lang'):\n"
              "        element['Lang'] = pydyf.String(box.element.get('lang'))\n" + _TAG_ORIGINAL)
_tagged: bool | None = None


def tag_languages() -> bool:
    """Patch WeasyPrint's structure-tree builder once (tags._build_box_tree) so that an element
    with a `lang` attribute carries /Lang; True if in place (else the PDF is tagged as before)."""
    global _tagged
    if _tagged is None:
        from weasyprint.pdf import tags

        _tagged = _patch(tags, "_build_box_tree", _TAG_ORIGINAL, _TAG_FIXED)
    return _tagged


_WORD = re.compile(r"[\w\u00ad]+")
_PYPHEN_CALLS = ("pyphen.language_fallback(style['lang'])", "pyphen.Pyphen(lang=lang, left=left, right=right)",
                 "dictionary.iterate(next_word)")
_hook_fits: bool | None = None


def hyphenation_points(texts) -> dict[str, tuple[int, ...]]:
    """Each word of `texts` that holds soft hyphens, without them → where they stood."""
    points: dict[str, tuple[int, ...]] = {}
    for text in texts:
        if "\u00ad" not in text:
            continue
        for word in _WORD.findall(text):
            if "\u00ad" in word:
                parts = word.split("\u00ad")
                cuts, at = [], 0
                for part in parts[:-1]:
                    at += len(part)
                    cuts.append(at)
                points["".join(parts)] = tuple(c for c in cuts if 0 < c < len(word) - len(cuts))
    return points


class _Points:
    """What WeasyPrint uses of a `pyphen.Pyphen`: `iterate`, the longest first part first."""

    def __init__(self, points: dict[str, tuple[int, ...]]):
        self.points = points

    def iterate(self, word: str):
        for position in reversed(self.points.get(word, ())):
            yield word[:position], word[position:]


def hyphenate_from(points: dict[str, tuple[int, ...]]) -> bool:
    """Make WeasyPrint's `hyphens: auto` break words at `points` only, in any language; False
    (nothing changed: keep the soft hyphens in the text) if WeasyPrint no longer asks pyphen
    the way this expects."""
    global _hook_fits
    from weasyprint.text import line_break

    if _hook_fits is None:
        source = inspect.getsource(line_break.split_first_line)
        _hook_fits = all(source.count(call) == 1 for call in _PYPHEN_CALLS)
    if not _hook_fits:
        return False
    dictionary = _Points(points)
    line_break.pyphen = types.SimpleNamespace(
        language_fallback=lambda lang: "reportgen",
        Pyphen=lambda lang=None, left=2, right=2: dictionary,
    )
    return True


@contextlib.contextmanager
def counting_pages(on_page):
    """Call `on_page(n)` as WeasyPrint finishes laying out page n (progress.py): wraps the page
    generator `layout_document` consumes (weasyprint.layout.make_all_pages), for this layout only."""
    from weasyprint import layout

    original = layout.make_all_pages

    def counted(*args, **kwargs):
        for number, page in enumerate(original(*args, **kwargs), 1):
            on_page(number)
            yield page

    layout.make_all_pages = counted
    try:
        yield
    finally:
        layout.make_all_pages = original
