"""JSON-ready records for ``chemref lookup``: each match with a decision in every jurisdiction asked about."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chemref.models import Chemical, Registry
from chemref.names import matched_form
from chemref.records import status_record
from chemref.structure.match import Match


def _class_entries(registry: Registry, match: Match, keys: list[str]) -> list[dict[str, Any]]:
    assert match.rule is not None
    rule = match.rule
    regime = registry.regimes.get(rule.regime)
    entries = []
    for key in keys:
        if key == rule.jurisdiction:
            entries.append(
                {
                    "jurisdiction": key,
                    "controlled": None,
                    "decision": "review",
                    "regime": rule.regime,
                    "regime_name": regime.name if regime else None,
                    "regime_short": regime.short if regime else None,
                    "since": rule.effective.iso() if rule.effective else None,
                    "coverage": "class",
                    "reason": f"may be covered by {rule.listing_name}'s listing ({rule.term}) — legal review needed",
                    "instruments": [],
                    "events": [rule.event_id],
                }
            )
        else:
            entries.append(_unknown_entry(key, f"matched only by a class clause of {rule.jurisdiction}'s listing"))
    return entries


def _unknown_entry(key: str, reason: str) -> dict[str, Any]:
    return {
        "jurisdiction": key,
        "controlled": None,
        "decision": "unknown",
        "regime": None,
        "regime_name": None,
        "regime_short": None,
        "since": None,
        "coverage": None,
        "reason": reason,
        "instruments": [],
        "events": [],
    }


def match_record(registry: Registry, match: Match, day: dt.date, keys: list[str] | None) -> dict[str, Any]:
    """One match: tier, explanation, and ``status[]`` with a ``decision`` per jurisdiction."""
    wanted = keys if keys is not None else list(registry.jurisdictions)
    if match.rule is not None:
        entries = _class_entries(registry, match, wanted)
    elif match.tier == "similar":
        reason = f"only structurally similar to {match.name}; not a match"
        entries = [_unknown_entry(key, reason) for key in wanted]
    else:
        entries = list(status_record(registry, registry.chemicals[match.id], day, wanted)["jurisdictions"])
    record: dict[str, Any] = {
        "id": match.id,
        "name": match.name,
        "tier": match.tier,
        "explanation": match.explanation,
        "component": match.component,
        "status": entries,
    }
    if match.similarity is not None:
        record["similarity"] = round(match.similarity, 3)
    if match.rule is not None:
        record["rule"] = {"event": match.rule.event_id, "term": match.rule.term, "reading": match.rule.reading}
    return record


def identifier_explanation(chemical: Chemical, query: str, kind: str) -> str:
    """Why an identifier named this chemical; a salt's or hydrate's CAS RN or name says which form it is."""
    form = matched_form(chemical, query)
    if form is not None:
        cas = f", CAS {form.cas}" if form.cas else ""
        return f"{form.name}{cas}: a registered {form.kind} form of {chemical.name}"
    how = {"name": "name or synonym", "cas": "CAS RN", "inchikey": "InChIKey"}.get(kind, kind)
    return f"the {how} of {chemical.name}"
