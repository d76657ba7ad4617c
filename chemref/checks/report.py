"""What ``chemref validate`` prints: its problems as text lines with a summary, as JSON, or as GitHub
annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from chemref.checks.github import annotation
from chemref.registry.problems import Problem

ReportFormat = Literal["text", "json", "github"]


def validation_report(path: Path, problems: list[Problem], fmt: ReportFormat) -> str:
    """The problems found in the registry at ``path``; the text form ends with a one-line summary."""
    errors = sum(p.severity == "error" for p in problems)
    if fmt == "json":
        record = {"registry": str(path), "valid": not errors, "problems": [p.as_dict() for p in problems]}
        return json.dumps(record, indent=2)
    if fmt == "github":
        return "\n".join(annotation(path, p) for p in problems)
    lines = [f"{p.where()}: [{p.rule}]{' warning:' if p.severity == 'warning' else ''} {p.message}" for p in problems]
    summary = "valid" if not errors else f"{errors} problem(s)"
    if len(problems) > errors:
        summary += f", {len(problems) - errors} warning(s)"
    return "\n".join([*lines, f"registry {path}: {summary}"])
