"""Resolving what people type for a jurisdiction: codes, aliases (UK, USA, NI) and names, in any case."""

from __future__ import annotations

from chemref.registry.models import Registry


class UnknownJurisdiction(ValueError):
    """A jurisdiction code that names nothing in the registry (exit code 2)."""


def _table(registry: Registry) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for key, jurisdiction in registry.jurisdictions.items():
        for word in (key, jurisdiction.name, *jurisdiction.aliases):
            keys = table.setdefault(word.strip().casefold(), [])
            if key not in keys:
                keys.append(key)
    return table


def resolve(registry: Registry, values: list[str]) -> list[str]:
    """Keys named by ``values`` (an alias may name several, e.g. UK), in the registry's order, each once."""
    table = _table(registry)
    wanted: set[str] = set()
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            keys = table.get(part.strip().casefold())
            if keys is None:
                known = ", ".join(registry.jurisdictions)
                aliases = ", ".join(
                    f"{alias}={key}" for key, j in registry.jurisdictions.items() for alias in j.aliases
                )
                raise UnknownJurisdiction(f"unknown jurisdiction {part.strip()!r}; known: {known} (aliases: {aliases})")
            wanted.update(keys)
    return [key for key in registry.jurisdictions if key in wanted]
