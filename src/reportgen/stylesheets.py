"""Where a build's style files come from: the project's `styles/NAME` when it has one, else the
default reportgen ships (`reportgen/styles/NAME`, package data). A document builds from any
folder with the defaults; a project overrides a file by putting its own in `styles/`
(`reportgen init --styles` copies the defaults there to start from). In this repository
`styles/` is a link to the defaults: the essay is built with exactly what ships."""

from __future__ import annotations

from pathlib import Path

from .safety import PACKAGE_DIR

DEFAULTS = PACKAGE_DIR / "styles"
#: the style files, by the outputs that read them
NAMES = ("print.css", "ebook.css", "docx.yaml", "academic.css", "docx-academic.yaml")


def locate(project_root: Path, name: str) -> Path:
    """The style file `name` a build in `project_root` reads: the project's own if it has one (a
    broken link too: `check_path` then refuses it), else the default."""
    own = Path(project_root) / "styles" / name
    return own if own.exists() or own.is_symlink() else DEFAULTS / name
