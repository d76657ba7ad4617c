"""Plain, JSON-ready records for output: the CLI's JSON contracts and the exports are built here.

Contracts other tools rely on (fields may be added, never renamed):
- history: {"chemical": {...}, "events": [{"jurisdiction", "effective_date", "action", "regime", "coverage",
  "instrument": {...}, "sources": [{"url", ...}], ...}]}
- status: {"chemical": {"id", ...}, "on": "YYYY-MM-DD", "jurisdictions": [{"jurisdiction", "controlled",
  "regime", "since", ...}]}
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chemref.dates import PartialDate
from chemref.models import Chemical, ControlEvent, Finding, Registry
from chemref.status import JurisdictionStatus, RegimeStatus, history, status


def iso(value: PartialDate | None) -> str | None:
    return None if value is None else value.iso()


def chemical_summary(chemical: Chemical) -> dict[str, Any]:
    ids = chemical.identifiers
    return {
        "id": chemical.id,
        "name": chemical.name,
        "iupac_name": chemical.iupac_name,
        "cas": ids.cas,
        "inchikey": ids.inchikey,
    }


def chemical_record(chemical: Chemical) -> dict[str, Any]:
    """Identity in full."""
    return {
        **chemical_summary(chemical),
        "synonyms": list(chemical.synonyms),
        "name_sources": [c.model_dump(mode="json", exclude_none=True) for c in chemical.name_sources],
        "member_of": chemical.member_of,
        "identifiers": chemical.identifiers.model_dump(mode="json", exclude_none=True),
        "forms": [f.model_dump(mode="json", exclude_none=True) for f in chemical.forms],
    }


def fact_basis(registry: Registry, event: ControlEvent) -> dict[str, str]:
    """For each fact the event states, the best basis among its sources: 'primary-text' or 'secondary'.

    Computed from the sources' kinds, never stored.
    """
    basis: dict[str, str] = {}
    for fact in event.stated_facts():
        kinds = {
            registry.sources[c.source].kind
            for c in event.sources
            if c.source in registry.sources and (c.supports is None or fact in c.supports)
        }
        if kinds:
            basis[fact] = "primary-text" if "primary-text" in kinds else "secondary"
    return basis


def confidence(basis: dict[str, str]) -> str:
    """One label for an event: primary-text when every stated fact was read in the primary text."""
    if basis and all(kind == "primary-text" for kind in basis.values()):
        return "primary-text"
    if any(kind == "primary-text" for kind in basis.values()):
        return "partly-secondary"
    return "secondary"


def event_record(registry: Registry, event: ControlEvent) -> dict[str, Any]:
    instrument = registry.instruments.get(event.instrument) if event.instrument else None
    regime = registry.regimes.get(event.regime)
    basis = fact_basis(registry, event)
    sources = []
    for citation in event.sources:
        source = registry.sources.get(citation.source)
        entry: dict[str, Any] = {"key": citation.source}
        if source is not None:
            entry.update(
                url=source.url,
                official_url=source.official_url,
                title=source.title,
                publisher=source.publisher,
                kind=source.kind,
                checked=source.checked.isoformat() if source.checked else None,
            )
        entry["supports"] = list(citation.supports) if citation.supports is not None else "all"
        if citation.locator:
            entry["locator"] = citation.locator
        sources.append(entry)
    return {
        "id": event.id,
        "jurisdiction": event.jurisdiction,
        "action": event.action,
        "regime": event.regime,
        "regime_name": regime.name if regime else None,
        "regime_short": regime.short if regime else None,
        "previous_regime": event.previous_regime,
        "coverage": event.coverage.kind,
        "covered_via": event.coverage.via,
        "clause": event.coverage.clause,
        "measures": list(event.measures),
        "decided_date": iso(event.decided),
        "published_date": iso(event.published),
        "effective_date": iso(event.effective),
        "expires_date": iso(event.expires),
        "in_force_by": iso(event.in_force_by),
        "scheduled": event.scheduled,
        "instrument": (
            {"key": event.instrument, **dict(instrument)}
            if instrument is not None
            else {"key": event.instrument, "citation": None, "note": "instrument not established"}
        ),
        "sources": sources,
        "confidence": confidence(basis),
        "fact_basis": basis,
        "notes": event.notes,
    }


def history_record(registry: Registry, chemical: Chemical, jurisdictions: list[str] | None = None) -> dict[str, Any]:
    events = [e for e in history(chemical) if jurisdictions is None or e.jurisdiction in jurisdictions]
    return {
        "chemical": chemical_summary(chemical),
        "events": [event_record(registry, e) for e in events],
    }


def regime_record(registry: Registry, item: RegimeStatus) -> dict[str, Any]:
    regime = registry.regimes.get(item.regime)
    return {
        "regime": item.regime,
        "regime_name": regime.name if regime else None,
        "controlled": item.controlled,
        "since": iso(item.since),
        "in_force_by": iso(item.in_force_by),
        "coverage": item.coverage,
        "named_since": iso(item.named_since),
        "until": iso(item.until),
        "events": list(item.events),
    }


def jurisdiction_record(registry: Registry, chemical: Chemical, item: JurisdictionStatus) -> dict[str, Any]:
    main = item.main
    by_id = {e.id: e for e in chemical.events}
    instruments: list[str] = []
    instruments_short: list[str] = []
    if main is not None:
        for event_id in main.events:
            event = by_id.get(event_id)
            instrument = registry.instruments.get(event.instrument) if event and event.instrument else None
            if instrument is not None and instrument.citation not in instruments:
                instruments.append(instrument.citation)
                instruments_short.append(instrument.short or instrument.citation)
    jurisdiction = registry.jurisdictions.get(item.jurisdiction)
    regime = registry.regimes.get(main.regime) if main else None
    list_since = iso(main.since) if main and item.controlled else None
    return {
        "jurisdiction": item.jurisdiction,
        "jurisdiction_name": jurisdiction.name if jurisdiction else None,
        "controlled": item.controlled,
        "decision": item.decision,
        "unknown_why": item.unknown_why,
        "regime": main.regime if main else None,
        "regime_name": regime.name if regime else None,
        "regime_short": regime.short if regime else None,
        "since": (iso(item.continuous_since) or list_since) if item.controlled else None,
        "list_since": list_since,
        "in_force_by": iso(main.in_force_by) if main and item.controlled else None,
        "coverage": main.coverage if main and item.controlled else None,
        "until": iso(main.until) if main and item.controlled else None,
        "reason": item.reason,
        "finding": finding_record(item.finding) if item.finding else None,
        "instruments": instruments,
        "instruments_short": instruments_short,
        "events": list(main.events) if main else [],
        "pending": [
            {"id": e.id, "effective_date": iso(e.effective), "action": e.action, "regime": e.regime}
            for e in item.pending
        ],
        "regimes": [regime_record(registry, r) for r in item.regimes],
    }


def finding_record(finding: Finding) -> dict[str, Any]:
    return {
        "outcome": finding.outcome,
        "as_of": finding.as_of.iso(),
        "note": finding.note,
        "research": finding.research,
        "sources": [c.source for c in finding.sources],
    }


def status_record(
    registry: Registry, chemical: Chemical, day: dt.date, jurisdiction: str | list[str] | None = None
) -> dict[str, Any]:
    return {
        "chemical": chemical_summary(chemical),
        "on": day.isoformat(),
        "jurisdictions": [
            jurisdiction_record(registry, chemical, item) for item in status(registry, chemical, day, jurisdiction)
        ],
    }


def export_record(registry: Registry) -> dict[str, Any]:
    """The whole registry as one JSON document."""
    return {
        "chemicals": [
            {
                **chemical_record(c),
                "events": history_record(registry, c)["events"],
                "findings": [f.model_dump(mode="json") for f in c.findings],
            }
            for c in sorted(registry.chemicals.values(), key=lambda c: c.id)
        ],
        "jurisdictions": {k: v.model_dump(mode="json") for k, v in registry.jurisdictions.items()},
        "regimes": {k: v.model_dump(mode="json") for k, v in registry.regimes.items()},
        "instruments": {k: v.model_dump(mode="json") for k, v in registry.instruments.items()},
        "sources": {k: v.model_dump(mode="json") for k, v in registry.sources.items()},
    }
