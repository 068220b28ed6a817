"""Bibliographic data in CSL JSON form, whatever it was written in: BibTeX/BibLaTeX (`.bib`, read
with bibtexparser, LaTeX decoded), CSL JSON (`.json`), CSL YAML (`.yaml`/`.yml`), or `references:`
in the front matter. Files are read relative to the source, inside the project only."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .. import yamlsafe
from ..diagnostics import ReportgenError
from ..safety import check_path

# BibTeX/BibLaTeX entry types to CSL types
_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book", "inbook": "chapter", "incollection": "chapter",
    "bookinbook": "chapter", "collection": "book", "proceedings": "book", "inproceedings": "paper-conference",
    "conference": "paper-conference", "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "online": "webpage", "www": "webpage", "electronic": "webpage", "report": "report", "techreport": "report",
    "manual": "report", "legislation": "legislation", "legal": "legislation", "law": "legislation",
    "jurisdiction": "legal_case", "patent": "patent", "periodical": "periodical", "unpublished": "manuscript",
    "misc": "document", "booklet": "pamphlet",
}
# BibTeX fields to CSL variables (the simple ones: text copied)
_FIELDS = {
    "title": "title", "journal": "container-title", "journaltitle": "container-title", "booktitle": "container-title",
    "publisher": "publisher", "address": "publisher-place", "location": "publisher-place", "volume": "volume",
    "number": "issue", "issue": "issue", "pages": "page", "url": "URL", "doi": "DOI", "isbn": "ISBN",
    "edition": "edition", "pagetotal": "number-of-pages", "school": "publisher", "institution": "publisher",
    "series": "collection-title", "note": "note", "abstract": "abstract", "chapter": "chapter-number",
    "howpublished": "medium", "type": "genre",
}
_LANGUAGES = {"kazakh": "kk", "russian": "ru", "english": "en", "american": "en", "british": "en", "kk": "kk",
              "ru": "ru", "en": "en"}


def files(meta: dict) -> list[str]:
    """The front matter's `bibliography:` as a list of file names (one name or a list)."""
    value = meta.get("bibliography") or []
    return [value] if isinstance(value, str) else [str(f) for f in value]


def load(paths: list[str], inline: list, source: Path, roots: list[Path], where: tuple) -> list[dict]:
    """Every reference: the files `paths` (relative to `source`) then the front matter's list."""
    items: list[dict] = []
    for name in paths:
        path = source.parent / name
        try:
            real = check_path(path, roots, "a bibliography")
            text = real.read_text(encoding="utf-8")
        except ReportgenError:
            raise ReportgenError(f"bibliography {name} is outside the project; copy it next to the source", *where) from None
        except FileNotFoundError:
            raise ReportgenError(f"bibliography {name} not found; put it next to the source or correct the path",
                                 *where) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ReportgenError(f"bibliography {name} cannot be read ({exc}); save it as UTF-8 text", *where) from None
        suffix = real.suffix.lower()
        if suffix in (".bib", ".bibtex", ".biblatex"):
            items.extend(from_bibtex(text, str(real)))
        elif suffix == ".json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ReportgenError(f"not CSL JSON: {exc.msg}", str(real), exc.lineno, exc.colno) from None
            items.extend(_csl_list(data, str(real)))
        elif suffix in (".yaml", ".yml"):
            data = yamlsafe.load(text, str(real), what="bibliography")
            items.extend(_csl_list(data.get("references", data) if isinstance(data, dict) else data, str(real)))
        else:
            raise ReportgenError(f"bibliography {name}: give a .bib, .json or .yaml file", *where)
    items.extend(_csl_list(inline or [], where[0]))
    return items


def _csl_list(data, file: str) -> list[dict]:
    if not isinstance(data, list) or not all(isinstance(i, dict) and i.get("id") for i in data):
        raise ReportgenError("references must be a list of entries, each with an id", file)
    return [_plain(i) for i in data]


def _plain(value):
    """YAML's dates and numbers as CSL JSON wants them (text, date-parts)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "year") and hasattr(value, "month"):
        return {"date-parts": [[value.year, value.month, value.day]]}
    return value


def from_bibtex(text: str, file: str) -> list[dict]:
    """BibTeX/BibLaTeX entries as CSL JSON items (bibtexparser 2, LaTeX accents decoded)."""
    import bibtexparser

    # fields stay LaTeX here (braces tell an organization `{Біріккен Ұлттар Ұйымы}` from a person);
    # each is decoded after the names are split (_latex)
    library = bibtexparser.parse_string(text)
    for block in library.failed_blocks:
        line = text.count("\n", 0, text.find(block.raw)) + 1 if block.raw and block.raw in text else 0
        raise ReportgenError(f"cannot read this BibTeX entry ({type(block).__name__}); check its braces and commas",
                             file, line, 1)
    return [_entry(e) for e in library.entries]


def _latex(value: str) -> str:
    """A BibTeX field's LaTeX as text (accents, `--`, `~`), with pylatexenc."""
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text().latex_to_text(value).strip()


def _names(value: str) -> list[str]:
    """The names of a name list, split at ` and ` outside braces."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start:match.start()])
            start = match.end()
    names.append(value[start:])
    return [n.strip() for n in names if n.strip()]


def _entry(entry) -> dict:
    raw = {f.key.lower(): str(f.value).strip() for f in entry.fields}
    fields = {k: _latex(v) for k, v in raw.items() if k not in ("author", "editor", "translator")}
    item: dict = {"id": entry.key, "type": _TYPES.get(entry.entry_type.lower(), "document")}
    for key, csl in _FIELDS.items():
        if fields.get(key) and csl not in item:
            item[csl] = fields[key]
    for role in ("author", "editor", "translator"):
        if raw.get(role):
            item[role] = [_name(n) for n in _names(raw[role])]
    date = fields.get("date") or fields.get("year")
    if date:
        parts = [int(p) for p in re.findall(r"\d+", date)[:3]]
        if parts:
            item["issued"] = {"date-parts": [parts]}
    if fields.get("urldate"):
        item["accessed"] = {"date-parts": [[int(p) for p in re.findall(r"\d+", fields["urldate"])[:3]]]}
    language = (fields.get("langid") or fields.get("language") or "").lower()
    if language:
        item["language"] = _LANGUAGES.get(language, language)
    # a whole work's `pages = {312}` is its extent, as BibTeX users write it (biblatex: `pagetotal`);
    # only a part (a chapter, an article) has pages in another work («– С. 45–58»)
    if (item["type"] in ("book", "thesis", "report", "pamphlet", "manuscript", "document")
            and "number-of-pages" not in item and re.fullmatch(r"\d+", item.get("page", ""))):
        item["number-of-pages"] = item.pop("page")
    if item["type"] == "thesis" and "genre" not in item:
        item["genre"] = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}.get(entry.entry_type.lower(), "")
    return item


def _name(text: str) -> dict:
    """A BibTeX name («Family, Given» or «Given Family»; all in braces: an organization) as CSL."""
    text = text.strip()
    if text.startswith("{") and text.endswith("}") and _balanced_inside(text):
        return {"literal": _latex(text[1:-1])}
    if "," in text:
        family, given = (_latex(p) for p in text.split(",", 1))
        return {"family": family, "given": given}
    parts = _latex(text).split()
    return {"family": parts[-1], "given": " ".join(parts[:-1])} if len(parts) > 1 else {"literal": " ".join(parts)}


def _balanced_inside(text: str) -> bool:
    """Whether the outer braces of `{…}` enclose the whole text (not `{A} and {B}`)."""
    depth = 0
    for k, ch in enumerate(text):
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0 and k < len(text) - 1:
            return False
    return True
