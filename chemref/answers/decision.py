"""The decision vocabulary: the one answer chemref gives per jurisdiction, defined once.

Every front end (status, show, list, lookup, screen, exports, the site) uses these values and
words; JSON carries the values exactly as written here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Decision = Literal[
    "controlled",  # a recorded control is in force on the date
    "not-controlled",  # no control in force on the date, as far as the registry's dated research shows
    "unknown",  # the registry cannot answer for the date; the reason says why (see UnknownWhy)
    "review",  # matched only by chemref's structural reading of a class clause: legal review needed
    "not-applicable",  # the jurisdiction has no list of its own for this kind of substance
]

UnknownWhy = Literal[
    "not-established",  # research could not establish the status
    "date-precision",  # the control's date is known only to the month or year, or not at all
    "no-research",  # chemref records no research on this chemical in the jurisdiction
    "stale-finding",  # a 'no control found' finding is past the registry's freshness window
    "lists-not-read",  # the jurisdiction's lists were not all read in full for the date (so no negative answer)
    "not-registered",  # an identifier names no registered chemical, and an identifier alone cannot be screened
]

DECISIONS: tuple[Decision, ...] = ("controlled", "not-controlled", "unknown", "review", "not-applicable")

WORDS: dict[Decision, str] = {
    "controlled": "controlled",
    "not-controlled": "not controlled",
    "unknown": "unknown",
    "review": "review",
    "not-applicable": "not applicable",
}

MEANINGS: dict[Decision, str] = {
    "controlled": "A recorded control is in force on the date: the chemical is named on a list, or covered by a "
    "class clause that a source says reaches it.",
    "not-controlled": "No recorded control is in force on the date, and dated research supports that answer.",
    "unknown": "chemref cannot answer for the date: the status was not established, a date is known only to "
    "the month or year, no research is recorded, or a 'no control found' finding is too old to rely on.",
    "review": "The structure matches only chemref's own structural reading of a listing's class clause (for "
    "example 'its esters'). It may be covered: legal review is needed.",
    "not-applicable": "The jurisdiction keeps no list of its own for this kind of substance (for example, the EU "
    "has no Union list of narcotic drugs: its member states control them).",
}

UNKNOWN_WHY_WORDS: dict[UnknownWhy, str] = {
    "not-established": "not established",
    "date-precision": "date precision",
    "no-research": "no research recorded",
    "stale-finding": "finding not re-checked",
    "lists-not-read": "lists not read in full",
    "not-registered": "identifier not registered",
}


UNKNOWN_WHY_MEANINGS: dict[UnknownWhy, str] = {
    "not-established": "Research was recorded, but the sources could not establish whether the chemical is "
    "controlled on the date.",
    "date-precision": "A control is recorded, but its date of effect is known only to the month or year (or not "
    "at all), so the registry cannot say whether it was in force on the date.",
    "no-research": "chemref records no control event and no research finding for the chemical in this jurisdiction.",
    "stale-finding": "A 'no control found' finding is recorded, but it is older than the registry's freshness "
    "window, so it no longer supports 'not controlled'.",
    "lists-not-read": "Not every list the jurisdiction keeps for precursors has been read in full for the date, so "
    "chemref cannot say that a substance is on none of them.",
    "not-registered": "The name, CAS RN or InChIKey names no registered chemical. From an identifier alone chemref "
    "cannot tell whether the substance is a salt, ester or other form that a list covers: look it up by structure.",
}


def word(decision: Decision) -> str:
    """The decision in words, for tables and prose."""
    return WORDS[decision]


# Strongest first: one controlled component makes the record controlled, and so on.
_STRENGTH: tuple[Decision, ...] = ("controlled", "review", "unknown", "not-controlled", "not-applicable")


def combine(decisions: Iterable[Decision]) -> Decision:
    """The strongest of several decisions for one jurisdiction ('unknown' when there are none)."""
    given = set(decisions)
    return next((d for d in _STRENGTH if d in given), "unknown")


def by_decision(decisions: dict[str, Decision]) -> dict[Decision, list[str]]:
    """Decision -> jurisdictions with it, in the order given."""
    grouped: dict[Decision, list[str]] = {}
    for key, decision in decisions.items():
        grouped.setdefault(decision, []).append(key)
    return grouped
