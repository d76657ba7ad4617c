"""Lists as users read them: what a list held on a date, and what changed between two dates.

Both are computed from the dated events, never stored: a list's content on a day is the set of
chemicals whose status under that list is "controlled" that day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from chemref.answers.build import chemical_status
from chemref.answers.decision import DECISIONS
from chemref.answers.models import ChangeItem, ChangeKind, ChangesAnswer, ChemicalStatus, ListAnswer
from chemref.answers.provenance import provenance
from chemref.answers.status import history, jurisdiction_status
from chemref.registry.dates import PartialDate
from chemref.registry.models import Action, Registry
from chemref.registry.names import normalize


class ListQueryError(ValueError):
    """A --list or --decision that names nothing (exit code 2)."""


def resolve_list(registry: Registry, name: str) -> str:
    """The key of the list ``name`` names: its key, short label or name, ignoring case and punctuation."""
    wanted = normalize(name)
    for key, regime in registry.regimes.items():
        if wanted in {normalize(key), normalize(regime.short), normalize(regime.name)}:
            return key
    labels = ", ".join(sorted(regime.short for regime in registry.regimes.values()))
    raise ListQueryError(f"no list {name!r}; the lists are: {labels}")


def list_holders(registry: Registry, regime: str, day: dt.date, jurisdiction: str | None = None) -> list[str]:
    """Ids of the chemicals controlled under ``regime`` on ``day`` (in its own jurisdiction by default)."""
    where = jurisdiction or registry.regimes[regime].jurisdiction
    held = []
    for chemical in sorted(registry.chemicals.values(), key=lambda c: c.id):
        if not any(e.regime == regime or e.previous_regime == regime for e in chemical.events):
            continue
        state = jurisdiction_status(registry, chemical, where, day)
        if any(r.regime == regime and r.controlled for r in state.regimes):
            held.append(chemical.id)
    return held


def list_answer(
    registry: Registry,
    day: dt.date,
    path: Path | None,
    keys: list[str] | None = None,
    list_name: str | None = None,
    decision: str | None = None,
) -> ListAnswer:
    """Every chemical (or those on ``list_name`` on ``day``), with a decision in each jurisdiction asked about;
    ``decision`` keeps those with that decision in at least one of them."""
    if decision is not None and decision not in DECISIONS:
        raise ListQueryError(f"unknown decision {decision!r}; use one of: {', '.join(DECISIONS)}")
    regime = resolve_list(registry, list_name) if list_name is not None else None
    chemicals = sorted(registry.chemicals.values(), key=lambda c: c.id)
    if regime is not None:
        held = set(list_holders(registry, regime, day))
        chemicals = [c for c in chemicals if c.id in held]
    records: list[ChemicalStatus] = [chemical_status(registry, c, day, keys) for c in chemicals]
    if decision is not None:
        records = [r for r in records if any(item.decision == decision for item in r.jurisdictions)]
    return ListAnswer(on=day.isoformat(), regime=regime, chemicals=records, provenance=provenance(registry, path, day))


_KINDS: dict[Action, ChangeKind] = {
    "added": "addition",
    "specific-listing": "scope",
    "scope-widened": "scope",
    "temporary-control": "temporary",
    "extended": "temporary",
    "moved": "move",
    "removed": "removal",
    "expired": "removal",
}


def changes_answer(
    registry: Registry,
    start: dt.date,
    end: dt.date,
    path: Path | None,
    keys: list[str] | None = None,
    list_name: str | None = None,
) -> ChangesAnswer:
    """Every event taking effect from ``start`` to ``end`` (a temporary control's lapse on its day), in the
    jurisdictions asked about and, with ``list_name``, touching that list."""
    regime = resolve_list(registry, list_name) if list_name is not None else None
    wanted = keys if keys is not None else list(registry.jurisdictions)
    items: list[ChangeItem] = []
    undated: list[str] = []
    for chemical in sorted(registry.chemicals.values(), key=lambda c: c.id):
        for event in history(chemical):
            if event.jurisdiction not in wanted:
                continue
            if regime is not None and regime not in {event.regime, event.previous_regime}:
                continue
            instrument = registry.instruments.get(event.instrument) if event.instrument else None
            listed = registry.regimes.get(event.regime)
            dates: list[tuple[PartialDate | None, Action]] = [(event.effective, event.action)]
            if event.expires is not None and event.action in {"temporary-control", "extended"}:
                dates.append((event.expires, "expired"))
            if event.effective is None:
                undated.append(f"{chemical.id}/{event.id}")
            for when, action in dates:
                if when is None or when.last_day() < start or when.first_day() > end:
                    continue
                items.append(
                    ChangeItem(
                        date=when.iso(),
                        jurisdiction=event.jurisdiction,
                        chemical=chemical.id,
                        chemical_name=chemical.name,
                        kind=_KINDS[action],
                        action=action,
                        regime=event.regime,
                        regime_short=listed.short if listed else None,
                        previous_regime=event.previous_regime,
                        instrument=instrument.citation if instrument else None,
                        event=event.id,
                    )
                )
    order = {key: position for position, key in enumerate(registry.jurisdictions)}
    items.sort(key=lambda i: (i.date, order.get(i.jurisdiction, 99), i.chemical))
    return ChangesAnswer(
        start=start.isoformat(),
        end=end.isoformat(),
        jurisdictions=wanted,
        regime=regime,
        changes=items,
        undated=undated,
        provenance=provenance(registry, path, end),
    )
