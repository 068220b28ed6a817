"""Findings about a source (errors and warnings), each pinned to file:line:column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One finding; `line`/`column` are 1-based, 0 when unknown."""

    file: str
    line: int
    column: int
    severity: str  # "error" | "warning"
    message: str

    def __str__(self) -> str:
        if not self.file:
            return f"{self.severity}: {self.message}"
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"


class ReportgenError(Exception):
    """An error the user can fix: the CLI prints it as one line and exits non-zero, with no traceback."""

    def __init__(self, message: str, file: str = "", line: int = 0, column: int = 0):
        super().__init__(message)
        self.diagnostic = Diagnostic(file, line, column, "error", message)

    def __str__(self) -> str:
        return str(self.diagnostic)


class Warnings(list):
    """A list of warning diagnostics collected while reading or building."""

    def add(self, file: str, line: int, column: int, message: str) -> None:
        self.append(Diagnostic(file, line, column, "warning", message))
