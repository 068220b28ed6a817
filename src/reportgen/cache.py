"""Incremental builds: a content hash of everything an output depends on, kept beside the outputs.

An output is rebuilt only when its key changes: the source (and `index.yaml` beside it), the
stylesheet its writer reads, the options that change it, SOURCE_DATE_EPOCH, and reportgen's own
code. Changing only styles/print.css therefore rebuilds only the PDF (and the booklet).

The EPUB's page-list cites the PDF's pages, so the EPUB also depends on where the PDF's pages
start: its key combines its own inputs with a digest of those page starts (`epub_key`). The state
remembers which PDF key gave which page starts; when the PDF's key changes, the page starts are
known again only once the PDF is laid out, and the EPUB is rewritten only if they moved — a colour
changed in print.css rebuilds only the PDF, a larger font rebuilds the EPUB's page-list too.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .diagnostics import ReportgenError

from . import outdir, stylesheets, templating

STATE_FILE = ".reportgen-state.json"
PACKAGE_DIR = Path(__file__).resolve().parent
# the files under styles/ each output reads
STYLE_DEPENDENCIES = {
    "pdf": ("common.css", "print.css", "academic.css"),
    "booklet": ("common.css", "print.css", "academic.css"),
    "docx": ("docx.yaml", "docx-academic.yaml"),
    "epub": ("common.css", "ebook.css"),
}
# the templates each output is rendered through (a project's templates/ may replace them)
TEMPLATE_DEPENDENCIES = {"pdf": ("print.html.j2",), "booklet": ("print.html.j2",), "epub": ("epub-page.xhtml.j2",)}
# the options that change each output
OPTION_DEPENDENCIES = {
    "pdf": ("paper", "hyphenate", "pdf_profile"),
    "booklet": ("hyphenate",),
    "docx": ("paper", "hyphenate"),
    "epub": ("hyphenate", "epub_soft_hyphens", "paper"),  # paper: pageBreakSource names it
}

_code_digest: str | None = None


def code_digest() -> str:
    """A hash of reportgen's own code, templates and data (a new version rebuilds everything)."""
    global _code_digest
    if _code_digest is None:
        digest = hashlib.sha256()
        for path in sorted(PACKAGE_DIR.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc",):
                digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
                digest.update(path.read_bytes())
        _code_digest = digest.hexdigest()
    return _code_digest


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def output_key(kind: str, source: Path, options) -> str:
    """The content key of one output (`kind`: pdf, docx, epub, booklet)."""
    parts = _reads(kind, source, options)
    parts["source"] = _file_digest(source)
    parts["index.yaml"] = _file_digest(source.parent / "index.yaml")
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def layout_key(source: Path, options) -> str:
    """What a part of the PDF's layout reads besides its own HTML (writers/partcache.py): the PDF's
    key without the source and index.yaml."""
    return hashlib.sha256(json.dumps(_reads("pdf", source, options), sort_keys=True).encode()).hexdigest()


def _reads(kind: str, source: Path, options) -> dict[str, str]:
    """Digests of what an output of `kind` reads but the source: the code, SOURCE_DATE_EPOCH,
    the images, the styles, the templates, the options."""
    parts = {"code": code_digest(), "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
             "images": _images_digest(source, Path(options.project_root))}
    for name in STYLE_DEPENDENCIES.get(kind, ()):
        parts[name] = " ".join(_file_digest(p) for p in stylesheets.files(Path(options.project_root), name))
    for name in TEMPLATE_DEPENDENCIES.get(kind, ()):
        parts[name] = " ".join(_file_digest(p) for p in templating.files(Path(options.project_root), name))
    for name in OPTION_DEPENDENCIES.get(kind, ()):
        parts[name] = str(getattr(options, name))
    return parts


def _images_digest(source: Path, project_root: Path) -> str:
    """A digest of every file the source may name as an image (resources.IMAGE_NAME: each name
    that looks like one, read relative to the source), so that an edited picture rebuilds; a name
    outside the project is never read (the build refuses it anyway)."""
    from .resources import IMAGE_NAME
    from .safety import allowed_roots, check_path

    roots = allowed_roots(project_root, source)

    try:
        text = source.read_text("utf-8", "replace")
    except OSError:
        return "missing"
    digest = hashlib.sha256()
    for name in sorted(set(IMAGE_NAME.findall(text))):
        try:
            path = check_path(source.parent / name, roots)
        except (ReportgenError, OSError, ValueError):
            continue
        digest.update(f"{name}:{_file_digest(path)}\n".encode())
    return digest.hexdigest()


def epub_key(base: str, pages_digest: str) -> str:
    """The EPUB's full key: its own inputs (`output_key("epub", …)`) and the PDF's page starts."""
    return hashlib.sha256(f"{base}:{pages_digest}".encode()).hexdigest()


def pages_record(state: dict[str, str], name: str, pdf_key: str) -> str | None:
    """The page-starts digest recorded for output `name` when the PDF's key was `pdf_key`, or None."""
    if state.get(f"{name}#pdf") == pdf_key:
        return state.get(f"{name}#pages")
    return None


def record_pages(state: dict[str, str], name: str, pdf_key: str, pages_digest: str) -> None:
    state[f"{name}#pdf"] = pdf_key
    state[f"{name}#pages"] = pages_digest


def load_state(out: Path) -> dict[str, str]:
    """The keys of the outputs last written into `out`; {} (a full rebuild) if there are none or
    the file is anything but the small flat JSON object `save_state` writes (not followed through
    a symlink, at most 1 MiB, nesting refused before it can exhaust the parser)."""
    data = outdir.read_small(out / STATE_FILE)
    if data is None:
        return {}
    try:
        state = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return {}
    if not isinstance(state, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in state.items()):
        return {}
    return state


def save_state(out: Path, state: dict[str, str]) -> None:
    """Record output keys atomically: a fresh temporary file (O_EXCL, never a planted symlink), renamed."""
    outdir.write_atomically(out, STATE_FILE, json.dumps(state, sort_keys=True, indent=1).encode("utf-8"))


def record_output(state: dict[str, str], name: str, key: str, digest: str) -> None:
    """Remember that `name` now holds the output of `key`, whose bytes hash to `digest`."""
    state[name] = key
    state[f"{name}#sha256"] = digest


def output_matches(state: dict[str, str], out: Path, name: str, key: str) -> bool:
    """Whether `out/name` is the very file written for `key`: the key recorded for it and its bytes
    unchanged since (an emptied, edited or replaced file is not up to date), a regular file."""
    if state.get(name) != key or not state.get(f"{name}#sha256"):
        return False
    return outdir.digest(out / name) == state[f"{name}#sha256"]
