"""The caches behind a fast start: the typed registry, and today's everyday answers (chemref.answers).

Both may only make a command faster: every answer read from them must equal the one computed, and
anything that could change an answer (a registry file, the day, the path, -j, --on) must bypass them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REGISTRY

from chemref import answers, cache
from chemref.location import file_names
from chemref.names import index
from chemref.registry import load

DAY = dt.date(2026, 11, 28)
TAMPERED = "TAMPERED: this text was put in the stored answer by the test"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CHEMREF_TODAY": DAY.isoformat(), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "chemref", *args], capture_output=True, text=True, env=environment, check=False
    )


def _answers_folder(path: Path) -> Path:
    name = answers._folder(path)
    folder = cache.directory()
    assert name is not None and folder is not None
    return folder / name


def _tamper(path: Path) -> None:
    """Mark every stored status reason, so that output quoting it can only come from the store."""
    for stored in _answers_folder(path).glob("status-*.json"):
        record = json.loads(stored.read_text(encoding="utf-8"))
        for item in record["jurisdictions"]:
            item["reason"] = TAMPERED
        stored.write_text(json.dumps(record), encoding="utf-8")


def test_registry_cache_returns_the_registry_typed_from_the_files(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    first = load(root)
    key = cache.key(root, file_names(root))
    assert key is not None and cache.get(key) == first  # stored by the first load
    chemical = root / "chemicals" / "4-ap.yml"
    chemical.write_text(chemical.read_text(encoding="utf-8").replace("name: 4-AP", "name: 4-AP (edited)", 1))
    assert load(root).chemicals["4-ap"].name == "4-AP (edited)"  # another key: the files changed


def test_a_broken_cache_file_only_means_a_slower_start(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    expected = load(root)
    key = cache.key(root, file_names(root))
    folder = cache.directory()
    assert key is not None and folder is not None
    (folder / f"registry-{key}.pickle").write_bytes(b"not a pickle")
    assert cache.get(key) is None
    assert load(root) == expected


def test_stored_answers_equal_computed_ones_for_every_chemical_and_every_name() -> None:
    registry = load(REGISTRY)
    answers.store(registry, REGISTRY, DAY)
    checked = 0
    for key, ids in index(registry).items():
        if len(ids) != 1:
            continue
        chemical = registry.chemicals[ids[0]]
        for kind in answers.KINDS:
            assert answers.stored(REGISTRY, kind, key, DAY) == answers.compute(registry, REGISTRY, kind, chemical, DAY)
            checked += 1
    assert checked >= 2 * len(registry.chemicals)


def test_stored_answers_are_only_for_their_day_path_and_files(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    registry = load(root)
    answers.store(registry, root, DAY)
    assert answers.stored(root, "status", "4-AP", DAY) is not None
    assert answers.stored(root, "status", "4-AP", DAY + dt.timedelta(days=1)) is None
    assert answers.stored(root / "." / "chemicals" / "..", "status", "4-AP", DAY) is None  # quoted as given
    assert answers.stored(root, "status", "no such chemical", DAY) is None
    assert answers.stored(root, "status", "21409-26-8", DAY) is None  # a wrong check digit: the long way
    (root / "sources.yml").write_text((root / "sources.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert answers.stored(root, "status", "4-AP", DAY) is None


def test_the_cli_answers_from_the_store_and_bypasses_it_when_it_must(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    env = {"CHEMREF_REGISTRY": str(root)}
    first = run("status", "4-ap", "-f", "json", env=env)
    assert first.returncode == 0, first.stderr
    _tamper(root)
    # Read from the store: the tampered text shows, in every format.
    for fmt in ("json", "markdown", "csv"):
        assert TAMPERED in run("status", "4-ap", "-f", fmt, env=env).stdout, fmt
    assert TAMPERED in run("status", "0023056-29-3", "-f", "json", env=env).stdout  # its CAS RN, padded
    # Questions the store does not hold are computed.
    assert TAMPERED not in run("status", "4-ap", "-j", "US", "-f", "json", env=env).stdout
    assert TAMPERED not in run("status", "4-ap", "--on", DAY.isoformat(), "-f", "json", env=env).stdout
    assert TAMPERED not in run("status", "4-ap", "-f", "json", env={**env, "CHEMREF_TODAY": "2026-11-29"}).stdout
    missing = run("status", "4-anilinopiperidin", env=env)
    assert missing.returncode == 1 and "Did you mean" in missing.stderr
    malformed = run("status", "21409-26-8", env=env)
    assert malformed.returncode == 2 and "check digit" in malformed.stderr
    # Any registry file changing makes the store stale.
    os.utime(root / "regimes.yml", ns=(1, 1))
    assert TAMPERED not in run("status", "4-ap", "-f", "json", env=env).stdout


@pytest.mark.parametrize("kind", answers.KINDS)
def test_the_cli_prints_the_same_with_and_without_the_store(kind: str, tmp_path: Path) -> None:
    outputs = []
    for cache_dir in ("", str(tmp_path / "cache"), str(tmp_path / "cache")):  # none, then filled, then read
        env = {"CHEMREF_CACHE_DIR": cache_dir}
        outputs.append([run(kind, name, "-f", fmt, env=env).stdout for name in ("norfentanyl", "1-boc-4-ap")
                        for fmt in ("json", "markdown")])  # fmt: skip
    assert outputs[0] == outputs[1] == outputs[2]
    assert (tmp_path / "cache").is_dir()


def test_the_files_a_key_covers_are_the_files_the_registry_is_typed_from() -> None:
    from chemref.location import VOCABULARY_FILES
    from chemref.models import VOCABULARIES

    assert tuple(VOCABULARIES) == VOCABULARY_FILES


def test_a_stored_file_of_the_wrong_shape_is_ignored(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    answers.store(load(root), root, DAY)
    index_file = _answers_folder(root) / "index.json"
    current = {"day": DAY.isoformat(), "path": str(root)}
    for broken in (current, {**current, "names": 1}, {**current, "names": {"4ap": [["4-ap"]]}}):
        index_file.write_text(json.dumps(broken), encoding="utf-8")
        assert answers.stored(root, "status", "4-AP", DAY) is None
    index_file.write_text(json.dumps({**current, "names": {"4ap": ["4-ap"]}}), encoding="utf-8")
    assert answers.stored(root, "status", "4-AP", DAY) is not None
    (index_file.parent / "status-4-ap.json").write_text("[1, 2", encoding="utf-8")
    assert answers.stored(root, "status", "4-AP", DAY) is None
    index_file.write_bytes(b"\xff\xfe not JSON")
    assert answers.stored(root, "history", "4-AP", DAY) is None
