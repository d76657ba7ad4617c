"""Provenance for every answer: which chemref, which registry (by content hash), checked through when."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chemref import __version__

if TYPE_CHECKING:  # answers read from chemref.answers print a provenance line without the models
    from chemref.models import Registry


def checked_through(registry: Registry) -> dt.date | None:
    """The latest date on which chemref's sources were read or a jurisdiction was searched for changes."""
    dates = [s.checked for s in registry.sources.values() if s.checked is not None]
    dates += [sweep.date for j in registry.jurisdictions.values() for sweep in j.sweeps]
    return max(dates, default=None)


def provenance(registry: Registry, path: Path, on: dt.date | None = None) -> dict[str, Any]:
    """The ``provenance`` object of JSON outputs."""
    checked = checked_through(registry)
    return {
        "chemref": __version__,
        "registry": {
            "path": str(path),
            "hash": registry.content_hash,
            "checked_through": checked.isoformat() if checked else None,
        },
        "on": on.isoformat() if on else None,
    }


def provenance_line(record: dict[str, Any]) -> str:
    """The same in one short line, for the end of table and Markdown output."""
    registry = record["registry"]
    text = f"chemref {record['chemref']} · registry {registry['hash'][:12]}"
    if registry["checked_through"]:
        text += f", checked through {registry['checked_through']}"
    if record.get("on"):
        text += f" · answered for {record['on']}"
    return text


def version_text(registry_path: Path | None) -> str:
    """What ``chemref --version`` prints: the package, then the data version of the registry it reads."""
    from chemref.location import resolve_path
    from chemref.problems import RegistryError
    from chemref.registry import load

    path = resolve_path(registry_path)
    lines = [f"chemref {__version__}"]
    try:
        registry = load(path)
    except RegistryError as exc:
        return "\n".join([*lines, f"registry {path}: invalid ({exc})"])
    checked = checked_through(registry)
    lines.append(f"registry {path}")
    lines.append(f"  content hash {registry.content_hash}")
    lines.append(f"  checked through {checked.isoformat() if checked else 'not recorded'}")
    return "\n".join(lines)
