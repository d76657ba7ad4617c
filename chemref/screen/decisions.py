"""Decisions for a screened record's matches: per jurisdiction, one of the values of
``chemref.answers.decision``.

A registered chemical (exact, parent, tautomer or stereo tier) carries its own computed status. A
class-tier match is chemref's structural reading of one jurisdiction's class clause: "review" there,
and nothing elsewhere: where a registered chemical also matched, its own answer stands (fentanyl is not
applicable in the EU whatever clause of another listing its structure meets); where none did, the record
is outside the registry, and gets the outside answer. Several matches combine to the strongest answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from chemref.answers.decision import Decision, combine
from chemref.chem.match import Match


def record_decisions(
    matches: Sequence[Match],
    chemical_decisions: dict[str, dict[str, Decision]],
    jurisdictions: Sequence[str],
    outside: dict[str, Decision],
) -> dict[str, Decision]:
    """Jurisdiction -> the strongest decision over a record's controlling matches."""
    named = [m for m in matches if m.rule is None]
    reviewed = {m.rule.jurisdiction for m in matches if m.rule is not None}
    result: dict[str, Decision] = {}
    for key in jurisdictions:
        found: list[Decision] = [chemical_decisions.get(m.id, {}).get(key, "unknown") for m in named]
        if not named:
            found.append(outside.get(key, "unknown"))
        if key in reviewed:
            found.append("review")
        result[key] = combine(found)
    return result
