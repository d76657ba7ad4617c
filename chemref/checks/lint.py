"""``chemref lint``: which registry files differ from their canonical form, and rewriting them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chemref.registry.canonical import canonical_files
from chemref.registry.load import build, read_files
from chemref.registry.problems import Problem


@dataclass
class LintReport:
    """What lint found: the problems that stop the registry loading (then nothing else is checked), the files
    whose text is not canonical, and chemical files named ``.yaml`` (their canonical name ends in ``.yml``)."""

    problems: list[Problem] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    misnamed: list[str] = field(default_factory=list)

    @property
    def canonical(self) -> bool:
        return not (self.problems or self.changed or self.misnamed)


def lint(path: Path, fix: bool) -> LintReport:
    """Compare every file of the registry at ``path`` with its canonical text; with ``fix``, rewrite the ones
    that differ and remove a ``.yaml`` chemical file once its ``.yml`` twin is written."""
    files = read_files(path)
    loaded = build(files)
    if loaded is None:
        return LintReport(problems=list(files.problems))
    canonical = canonical_files(loaded)
    report = LintReport(
        changed=[name for name, text in canonical.items() if files.texts.get(name) != text],
        misnamed=[name for name in files.texts if name.endswith(".yaml") and "/" in name],
    )
    if fix:
        for name in report.changed:
            (path / name).write_text(canonical[name], encoding="utf-8")
        for name in report.misnamed:
            (path / name).unlink()
    return report
