"""The package's layout is its architecture: packages by role, imports running one way only.

Levels, ground first: registry (the data) < answers (what chemref says) < chem (RDKit), render (text) <
checks (the data gate), screen (catalogues) < site < cli. A module may import its own package and the
packages on lower levels, never one on its own level or above; so there is no cycle between packages.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "chemref"
LEVELS = {
    "registry": 0,
    "answers": 1,
    "chem": 2,
    "render": 2,
    "checks": 3,
    "screen": 3,
    "site": 4,
    "cli": 5,
}


def imports_of(path: Path) -> set[str]:
    """Every chemref module a file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chemref"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("chemref"))
    return found


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LEVELS else None


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_package_by_role() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "__main__.py"}]
    assert loose == [], f"modules at the package root: {loose}"
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()} == set(LEVELS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path: Path) -> None:
    here = path.relative_to(PACKAGE).parts[0]
    if here not in LEVELS:
        return
    for module in imports_of(path):
        there = package_of(module)
        if there is None or there == here:
            continue
        assert LEVELS[there] < LEVELS[here], f"{path.relative_to(PACKAGE)} ({here}) imports {module} ({there})"


def test_the_check_can_fail() -> None:
    """The level rule rejects an upward import: a registry module importing the answers would be caught."""
    assert LEVELS[package_of("chemref.answers.status") or ""] > LEVELS["registry"]


def test_cli_command_modules_share_only_the_app_and_file_helpers() -> None:
    for path in (PACKAGE / "cli").glob("*.py"):
        if path.name == "__init__.py":
            continue
        internal = {m for m in imports_of(path) if m.startswith("chemref.cli.")}
        internal = {".".join(m.split(".")[:3]) for m in internal}
        assert internal <= {"chemref.cli.app", "chemref.cli.files"}, (path.name, internal)
