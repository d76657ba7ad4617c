"""Provenance for every answer: which chemref, which registry (by content hash), checked through when."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from chemref import __version__
from chemref.answers.models import Provenance, RegistryVersion
from chemref.registry.dates import today as system_today
from chemref.registry.load import load
from chemref.registry.models import Registry
from chemref.registry.paths import resolve_path
from chemref.registry.problems import RegistryError

DATA_LICENCE = "CC-BY-4.0"


def checked_through(registry: Registry, today: dt.date | None = None) -> dt.date | None:
    """The latest date, up to today, on which a source was read, a list read or a jurisdiction searched."""
    now = today or system_today()
    dates = [s.checked for s in registry.sources.values() if s.checked is not None]
    dates += [sweep.date for j in registry.jurisdictions.values() for sweep in j.sweeps]
    dates += [reading.read for reading in registry.readings.values()]
    return max((d for d in dates if d <= now), default=None)


def provenance(registry: Registry, path: Path | None, on: dt.date | None = None) -> Provenance:
    """The ``provenance`` object of JSON outputs; ``path`` is left out (None) where the answer is published."""
    checked = checked_through(registry)
    return Provenance(
        chemref=__version__,
        registry=RegistryVersion(
            path=str(path) if path is not None else None,
            hash=registry.content_hash,
            checked_through=checked.isoformat() if checked else None,
        ),
        on=on.isoformat() if on else None,
        data_licence=DATA_LICENCE,
    )


def provenance_line(record: Provenance) -> str:
    """The same in one short line, for the end of table and Markdown output."""
    text = f"chemref {record.chemref} · registry {record.registry.hash[:12]}"
    if record.registry.checked_through:
        text += f", checked through {record.registry.checked_through}"
    if record.on:
        text += f" · answered for {record.on}"
    return text


def version_text(registry_path: Path | None) -> str:
    """What ``chemref --version`` prints: the package, then the data version of the registry it reads."""
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
