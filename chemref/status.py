"""Status on a date, computed from dated events (never stored).

Each event is in force on day D for certain ("yes"), certainly not yet ("no"), or "maybe" when
its date is known only to the month or year, or not at all. The answer per jurisdiction is a
``Decision`` (see ``chemref.decision``) with its reason: controlled, not controlled, unknown,
or not applicable. A 'no control found' finding supports "not controlled" only within the
registry's freshness window after its date; after that the answer is unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from chemref.dates import PartialDate
from chemref.decision import Decision, UnknownWhy
from chemref.models import Chemical, ControlEvent, Finding, Registry

Applies = Literal["yes", "no", "maybe"]

ON_ACTIONS = frozenset({"added", "specific-listing", "scope-widened", "temporary-control", "extended", "moved"})
OFF_ACTIONS = frozenset({"removed", "expired"})


def event_sort_key(event: ControlEvent) -> tuple[int, dt.date, str]:
    """Oldest first; events whose dates are all unknown go last."""
    for value in (event.effective, event.in_force_by, event.published, event.decided):
        if value is not None:
            return (0, value.first_day(), event.id)
    return (1, dt.date.max, event.id)


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
            elif event.action in {"added", "specific-listing", "moved"}:
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


def jurisdiction_status(registry: Registry, chemical: Chemical, jurisdiction: str, day: dt.date) -> JurisdictionStatus:
    """Status of ``chemical`` in ``jurisdiction`` on ``day``."""
    events = history(chemical, jurisdiction)
    if not events:
        return _status_without_events(registry, chemical, jurisdiction, day)
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
    elif main is not None:
        result.controlled = None
        result.unknown_why = "date-precision"
        result.reason = _unknown_reason(registry, chemical, main, day)
    elif len(pending) == len(events) and (finding := _finding_before(chemical, jurisdiction, events)) is not None:
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


def _finding_before(chemical: Chemical, jurisdiction: str, events: list[ControlEvent]) -> Finding | None:
    """A research finding about the time before this jurisdiction's first recorded event, if any."""
    starts = [e.effective.first_day() for e in events if e.effective is not None]
    first = min(starts) if starts else dt.date.max
    findings = [f for f in chemical.findings if f.jurisdiction == jurisdiction and f.as_of.first_day() < first]
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


def _status_without_events(
    registry: Registry, chemical: Chemical, jurisdiction: str, day: dt.date
) -> JurisdictionStatus:
    findings = [f for f in chemical.findings if f.jurisdiction == jurisdiction]
    if findings:
        finding = max(findings, key=lambda f: f.as_of.first_day())
        as_of = finding.as_of.iso()
        if finding.outcome == "not-applicable":
            return JurisdictionStatus(
                jurisdiction, None, f"not applicable: {finding.note}", finding=finding, not_applicable=True
            )
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
    name = registry.jurisdictions[jurisdiction].name if jurisdiction in registry.jurisdictions else jurisdiction
    return JurisdictionStatus(
        jurisdiction,
        None,
        f"unknown: chemref records no research on this chemical in {name}",
        unknown_why="no-research",
    )


def status(
    registry: Registry, chemical: Chemical, day: dt.date, jurisdictions: str | list[str] | None = None
) -> list[JurisdictionStatus]:
    """Status in every jurisdiction of the registry (or the ones given), never silently omitting any."""
    if jurisdictions is None:
        keys = list(registry.jurisdictions)
    else:
        keys = [jurisdictions] if isinstance(jurisdictions, str) else list(jurisdictions)
    return [jurisdiction_status(registry, chemical, key, day) for key in keys]
