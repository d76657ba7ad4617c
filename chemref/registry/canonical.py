"""Canonical form of registry files, written by ``chemref lint --fix`` and checked by ``validate``."""

from __future__ import annotations

from typing import Any

from chemref.registry import yamlio
from chemref.registry.models import VOCABULARIES, Chemical, Model, Registry
from chemref.registry.order import event_sort_key, jurisdiction_order
from chemref.registry.paths import CHANGELOG_FILE, CHEMICALS_DIR, READINGS_DIR, SETTINGS_FILE


def _plain(model: Model) -> Any:
    return model.model_dump(mode="json", exclude_defaults=True)


def chemical_text(chemical: Chemical) -> str:
    """A chemical file: fields in schema order, events grouped by jurisdiction and oldest first."""
    ordered = sorted(chemical.events, key=lambda e: (e.jurisdiction, event_sort_key(e)))
    findings = sorted(chemical.findings, key=lambda f: (f.jurisdiction, f.as_of.first_day()))
    return yamlio.dump(_plain(chemical.model_copy(update={"events": ordered, "findings": findings})))


def vocabulary_text(records: dict[str, Model]) -> str:
    """A vocabulary file: records sorted by key."""
    return yamlio.dump({key: _plain(records[key]) for key in sorted(records)})


def canonical_files(registry: Registry) -> dict[str, str]:
    """Relative path -> canonical text for every file of the registry."""
    texts = {f"{CHEMICALS_DIR}/{c.id}.yml": chemical_text(c) for c in registry.chemicals.values()}
    texts.update({f"{READINGS_DIR}/{r.id}.yml": yamlio.dump(_plain(r)) for r in registry.readings.values()})
    for key in VOCABULARIES:
        records: dict[str, Model] = dict(getattr(registry, key))
        texts[f"{key}.yml"] = vocabulary_text(records)
    texts[SETTINGS_FILE] = yamlio.dump(registry.settings.model_dump(mode="json"))
    if registry.changelog:
        ordered = sorted(registry.changelog, key=lambda change: change.date)
        texts[CHANGELOG_FILE] = yamlio.dump([_plain(change) for change in ordered])
    texts["jurisdictions.yml"] = yamlio.dump(
        {key: _plain(registry.jurisdictions[key]) for key in jurisdiction_order(registry)}
    )
    return texts
