"""Typed answers for structure and identifier look-ups: each match with a decision in every jurisdiction,
and for a query that matches no registered chemical, the answer for a substance outside the registry.

A class-tier match is chemref's structural reading of one jurisdiction's class clause: ``review`` there.
Everywhere else, and for a structure that matched nothing, the substance is not a registered chemical:
where the jurisdiction's lists are all read in full it is on none of them (``not-controlled``), else
``unknown`` (the lists were not read in full). A structure that resembles a registered scheduled drug is
never cleared that way: drug schedules are read only for registered substances, so it is ``unknown`` with
the resemblance said first.
"""

from __future__ import annotations

import datetime as dt

from chemref.answers.build import cell, chemical_status
from chemref.answers.models import Cell, MatchAnswer, RuleAnswer
from chemref.answers.status import JurisdictionStatus, unregistered_status
from chemref.chem.match import Match
from chemref.registry.models import Chemical, Registry
from chemref.registry.names import matched_form


def outside_cell(
    registry: Registry, key: str, day: dt.date, resembles: tuple[str, float] | None = None, prefix: str = ""
) -> Cell:
    """The answer in one jurisdiction for a substance outside the registry that no class clause there reaches.
    A resemblance to a registered scheduled drug comes first in the reason, and makes the answer unknown."""
    state = unregistered_status(registry, key, day)
    parts = [prefix, state.reason] if prefix else [state.reason]
    if resembles is not None:
        name, score = resembles
        parts.insert(
            0,
            f"resembles {name}, a scheduled drug (Morgan Tanimoto {score:.2f}): chemref reads drug schedules only "
            "for registered substances, so this is not cleared",
        )
        state = JurisdictionStatus(key, None, "", unknown_why="not-established")
    state.reason = "; ".join(parts)
    return cell(registry, None, state)


def outside_cells(
    registry: Registry, day: dt.date, keys: list[str] | None, resembles: tuple[str, float] | None = None
) -> list[Cell]:
    wanted = keys if keys is not None else list(registry.jurisdictions)
    return [outside_cell(registry, key, day, resembles) for key in wanted]


def identifier_cells(registry: Registry, keys: list[str] | None, kind: str) -> list[Cell]:
    """An identifier (name, CAS RN, InChIKey) that names no registered chemical: chemref cannot tell which
    substance it denotes, so it cannot rule out a listed substance's salt, ester or other form."""
    wanted = keys if keys is not None else list(registry.jurisdictions)
    what = {"name": "name", "cas": "CAS RN", "inchikey": "InChIKey"}.get(kind, "identifier")
    reason = (
        f"this {what} names no registered chemical, and from a {what} alone chemref cannot tell whether the "
        "substance is a salt, ester or other form a list covers: look it up by structure (SMILES, InChI or molfile)"
    )
    return [
        Cell(
            jurisdiction=key,
            jurisdiction_name=registry.jurisdictions[key].name if key in registry.jurisdictions else None,
            controlled=None,
            decision="unknown",
            unknown_why="not-registered",
            reason=reason,
        )
        for key in wanted
    ]


def _class_cells(
    registry: Registry, match: Match, day: dt.date, keys: list[str], resembles: tuple[str, float] | None
) -> list[Cell]:
    assert match.rule is not None
    rule = match.rule
    regime = registry.regimes.get(rule.regime)
    cells = []
    for key in keys:
        if key == rule.jurisdiction:
            cells.append(
                Cell(
                    jurisdiction=key,
                    jurisdiction_name=registry.jurisdictions[key].name if key in registry.jurisdictions else None,
                    controlled=None,
                    decision="review",
                    regime=rule.regime,
                    regime_name=regime.name if regime else None,
                    regime_short=regime.short if regime else None,
                    since=rule.effective.iso() if rule.effective else None,
                    coverage="class",
                    reason=(
                        f"resembles {resembles[0]}, a scheduled drug (Morgan Tanimoto {resembles[1]:.2f}); "
                        if resembles
                        else ""
                    )
                    + f"may be covered by {rule.listing_name}'s listing ({rule.term}) — legal review needed",
                    events=[rule.event_id],
                )
            )
        else:
            cells.append(
                outside_cell(
                    registry, key, day, resembles, f"matched only by a class clause of {rule.jurisdiction}'s listing"
                )
            )
    return cells


def match_answer(
    registry: Registry,
    match: Match,
    day: dt.date,
    keys: list[str] | None,
    resembles: tuple[str, float] | None = None,
) -> MatchAnswer:
    """One match: tier, explanation, and a decision per jurisdiction."""
    wanted = keys if keys is not None else list(registry.jurisdictions)
    if match.rule is not None:
        status = _class_cells(registry, match, day, wanted, resembles)
    elif match.tier == "similar":
        prefix = f"only structurally similar to {match.name}; not a match"
        status = [outside_cell(registry, key, day, resembles, prefix) for key in wanted]
    else:
        status = list(chemical_status(registry, registry.chemicals[match.id], day, wanted).jurisdictions)
    return MatchAnswer(
        id=match.id,
        name=match.name,
        tier=match.tier,
        explanation=match.explanation,
        component=match.component,
        status=status,
        similarity=round(match.similarity, 3) if match.similarity is not None else None,
        rule=RuleAnswer(event=match.rule.event_id, term=match.rule.term, reading=match.rule.reading)
        if match.rule is not None
        else None,
    )


def identifier_explanation(chemical: Chemical, query: str, kind: str) -> str:
    """Why an identifier named this chemical; a salt's or hydrate's CAS RN or name says which form it is."""
    form = matched_form(chemical, query)
    if form is not None:
        cas = f", CAS {form.cas}" if form.cas else ""
        return f"{form.name}{cas}: a registered {form.kind} form of {chemical.name}"
    how = {"name": "name or synonym", "cas": "CAS RN", "inchikey": "InChIKey"}.get(kind, kind)
    return f"the {how} of {chemical.name}"
