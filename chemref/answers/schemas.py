"""JSON Schemas of the answers, generated from the models (never written by hand).

``SCHEMAS`` names each answer a JSON output or an API file carries; the schema of each is the model's
own ``model_json_schema``, so a field added to a model is in its schema, and a field an output carries
without a model fails validation (every model forbids extra keys).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from chemref.answers.models import (
    ChangesAnswer,
    ChemicalStatus,
    CoverageAnswer,
    ExportAnswer,
    HistoryAnswer,
    ListAnswer,
    LookupAnswer,
    LookupFileAnswer,
    ScreenRow,
    ShowAnswer,
    StatusAnswer,
)

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"

SCHEMAS: dict[str, type[BaseModel]] = {
    "status": StatusAnswer,
    "history": HistoryAnswer,
    "show": ShowAnswer,
    "list": ListAnswer,
    "changes": ChangesAnswer,
    "lookup": LookupAnswer,
    "lookup-file": LookupFileAnswer,
    "coverage": CoverageAnswer,
    "export": ExportAnswer,
    "screen-row": ScreenRow,
    "chemical-status": ChemicalStatus,
}


def json_schema(model: type[BaseModel], title: str | None = None) -> dict[str, Any]:
    """The 2020-12 JSON Schema of ``model``."""
    schema = model.model_json_schema()
    return {"$schema": SCHEMA_DRAFT, **({"title": title} if title else {}), **schema}


def schema_of(name: str) -> dict[str, Any]:
    return json_schema(SCHEMAS[name], f"chemref {name}")
