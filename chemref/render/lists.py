"""Rendering ``chemref list`` (a compact grid) and ``chemref changes`` (one row per change)."""

from __future__ import annotations

from chemref.answers.models import ChangesAnswer, ListAnswer
from chemref.registry.models import Registry
from chemref.render.formats import Table
from chemref.render.tables import STATUS_CSV_COLUMNS, status_csv

MARKS = {"controlled": "yes", "not-controlled": "no", "unknown": "?", "not-applicable": "n/a", "review": "rev"}
LEGEND = "yes controlled · no not controlled · ? unknown · rev review · n/a not applicable"


def list_grid(registry: Registry, answer: ListAnswer, jurisdictions: list[str], footer: str = "") -> Table:
    """One line per chemical, one mark per jurisdiction, and a legend; the CAS RN column is dropped first
    when the terminal is narrow."""
    rows = []
    for record in answer.chemicals:
        by_key = {item.jurisdiction: item for item in record.jurisdictions}
        rows.append([record.chemical.id, record.chemical.cas, *(MARKS[by_key[k].decision] for k in jurisdictions)])
    what = f"{registry.regimes[answer.regime].short} on {answer.on}" if answer.regime else f"Status on {answer.on}"
    notes = [LEGEND, "chemref status ID says why; chemref show ID gives identity."]
    if answer.regime:
        notes.insert(0, f"{registry.regimes[answer.regime].short}: {registry.regimes[answer.regime].name}")
    if not rows:
        notes.insert(0, "no chemical matches these filters")
    return Table(
        ["Id", "CAS RN", *jurisdictions],
        rows,
        title=f"{what} ({len(rows)} chemicals)",
        notes=notes,
        whole=frozenset({"Id", "CAS RN", *jurisdictions}),
        footer=footer,
        droppable=("CAS RN",),
        compact=True,
    )


def list_csv(answer: ListAnswer) -> Table:
    """The tidy table: one row per chemical x jurisdiction (the columns of ``status -f csv``)."""
    table = status_csv(answer.chemicals)
    assert table.headers == STATUS_CSV_COLUMNS
    return table


def changes_table(answer: ChangesAnswer, footer: str = "") -> Table:
    rows: list[list[str | None]] = [
        [c.date, c.jurisdiction, c.kind, c.chemical, c.regime_short or c.regime, c.instrument] for c in answer.changes
    ]
    notes = []
    if not rows:
        notes.append("no recorded change took effect in this period")
    if answer.undated:
        notes.append(f"{len(answer.undated)} event(s) have no established date of effect and are not placed")
    return Table(
        ["Date", "Jur.", "Change", "Chemical", "List", "Instrument"],
        rows,
        title=f"Changes from {answer.start} to {answer.end}",
        notes=notes,
        whole=frozenset({"Date", "Jur.", "Change", "List"}),
        footer=footer,
    )


CHANGES_CSV_COLUMNS = [
    "date", "jurisdiction", "kind", "action", "chemical", "chemical_name", "regime", "regime_short",
    "previous_regime", "instrument", "event",
]  # fmt: skip


def changes_csv(answer: ChangesAnswer) -> Table:
    rows: list[list[str | None]] = [
        [
            c.date,
            c.jurisdiction,
            c.kind,
            c.action,
            c.chemical,
            c.chemical_name,
            c.regime,
            c.regime_short,
            c.previous_regime,
            c.instrument,
            c.event,
        ]
        for c in answer.changes
    ]
    return Table(list(CHANGES_CSV_COLUMNS), rows)
