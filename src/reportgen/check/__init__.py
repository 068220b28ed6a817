"""`reportgen check`: findings about a source, each pinned to file:line:column.

Four families of checks, each a module with `check(ctx) -> list[Finding]`:

- `structure`   footnotes called but not defined / defined but never called, duplicate ids,
                unknown span classes and attributes, heading levels that skip, empty sections,
                raw HTML (everything the reader reports, too);
- `typography`  what the typography engine cannot decide alone: unbalanced quotes, a hyphen
                that may be a dash, a four-digit number that may be a year or a count;
- `spelling`    Russian (or Latin) letters where Kazakh ones belong, with the suggested word;
- `candidates`  organization-like names and abbreviations no gazetteer entry covers.

Severities: "error" (exit 1), "warning" (exit 1 with --strict) and "note" (never changes the exit
code): index candidates are notes, since a name missing from the index is a choice, not a fault.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import model as m
from ..diagnostics import Diagnostic, Warnings

SEVERITIES = ("error", "warning", "note")
FAMILIES = ("structure", "typography", "spelling", "candidates")


@dataclass(frozen=True)
class Finding:
    """One finding: where, how bad, which check, what, and the suggested replacement if any."""

    file: str
    line: int
    column: int
    severity: str  # "error" | "warning" | "note"
    check: str  # one of FAMILIES
    message: str
    suggestion: str = ""

    def __str__(self) -> str:
        return str(Diagnostic(self.file, self.line, self.column, self.severity, self.message))

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Context:
    """What every check reads: the document, its source lines, where it came from."""

    doc: m.Document
    text: str
    file: str
    lines: list[str] = field(default_factory=list)
    reader_warnings: Warnings = field(default_factory=Warnings)
    reader_problems: list = field(default_factory=list)
    project_root: Path | None = None

    def __post_init__(self):
        if not self.lines:
            self.lines = self.text.split("\n")

    def locate(self, line: int, column: int, needle: str) -> int:
        """The 1-based column of `needle` on source `line`, searched near `column` (a guess made
        from the model); the guess when it cannot be found."""
        if not (0 < line <= len(self.lines)) or not needle:
            return column
        src = self.lines[line - 1]
        start = max(0, column - 1)
        found = src.find(needle, start)
        if found < 0:
            found = src.find(needle)
        return found + 1 if found >= 0 else column


def runs(node: m.Node, skip: tuple[type, ...] = ()) -> list[tuple[str, int, int]]:
    """The text of each inline `Text` node under `node` with its source line and column (code,
    and nodes of `skip` types, are left out)."""
    return [(t.text, t.line, t.column) for t in m.text_nodes(node, skip=skip)]


def check_text(text: str, file: str = "<string>", families=FAMILIES, project_root: Path | None = None) -> list[Finding]:
    """Findings for Markdown `text`; a source that cannot be read at all raises ReportgenError."""
    warnings = Warnings()
    problems: list = []
    from ..reader import read_string  # imported on use: `reportgen build` starts without it

    doc = read_string(text, file, warnings, problems=problems)
    ctx = Context(doc, text, file, reader_warnings=warnings, reader_problems=problems, project_root=project_root)
    from . import candidates, spelling, structure, typography

    modules = {"structure": structure, "typography": typography, "spelling": spelling, "candidates": candidates}
    findings: list[Finding] = []
    for family in families:
        findings.extend(modules[family].check(ctx))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(set(findings), key=lambda f: (f.line, f.column, order.get(f.severity, 9), f.message))


def check_file(path: str | Path, families=FAMILIES) -> list[Finding]:
    """Findings for the Markdown source at `path` (unreadable files: the reader's errors)."""
    path = Path(path)
    from ..reader import read_source
    from ..safety import check_source, source_folder

    # the project is the folder the source is named in; a source linking outside it is refused
    check_source(path, source_folder(path))
    return check_text(read_source(path), str(path), families, project_root=source_folder(path))


def exit_code(findings: list[Finding], strict: bool = False) -> int:
    """0 when clean, 1 on errors (on warnings too when `strict`); notes never count."""
    bad = {"error", "warning"} if strict else {"error"}
    return 1 if any(f.severity in bad for f in findings) else 0
