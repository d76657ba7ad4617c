"""Status on a date, computed from dated events (never stored).

Each event is in force on day D for certain ("yes"), certainly not yet ("no"), or "maybe" when
its date is known only to the month or year, or not at all. The answer per jurisdiction is a
``Decision`` (see ``chemref.answers.decision``) with its reason: controlled, not controlled, unknown,
or not applicable. A 'no control found' finding supports "not controlled" only within the
registry's freshness window after its date; after that the answer is unknown.

A jurisdiction is *complete* on a day when every list it keeps for precursors then has a whole
reading (``ListReading``) that answers for the day. Only then can chemref say that a substance is on
none of its lists. Research dated after chemref's today is never used: it had not been done yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from chemref.answers.decision import Decision, UnknownWhy
from chemref.registry.dates import PartialDate
from chemref.registry.dates import today as system_today
from chemref.registry.models import Chemical, ControlEvent, Finding, ListReading, Registry
from chemref.registry.order import event_sort_key

Applies = Literal["yes", "no", "maybe"]

ON_ACTIONS = frozenset({"added", "specific-listing", "scope-widened", "temporary-control", "extended", "moved"})
OFF_ACTIONS = frozenset({"removed", "expired"})


def history(chemical: Chemical, jurisdiction: str | None = None) -> list[ControlEvent]:
    """The chemical's events, oldest first, optionally for one jurisdiction."""
    events = [e for e in chemical.events if jurisdiction is None or e.jurisdiction == jurisdiction]
    return sorted(events, key=event_sort_key)


def applies(event: ControlEvent, day: dt.date) -> Applies:
    """Whether the event has taken effect by ``day``."""
    if event.effective is not None:
        if event.effective.last_day() <= day:
            return "yes"
        if event.effective.first_day() > day:
            return "no"
        return "maybe"
    if event.in_force_by is not None and event.in_force_by.last_day() <= day:
        return "yes"
    # A listing does not take effect before its instrument is published, or decided.
    earliest = event.published or event.decided
    if earliest is not None and day < earliest.first_day():
        return "no"
    return "maybe"


@dataclass
class RegimeStatus:
    """Control under one list on one day."""

    regime: str
    controlled: bool | None
    since: PartialDate | None = None
    in_force_by: PartialDate | None = None
    coverage: str | None = None
    named_since: PartialDate | None = None
    until: PartialDate | None = None
    ended: PartialDate | None = None
    events: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class JurisdictionStatus:
    """Control in one jurisdiction on one day, with the reason in words."""

    jurisdiction: str
    controlled: bool | None
    reason: str
    regimes: list[RegimeStatus] = field(default_factory=list)
    pending: list[ControlEvent] = field(default_factory=list)
    finding: Finding | None = None
    not_applicable: bool = False
    unknown_why: UnknownWhy | None = None
    continuous_since: PartialDate | None = None
    readings: list[ListReading] = field(default_factory=list)
    regime: str | None = None
    events: list[str] = field(default_factory=list)

    @property
    def decision(self) -> Decision:
        if self.not_applicable:
            return "not-applicable"
        return {True: "controlled", False: "not-controlled", None: "unknown"}[self.controlled]  # type: ignore[return-value]

    @property
    def main(self) -> RegimeStatus | None:
        """The regime that answers the question: in force and earliest, else the first uncertain one."""
        live = [r for r in self.regimes if r.controlled]
        if live:
            return min(live, key=lambda r: r.since.first_day() if r.since else dt.date.max)
        unsure = [r for r in self.regimes if r.controlled is None]
        return unsure[0] if unsure else None


def _regime_status(regime: str, events: list[ControlEvent], day: dt.date) -> RegimeStatus:
    state: bool | None = False
    status = RegimeStatus(regime=regime, controlled=False)
    expiry: PartialDate | None = None
    for event in events:
        applied = applies(event, day)
        turns_on = event.action in ON_ACTIONS and event.regime == regime
        if applied == "no":
            continue
        if applied == "maybe":
            if (turns_on and state is not True) or (not turns_on and state is not False):
                state = None
                status.events.append(event.id)
            continue
        if turns_on:
            if state is not True:
                status.since = event.effective
                status.in_force_by = event.in_force_by if event.effective is None else None
                status.named_since = None
                status.events = []
            state = True
            status.events.append(event.id)
            status.coverage = event.coverage.kind
            if event.coverage.kind == "named" and status.named_since is None:
                status.named_since = event.effective
            if event.action in {"temporary-control", "extended"}:
                expiry = event.expires
            elif event.action == "moved":
                expiry = event.expires  # a temporary listing moved to another list keeps its end
            elif event.action in {"added", "specific-listing"}:
                expiry = None
        else:
            state = False
            expiry = None
            status.events = [event.id]
            status.since = None
            status.ended = event.effective
    if state is True and expiry is not None:
        status.until = expiry
        if day > expiry.last_day():
            state = False
            status.note = f"temporary control ended on {expiry.iso()}"
            status.since = None
        elif day >= expiry.first_day() and expiry.precision != "day":
            state = None
            status.note = f"temporary control ends in {expiry.iso()}; the day is not known"
    status.controlled = state
    return status


def precursor_lists(registry: Registry, jurisdiction: str, day: dt.date) -> list[str]:
    """The lists the jurisdiction keeps for precursors on ``day``: its own, and those of the jurisdictions
    whose law applies there (the EU lists in Northern Ireland)."""
    home = registry.jurisdictions.get(jurisdiction)
    owners = {jurisdiction, *(home.applies_law_of if home is not None else [])}
    keys = []
    for key, regime in registry.regimes.items():
        if regime.jurisdiction not in owners or regime.kind != "precursor":
            continue
        if regime.established is not None and day < regime.established.first_day():
            continue
        if regime.ended is not None and day > regime.ended.last_day():
            continue
        keys.append(key)
    return keys


def reading_for(registry: Registry, regime: str, day: dt.date, today: dt.date) -> ListReading | None:
    """The newest whole reading of ``regime`` that answers for ``day``: made by ``today``, and ``day`` lies
    between the date its history is complete from and its current-to date plus the freshness window."""
    window = dt.timedelta(days=registry.settings.finding_freshness_days)
    best: ListReading | None = None
    for reading in registry.readings.values():
        if reading.regime != regime or not reading.whole or reading.read > today:
            continue
        start = (reading.history_from or reading.current_to).first_day()
        if not start <= day <= reading.current_to.last_day() + window:
            continue
        if best is None or reading.current_to.first_day() > best.current_to.first_day():
            best = reading
    return best


@dataclass
class Completeness:
    """Whether every precursor list of a jurisdiction is read in full for a day."""

    jurisdiction: str
    lists: list[str]
    readings: list[ListReading]
    missing: list[str]

    @property
    def complete(self) -> bool:
        return bool(self.lists) and not self.missing


def completeness(registry: Registry, jurisdiction: str, day: dt.date, today: dt.date | None = None) -> Completeness:
    """Which of the jurisdiction's precursor lists have a reading that answers for ``day``."""
    now = today or system_today()
    lists = precursor_lists(registry, jurisdiction, day)
    readings, missing = [], []
    for key in lists:
        reading = reading_for(registry, key, day, now)
        if reading is None:
            missing.append(key)
        else:
            readings.append(reading)
    return Completeness(jurisdiction, lists, readings, missing)


def list_labels(registry: Registry, keys: list[str]) -> str:
    return ", ".join(registry.regimes[k].short if k in registry.regimes else k for k in keys)


def on_no_list_reason(registry: Registry, state: Completeness, day: dt.date) -> str:
    """'on none of J's precursor lists as read on D (lists)'."""
    name = registry.jurisdictions[state.jurisdiction].name if state.jurisdiction in registry.jurisdictions else ""
    who = state.jurisdiction + (f" ({name})" if name and name != state.jurisdiction else "")
    read = max(r.current_to.first_day() for r in state.readings)
    as_read = f"as read current to {read.isoformat()}" if read >= day else f"as read on {day.isoformat()}"
    return f"on none of {who}'s precursor lists {as_read} ({list_labels(registry, state.lists)})"


def newest_whole_reading(registry: Registry, regime: str, today: dt.date) -> ListReading | None:
    """The whole reading of ``regime`` current to the latest date, made by ``today``, whatever day it answers for."""
    readings = [r for r in registry.readings.values() if r.regime == regime and r.whole and r.read <= today]
    return max(readings, key=lambda r: r.current_to.first_day(), default=None)


def lists_not_read_reason(registry: Registry, state: Completeness, today: dt.date) -> str:
    """Why a jurisdiction's lists do not answer for the day: per list, no whole reading at all, or the newest
    one and the date it is current to (too old for the day, or, for an early day, its history too short)."""
    if not state.lists:
        return f"{state.jurisdiction}: chemref records no precursor list for this jurisdiction on the date"
    unread, dated = [], []
    for key in state.missing:
        reading = newest_whole_reading(registry, key, today)
        if reading is None:
            unread.append(key)
        else:
            dated.append(f"{list_labels(registry, [key])} to {reading.current_to}")
    parts = [f"no whole reading of {list_labels(registry, unread)}"] if unread else []
    if dated:
        parts.append(f"last read whole: {', '.join(dated)}")
    return f"{state.jurisdiction}'s lists not read in full for the date ({'; '.join(parts)})"


def is_scheduled_drug(registry: Registry, chemical: Chemical) -> bool:
    """Whether any jurisdiction controls the chemical as a drug: precursor lists then cannot clear it."""
    return any(
        (regime := registry.regimes.get(e.regime)) is not None and regime.kind == "controlled-substance"
        for e in chemical.events
    )


def jurisdiction_status(
    registry: Registry, chemical: Chemical, jurisdiction: str, day: dt.date, today: dt.date | None = None
) -> JurisdictionStatus:
    """Status of ``chemical`` in ``jurisdiction`` on ``day`` (research made after ``today`` is not used)."""
    now = today or system_today()
    events = history(chemical, jurisdiction)
    if not events:
        return _status_without_events(registry, chemical, jurisdiction, day, now)
    regimes: list[str] = []
    for event in events:
        for key in (event.regime, event.previous_regime):
            if key is not None and key not in regimes:
                regimes.append(key)
    per_regime = []
    for regime in regimes:
        relevant = [e for e in events if e.regime == regime or e.previous_regime == regime]
        per_regime.append(_regime_status(regime, relevant, day))
    pending = [e for e in events if applies(e, day) == "no"]
    result = JurisdictionStatus(jurisdiction, None, "", per_regime, pending)
    main = result.main
    if main is not None and main.controlled:
        result.controlled = True
        result.continuous_since = continuous_since(per_regime, regimes, events, day)
        result.reason = _controlled_reason(registry, main, result.continuous_since)
        return result
    if main is not None and (kept := _across_uncertain_move(registry, events, per_regime, day)) is not None:
        # Moved between two lists on a date not known: controlled under one or the other either way.
        result.regimes = [kept if r.regime == kept.regime else r for r in per_regime]
        result.controlled = True
        result.continuous_since = continuous_since(result.regimes, regimes, events, day)
        result.reason = f"{_controlled_reason(registry, kept, result.continuous_since)}; {kept.note}"
        return result
    if main is not None:
        result.controlled = None
        result.unknown_why = "date-precision"
        result.reason = _unknown_reason(registry, chemical, main, day)
        return result
    state = completeness(registry, jurisdiction, day, now)
    if state.complete and not is_scheduled_drug(registry, chemical):
        result.controlled = False
        result.readings = state.readings
        detail = _not_controlled_reason(per_regime, pending)
        result.reason = f"{on_no_list_reason(registry, state, day)}; {detail.removeprefix('not controlled: ')}"
        return result
    finding = _finding_before(chemical, jurisdiction, events, now)
    if len(pending) == len(events) and finding is not None:
        # Nothing has taken effect yet; research may say the earlier status is not established.
        result.finding = finding
        if finding.outcome == "not-applicable":
            result.controlled, result.not_applicable = None, True
            result.reason = f"not applicable before the first recorded control: {finding.note}"
        elif finding.outcome == "no-control-found":
            result.controlled = False
            result.reason = f"no control found before the first recorded control (as of {finding.as_of.iso()})"
        else:
            result.controlled, result.unknown_why = None, "not-established"
            result.reason = f"not established before the first recorded control (as of {finding.as_of.iso()})"
    else:
        result.controlled = False
        result.reason = _not_controlled_reason(per_regime, pending)
    return result


def _across_uncertain_move(
    registry: Registry, events: list[ControlEvent], per_regime: list[RegimeStatus], day: dt.date
) -> RegimeStatus | None:
    """When the only doubt is the date of a move between two lists, the list left, as in force without the move
    (with a note that it moved on a date not established); else None."""
    unsure = [r for r in per_regime if r.controlled is None]
    moves = [e for e in events if e.action == "moved" and e.previous_regime and applies(e, day) == "maybe"]
    if len(moves) != 1 or {r.regime for r in unsure} - {moves[0].regime, moves[0].previous_regime}:
        return None
    move = moves[0]
    assert move.previous_regime is not None
    before = [e for e in events if e is not move and move.previous_regime in (e.regime, e.previous_regime)]
    kept = _regime_status(move.previous_regime, before, day)
    if not kept.controlled:
        return None
    when = move.effective or move.decided or move.published
    target = registry.regimes[move.regime].short if move.regime in registry.regimes else move.regime
    decision = f" by a decision of {when.iso()}" if when else ""
    kept.note = f"moved to {target}{decision}, whose date of effect is not established"
    return kept


def _finding_before(
    chemical: Chemical, jurisdiction: str, events: list[ControlEvent], today: dt.date
) -> Finding | None:
    """A research finding about the time before this jurisdiction's first recorded event, if any."""
    starts = [e.effective.first_day() for e in events if e.effective is not None]
    first = min(starts) if starts else dt.date.max
    findings = [
        f
        for f in researched(chemical.findings, today)
        if f.jurisdiction == jurisdiction and f.as_of.first_day() < first
    ]
    return max(findings, key=lambda f: f.as_of.first_day()) if findings else None


def _regime_name(registry: Registry, key: str) -> str:
    regime = registry.regimes.get(key)
    return regime.name if regime is not None else key


def continuous_since(
    per_regime: list[RegimeStatus], regimes: list[str], events: list[ControlEvent], day: dt.date
) -> PartialDate | None:
    """When the present spell of control began, across lists: a temporary order followed without a gap by a
    permanent listing counts from the order. None when a start in the chain is not known to the day."""
    live = [r for r in per_regime if r.controlled]
    if not live:
        return None
    start = min((r.since for r in live if r.since is not None), key=lambda d: d.first_day(), default=None)
    seen: set[dt.date] = set()
    while start is not None and start.precision == "day" and start.first_day() not in seen:
        seen.add(start.first_day())
        before = start.first_day() - dt.timedelta(days=1)
        earlier = []
        for regime in regimes:
            relevant = [e for e in events if e.regime == regime or e.previous_regime == regime]
            status = _regime_status(regime, relevant, before)
            if status.controlled and status.since is not None and status.since.first_day() < start.first_day():
                earlier.append(status.since)
        if not earlier:
            break
        start = min(earlier, key=lambda d: d.first_day())
    return start


def _controlled_reason(registry: Registry, main: RegimeStatus, continuous: PartialDate | None = None) -> str:
    name = _regime_name(registry, main.regime)
    if continuous is not None and main.since is not None and continuous != main.since:
        since = f"since {main.since.iso()} (controlled without a break since {continuous.iso()})"
    elif main.since is not None:
        since = f"since {main.since.iso()}"
    elif main.in_force_by is not None:
        since = f"in force by {main.in_force_by.iso()} (start date not established)"
    else:
        since = "start date not established"
    text = f"controlled under {name}, {since}"
    if main.coverage == "class":
        text += ", through a class clause (not named)"
    elif main.named_since is not None and main.since is not None and main.named_since != main.since:
        text += f"; named on the list since {main.named_since.iso()}"
    if main.until is not None:
        text += f"; temporary, until {main.until.iso()}"
    return text


def _unknown_reason(registry: Registry, chemical: Chemical, main: RegimeStatus, day: dt.date) -> str:
    name = _regime_name(registry, main.regime)
    if main.note:
        return f"unknown under {name}: {main.note}"
    by_id = {e.id: e for e in chemical.events}
    dates = [by_id[i].effective for i in main.events if i in by_id]
    known = sorted({d.iso() for d in dates if d is not None})
    if known:
        spans = ", ".join(known)
        return f"unknown on {day.isoformat()}: control under {name} took effect in {spans}; the exact day is not known"
    return f"unknown on {day.isoformat()}: the date control under {name} took effect is not established"


def _not_controlled_reason(per_regime: list[RegimeStatus], pending: list[ControlEvent]) -> str:
    ended = [r for r in per_regime if r.note]
    if ended:
        return "not controlled: " + "; ".join(r.note for r in ended)
    removed = [r for r in per_regime if r.ended is not None]
    if removed:
        return f"not controlled: removed from control with effect from {removed[0].ended}"
    if pending:
        first = pending[0]
        when = first.effective.iso() if first.effective is not None else "a date not established"
        return f"not controlled as far as recorded: the first recorded control takes effect on {when}"
    return "no control recorded"


def finding_is_stale(registry: Registry, finding: Finding, day: dt.date) -> bool:
    """Whether a 'no control found' finding is past its freshness window on ``day``."""
    window = dt.timedelta(days=registry.settings.finding_freshness_days)
    return finding.outcome == "no-control-found" and day > finding.as_of.last_day() + window


def researched(findings: list[Finding], today: dt.date) -> list[Finding]:
    """The findings made by ``today``: research dated later had not been done yet."""
    return [f for f in findings if f.as_of.first_day() <= today]


def _status_without_events(
    registry: Registry, chemical: Chemical, jurisdiction: str, day: dt.date, today: dt.date
) -> JurisdictionStatus:
    findings = [f for f in researched(chemical.findings, today) if f.jurisdiction == jurisdiction]
    finding = max(findings, key=lambda f: f.as_of.first_day()) if findings else None
    if finding is not None and finding.outcome == "not-applicable":
        return JurisdictionStatus(
            jurisdiction, None, f"not applicable: {finding.note}", finding=finding, not_applicable=True
        )
    state = completeness(registry, jurisdiction, day, today)
    if state.complete and not is_scheduled_drug(registry, chemical):
        return JurisdictionStatus(
            jurisdiction, False, on_no_list_reason(registry, state, day), finding=finding, readings=state.readings
        )
    if finding is not None:
        as_of = finding.as_of.iso()
        if finding.outcome == "no-control-found" and finding_is_stale(registry, finding, day):
            return JurisdictionStatus(
                jurisdiction,
                None,
                f"unknown: no control found as of {as_of}; not re-checked since",
                finding=finding,
                unknown_why="stale-finding",
            )
        if finding.outcome == "no-control-found":
            return JurisdictionStatus(jurisdiction, False, f"no control found as of {as_of}", finding=finding)
        return JurisdictionStatus(
            jurisdiction,
            None,
            f"unknown: not established as of {as_of}",
            finding=finding,
            unknown_why="not-established",
        )
    if any(f.jurisdiction == jurisdiction for f in chemical.findings):
        return JurisdictionStatus(
            jurisdiction,
            None,
            f"unknown: not researched by {today.isoformat()} (chemref's research on it is dated later)",
            unknown_why="no-research",
        )
    name = registry.jurisdictions[jurisdiction].name if jurisdiction in registry.jurisdictions else jurisdiction
    return JurisdictionStatus(
        jurisdiction,
        None,
        f"unknown: chemref records no research on this chemical in {name}",
        unknown_why="no-research",
    )


def unregistered_status(
    registry: Registry, jurisdiction: str, day: dt.date, today: dt.date | None = None
) -> JurisdictionStatus:
    """A substance outside the registry that no class clause reaches: on none of the lists, if they are all
    read in full for the day; else unknown."""
    state = completeness(registry, jurisdiction, day, today)
    if state.complete:
        return JurisdictionStatus(jurisdiction, False, on_no_list_reason(registry, state, day), readings=state.readings)
    why = lists_not_read_reason(registry, state, today or system_today())
    return JurisdictionStatus(jurisdiction, None, why, unknown_why="lists-not-read")


def status(
    registry: Registry,
    chemical: Chemical,
    day: dt.date,
    jurisdictions: str | list[str] | None = None,
    today: dt.date | None = None,
) -> list[JurisdictionStatus]:
    """Status in every jurisdiction of the registry (or the ones given), never silently omitting any."""
    if jurisdictions is None:
        keys = list(registry.jurisdictions)
    else:
        keys = [jurisdictions] if isinstance(jurisdictions, str) else list(jurisdictions)
    now = today or system_today()
    return [jurisdiction_status(registry, chemical, key, day, now) for key in keys]
