"""Diagnostics in the form compilers use: ``path:line:col: severity[code]: message (hint: …)``."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str
    hint: str | None = None

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


def display_path(path: Path | str, root: Path | None = None) -> str:
    """A path relative to *root* (or the current folder) when it lies below it."""
    p = Path(path).resolve()
    for base in (root, Path.cwd()):
        if base is not None:
            try:
                return os.fspath(p.relative_to(Path(base).resolve()))
            except ValueError:
                pass
    return os.fspath(p)


@dataclass
class Report:
    """Every problem found, in file and line order; stages add to it and never stop early."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def extend(self, diagnostics) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics))

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        return (f"{self.files_checked} file(s) checked: "
                f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}")

    def to_json(self) -> str:
        return json.dumps(
            {"files_checked": self.files_checked,
             "errors": len(self.errors), "warnings": len(self.warnings),
             "diagnostics": [asdict(d) for d in self.sorted()]},
            ensure_ascii=False, indent=2,
        )
