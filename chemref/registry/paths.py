"""Where the registry is and which files it is made of, without reading or typing them.

Kept apart from ``chemref.registry.load`` (which types the files with pydantic) so that finding the
registry, and telling whether its files changed, costs no model import.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CHEMREF_REGISTRY"
CHEMICALS_DIR = "chemicals"
READINGS_DIR = "readings"
SETTINGS_FILE = "settings.yml"
CHANGELOG_FILE = "changelog.yml"
# One file per record type (``chemref.registry.models.VOCABULARIES``, which a test holds equal to this).
VOCABULARY_FILES = ("jurisdictions", "regimes", "instruments", "sources")


def bundled_path() -> Path:
    """The registry shipped with the package, or the source tree's copy in a checkout."""
    package = Path(__file__).resolve().parents[1]  # the chemref package
    installed = package / "_registry"
    if installed.is_dir():
        return installed
    return package.parent / "registry"


def resolve_path(explicit: Path | None = None) -> Path:
    """``--registry`` wins, then ``$CHEMREF_REGISTRY``, then the bundled copy."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env)
    return bundled_path()


def file_names(root: Path) -> list[str]:
    """Relative paths of the files a registry directory should hold."""
    names = [f"{key}.yml" for key in VOCABULARY_FILES]
    names += [name for name in (SETTINGS_FILE, CHANGELOG_FILE) if (root / name).is_file()]
    for folder in (CHEMICALS_DIR, READINGS_DIR):
        if (root / folder).is_dir():
            names += [f"{folder}/{p.name}" for p in sorted((root / folder).iterdir()) if p.suffix in {".yml", ".yaml"}]
    return names
