"""A cache of the typed registry, keyed by the exact bytes of its files.

Typing the registry builds pydantic schemas, which costs more than the rest of an everyday
command. The typed result is pickled into the user's cache directory and reused while every
file keeps its size and modification time and the versions of chemref and pydantic are unchanged. Any failure to
read or write the cache is ignored: the cache can only make a command faster, never change it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pydantic

from chemref import __version__

if TYPE_CHECKING:
    from chemref.models import Registry

ENV_VAR = "CHEMREF_CACHE_DIR"


def directory() -> Path | None:
    """``$CHEMREF_CACHE_DIR`` (empty disables the cache), else the XDG cache directory."""
    explicit = os.environ.get(ENV_VAR)
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chemref"


def code_stamp() -> str:
    """chemref's own source files by size and modification time: a working tree whose code changed
    under the same version number must not reuse what older code computed."""
    package = Path(__file__).resolve().parent
    parts = []
    for folder, _, files in sorted(os.walk(package)):
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                parts.append(f"{name} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(parts)


def key(root: Path, names: list[str]) -> str | None:
    """A key from each file's path, size and modification time (as Python's own bytecode cache does),
    and from the versions of chemref (its code included) and pydantic."""
    import zlib

    parts = [f"chemref {__version__} pydantic {pydantic.VERSION} {root.resolve()}", code_stamp()]
    try:
        for name in sorted(names):
            stat = (root / name).stat()
            parts.append(f"{name} {stat.st_size} {stat.st_mtime_ns}")
    except OSError:
        return None
    text = "\n".join(parts).encode()
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}{len(text):x}"


def get(cache_key: str) -> Registry | None:
    from chemref.models import Registry

    value = read(f"registry-{cache_key}.pickle")
    return value if isinstance(value, Registry) else None


def put(cache_key: str, registry: Registry) -> None:
    write(f"registry-{cache_key}.pickle", registry)


def read(name: str) -> Any:
    """What ``write`` stored under ``name``, or None."""
    import pickle

    data = _read_bytes(name)
    try:
        # Written by write() below into the user's own cache directory, under a key of the content.
        return None if data is None else pickle.loads(data)  # noqa: S301
    except Exception:  # a partial or stale cache file only means a slower start
        return None


def write(name: str, value: object) -> None:
    """Pickle ``value`` under ``name`` (a path relative to the cache directory); failures are ignored."""
    import pickle

    _write_bytes(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def read_json(name: str) -> Any:
    """What ``write_json`` stored under ``name``, or None."""
    import json

    data = _read_bytes(name)
    try:
        return None if data is None else json.loads(data)
    except ValueError:
        return None


def write_json(name: str, value: object) -> None:
    """Plain data as JSON under ``name``: cheaper to read back than a pickle (no pickle import)."""
    import json

    _write_bytes(name, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _read_bytes(name: str) -> bytes | None:
    folder = directory()
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:  # a missing cache file only means a slower start
        return None


def _write_bytes(name: str, data: bytes) -> None:
    """Store ``data`` under ``name`` atomically; failures are ignored."""
    folder = directory()
    if folder is None:
        return
    import tempfile

    target = folder / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as handle:
            handle.write(data)
        os.replace(handle.name, target)
    except OSError:
        return
