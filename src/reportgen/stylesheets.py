"""Where a build's style files come from: the defaults reportgen ships (`reportgen/styles/NAME`,
package data), and the project's own `styles/NAME` applied over them. A document builds from any
folder with the defaults alone.

The rule (README, "Styles"): a project's CSS file (`print.css`, `ebook.css`, `academic.css`)
*extends* the default — it is read after it, so its rules win where both set a property, and it
holds only what the project changes. A project's `docx.yaml` (or `docx-academic.yaml`)
*replaces* the default: a Word style sheet is read whole (`reportgen init --styles` copies the
default there to start from). In this repository `styles/` is a link to the defaults: the essay
is built with exactly what ships."""

from __future__ import annotations

import re
from pathlib import Path

from .safety import PACKAGE_DIR

DEFAULTS = PACKAGE_DIR / "styles"
#: the style files, by the outputs that read them
NAMES = ("common.css", "print.css", "ebook.css", "docx.yaml", "academic.css", "docx-academic.yaml")


def files(project_root: Path, name: str) -> list[Path]:
    """The files a build reads for style file `name`, in the order they apply: for a CSS file
    the default, then the project's own over it (if it has one that is not the default itself);
    for a YAML style sheet the one `locate` finds."""
    if not name.endswith(".css"):
        return [locate(project_root, name)]
    default, own = DEFAULTS / name, Path(project_root) / "styles" / name
    if not (own.exists() or own.is_symlink()):
        return [default]
    try:
        same = own.resolve() == default.resolve()
    except OSError:
        same = False
    return [default] if same else [default, own]


def locate(project_root: Path, name: str) -> Path:
    """The style file `name` a build in `project_root` reads: the project's own if it has one (a
    broken link too: `check_path` then refuses it), else the default."""
    own = Path(project_root) / "styles" / name
    return own if own.exists() or own.is_symlink() else DEFAULTS / name


_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.IGNORECASE)
_FAMILY = re.compile(r"(font-family\s*:\s*)([^;}!]+)", re.IGNORECASE)
_GENERIC = re.compile(r"\s*,\s*(serif|sans-serif|monospace|cursive|fantasy|system-ui|math)\s*$", re.IGNORECASE)


def with_fallbacks(css: str, families: list[str]) -> str:
    """`css` with `families` added to every `font-family` list (before its generic family, if it
    ends with one): the fonts chosen for characters the body font lacks (typography/fallback.py)
    are then tried, in the order given, wherever text is set. `@font-face` rules, which name a
    face rather than list fonts, are left alone."""
    if not families:
        return css
    quoted = ", ".join(f'"{family}"' for family in families)

    def extend(match: re.Match) -> str:
        value = match.group(2).rstrip()
        generic = _GENERIC.search(value)
        if generic:
            value = value[:generic.start()] + ", " + quoted + value[generic.start():]
        else:
            value = value + ", " + quoted
        return match.group(1) + value + match.group(2)[len(match.group(2).rstrip()):]

    out, last = [], 0
    for face in _FONT_FACE.finditer(css):
        out.append(_FAMILY.sub(extend, css[last:face.start()]))
        out.append(face.group(0))
        last = face.end()
    out.append(_FAMILY.sub(extend, css[last:]))
    return "".join(out)
