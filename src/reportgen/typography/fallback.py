"""Fallback fonts for the characters the body font lacks (issue 15, "Other scripts"): Greek letters
in a formula's explanation, an Arabic or Armenian quotation, a Hebrew name. PT Serif covers Latin
and Cyrillic only; such characters are set in an installed font for their script, chosen here
once per build and named in a note, instead of failing the build.

The choice asks fontconfig (`fc-list :charset=…`, the same font database WeasyPrint's Pango reads)
for the installed fonts that hold all of a script's characters, and prefers, in order: Noto Serif
(the body is a serif), Noto Naskh (the serif Arabic style), Noto Sans, any other Noto, DejaVu,
then anything else; the regular face; the plainest family (fewest words: "Noto Serif" before
"Noto Serif Display"); then the name, so that one machine always makes the same choice. A script
no one font covers is split character by character. What no installed font has stays an error.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass

_REGULAR = ("Regular", "Book", "Roman", "Normal")
_QUERY_LIMIT = 200  # characters per fc-list query (its command line)


@dataclass(frozen=True)
class Fallback:
    """An installed font chosen for `chars`: fontconfig's family name and its regular face's file."""

    family: str
    file: str
    chars: str


def script(char: str) -> str:
    """A character's script, near enough to group it: the first word of its Unicode name
    ("GREEK", "ARMENIAN", "HEBREW", "CJK" …)."""
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else f"U+{ord(char):04X}"


def _rank(family: str, style: str, file: str) -> tuple:
    preference = next((k for k, prefix in enumerate(("Noto Serif", "Noto Naskh", "Noto Sans", "Noto", "DejaVu"))
                       if family.startswith(prefix)), 5)
    return (preference, style not in _REGULAR, len(family.split()), family, file)


def candidates(chars: str) -> list[tuple[str, str, str]]:
    """(family, style, file) of each installed font that has every one of `chars`, best first."""
    if not chars or shutil.which("fc-list") is None:
        return []
    pattern = ":charset=" + " ".join(f"{ord(c):x}" for c in chars)
    try:
        out = subprocess.run(["fc-list", "--format", "%{family[0]}\t%{style[0]}\t%{file}\n", pattern],
                             capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[2].lower().endswith((".ttf", ".otf")):  # what WeasyPrint and fontTools embed
            found.append((parts[0], parts[1], parts[2]))
    return sorted(found, key=lambda f: _rank(*f))


def choose(chars: str) -> tuple[list[Fallback], str]:
    """The fallback fonts for `chars` (grouped by script, one font per group where one covers it),
    best first, and the characters no installed font has."""
    groups: dict[str, list[str]] = {}
    for char in sorted(set(chars)):
        groups.setdefault(script(char), []).append(char)
    chosen: dict[tuple[str, str], list[str]] = {}
    missing: list[str] = []
    for group in groups.values():
        best = candidates("".join(group[:_QUERY_LIMIT])) if len(group) <= _QUERY_LIMIT else []
        if best:
            chosen.setdefault((best[0][0], best[0][2]), []).extend(group)
            continue
        for char in group:  # no one font for the whole script: each character on its own
            best = candidates(char)
            if best:
                chosen.setdefault((best[0][0], best[0][2]), []).append(char)
            else:
                missing.append(char)
    # best first: a writer lists them in this order, so a character two of them have is set in the
    # one preferred (Greek in Noto Serif, not in the DejaVu Sans chosen for an emoji)
    order = sorted(chosen, key=lambda key: _rank(key[0], "Regular", key[1]))
    return [Fallback(family, file, "".join(sorted(chosen[(family, file)]))) for family, file in order], "".join(missing)
