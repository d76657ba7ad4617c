"""The static JSON API: every generated file validates against its published schema, and links resolve."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest

from chemref.site import links
from chemref.site.api import MATRIX_COLUMNS, SCHEMAS, schema_of

from .conftest import BuiltSite


def _api_files(site: Path) -> list[Path]:
    return sorted((site / links.API).rglob("*.json"))


def _load(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_published_schemas_are_valid_json_schemas_and_closed(built_site: BuiltSite, name: str) -> None:
    """Each published schema is a valid 2020-12 schema, generated from the model that writes the files: it
    names every field the model has, and rejects a field the model does not have."""
    schema = _load(built_site.site / links.api_schema(name))
    assert isinstance(schema, dict)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) == {field.alias or key for key, field in SCHEMAS[name].model_fields.items()}
    assert schema["additionalProperties"] is False


def test_every_api_file_validates_against_its_schema(built_site: BuiltSite) -> None:
    site = built_site.site
    checked = 0
    for path in _api_files(site):
        name = schema_of(path.relative_to(site).as_posix())
        if "/schemas/" in path.as_posix():
            continue
        assert name is not None, f"{path.relative_to(site)} has no schema"
        schema = _load(site / links.api_schema(name))
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_load(path))]
        assert errors == [], f"{path.relative_to(site)}:\n" + "\n".join(errors[:10])
        checked += 1
    registry = built_site.registry
    identifiers = {("inchikey", c.identifiers.inchikey) for c in registry.chemicals.values() if c.identifiers.inchikey}
    identifiers |= {("cas", c.identifiers.cas) for c in registry.chemicals.values() if c.identifiers.cas}
    identifiers |= {("cas", f.cas) for c in registry.chemicals.values() for f in c.forms if f.cas}
    assert checked == 2 + len(registry.chemicals) + len(identifiers)


def test_a_broken_file_fails_its_schema(built_site: BuiltSite) -> None:
    record = _load(built_site.site / links.API_MATRIX_JSON)
    assert isinstance(record, dict)
    schema = _load(built_site.site / links.api_schema("matrix"))
    jsonschema.validate(record, schema)  # the file as written is valid
    record["rows"][0]["decision"] = "controlled-maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema)
    record["rows"][0]["decision"] = "controlled"
    record["rows"][0]["undocumented"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema)


def test_index_and_reverse_lookups_lead_to_the_chemical(built_site: BuiltSite) -> None:
    site, registry = built_site.site, built_site.registry
    index = _load(site / links.API_INDEX)
    assert isinstance(index, dict)
    assert index["provenance"]["registry"]["hash"] == registry.content_hash
    assert index["provenance"]["registry"].get("path") is None  # no build machine's path on the web
    assert {c["id"] for c in index["chemicals"]} == set(registry.chemicals)
    assert [j["key"] for j in index["jurisdictions"]] == list(dict.fromkeys(j["key"] for j in index["jurisdictions"]))
    assert {j["key"] for j in index["jurisdictions"]} == set(registry.jurisdictions)
    for entry in index["chemicals"]:
        assert (site / links.API_INDEX).parent.joinpath(entry["href"]).resolve().is_file()
    for chemical in registry.chemicals.values():
        keys = [("inchikey", chemical.identifiers.inchikey)] if chemical.identifiers.inchikey else []
        if chemical.identifiers.cas:
            keys.append(("cas", chemical.identifiers.cas))
        for kind, value in keys:
            path = site / links.api_identifier(kind, value)
            record = _load(path)
            assert isinstance(record, dict) and record["chemical"] == chemical.id
            target = _load(path.parent.joinpath(record["href"]).resolve())
            assert isinstance(target, dict) and target["chemical"]["id"] == chemical.id
        record = _load(site / links.api_chemical(chemical.id))
        assert isinstance(record, dict)
        assert len(record["history"]) == len(chemical.events)
        assert {s["jurisdiction"] for s in record["status"]["jurisdictions"]} == set(registry.jurisdictions)


def test_matrix_json_and_csv_hold_one_row_per_pair(built_site: BuiltSite) -> None:
    site, registry = built_site.site, built_site.registry
    pairs = len(registry.chemicals) * len(registry.jurisdictions)
    record = _load(site / links.API_MATRIX_JSON)
    assert isinstance(record, dict) and len(record["rows"]) == pairs
    with (site / links.API_MATRIX_CSV).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == pairs and list(rows[0]) == MATRIX_COLUMNS
    assert [(r["chemical"], r["jurisdiction"], r["decision"]) for r in rows] == [
        (r["chemical"], r["jurisdiction"], r["decision"]) for r in record["rows"]
    ]
