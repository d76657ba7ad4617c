"""The orders chemref lists things in: events oldest first, jurisdictions international first."""

from __future__ import annotations

import datetime as dt

from chemref.registry.models import ControlEvent, Registry


def event_sort_key(event: ControlEvent) -> tuple[int, dt.date, str]:
    """Oldest first; events whose dates are all unknown go last."""
    for value in (event.effective, event.in_force_by, event.published, event.decided):
        if value is not None:
            return (0, value.first_day(), event.id)
    return (1, dt.date.max, event.id)


_KIND_ORDER = {"international": 0, "union": 1, "country": 2, "subdivision": 3}


def jurisdiction_order(registry: Registry) -> list[str]:
    """International bodies first, then unions, then countries and subdivisions by code."""
    return sorted(registry.jurisdictions, key=lambda k: (_KIND_ORDER[registry.jurisdictions[k].kind], k))
