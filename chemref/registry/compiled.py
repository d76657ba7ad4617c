"""The typed registry kept as JSON in the user's cache directory, keyed by the content hash of its files.

Typing the YAML costs more than the rest of an everyday command. A registry that typed cleanly is
written once as JSON under its SHA-256 content hash and read back with the same pydantic models, so a
kept file can only ever be data that validates, and only for byte-identical registry files. Reading or
writing the cache never fails a command: a missing, partial or foreign file just means typing the YAML.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pydantic

from chemref import __version__
from chemref.registry.models import Registry

ENV_VAR = "CHEMREF_CACHE_DIR"


def directory() -> Path | None:
    """``$CHEMREF_CACHE_DIR`` (empty disables the cache), else the XDG cache directory."""
    explicit = os.environ.get(ENV_VAR)
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chemref"


def _models_stamp() -> str:
    # The models define what the JSON means: a working tree whose models changed must not reuse it.
    stat = (Path(__file__).parent / "models.py").stat()
    return f"{stat.st_size:x}{stat.st_mtime_ns:x}"


def file_for(digest: str) -> Path | None:
    folder = directory()
    if folder is None:
        return None
    return folder / f"registry-{__version__}-{pydantic.VERSION}-{_models_stamp()}-{digest[:32]}.json"


def read(digest: str) -> Registry | None:
    """The registry kept for this content hash, or None."""
    target = file_for(digest)
    if target is None:
        return None
    try:
        registry = Registry.model_validate_json(target.read_bytes())
    except (OSError, ValueError):
        return None
    return registry if registry.content_hash == digest else None


def write(registry: Registry) -> None:
    """Keep ``registry`` for its content hash, atomically; failures are ignored."""
    target = file_for(registry.content_hash)
    if target is None:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as handle:
            handle.write(registry.model_dump_json().encode("utf-8"))
        os.replace(handle.name, target)
    except OSError:
        return
