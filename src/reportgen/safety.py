"""What renderers may read: files under the project's `styles/` and `source/` and the package's own
templates — never the network, never a path that leaves those folders (symlinks resolved).

The renderers' side of it, the URL fetcher WeasyPrint reads through, is `writers/fetcher.py`."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import ReportgenError

PACKAGE_DIR = Path(__file__).resolve().parent


def allowed_roots(project_root: Path, source: Path | None = None) -> list[Path]:
    """The folders a build may read from."""
    roots = [project_root / "styles", project_root / "source", PACKAGE_DIR / "templates"]
    if source is not None:
        roots.append(Path(source).resolve().parent)
    return [r.resolve() for r in roots]


def check_path(path: Path, roots: list[Path], what: str = "file") -> Path:
    """`path` resolved, if it lies inside one of `roots`; else a ReportgenError."""
    real = Path(path).resolve()
    if not any(real == r or r in real.parents for r in roots):
        raise ReportgenError(
            f"refusing to read {what} outside the project: {path}; keep it under styles/ or source/"
        )
    return real
