"""Building the typed answers (``chemref.answers.models``) from the registry and the computed status.

One function per answer; every front end calls these and renders what they return.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from chemref.answers.models import (
    Basis,
    Cell,
    ChemicalStatus,
    ChemicalSummary,
    EventAnswer,
    ExportAnswer,
    ExportedChemical,
    FindingAnswer,
    HistoryAnswer,
    Identity,
    InstrumentAnswer,
    PendingEvent,
    Provenance,
    ReadingAnswer,
    RegimeAnswer,
    ShowAnswer,
    SourceAnswer,
    StatusAnswer,
)
from chemref.answers.provenance import provenance
from chemref.answers.status import JurisdictionStatus, RegimeStatus, history, status
from chemref.registry.dates import PartialDate
from chemref.registry.models import Chemical, ControlEvent, Finding, Form, Registry


def iso(value: PartialDate | None) -> str | None:
    return None if value is None else value.iso()


def chemical_summary(chemical: Chemical) -> ChemicalSummary:
    ids = chemical.identifiers
    return ChemicalSummary(
        id=chemical.id, name=chemical.name, iupac_name=chemical.iupac_name, cas=ids.cas, inchikey=ids.inchikey
    )


def identity(chemical: Chemical) -> Identity:
    """Identity in full."""
    return Identity(
        **chemical_summary(chemical).model_dump(),
        synonyms=list(chemical.synonyms),
        name_sources=list(chemical.name_sources),
        member_of=chemical.member_of,
        identifiers=chemical.identifiers,
        forms=list(chemical.forms),
    )


def fact_basis(registry: Registry, event: ControlEvent) -> dict[str, Basis]:
    """For each fact the event states, the best basis among its sources: 'primary-text' or 'secondary'.

    Computed from the sources' kinds, never stored.
    """
    basis: dict[str, Basis] = {}
    for fact in event.stated_facts():
        kinds = {
            registry.sources[c.source].kind
            for c in event.sources
            if c.source in registry.sources and (c.supports is None or fact in c.supports)
        }
        if kinds:
            basis[fact] = "primary-text" if "primary-text" in kinds else "secondary"
    return basis


def confidence(basis: dict[str, Basis]) -> Basis:
    """One label for an event: primary-text when every stated fact was read in the primary text."""
    if basis and all(kind == "primary-text" for kind in basis.values()):
        return "primary-text"
    if any(kind == "primary-text" for kind in basis.values()):
        return "partly-secondary"
    return "secondary"


def _instrument(registry: Registry, key: str | None) -> InstrumentAnswer:
    instrument = registry.instruments.get(key) if key else None
    if instrument is None:
        return InstrumentAnswer(key=key, note="instrument not established")
    return InstrumentAnswer(key=key, **instrument.model_dump())


def event_answer(registry: Registry, event: ControlEvent) -> EventAnswer:
    regime = registry.regimes.get(event.regime)
    basis = fact_basis(registry, event)
    sources = []
    for citation in event.sources:
        source = registry.sources.get(citation.source)
        sources.append(
            SourceAnswer(
                key=citation.source,
                url=source.url if source else None,
                official_url=source.official_url if source else None,
                title=source.title if source else None,
                publisher=source.publisher if source else None,
                kind=source.kind if source else None,
                checked=source.checked.isoformat() if source and source.checked else None,
                supports=list(citation.supports) if citation.supports is not None else "all",
                locator=citation.locator,
            )
        )
    return EventAnswer(
        id=event.id,
        jurisdiction=event.jurisdiction,
        action=event.action,
        regime=event.regime,
        regime_name=regime.name if regime else None,
        regime_short=regime.short if regime else None,
        previous_regime=event.previous_regime,
        coverage=event.coverage.kind,
        covered_via=event.coverage.via,
        clause=event.coverage.clause,
        measures=list(event.measures),
        decided_date=iso(event.decided),
        published_date=iso(event.published),
        effective_date=iso(event.effective),
        expires_date=iso(event.expires),
        in_force_by=iso(event.in_force_by),
        scheduled=event.scheduled,
        instrument=_instrument(registry, event.instrument),
        sources=sources,
        confidence=confidence(basis),
        fact_basis=basis,
        notes=event.notes,
    )


def finding_answer(finding: Finding) -> FindingAnswer:
    return FindingAnswer(
        outcome=finding.outcome,
        as_of=finding.as_of.iso(),
        note=finding.note,
        research=finding.research,
        sources=[c.source for c in finding.sources],
    )


def regime_answer(registry: Registry, item: RegimeStatus) -> RegimeAnswer:
    regime = registry.regimes.get(item.regime)
    return RegimeAnswer(
        regime=item.regime,
        regime_name=regime.name if regime else None,
        controlled=item.controlled,
        since=iso(item.since),
        in_force_by=iso(item.in_force_by),
        coverage=item.coverage,  # type: ignore[arg-type]
        named_since=iso(item.named_since),
        until=iso(item.until),
        events=list(item.events),
    )


def cell(registry: Registry, chemical: Chemical | None, item: JurisdictionStatus) -> Cell:
    """One jurisdiction's answer, from the computed status."""
    main = item.main
    by_id = {e.id: e for e in chemical.events} if chemical is not None else {}
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
    regime_key = main.regime if main else item.regime
    regime = registry.regimes.get(regime_key) if regime_key else None
    controlled = bool(item.controlled) and main is not None
    list_since = iso(main.since) if main and controlled else None
    return Cell(
        jurisdiction=item.jurisdiction,
        jurisdiction_name=jurisdiction.name if jurisdiction else None,
        controlled=item.controlled,
        decision=item.decision,
        unknown_why=item.unknown_why,
        regime=regime_key,
        regime_name=regime.name if regime else None,
        regime_short=regime.short if regime else None,
        since=(iso(item.continuous_since) or list_since) if controlled else None,
        list_since=list_since,
        in_force_by=iso(main.in_force_by) if main and controlled else None,
        coverage=main.coverage if main and controlled else None,  # type: ignore[arg-type]
        until=iso(main.until) if main and controlled else None,
        reason=item.reason,
        finding=finding_answer(item.finding) if item.finding else None,
        readings=[
            ReadingAnswer(
                id=reading.id,
                regime=reading.regime,
                regime_short=registry.regimes[reading.regime].short if reading.regime in registry.regimes else None,
                current_to=reading.current_to.iso(),
                source=reading.source,
            )
            for reading in item.readings
        ],
        instruments=instruments,
        instruments_short=instruments_short,
        events=list(main.events) if main else list(item.events),
        pending=[
            PendingEvent(id=e.id, effective_date=iso(e.effective), action=e.action, regime=e.regime)
            for e in item.pending
        ],
        regimes=[regime_answer(registry, r) for r in item.regimes],
    )


def chemical_status(
    registry: Registry, chemical: Chemical, day: dt.date, jurisdictions: str | list[str] | None = None
) -> ChemicalStatus:
    return ChemicalStatus(
        chemical=chemical_summary(chemical),
        on=day.isoformat(),
        jurisdictions=[cell(registry, chemical, item) for item in status(registry, chemical, day, jurisdictions)],
    )


def status_answer(
    registry: Registry, chemical: Chemical, day: dt.date, path: Path | None, keys: list[str] | None = None
) -> StatusAnswer:
    """``chemref status``."""
    current = chemical_status(registry, chemical, day, keys)
    return StatusAnswer(**dict(current), provenance=provenance(registry, path, day))


def history_answer(
    registry: Registry, chemical: Chemical, day: dt.date, path: Path | None, keys: list[str] | None = None
) -> HistoryAnswer:
    """``chemref history``; with no events, what status says instead."""
    events = [e for e in history(chemical) if keys is None or e.jurisdiction in keys]
    empty_reason = None
    if not events:
        current = chemical_status(registry, chemical, day, keys).jurisdictions
        known = "; ".join(f"{item.jurisdiction}: {item.reason}" for item in current)
        empty_reason = f"no recorded events. chemref status on {day.isoformat()}: {known}"
    return HistoryAnswer(
        chemical=chemical_summary(chemical),
        events=[event_answer(registry, e) for e in events],
        empty_reason=empty_reason,
        provenance=provenance(registry, path),
    )


def show_answer(
    registry: Registry, chemical: Chemical, day: dt.date, path: Path | None, form: Form | None = None
) -> ShowAnswer:
    """``chemref show``."""
    return ShowAnswer(
        **dict(identity(chemical)),
        matched_form=form,
        status=chemical_status(registry, chemical, day),
        provenance=provenance(registry, path, day),
    )


def provenance_of(registry: Registry, path: Path | None, day: dt.date | None = None) -> Provenance:
    return provenance(registry, path, day)


def export_answer(registry: Registry, path: Path | None = None) -> ExportAnswer:
    """The whole registry as one document."""
    return ExportAnswer(
        chemicals=[
            ExportedChemical(
                **dict(identity(c)),
                events=[event_answer(registry, e) for e in history(c)],
                findings=list(c.findings),
            )
            for c in sorted(registry.chemicals.values(), key=lambda c: c.id)
        ],
        jurisdictions=dict(registry.jurisdictions),
        regimes=dict(registry.regimes),
        instruments=dict(registry.instruments),
        sources=dict(registry.sources),
        readings=dict(registry.readings),
        provenance=provenance(registry, path) if path is not None else None,
    )
