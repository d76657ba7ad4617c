"""A site built once per test session from a copy of the registry, with the build date fixed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REGISTRY

from chemref.registry.canonical import canonical_files
from chemref.registry.load import build, read_files
from chemref.registry.models import Registry

BUILD_DATE = "2026-12-06"


@dataclass(frozen=True)
class BuiltSite:
    site: Path
    registry_path: Path
    registry: Registry


def typed(path: Path) -> Registry:
    """Load without the registry cache (a session fixture runs outside the per-test cache isolation)."""
    registry = build(read_files(path))
    assert registry is not None, f"the registry at {path} does not load"
    return registry


def canonical_copy(target: Path) -> Path:
    """A copy of the bundled registry in canonical form (others may be mid-edit on the working tree)."""
    shutil.copytree(REGISTRY, target)
    registry = typed(target)
    for name, text in canonical_files(registry).items():
        (target / name).write_text(text, encoding="utf-8")
    return target


def run_docs_build(registry: Path, out: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHEMREF_TODAY": BUILD_DATE, "CHEMREF_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "chemref", "--registry", str(registry), "docs", "build", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    base = tmp_path_factory.mktemp("docs-site")
    registry_path = canonical_copy(base / "registry")
    result = run_docs_build(registry_path, base / "site", base / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(base / "site", registry_path, typed(registry_path))
