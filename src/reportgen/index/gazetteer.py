"""The gazetteer of organizations: the bundled YAML plus what a document adds.

A document adds or changes entries in its front matter

    index:
      organizations:
        - {key: turksoy, name: Халықаралық түркі мәдениеті ұйымы, abbr: [ТҮРКСОЙ]}

or in `index.yaml` beside the source (`organizations:` and `exclude:` lists, same fields).
An entry whose key is already known extends it: list fields (`names`, `abbr`, `former`,
`former_abbr`) are added to, the others (`name`, `parent`, `qualifier`, `generic`) replaced.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import yaml

from .. import yamlsafe
from ..diagnostics import ReportgenError

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_LIST_FIELDS = ("names", "abbr", "former", "former_abbr")
_FIELDS = {"key", "name", "parent", "qualifier", "generic", "note", *_LIST_FIELDS}


@dataclass(frozen=True)
class Org:
    """One organization of the gazetteer."""

    key: str
    name: str
    names: tuple[str, ...] = ()
    abbr: tuple[str, ...] = ()
    former: tuple[str, ...] = ()
    former_abbr: tuple[str, ...] = ()
    parent: str = ""
    qualifier: str = ""
    generic: bool = False
    #: where the entry comes from: "gazetteer" (bundled), "document" (front matter or index.yaml)
    #: or "model" (found by the tagger, index/tagger/); a found one has the tagger's `confidence`
    origin: str = "gazetteer"
    confidence: float | None = None

    @property
    def full_names(self) -> tuple[str, ...]:
        """Every full name that is matched: the name, its variants, former names."""
        return (self.name, *self.names, *self.former)

    @property
    def abbreviations(self) -> tuple[str, ...]:
        return (*self.abbr, *self.former_abbr)

    @property
    def qualified_by(self) -> str:
        return self.qualifier or self.parent


@dataclass
class Gazetteer:
    orgs: dict[str, Org] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)

    def __contains__(self, key: str) -> bool:
        return key in self.orgs

    def __getitem__(self, key: str) -> Org:
        return self.orgs[key]

    def copy(self) -> "Gazetteer":
        return Gazetteer(dict(self.orgs), list(self.exclude))

    def fingerprint(self) -> tuple:
        """A hashable value equal for gazetteers with the same entries (to reuse compiled patterns)."""
        return (tuple(self.orgs.values()), tuple(self.exclude))

    def add(self, data, file: str = "", line: int = 0, origin: str = "document") -> None:
        """Add the `organizations` / `exclude` of a mapping (front matter `index:` or index.yaml);
        errors at the line of the field at fault (`line`: where `data` is, for plain data). New
        entries get `origin` (an extended one keeps its own)."""
        if data is None:
            return
        here = yamlsafe.position(data, default=(line, 0))
        if not isinstance(data, dict):
            raise ReportgenError("index: expected a mapping with `organizations:` (a list of entries)", file, *here)
        unknown = set(data) - {"organizations", "exclude"}
        if unknown:
            first = min(unknown, key=str)
            raise ReportgenError(f"index: unknown field {first!r}; use `organizations:` or `exclude:`",
                                 file, *yamlsafe.position(data, first, here))
        excl = data.get("exclude") or []
        if not isinstance(excl, list) or not all(isinstance(x, str) and x.strip() for x in excl):
            raise ReportgenError("index: `exclude:` must be a list of phrases", file, *yamlsafe.position(data, "exclude", here))
        self.exclude.extend(x.strip() for x in excl)
        entries = data.get("organizations") or []
        if not isinstance(entries, list):
            raise ReportgenError("index: `organizations:` must be a list of entries", file,
                                 *yamlsafe.position(data, "organizations", here))
        places = {}
        for number, entry in enumerate(entries, 1):
            at = yamlsafe.position(entries, number - 1, here)
            places[self._add_entry(entry, number, file, at, origin)] = at
        if places:
            self.check(file, places)

    def _add_entry(self, entry, number: int, file: str, at: tuple[int, int], origin: str) -> str:
        """Add or extend one entry (`at`: where it is written); its key."""
        where = f"index: organization #{number}"
        if not isinstance(entry, dict):
            raise ReportgenError(f"{where} must be a mapping (key:, name:, abbr: ...)", file, *at)
        unknown = set(entry) - _FIELDS
        if unknown:
            first = min(unknown, key=str)
            raise ReportgenError(f"{where}: unknown field {first!r}", file, *yamlsafe.position(entry, first, at))
        key = str(entry.get("key") or "").strip()
        if not _KEY.match(key):
            raise ReportgenError(f"{where} needs a `key:` (letters, digits, '-', '_', '.')", file,
                                 *yamlsafe.position(entry, "key", at))
        values: dict = {}
        for name in _LIST_FIELDS:
            if name in entry:
                raw = entry[name]
                raw = [raw] if isinstance(raw, str) else (raw or [])
                if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
                    raise ReportgenError(f"{where} ({key}): `{name}:` must be a list of strings", file,
                                         *yamlsafe.position(entry, name, at))
                values[name] = tuple(" ".join(x.split()) for x in raw)
        for name in ("name", "parent", "qualifier"):
            if name in entry:
                if not isinstance(entry[name], str):
                    raise ReportgenError(f"{where} ({key}): `{name}:` must be a string", file,
                                         *yamlsafe.position(entry, name, at))
                values[name] = " ".join(entry[name].split())
        if "generic" in entry:
            values["generic"] = bool(entry["generic"])
        if key in self.orgs:
            old = self.orgs[key]
            for name in _LIST_FIELDS:
                if name in values:
                    values[name] = tuple(dict.fromkeys((*getattr(old, name), *values[name])))
            self.orgs[key] = replace(old, **values)
        else:
            if not values.get("name"):
                raise ReportgenError(f"{where} ({key}) needs a `name:` (the full Kazakh name)", file, *at)
            self.orgs[key] = Org(key=key, origin=origin, **values)
        return key

    def check(self, file: str = "", places: dict[str, tuple[int, int]] | None = None) -> None:
        """Parents and qualifiers exist and do not loop: for the entries of `places` (key → (line,
        column) in `file`, where their error is reported) or for every entry. A dangling reference
        or a loop involves an entry just added, so `add` checks only those."""
        checked = places or dict.fromkeys(self.orgs, (0, 0))
        for key, at in checked.items():  # every reference first: the loop walk below follows them
            for ref in ("parent", "qualifier"):
                target = getattr(self.orgs[key], ref)
                if target and target not in self.orgs:
                    raise ReportgenError(f"index: organization {key!r} has {ref} {target!r}, which is not an entry", file, *at)
        for key, at in checked.items():
            for link, word in (("parent", "parents"), ("qualified_by", "qualifiers")):
                seen = {key}
                current = self.orgs[key]
                while getattr(current, link):
                    target = getattr(current, link)
                    if target in seen:
                        raise ReportgenError(f"index: organization {key!r}: {word} loop through {target!r}", file, *at)
                    seen.add(target)
                    current = self.orgs[target]


@functools.lru_cache(maxsize=1)
def _bundled() -> Gazetteer:
    text = resources.files("reportgen.index").joinpath("data/organizations.yaml").read_text(encoding="utf-8")
    gaz = Gazetteer()
    # our own data file: libyaml's safe loader when present (five times faster than PyYAML's)
    gaz.add(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), "reportgen/index/data/organizations.yaml",  # noqa: S506
            origin="gazetteer")
    return gaz


def bundled() -> Gazetteer:
    """The gazetteer shipped with reportgen (a fresh copy: adding to it leaves the bundled one as is)."""
    return _bundled().copy()


def for_document(doc, source_dir: Path | None = None) -> Gazetteer:
    """The bundled gazetteer plus `index.yaml` beside the source and the front matter's `index:`."""
    gaz = bundled()
    if source_dir is None and doc.source and not doc.source.startswith("<"):
        source_dir = Path(doc.source).parent
    if source_dir is not None:
        path = source_dir / "index.yaml"
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise ReportgenError("invalid UTF-8; save the file as UTF-8", str(path)) from None
            except OSError as exc:
                raise ReportgenError(f"cannot read: {exc.strerror}", str(path)) from None
            gaz.add(yamlsafe.load(text, str(path)), str(path), 1)
    extra = doc.meta.extra.get("index") if isinstance(doc.meta.extra, dict) else None
    if extra is not None:
        gaz.add(extra, doc.source, doc.meta.line or 1)
    return gaz
