from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "registry"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the developer's own registry cache from tests."""
    monkeypatch.setenv("CHEMREF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def registry_copy(tmp_path: Path) -> Callable[[], Path]:
    """A fresh copy of the bundled registry that a test may break."""

    def make() -> Path:
        target = tmp_path / "registry"
        shutil.copytree(REGISTRY, target)
        return target

    return make


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` with ``new`` in a registry file, insisting that ``old`` is there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture out of date: {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def change(path: Path, mutate: Callable[[Any], None]) -> None:
    """Change a registry file's data with ``mutate`` and write it back in canonical form, so that a broken-data
    fixture breaks exactly one rule and survives changes elsewhere in the file."""
    from chemref.registry import yamlio

    data = yamlio.load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yamlio.dump(data), encoding="utf-8")
