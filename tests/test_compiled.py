"""The typed registry kept as JSON under its content hash: the same registry back, and never code."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REGISTRY, edit

from chemref.registry import compiled, load


def test_the_kept_json_reads_back_as_the_same_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHEMREF_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(load, "_LOADED", {})
    typed = load.load(REGISTRY)
    kept = list(tmp_path.glob("registry-*.json"))
    assert len(kept) == 1
    again = compiled.read(typed.content_hash)
    assert again == typed


def test_a_changed_registry_file_is_never_answered_from_the_kept_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry_copy: Callable[[], Path]
) -> None:
    monkeypatch.setenv("CHEMREF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(load, "_LOADED", {})
    registry = registry_copy()
    before = load.load(registry)
    edit(registry / "chemicals" / "4-ap.yml", "name: 4-AP", "name: 4-AP (edited)")
    monkeypatch.setattr(load, "_LOADED", {})
    after = load.load(registry)
    assert after.content_hash != before.content_hash
    assert after.chemicals["4-ap"].name == "4-AP (edited)"


class Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("PLANTED CODE RAN",))


def test_a_planted_cache_file_cannot_run_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Field test M14: a pickle planted in the cache directory ran code. The cache is JSON read through the
    models, so a planted file (pickle or JSON of the wrong shape) is ignored and the YAML is typed again."""
    monkeypatch.setenv("CHEMREF_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(load, "_LOADED", {})
    digest = load.load(REGISTRY).content_hash
    target = compiled.file_for(digest)
    assert target is not None and target.is_file()
    target.write_bytes(pickle.dumps(Planted()))
    monkeypatch.setattr(load, "_LOADED", {})
    registry = load.load(REGISTRY)
    assert registry.content_hash == digest
    assert "PLANTED CODE RAN" not in capsys.readouterr().out
    target.write_text('{"chemicals": {}, "content_hash": "' + digest + '"}', encoding="utf-8")
    monkeypatch.setattr(load, "_LOADED", {})
    assert len(load.load(REGISTRY).chemicals) == len(registry.chemicals)
