"""House-style choices of the typography transform, read from the front matter.

    ---
    title: ...
    typography:
      quotes: "«»"          # outer quotation marks (default « »)
      nested_quotes: "„“"   # inner marks: "„“" (default) or "“”" (CLDR's alternate) or "«»"
      dash: em              # the spaced dash: "em" — (default, book style) or "en" – (official style)
      group_digits: true    # 14953126 → 14 953 126 (no-break space), 46.800 → 46 800
      number_nbsp: true     # a no-break space between a number and the lower-case word after it
      suffix_nobreak: true  # БҰҰ-ның → БҰҰ‑ның (U+2011) so the suffix never goes to the next line
    ---

Defaults are the choices of the Kazakh typography reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import ReportgenError

QUOTE_PAIRS = ("«»", "„“", "“”")
DASHES = {"em": "\u2014", "en": "\u2013"}


@dataclass(frozen=True)
class HouseStyle:
    quotes: str = "«»"
    nested_quotes: str = "„“"
    dash: str = "em"
    group_digits: bool = True
    number_nbsp: bool = True
    suffix_nobreak: bool = True

    @property
    def dash_char(self) -> str:
        return DASHES[self.dash]

    def pair(self, depth: int) -> str:
        """The quotation marks (opening, closing) of nesting `depth` (0 = outermost); levels alternate."""
        return self.quotes if depth % 2 == 0 else self.nested_quotes

    def opener(self, depth: int) -> str:
        return self.pair(depth)[0]

    def closer(self, depth: int) -> str:
        return self.pair(depth)[1]

    @classmethod
    def from_mapping(cls, data, file: str = "", line: int = 0) -> "HouseStyle":
        """Validate the `typography:` mapping of the front matter (missing keys keep the defaults)."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ReportgenError("front matter 'typography' must be a mapping (key: value lines)", file, line)
        known = {"quotes", "nested_quotes", "dash", "group_digits", "number_nbsp", "suffix_nobreak"}
        unknown = sorted(set(map(str, data)) - known)
        if unknown:
            raise ReportgenError(
                f"unknown typography option {unknown[0]!r}; known: {', '.join(sorted(known))}", file, line
            )
        values = {}
        for key in ("quotes", "nested_quotes"):
            if key in data:
                value = str(data[key])
                if value not in QUOTE_PAIRS:
                    raise ReportgenError(
                        f"typography {key} must be one of {', '.join(repr(p) for p in QUOTE_PAIRS)}, not {value!r}",
                        file, line,
                    )
                values[key] = value
        if "dash" in data:
            value = str(data["dash"])
            if value not in DASHES:
                raise ReportgenError(f"typography dash must be 'em' or 'en', not {value!r}", file, line)
            values["dash"] = value
        for key in ("group_digits", "number_nbsp", "suffix_nobreak"):
            if key in data:
                if not isinstance(data[key], bool):
                    raise ReportgenError(f"typography {key} must be true or false, not {data[key]!r}", file, line)
                values[key] = data[key]
        return cls(**values)
