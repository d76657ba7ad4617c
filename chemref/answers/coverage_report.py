"""How far the registry can be trusted: per chemical x jurisdiction, the decision today, its basis,
when it was last checked and whether a finding is past its freshness window; then the totals."""

from __future__ import annotations

import datetime as dt

from chemref.answers.build import confidence, fact_basis
from chemref.answers.models import Basis, CoverageAnswer, CoverageCell, CoverageTotals
from chemref.answers.status import JurisdictionStatus, finding_is_stale, history, jurisdiction_status
from chemref.registry.models import Chemical, Citation, Registry


def _kinds(registry: Registry, citations: list[Citation]) -> set[str]:
    return {registry.sources[c.source].kind for c in citations if c.source in registry.sources}


def _checked(registry: Registry, citations: list[Citation], jurisdiction: str) -> dt.date | None:
    dates = [registry.sources[c.source].checked for c in citations if c.source in registry.sources]
    home = registry.jurisdictions.get(jurisdiction)
    dates += [sweep.date for sweep in home.sweeps] if home is not None else []
    return max((d for d in dates if d is not None), default=None)


def _one_basis(labels: set[str]) -> Basis:
    if not labels:
        return "none"
    if labels == {"primary-text"}:
        return "primary-text"
    return "secondary" if labels == {"secondary"} else "partly-secondary"


def _cell(registry: Registry, chemical: Chemical, key: str, day: dt.date) -> CoverageCell:
    answer: JurisdictionStatus = jurisdiction_status(registry, chemical, key, day)
    events = history(chemical, key)
    citations: list[Citation] = [c for e in events for c in e.sources]
    if answer.finding is not None:
        citations += answer.finding.sources
    if answer.decision == "controlled" and answer.main is not None:
        live = [e for e in events if e.id in answer.main.events]
        labels = {confidence(fact_basis(registry, e)) for e in live}
        basis = _one_basis(set(labels))
    else:
        kinds = _kinds(registry, citations)
        if answer.readings:
            kinds |= {registry.sources[r.source].kind for r in answer.readings if r.source in registry.sources}
        basis = _one_basis(kinds)
    checked = _checked(registry, citations, key)
    read = [r.read for r in answer.readings]
    checked = max([d for d in [checked, *read] if d is not None], default=None)
    stale = answer.finding is not None and finding_is_stale(registry, answer.finding, day) and not answer.readings
    return CoverageCell(
        chemical=chemical.id,
        jurisdiction=key,
        decision=answer.decision,
        basis=basis,
        last_checked=checked.isoformat() if checked else None,
        stale=stale,
        reason=answer.reason,
    )


def coverage(registry: Registry, day: dt.date) -> CoverageAnswer:
    """Every cell, and the totals maintainers plan research by and users judge answers by."""
    cells = [
        _cell(registry, chemical, key, day)
        for chemical in sorted(registry.chemicals.values(), key=lambda c: c.id)
        for key in registry.jurisdictions
    ]
    events = [e for c in registry.chemicals.values() for e in c.events]
    primary = sum(1 for e in events if confidence(fact_basis(registry, e)) == "primary-text")
    checked = [c.last_checked for c in cells if c.last_checked]
    by_decision: dict[str, int] = {}
    for cell in cells:
        by_decision[cell.decision] = by_decision.get(cell.decision, 0) + 1
    return CoverageAnswer(
        on=day.isoformat(),
        cells=cells,
        totals=CoverageTotals(
            cells=len(cells),
            answered=by_decision.get("controlled", 0) + by_decision.get("not-controlled", 0),
            unknown=by_decision.get("unknown", 0),
            not_applicable=by_decision.get("not-applicable", 0),
            by_decision=by_decision,
            stale_findings=sum(1 for c in cells if c.stale),
            events=len(events),
            events_primary_text=primary,
            primary_text_share=round(primary / len(events), 3) if events else None,
            oldest_check=min(checked, default=None),
            cells_never_checked=sum(1 for c in cells if not c.last_checked),
        ),
    )
