"""A data problem found while loading or validating the registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal[
    "error",  # the registry is invalid: validate exits 1
    "warning",  # worth attention (e.g. a finding past its freshness window), but the registry is valid
]


@dataclass(frozen=True)
class Problem:
    """One fault, located as precisely as possible."""

    rule: str
    file: str
    message: str
    path: str = ""
    line: int | None = None
    severity: Severity = "error"

    def where(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{place} {self.path}".rstrip()

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "path": self.path,
            "message": self.message,
        }


class RegistryError(Exception):
    """The registry could not be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first.where()}: {first.message}{more}")
