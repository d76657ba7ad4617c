"""The static JSON API: every generated file validates against its published schema, and links resolve."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from chemref.site import links
from chemref.site.api import MATRIX_COLUMNS, SCHEMAS, schema_of
from chemref.site.text import lookup_key

from .conftest import BUILD_DATE, BuiltSite


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
    pointers = len(_identifiers(built_site))
    files = 3 + len(registry.chemicals) + pointers + len(registry.jurisdictions) + len(registry.regimes)
    assert checked == files  # index, matrix, lookup; one per chemical, identifier, jurisdiction and list


def _identifiers(built_site: BuiltSite) -> set[tuple[str, str]]:
    """Every CAS RN and InChIKey in the registry, of the substances and of their salts and hydrates."""
    chemicals = built_site.registry.chemicals.values()
    identifiers = {("inchikey", c.identifiers.inchikey) for c in chemicals if c.identifiers.inchikey}
    identifiers |= {("cas", c.identifiers.cas) for c in chemicals if c.identifiers.cas}
    identifiers |= {("cas", f.cas) for c in chemicals for f in c.forms if f.cas}
    return identifiers


def test_identifier_pointers_cover_every_cas_and_inchikey(built_site: BuiltSite) -> None:
    """A pointer for every CAS RN and InChIKey in the registry, forms included, leading to its chemical; and
    the look-up the search box uses knows each of them too."""
    site, registry = built_site.site, built_site.registry
    owner: dict[tuple[str, str], str] = {}
    for chemical in registry.chemicals.values():
        if chemical.identifiers.inchikey:
            owner[("inchikey", chemical.identifiers.inchikey)] = chemical.id
        if chemical.identifiers.cas:
            owner[("cas", chemical.identifiers.cas)] = chemical.id
        for form in chemical.forms:
            if form.cas:
                owner[("cas", form.cas)] = chemical.id
    assert set(owner) == _identifiers(built_site)
    assert any(f.cas for c in registry.chemicals.values() for f in c.forms), "the registry has a form with a CAS RN"
    written = {(path.parent.name, path.stem) for path in (site / links.API / "identifiers").rglob("*.json")}
    assert written == set(owner)
    lookup = _load(site / links.API_LOOKUP)
    assert isinstance(lookup, dict)
    for (kind, value), chemical_id in owner.items():
        record = _load(site / links.api_identifier(kind, value))
        assert isinstance(record, dict) and record["chemical"] == chemical_id, (kind, value)
        assert record["provenance"]["data_licence"] == "CC-BY-4.0"
        target = _load((site / links.api_identifier(kind, value)).parent.joinpath(record["href"]).resolve())
        assert isinstance(target, dict) and target["chemical"]["id"] == chemical_id
        assert chemical_id in lookup["keys"][lookup_key(value)], (kind, value)


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


def test_every_json_file_states_the_data_licence(built_site: BuiltSite) -> None:
    for path in _api_files(built_site.site):
        if "/schemas/" in path.as_posix():
            continue
        record = _load(path)
        assert isinstance(record, dict)
        assert record["provenance"]["data_licence"] == "CC-BY-4.0", path
        assert record["provenance"]["registry"]["hash"] == built_site.registry.content_hash, path


def test_unknown_cells_keep_their_list(built_site: BuiltSite) -> None:
    """An unknown answer about a list (a date not known well enough) names that list in matrix.json, as the
    answer itself does; an unknown answer about no list names none."""
    from chemref.site.context import Site

    site = Site(built_site.registry, dt.date.fromisoformat(BUILD_DATE))
    record = _load(built_site.site / links.API_MATRIX_JSON)
    assert isinstance(record, dict)
    about_a_list = 0
    for row in record["rows"]:
        cell = site.cell(built_site.registry.chemicals[row["chemical"]], row["jurisdiction"])
        assert (row["regime"], row["regime_short"]) == (cell.regime, cell.regime_short), row
        if row["decision"] == "unknown" and cell.events:
            assert row["regime"] is not None, row
            about_a_list += 1
    assert about_a_list, "the registry has an unknown answer about a list"


def test_latest_change_is_the_newest_event_in_effect(built_site: BuiltSite) -> None:
    today = BUILD_DATE
    for chemical in built_site.registry.chemicals.values():
        record = _load(built_site.site / links.api_chemical(chemical.id))
        assert isinstance(record, dict)
        dated = [
            (e["effective_date"] or e["in_force_by"], e["id"])
            for e in record["history"]
            if (e["effective_date"] or e["in_force_by"]) and (e["effective_date"] or e["in_force_by"]) <= today
        ]
        latest = record["latest_change"]
        if not dated:
            assert latest is None, chemical.id
            continue
        newest = max(day for day, _ in dated)
        assert latest is not None and (latest["effective_date"] or latest["in_force_by"]) == newest, chemical.id
        assert latest["id"] in {event_id for day, event_id in dated if day == newest}


def test_jurisdiction_and_list_files_agree_with_the_matrix(built_site: BuiltSite) -> None:
    site, registry = built_site.site, built_site.registry
    matrix = _load(site / links.API_MATRIX_JSON)
    assert isinstance(matrix, dict)
    for key in registry.jurisdictions:
        record = _load(site / links.api_jurisdiction(key))
        assert isinstance(record, dict)
        assert record["status"] == [r for r in matrix["rows"] if r["jurisdiction"] == key]
        assert {e["jurisdiction"] for e in record["events"]} <= {key}
        assert len(record["events"]) == sum(
            1 for c in registry.chemicals.values() for e in c.events if e.jurisdiction == key
        )
    for key, regime in registry.regimes.items():
        record = _load(site / links.api_list(key))
        assert isinstance(record, dict)
        assert record["list"]["key"] == key and record["list"]["obliges"] == regime.obliges
        assert record["list"]["obliges_sources"] == regime.obliges_sources
        assert [r["id"] for r in record["readings"]] == sorted(
            [r.id for r in registry.readings.values() if r.regime == key],
            key=lambda i: (registry.readings[i].current_to.first_day(), i),
            reverse=True,
        )
        for held in record["holds"]:
            assert (site / links.api_list(key)).parent.joinpath(held["href"]).resolve().is_file()
        # A chemical a list holds is controlled in the list's jurisdiction.
        controlled = {
            r["chemical"]
            for r in matrix["rows"]
            if r["jurisdiction"] == regime.jurisdiction and r["decision"] == "controlled"
        }
        assert {h["chemical"] for h in record["holds"]} <= controlled, key
