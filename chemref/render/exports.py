"""Flat exports of the registry."""

from __future__ import annotations

import csv
import io

from chemref.answers.build import event_answer
from chemref.answers.status import history
from chemref.registry.models import Registry

EVENT_COLUMNS = [
    "chemical_id",
    "chemical_name",
    "cas",
    "event_id",
    "jurisdiction",
    "action",
    "regime",
    "coverage",
    "covered_via",
    "decided_date",
    "published_date",
    "effective_date",
    "expires_date",
    "in_force_by",
    "instrument",
    "confidence",
    "source_urls",
]


def events_csv(registry: Registry) -> str:
    """One row per control event, oldest first within each chemical."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EVENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for chemical in sorted(registry.chemicals.values(), key=lambda c: c.id):
        for event in history(chemical):
            record = event_answer(registry, event)
            writer.writerow(
                {
                    "chemical_id": chemical.id,
                    "chemical_name": chemical.name,
                    "cas": chemical.identifiers.cas or "",
                    "event_id": event.id,
                    "jurisdiction": event.jurisdiction,
                    "action": event.action,
                    "regime": event.regime,
                    "coverage": event.coverage.kind,
                    "covered_via": event.coverage.via or "",
                    "decided_date": record.decided_date or "",
                    "published_date": record.published_date or "",
                    "effective_date": record.effective_date or "",
                    "expires_date": record.expires_date or "",
                    "in_force_by": record.in_force_by or "",
                    "instrument": record.instrument.citation or "",
                    "confidence": record.confidence,
                    "source_urls": " ".join(s.url or "" for s in record.sources),
                }
            )
    return buffer.getvalue()
