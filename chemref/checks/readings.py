"""The list readings, cross-checked against the events, both ways, on each reading's date.

- ``reading``: a reading names a list and a source that exist, says which part it read when it is not
  whole, and is dated in order (history_from <= current_to; read not in the future).
- ``reading-entry``: every entry of a reading is a registered chemical that the events put under that list
  in that jurisdiction on the reading's date (and in every jurisdiction whose law is that list's).
- ``reading-missing``: for a whole reading, every chemical the events name on the list on that date is an
  entry of it (one reached only through another entry's class clause is not). A whole reading and the
  events then tell the same story; a partial reading is checked one way only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from chemref.answers.status import RegimeStatus, jurisdiction_status
from chemref.registry.load import RegistryFiles
from chemref.registry.models import ListReading, Registry
from chemref.registry.paths import READINGS_DIR
from chemref.registry.problems import Problem


def _file(reading: ListReading) -> str:
    return f"{READINGS_DIR}/{reading.id}.yml"


def _problem(
    files: RegistryFiles, rule: str, reading: ListReading, path: tuple[str | int, ...], message: str
) -> Problem:
    file = _file(reading)
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
    return Problem(rule, file, message, where, files.line(file, path))


def keeping_jurisdictions(registry: Registry, regime: str) -> list[str]:
    """The jurisdictions where a list has effect: its own, and those whose law is its jurisdiction's."""
    owner = registry.regimes[regime].jurisdiction
    return [owner, *(key for key, j in registry.jurisdictions.items() if owner in j.applies_law_of)]


def _under(registry: Registry, chemical_id: str, jurisdiction: str, regime: str, day: dt.date) -> RegimeStatus | None:
    chemical = registry.chemicals[chemical_id]
    state = jurisdiction_status(registry, chemical, jurisdiction, day, dt.date.max)
    return next((r for r in state.regimes if r.regime == regime), None)


def _why(status: RegimeStatus | None) -> str:
    if status is None:
        return "no event puts it on that list"
    if status.controlled is None:
        return "its events leave the date uncertain (give an effective date or in_force_by)"
    return "its events have it off the list then"


def check_readings(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    for reading in sorted(registry.readings.values(), key=lambda r: r.id):
        if reading.regime not in registry.regimes:
            yield _problem(files, "reading", reading, ("regime",), f"list {reading.regime!r} is not in regimes.yml")
            continue
        if reading.source not in registry.sources:
            yield _problem(files, "reading", reading, ("source",), f"source {reading.source!r} is not in sources.yml")
        if not reading.whole and not reading.part_read:
            yield _problem(files, "reading", reading, ("part_read",), "a partial reading says which part was read")
        if reading.read > today:
            yield _problem(files, "reading", reading, ("read",), f"read {reading.read} is in the future")
        if reading.history_from is not None and reading.history_from.first_day() > reading.current_to.last_day():
            yield _problem(files, "reading", reading, ("history_from",), "history_from is after current_to")
        day = reading.current_to.last_day()
        entries = {entry.chemical for entry in reading.entries}
        for index, entry in enumerate(reading.entries):
            if entry.chemical not in registry.chemicals:
                yield _problem(
                    files,
                    "reading-entry",
                    reading,
                    ("entries", index, "chemical"),
                    f"{entry.chemical!r}: no chemical has that id",
                )
                continue
            for key in keeping_jurisdictions(registry, reading.regime):
                status = _under(registry, entry.chemical, key, reading.regime, day)
                if status is None or not status.controlled:
                    yield _problem(
                        files,
                        "reading-entry",
                        reading,
                        ("entries", index, "chemical"),
                        f"{entry.chemical} is listed by this reading of {reading.regime} (current to {day}), but in "
                        f"{key} {_why(status)}",
                    )
        if not reading.whole:
            continue
        for key in keeping_jurisdictions(registry, reading.regime):
            for chemical in sorted(registry.chemicals.values(), key=lambda c: c.id):
                if chemical.id in entries or not any(e.regime == reading.regime for e in chemical.events):
                    continue
                status = _under(registry, chemical.id, key, reading.regime, day)
                # A chemical reached only through another entry's class clause is not an entry of its own.
                if status is not None and status.controlled and status.coverage == "named":
                    yield _problem(
                        files,
                        "reading-missing",
                        reading,
                        ("entries",),
                        f"{chemical.id} is under {reading.regime} in {key} on {day} (events "
                        f"{', '.join(status.events)}), but this whole reading does not list it",
                    )
