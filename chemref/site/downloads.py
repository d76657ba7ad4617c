"""Static data files for download: JSON (everything, and one file per chemical), CSV and the JSON Schema."""

from __future__ import annotations

from typing import Any

from chemref.answers.build import export_answer
from chemref.registry.models import Registry, json_schema
from chemref.render.exports import events_csv
from chemref.site import links
from chemref.site.text import json_file


def _json(value: Any) -> str:
    return json_file(value)


def data_files(registry: Registry) -> dict[str, str]:
    """Site path -> text of every download; the same records ``chemref export`` writes."""
    everything = export_answer(registry)
    files = {
        links.ALL_JSON: _json(everything.model_dump(mode="json")),
        links.EVENTS_CSV: events_csv(registry),
        links.SCHEMA_JSON: _json(json_schema()),
    }
    for record in everything.chemicals:
        files[links.chemical_json(record.id)] = _json(record.model_dump(mode="json"))
    return files
