"""Decisions for structure matches: per jurisdiction, one of the values of ``chemref.decision``.

A registered chemical (exact, parent, tautomer or stereo tier) carries its own computed status.
A class-tier match is chemref's structural reading of one jurisdiction's class clause: "review"
there, and "unknown" elsewhere, since the structure is not a registered chemical. Several matches
of one record combine to the strongest answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from chemref.decision import Decision, combine
from chemref.structure.match import Match


def match_decisions(
    match: Match, chemical_decisions: dict[str, dict[str, Decision]], jurisdictions: Sequence[str]
) -> dict[str, Decision]:
    """Jurisdiction -> decision for one match."""
    if match.rule is not None:
        return {key: ("review" if key == match.rule.jurisdiction else "unknown") for key in jurisdictions}
    own = chemical_decisions.get(match.id, {})
    return {key: own.get(key, "unknown") for key in jurisdictions}


def record_decisions(
    matches: Sequence[Match], chemical_decisions: dict[str, dict[str, Decision]], jurisdictions: Sequence[str]
) -> dict[str, Decision]:
    """Jurisdiction -> the strongest decision over a record's controlling matches."""
    per_match = [match_decisions(m, chemical_decisions, jurisdictions) for m in matches]
    return {key: combine(d[key] for d in per_match) for key in jurisdictions}
