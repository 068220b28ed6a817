"""What renderers may read: files under the project's `styles/` and `source/` and the package's own
templates — never the network, never a path that leaves those folders (symlinks resolved)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

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


class RefusedURL(FatalURLFetchingError):
    """A URL the renderer may not read; carries the message for the user."""


class ProjectURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves project files and `data:` URLs and refuses all else."""

    def __init__(self, roots: list[Path], warnings=None, **kwargs):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, **kwargs)
        self.roots = roots
        self.warnings = warnings
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
            try:
                real = check_path(path, self.roots, "resource")
            except ReportgenError as exc:
                self.refused.append(url)
                raise RefusedURL(str(exc.diagnostic.message)) from None
            return URLFetcherResponse(url, real.read_bytes(), {})
        # http(s), ftp, anything else: never fetched (the build has no network by design)
        self.refused.append(url)
        if self.warnings is not None:
            self.warnings.add("", 0, 0, f"not fetched (reportgen never uses the network): {url}")
        raise ValueError(f"reportgen does not fetch {url}")
