"""What every generated page is computed from: the registry, the build date and the site's base URL, with
the typed answers (``chemref.answers``) computed once per chemical and jurisdiction."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from chemref import __version__
from chemref.answers.build import cell, event_answer
from chemref.answers.decision import Decision
from chemref.answers.models import Cell, EventAnswer, Provenance, RegimeAnswer
from chemref.answers.provenance import checked_through, provenance
from chemref.answers.status import JurisdictionStatus, jurisdiction_status
from chemref.registry.models import Chemical, ControlEvent, ListReading, Regime, Registry
from chemref.registry.order import event_sort_key, jurisdiction_order


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

    @functools.cached_property
    def regimes(self) -> list[str]:
        """Every list, by jurisdiction (in the registry's order), precursor lists first, then by key."""
        order = {key: index for index, key in enumerate(self.jurisdictions)}
        return sorted(
            self.registry.regimes,
            key=lambda k: (
                order.get(self.registry.regimes[k].jurisdiction, len(order)),
                self.registry.regimes[k].kind != "precursor",
                k,
            ),
        )

    def regime(self, key: str) -> Regime:
        return self.registry.regimes[key]

    def regimes_of(self, jurisdiction: str) -> list[str]:
        """The lists of one jurisdiction, and those of the jurisdictions whose law applies there."""
        home = self.registry.jurisdictions[jurisdiction]
        keys = {jurisdiction, *home.applies_law_of}
        return [k for k in self.regimes if self.registry.regimes[k].jurisdiction in keys]

    def holdings(self, regime: str, jurisdiction: str | None = None) -> list[tuple[Chemical, RegimeAnswer]]:
        """The chemicals under control on a list on the build date, with the list's answer for each."""
        where = jurisdiction or self.registry.regimes[regime].jurisdiction
        held = []
        for chemical in self.chemicals:
            for answer in self.cell(chemical, where).regimes:
                if answer.regime == regime and answer.controlled:
                    held.append((chemical, answer))
        return held

    def controlled_lists(self, chemical: Chemical, jurisdiction: str) -> list[str]:
        """Keys of the lists a chemical is under control on, in one jurisdiction, on the build date."""
        return [a.regime for a in self.cell(chemical, jurisdiction).regimes if a.controlled]

    def readings_of(self, regime: str) -> list[ListReading]:
        """The dated readings of one list, newest first."""
        found = [r for r in self.registry.readings.values() if r.regime == regime]
        return sorted(found, key=lambda r: (r.current_to.first_day(), r.id), reverse=True)

    def latest_whole_reading(self, regime: str) -> ListReading | None:
        whole = [r for r in self.readings_of(regime) if r.whole and r.current_to.first_day() <= self.today]
        return whole[0] if whole else None

    @property
    def site_url(self) -> str | None:
        """The canonical base URL, ending in '/', or None when the site has none."""
        return self.base_url.rstrip("/") + "/" if self.base_url else None

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


def changes_order(site: Site, pairs: list[DatedEvent] | None = None) -> tuple[list[DatedEvent], list[DatedEvent]]:
    """Events (all, or ``pairs``) with an effective date, newest first; and events whose date of effect is not
    established, which are never sorted among the dated ones."""
    pairs = all_events(site) if pairs is None else pairs
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


def list_events(site: Site, regime: str) -> list[DatedEvent]:
    """Every event that put a chemical on a list, changed it there or took it off, newest first."""
    pairs = [p for p in all_events(site) if regime in (p.event.regime, p.event.previous_regime)]
    return list(reversed(pairs))


def names_of(chemical: Chemical) -> list[str]:
    """Everything a reader may type to find a chemical: its names, abbreviations, identifiers and forms."""
    ids = chemical.identifiers
    values = [chemical.name, chemical.id, *(chemical.synonyms)]
    values += [v for v in (chemical.iupac_name, ids.cas, ids.inchikey) if v]
    for form in chemical.forms:
        values.append(form.name)
        if form.cas:
            values.append(form.cas)
    return list(dict.fromkeys(values))


def registered_drugs(site: Site) -> list[Chemical]:
    """Chemicals registered as drugs: every event of theirs is on a controlled-substance list."""
    return [
        c
        for c in site.chemicals
        if c.events and all(site.registry.regimes[e.regime].kind == "controlled-substance" for e in c.events)
    ]
