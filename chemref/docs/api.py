"""The static JSON API (``api/v1/``): versioned files other tools fetch without running chemref.

Records are the ones the command line writes (``status --format json``, ``history --format json``), so
the API and the CLI cannot drift apart. Each kind of file has a JSON Schema, published beside it.

Stability promise for v1: fields may be added; none is renamed, removed or given another meaning. A
change that breaks that promise gets a new version directory (``api/v2/``), and v1 stays.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from chemref.docs import html, links
from chemref.docs.pages import Site, front_matter, link, table
from chemref.records import chemical_record, history_record, status_record

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
MATRIX_COLUMNS = [
    "chemical",
    "name",
    "cas",
    "jurisdiction",
    "decision",
    "unknown_why",
    "regime",
    "regime_short",
    "since",
    "list_since",
    "in_force_by",
    "coverage",
    "until",
    "instruments",
]


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def site_provenance(site: Site) -> dict[str, Any]:
    """Provenance as the CLI gives it, less the local registry path (meaningless on a web server)."""
    checked = site.checked_through
    return {
        "chemref": site.version,
        "registry": {
            "hash": site.registry.content_hash,
            "checked_through": checked.isoformat() if checked else None,
        },
        "on": site.today.isoformat(),
    }


def _from(file: str, target: str) -> str:
    """A link from one API file to another, relative, so the API works wherever the site is served."""
    return links.relative(file, target)


def index_record(site: Site) -> dict[str, Any]:
    here = links.API_INDEX
    return {
        "api": "v1",
        "provenance": site_provenance(site),
        "schemas": {name: _from(here, links.api_schema(name)) for name in SCHEMAS},
        "matrix": {"json": _from(here, links.API_MATRIX_JSON), "csv": _from(here, links.API_MATRIX_CSV)},
        "chemicals": [
            {
                "id": c.id,
                "name": c.name,
                "cas": c.identifiers.cas,
                "inchikey": c.identifiers.inchikey,
                "href": _from(here, links.api_chemical(c.id)),
            }
            for c in site.chemicals
        ],
        "jurisdictions": [
            {
                "key": key,
                "name": j.name,
                "kind": j.kind,
                "aliases": list(j.aliases),
                "applies_law_of": list(j.applies_law_of),
                "framework": j.framework,
            }
            for key in site.jurisdictions
            for j in [site.registry.jurisdictions[key]]
        ],
        "lists": [
            {
                "key": key,
                "name": r.name,
                "short": r.short,
                "jurisdiction": r.jurisdiction,
                "kind": r.kind,
                "legal_basis": r.legal_basis,
                "url": r.url,
            }
            for key, r in sorted(site.registry.regimes.items())
        ],
    }


def chemical_file(site: Site, chemical_id: str) -> dict[str, Any]:
    chemical = site.registry.chemicals[chemical_id]
    status = status_record(site.registry, chemical, site.today)
    return {
        "api": "v1",
        "provenance": site_provenance(site),
        "chemical": chemical_record(chemical),
        "history": history_record(site.registry, chemical)["events"],
        "status": {"on": status["on"], "jurisdictions": status["jurisdictions"]},
        "findings": [f.model_dump(mode="json") for f in chemical.findings],
    }


def identifier_files(site: Site) -> dict[str, dict[str, Any]]:
    """Reverse look-ups: one small file per CAS RN (of a chemical or of one of its forms) and InChIKey."""
    files: dict[str, dict[str, Any]] = {}
    for chemical in site.chemicals:
        entries: list[tuple[str, str, str | None]] = [("inchikey", chemical.identifiers.inchikey, None)]
        if chemical.identifiers.cas:
            entries.append(("cas", chemical.identifiers.cas, None))
        entries += [("cas", form.cas, form.name) for form in chemical.forms if form.cas]
        for kind, value, form in entries:
            path = links.api_identifier(kind, value)
            if path in files:  # the first claim wins; validate refuses two chemicals with one identifier
                continue
            files[path] = {
                "api": "v1",
                kind: value,
                "chemical": chemical.id,
                "name": chemical.name,
                "form": form,
                "href": _from(path, links.api_chemical(chemical.id)),
            }
    return files


def matrix_rows(site: Site) -> list[dict[str, Any]]:
    """The tidy table: one row per chemical x jurisdiction, as ``chemref list --format csv`` gives it."""
    rows = []
    for chemical in site.chemicals:
        record = status_record(site.registry, chemical, site.today)
        for item in record["jurisdictions"]:
            controlled = item["decision"] == "controlled"
            rows.append(
                {
                    "chemical": chemical.id,
                    "name": chemical.name,
                    "cas": chemical.identifiers.cas,
                    "jurisdiction": item["jurisdiction"],
                    "decision": item["decision"],
                    "unknown_why": item["unknown_why"],
                    "regime": item["regime"] if controlled else None,
                    "regime_short": item["regime_short"] if controlled else None,
                    "since": item["since"],
                    "list_since": item["list_since"],
                    "in_force_by": item["in_force_by"],
                    "coverage": item["coverage"],
                    "until": item["until"],
                    "instruments": list(item["instruments"]),
                }
            )
    return rows


def matrix_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MATRIX_COLUMNS)
    for row in rows:
        writer.writerow(
            ["; ".join(row[c]) if c == "instruments" else ("" if row[c] is None else row[c]) for c in MATRIX_COLUMNS]
        )
    return out.getvalue()


# --- JSON Schemas ----------------------------------------------------------------------------------

DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATE_OR_NULL = {"anyOf": [DATE, {"type": "null"}]}
TEXT_OR_NULL = {"type": ["string", "null"]}
DECISION = {"enum": ["controlled", "not-controlled", "unknown", "review", "not-applicable"]}
UNKNOWN_WHY = {"enum": ["not-established", "date-precision", "no-research", "stale-finding", None]}
HREF = {"type": "string", "pattern": r"^[^/].*\.json$"}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """An object with the given fields; more may be added in v1 (never renamed), so others are allowed."""
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
        "additionalProperties": True,
    }


PROVENANCE = _object(
    {
        "chemref": {"type": "string"},
        "registry": _object({"hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "checked_through": DATE_OR_NULL}),
        "on": DAY,
    }
)

STATUS_ITEM = _object(
    {
        "jurisdiction": {"type": "string"},
        "jurisdiction_name": TEXT_OR_NULL,
        "controlled": {"type": ["boolean", "null"]},
        "decision": DECISION,
        "unknown_why": UNKNOWN_WHY,
        "regime": TEXT_OR_NULL,
        "regime_name": TEXT_OR_NULL,
        "regime_short": TEXT_OR_NULL,
        "since": DATE_OR_NULL,
        "list_since": DATE_OR_NULL,
        "in_force_by": DATE_OR_NULL,
        "coverage": {"enum": ["named", "class", None]},
        "until": DATE_OR_NULL,
        "reason": {"type": "string"},
        "finding": {
            "anyOf": [
                {"type": "null"},
                _object(
                    {
                        "outcome": {"type": "string"},
                        "as_of": DATE,
                        "note": {"type": "string"},
                        "research": TEXT_OR_NULL,
                    }
                ),
            ]
        },
        "instruments": {"type": "array", "items": {"type": "string"}},
        "events": {"type": "array", "items": {"type": "string"}},
    }
)

EVENT = _object(
    {
        "id": {"type": "string"},
        "jurisdiction": {"type": "string"},
        "action": {"type": "string"},
        "regime": {"type": "string"},
        "regime_name": TEXT_OR_NULL,
        "regime_short": TEXT_OR_NULL,
        "coverage": {"enum": ["named", "class"]},
        "decided_date": DATE_OR_NULL,
        "published_date": DATE_OR_NULL,
        "effective_date": DATE_OR_NULL,
        "expires_date": DATE_OR_NULL,
        "in_force_by": DATE_OR_NULL,
        "scheduled": {"type": "boolean"},
        "instrument": _object({"key": TEXT_OR_NULL, "citation": TEXT_OR_NULL}),
        "sources": {"type": "array", "minItems": 1, "items": _object({"key": {"type": "string"}}, ["key"])},
        "confidence": {"enum": ["primary-text", "partly-secondary", "secondary"]},
    }
)


def _schema(name: str, title: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": SCHEMA_DRAFT, "$id": f"{name}.schema.json", "title": title, **body}


SCHEMAS: dict[str, dict[str, Any]] = {
    "index": _schema(
        "index",
        "chemref API v1: index of chemicals, jurisdictions and lists",
        _object(
            {
                "api": {"const": "v1"},
                "provenance": PROVENANCE,
                "schemas": {"type": "object", "additionalProperties": {"type": "string"}},
                "matrix": _object({"json": HREF, "csv": {"type": "string"}}),
                "chemicals": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": {"type": "string"},
                            "name": {"type": "string"},
                            "cas": TEXT_OR_NULL,
                            "inchikey": {"type": "string"},
                            "href": HREF,
                        }
                    ),
                },
                "jurisdictions": {
                    "type": "array",
                    "items": _object(
                        {
                            "key": {"type": "string"},
                            "name": {"type": "string"},
                            "kind": {"type": "string"},
                            "aliases": {"type": "array", "items": {"type": "string"}},
                            "applies_law_of": {"type": "array", "items": {"type": "string"}},
                            "framework": TEXT_OR_NULL,
                        }
                    ),
                },
                "lists": {
                    "type": "array",
                    "items": _object(
                        {
                            "key": {"type": "string"},
                            "name": {"type": "string"},
                            "short": {"type": "string"},
                            "jurisdiction": {"type": "string"},
                            "kind": {"type": "string"},
                            "legal_basis": {"type": "string"},
                            "url": TEXT_OR_NULL,
                        }
                    ),
                },
            }
        ),
    ),
    "chemical": _schema(
        "chemical",
        "chemref API v1: one chemical's identity, history and status today",
        _object(
            {
                "api": {"const": "v1"},
                "provenance": PROVENANCE,
                "chemical": _object(
                    {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "iupac_name": {"type": "string"},
                        "cas": TEXT_OR_NULL,
                        "inchikey": {"type": "string"},
                        "synonyms": {"type": "array", "items": {"type": "string"}},
                        "identifiers": _object({"inchikey": {"type": "string"}, "smiles": {"type": "string"}}),
                    }
                ),
                "history": {"type": "array", "items": EVENT},
                "status": _object({"on": DAY, "jurisdictions": {"type": "array", "items": STATUS_ITEM}}),
                "findings": {"type": "array", "items": {"type": "object"}},
            }
        ),
    ),
    "identifier": _schema(
        "identifier",
        "chemref API v1: reverse look-up of a CAS RN or InChIKey, pointing to the chemical's file",
        {
            **_object(
                {
                    "api": {"const": "v1"},
                    "cas": {"type": "string", "pattern": r"^\d{2,7}-\d{2}-\d$"},
                    "inchikey": {"type": "string", "pattern": r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$"},
                    "chemical": {"type": "string"},
                    "name": {"type": "string"},
                    "form": TEXT_OR_NULL,
                    "href": HREF,
                },
                ["api", "chemical", "name", "form", "href"],
            ),
            "oneOf": [{"required": ["cas"]}, {"required": ["inchikey"]}],
        },
    ),
    "matrix": _schema(
        "matrix",
        "chemref API v1: the chemical x jurisdiction table for today",
        _object(
            {
                "api": {"const": "v1"},
                "provenance": PROVENANCE,
                "columns": {"type": "array", "items": {"enum": MATRIX_COLUMNS}},
                "rows": {
                    "type": "array",
                    "items": _object(
                        {
                            "chemical": {"type": "string"},
                            "name": {"type": "string"},
                            "cas": TEXT_OR_NULL,
                            "jurisdiction": {"type": "string"},
                            "decision": DECISION,
                            "unknown_why": UNKNOWN_WHY,
                            "regime": TEXT_OR_NULL,
                            "regime_short": TEXT_OR_NULL,
                            "since": DATE_OR_NULL,
                            "list_since": DATE_OR_NULL,
                            "in_force_by": DATE_OR_NULL,
                            "coverage": {"enum": ["named", "class", None]},
                            "until": DATE_OR_NULL,
                            "instruments": {"type": "array", "items": {"type": "string"}},
                        }
                    ),
                },
            }
        ),
    ),
}


def schema_of(path: str) -> str | None:
    """Which schema an API file follows, by its path; None for files without one (the CSV, the schemas)."""
    if not path.startswith(links.API + "/") or not path.endswith(".json") or "/schemas/" in path:
        return None
    rest = path.removeprefix(links.API + "/")
    if rest == "index.json":
        return "index"
    if rest == "matrix.json":
        return "matrix"
    if rest.startswith("chemicals/"):
        return "chemical"
    if rest.startswith("identifiers/"):
        return "identifier"
    return None


def api_files(site: Site) -> dict[str, str]:
    """Site path -> text of every API file and schema."""
    files = {links.API_INDEX: _json(index_record(site))}
    for chemical in site.chemicals:
        files[links.api_chemical(chemical.id)] = _json(chemical_file(site, chemical.id))
    for path, record in identifier_files(site).items():
        files[path] = _json(record)
    rows = matrix_rows(site)
    files[links.API_MATRIX_JSON] = _json(
        {"api": "v1", "provenance": site_provenance(site), "columns": MATRIX_COLUMNS, "rows": rows}
    )
    files[links.API_MATRIX_CSV] = matrix_csv(rows)
    for name, schema in SCHEMAS.items():
        files[links.api_schema(name)] = _json(schema)
    return files


def api_page(site: Site) -> str:
    page = links.API_PAGE
    example = site.chemicals[0] if site.chemicals else None
    schema = {name: link(page, links.api_schema(name), name) for name in SCHEMAS}
    rows = [
        [
            link(page, links.API_INDEX, html.nowrap("api/v1/index.json")),
            "The chemicals, jurisdictions and lists, with provenance (chemref version, registry hash, "
            "checked-through date).",
            schema["index"],
        ],
        [
            html.nowrap("api/v1/chemicals/<id>.json"),
            "One chemical: identity, history, and status today per jurisdiction: the records `chemref history` "
            "and `chemref status --format json` print.",
            schema["chemical"],
        ],
        [
            html.nowrap("api/v1/identifiers/cas/<CAS RN>.json"),
            "Reverse look-up of a CAS RN (of a chemical or of a salt or hydrate form); `href` points to the "
            "chemical's file.",
            schema["identifier"],
        ],
        [
            html.nowrap("api/v1/identifiers/inchikey/<InChIKey>.json"),
            "Reverse look-up of a standard InChIKey.",
            schema["identifier"],
        ],
        [
            link(page, links.API_MATRIX_JSON, html.nowrap("api/v1/matrix.json")),
            "The tidy chemical × jurisdiction table for the build date: one row per pair, each fact in its own field.",
            schema["matrix"],
        ],
        [
            link(page, links.API_MATRIX_CSV, html.nowrap("api/v1/matrix.csv")),
            "The same table as CSV (empty cell for null; instruments separated by `; `).",
            "—",
        ],
    ]
    examples = []
    if example is not None:
        examples.append(f"- {link(page, links.api_chemical(example.id), html.nowrap(f'chemicals/{example.id}.json'))}")
        if example.identifiers.cas:
            path = links.api_identifier("cas", example.identifiers.cas)
            examples.append(f"- {link(page, path, html.nowrap(f'identifiers/cas/{example.identifiers.cas}.json'))}")
        path = links.api_identifier("inchikey", example.identifiers.inchikey)
        examples.append(
            f"- {link(page, path, html.nowrap(f'identifiers/inchikey/{example.identifiers.inchikey}.json'))}"
        )
    return "\n".join(
        [
            front_matter("JSON API"),
            "# JSON API\n",
            "Static JSON files, generated with the site, that other tools can fetch without running chemref "
            "(in the manner of endoflife.date). Every file is plain JSON served as a file: no key, no rate limit, "
            "no query language. Paths inside the files are relative to the file, so the API works wherever the "
            "site is served.\n",
            "## Files {#files}\n",
            table(["Path", "What it holds", "JSON Schema"], rows),
            "Examples:\n",
            "\n".join(examples) + "\n",
            "## Provenance {#provenance}\n",
            "Every JSON file except the reverse look-ups carries `provenance`: the chemref version, the registry's "
            "content hash (the data version), the date its sources were checked through, and `on`, the date the "
            f"status was computed for (the build date, here {html.date(site.today.isoformat())}). Decisions use "
            f"the values defined in the {link(page, links.GLOSSARY, 'glossary', 'decisions')}.\n",
            "## Stability promise {#stability}\n",
            "Within `api/v1/`, fields may be **added**; no field is renamed, removed or given another meaning, and "
            "no decision value changes its meaning. The schemas allow additional fields, so a client written "
            "against them keeps working. A change that would break this promise gets a new directory "
            "(`api/v2/`), published beside v1.\n",
            f"Registry hash of this build: {html.nowrap(site.registry.content_hash)}.\n",
        ]
    )
