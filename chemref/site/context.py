"""What every generated page is computed from: the registry, the build date and the site's base URL, with
the typed answers (``chemref.answers``) computed once per chemical and jurisdiction."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from chemref import __version__
from chemref.answers.build import cell, event_answer
from chemref.answers.decision import Decision
from chemref.answers.models import Cell, EventAnswer, Provenance
from chemref.answers.provenance import checked_through, provenance
from chemref.answers.status import JurisdictionStatus, jurisdiction_status
from chemref.registry.canonical import event_sort_key
from chemref.registry.canonical import jurisdiction_order
from chemref.registry.models import Chemical, ControlEvent, Registry


@dataclass(frozen=True)
class Site:
    """The registry and the build date every generated page is computed from."""

    registry: Registry
    today: dt.date
    base_url: str | None = None
    _cells: dict[tuple[str, str], tuple[JurisdictionStatus, Cell]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _events: dict[tuple[str, str], EventAnswer] = field(default_factory=dict, repr=False, compare=False)

    @property
    def version(self) -> str:
        return __version__

    @property
    def checked_through(self) -> dt.date | None:
        return checked_through(self.registry, self.today)

    @functools.cached_property
    def jurisdictions(self) -> list[str]:
        return jurisdiction_order(self.registry)

    @functools.cached_property
    def chemicals(self) -> list[Chemical]:
        return sorted(self.registry.chemicals.values(), key=lambda c: c.id)

    @property
    def provenance(self) -> Provenance:
        """Provenance as the CLI gives it, less the local registry path (meaningless on a web server)."""
        return provenance(self.registry, None, self.today)

    def _answer(self, chemical: Chemical, jurisdiction: str) -> tuple[JurisdictionStatus, Cell]:
        key = (chemical.id, jurisdiction)
        if key not in self._cells:
            state = jurisdiction_status(self.registry, chemical, jurisdiction, self.today, self.today)
            self._cells[key] = (state, cell(self.registry, chemical, state))
        return self._cells[key]

    def status(self, chemical: Chemical, jurisdiction: str) -> JurisdictionStatus:
        return self._answer(chemical, jurisdiction)[0]

    def cell(self, chemical: Chemical, jurisdiction: str) -> Cell:
        """The typed answer for one chemical in one jurisdiction on the build date."""
        return self._answer(chemical, jurisdiction)[1]

    def event(self, chemical: Chemical, event: ControlEvent) -> EventAnswer:
        key = (chemical.id, event.id)
        if key not in self._events:
            self._events[key] = event_answer(self.registry, event)
        return self._events[key]


@dataclass(frozen=True)
class DatedEvent:
    chemical: Chemical
    event: ControlEvent


def all_events(site: Site) -> list[DatedEvent]:
    """Every event of every chemical, oldest first (events without any date last)."""
    pairs = [DatedEvent(c, e) for c in site.chemicals for e in c.events]
    return sorted(pairs, key=lambda p: (event_sort_key(p.event), p.chemical.id))


def changes_order(site: Site) -> tuple[list[DatedEvent], list[DatedEvent]]:
    """Events with an effective date, newest first; and events whose date of effect is not established."""
    pairs = all_events(site)
    dated = [p for p in pairs if p.event.effective is not None]
    dated.sort(key=lambda p: (p.event.effective.first_day() if p.event.effective else dt.date.min, p.event.id))
    dated.reverse()
    undated = [p for p in pairs if p.event.effective is None]
    return dated, undated


def decision_counts(site: Site, key: str) -> dict[Decision, int]:
    counts: dict[Decision, int] = {}
    for chemical in site.chemicals:
        decision = site.cell(chemical, key).decision
        counts[decision] = counts.get(decision, 0) + 1
    return counts
