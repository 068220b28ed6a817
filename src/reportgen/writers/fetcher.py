"""The URL fetcher WeasyPrint reads through: project files (reportgen.safety) and `data:` URLs,
nothing else — never the network."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from .weasyprint_fixes import fast_import

fast_import()  # before any WeasyPrint module: see writers/weasyprint_fixes.py
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

from ..diagnostics import ReportgenError  # noqa: E402
from ..safety import check_path  # noqa: E402


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
