"""The build pipeline: read the source once, run the ordered transforms, hand the model to writers.

Like docutils' transforms, each transform is a function `(doc, options) -> None` that changes the
document in place, is testable alone, and has a fixed place in `TRANSFORMS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import model as m
from .diagnostics import Warnings


@dataclass
class Options:
    """What the user chose for a build (command line and front matter)."""

    formats: tuple[str, ...] = ("pdf", "docx", "epub")
    out: Path = Path("dist")
    paper: str = "a4"  # "a4" | "a5"
    hyphenate: bool = True
    epub_soft_hyphens: bool = True
    pdf_profile: str = "screen"  # "screen" (PDF/UA-1) | "print" (PDF/X-4)
    impose: str = ""  # "" | "booklet"
    output_name: str = ""  # `-o FILE`: the one output's file name in `out` (else SOURCE-STEM.EXT)
    project_root: Path = field(default_factory=Path.cwd)
    processes: int = 0  # processes that lay the PDF out (`-j`; 0: one per core; writers/parts.py)
    # characters of text from which the PDF is laid out in parts, given processes (writers/parts.py):
    # below, the merge and the processes cost more than they save (docs/performance.md)
    parts_from: int = 150_000
    reuse_parts: bool = True  # a PDF's parts kept by the last build may be used (`build --force`: no)
    warnings: Warnings = field(default_factory=Warnings)


Transform = Callable[[m.Document, Options], None]


def _transforms() -> list[tuple[str, Transform]]:
    """The transforms in the order they run (typography before hyphenation before the index)."""
    steps: list[tuple[str, Transform]] = []
    from .resources import resources  # noqa: E402 (images: found in the project, checked, measured)
    steps.append(("resources", resources))
    from .citations import citations  # noqa: E402 (citations and the references list, before typography sets them)
    steps.append(("citations", citations))
    from .sections import number_sections  # noqa: E402 (`number-sections`: after the references heading exists)
    steps.append(("sections", number_sections))
    from .typography import hyphenation, typography  # noqa: E402 (Kazakh typography, then hyphenation)
    steps += [("typography", typography), ("hyphenation", hyphenation)]
    from .index import index_transform; steps.append(("index", index_transform))  # noqa: E702 (the index: it reads the typeset text)
    from .typography.fontcheck import font_check  # noqa: E402 (last: every character is now in place)
    steps.append(("fonts", font_check))
    return steps


def load(source: str | Path, options: Options | None = None) -> m.Document:
    """Read `source` and apply every transform: the model every writer reads."""
    from .reader import read_file  # imported on use: a no-change rebuild never parses
    from .safety import check_source

    options = options or Options()
    check_source(Path(source), options.project_root)
    doc = read_file(source, options.warnings)
    for _name, transform in _transforms():
        transform(doc, options)
    return doc
