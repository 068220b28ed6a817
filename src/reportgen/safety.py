"""What renderers may read: files under the project's `styles/`, `source/` and `templates/` and the package's own
templates and default styles — never the network, never a path that leaves those folders (symlinks resolved).

The renderers' side of it, the URL fetcher WeasyPrint reads through, is `writers/fetcher.py`."""

from __future__ import annotations

import os
from pathlib import Path

from .diagnostics import ReportgenError

PACKAGE_DIR = Path(__file__).resolve().parent


def source_folder(source: Path) -> Path:
    """The real folder the source is named in: its own name is not followed, so a source that is
    a symlink to a file elsewhere does not make that file's folder part of the project."""
    return Path(os.path.abspath(source)).parent.resolve()


def allowed_roots(project_root: Path, source: Path | None = None) -> list[Path]:
    """The folders a build may read from (real paths: `..` and symlinks resolved first)."""
    roots = [project_root / "styles", project_root / "source", project_root / "templates", PACKAGE_DIR / "templates",
             PACKAGE_DIR / "styles"]
    if source is not None:
        roots.append(source_folder(Path(source)))
    return [r.resolve() for r in roots]


def check_source(source: Path, project_root: Path) -> None:
    """Refuse a source that is a symlink to a file outside the project (the source's folder and
    the project's `source/` and `styles/`)."""
    try:
        check_path(source, allowed_roots(Path(project_root), source))
    except ReportgenError:
        raise ReportgenError(f"the source is a link to a file outside the project ({Path(source).resolve()}); "
                             "copy the file into the project", str(source)) from None


def check_path(path: Path, roots: list[Path], what: str = "file") -> Path:
    """`path` resolved, if it lies inside one of `roots`; else a ReportgenError."""
    real = Path(path).resolve()
    if not any(real == r or r in real.parents for r in roots):
        raise ReportgenError(
            f"refusing to read {what} outside the project: {path}; keep it under styles/ or source/"
        )
    return real
