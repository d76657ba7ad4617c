"""A site built once per test session from a copy of the registry, with the build date fixed."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REGISTRY, ROOT

from chemref.registry.canonical import canonical_files
from chemref.registry.load import build, read_files
from chemref.registry.models import Registry

BUILD_DATE = "2026-12-06"
# mkdocs.yml's site_url: the canonical base URL of every permalink.
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


@dataclass(frozen=True)
class BuiltSite:
    site: Path
    registry_path: Path
    registry: Registry


HOSTILE = 'XSSTITLE <script>alert("title")</script> <img src=x onerror=alert(2)> [md](javascript:alert(3))'
# validate refuses a URL with a double quote, angle brackets or white space (rule unsafe-url), so the build
# never sees one; a single quote and an ampersand pass, and must not end or open an attribute either.
HOSTILE_CHEMICAL = "4-ap"
HOSTILE_URL = "https://evil.example/x'onmouseover='alert(4)'&x=1"


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


def docs_env(cache: Path) -> dict[str, str]:
    """The environment of a ``chemref docs build`` run: this checkout's package first, the build date fixed,
    the canonical site URL of mkdocs.yml (not a mirror's)."""
    env = {**os.environ, "CHEMREF_TODAY": BUILD_DATE, "CHEMREF_CACHE_DIR": str(cache)}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    env.pop("CHEMREF_SITE_URL", None)
    return env


def run_docs_build(registry: Path, out: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chemref", "--registry", str(registry), "docs", "build", "--out", str(out)],
        capture_output=True,
        text=True,
        env=docs_env(cache),
        check=False,
    )


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The directory ``name`` made by ``make`` once per test run. Under pytest-xdist the workers share the run's
    temporary root: the first to take the lock builds, the others wait and read the same files (the site
    tests only read them), so a site is built once rather than once per worker."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    base, done = root / name, root / f"{name}.done"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(base, ignore_errors=True)
            base.mkdir()
            make(base)
            done.touch()
    return base


def _build_site(base: Path) -> None:
    registry_path = canonical_copy(base / "registry")
    result = run_docs_build(registry_path, base / "site", base / "cache")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    base = built_once(tmp_path_factory, "docs-site", _build_site)
    return BuiltSite(base / "site", base / "registry", typed(base / "registry"))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A site built from a registry copy with markup in a chemical's name, synonym, event note and finding
    note, in the title and URL of a source it cites, in a list's name and in an instrument's title."""
    base = built_once(tmp_path_factory, "hostile", _build_hostile_site)
    return base / "site", HOSTILE_CHEMICAL


def _build_hostile_site(base: Path) -> None:
    registry_path = canonical_copy(base / "registry")
    registry = typed(registry_path)
    chemical = registry.chemicals[HOSTILE_CHEMICAL]
    event = chemical.events[0]
    source_key = event.sources[0].source
    instrument_key = next(e.instrument for e in chemical.events if e.instrument)
    assert instrument_key is not None
    events = [event.model_copy(update={"notes": HOSTILE}), *chemical.events[1:]]
    findings = [f.model_copy(update={"note": HOSTILE}) for f in chemical.findings]
    hostile_chemical = chemical.model_copy(
        update={
            "name": f"4-AP {HOSTILE}",
            "synonyms": [*chemical.synonyms, HOSTILE],
            "events": events,
            "findings": findings,
        }
    )
    source = registry.sources[source_key].model_copy(update={"title": HOSTILE, "url": HOSTILE_URL})
    regime = registry.regimes[event.regime].model_copy(update={"name": HOSTILE})
    instrument = registry.instruments[instrument_key].model_copy(update={"title": HOSTILE})
    changed = registry.model_copy(
        update={
            "chemicals": {**registry.chemicals, chemical.id: hostile_chemical},
            "sources": {**registry.sources, source_key: source},
            "regimes": {**registry.regimes, event.regime: regime},
            "instruments": {**registry.instruments, instrument_key: instrument},
        }
    )
    for name, text in canonical_files(changed).items():
        (registry_path / name).write_text(text, encoding="utf-8")
    result = run_docs_build(registry_path, base / "site", base / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
