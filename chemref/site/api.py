"""The static JSON API (``api/v1/``): versioned files other tools fetch without running chemref.

Every file is a typed model: the answers the command line prints (``chemref.answers.models``) wrapped
with the API's own envelope, and its JSON Schema is generated from that model and published beside it.

Stability promise for v1: fields may be added; none is renamed, removed or given another meaning. A
change that breaks that promise gets a new version directory (``api/v2/``), and v1 stays.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chemref.answers.build import chemical_status, event_answer, identity
from chemref.answers.models import Cell, EventAnswer, Identity, Provenance
from chemref.answers.schemas import json_schema
from chemref.answers.status import history
from chemref.answers.decision import Decision, UnknownWhy
from chemref.registry.models import CoverageKind, Finding, JurisdictionKind, RegimeKind
from chemref.render.formats import csv_lines
from chemref.site import html, links
from chemref.site.context import Site
from chemref.site.markdown import front_matter, link, table


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChemicalEntry(ApiModel):
    """A chemical in the index, with the path of its file."""

    id: str = Field(description="Registry id.")
    name: str = Field(description="Preferred name.")
    cas: str | None = Field(description="CAS RN of the parent compound.")
    inchikey: str | None = Field(description="Standard InChIKey.")
    href: str = Field(description="Path of the chemical's file, relative to this file.")


class JurisdictionEntry(ApiModel):
    """A jurisdiction in the index."""

    key: str = Field(description="Jurisdiction key.")
    name: str = Field(description="Name.")
    kind: JurisdictionKind = Field(description="international, union, country or subdivision.")
    aliases: list[str] = Field(description="Codes people type for it.")
    applies_law_of: list[str] = Field(description="Jurisdictions whose lists also apply here.")
    framework: str | None = Field(description="Its legal framework in brief.")


class ListEntry(ApiModel):
    """A list (regime) in the index."""

    key: str = Field(description="List key.")
    name: str = Field(description="Name.")
    short: str = Field(description="Short label.")
    jurisdiction: str = Field(description="Jurisdiction key.")
    kind: RegimeKind = Field(description="precursor or controlled-substance.")
    legal_basis: str = Field(description="The law that establishes it.")
    url: str | None = Field(description="Where its current text can be read.")


class MatrixLinks(ApiModel):
    json_: str = Field(alias="json", description="Path of matrix.json.")
    csv: str = Field(description="Path of matrix.csv.")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ApiIndex(ApiModel):
    """``api/v1/index.json``."""

    api: Literal["v1"] = Field(description="API version.")
    provenance: Provenance = Field(description="Which chemref and data built the API.")
    schemas: dict[str, str] = Field(description="Paths of the JSON Schemas, by file kind.")
    matrix: MatrixLinks = Field(description="Paths of the matrix files.")
    chemicals: list[ChemicalEntry] = Field(description="Every chemical.")
    jurisdictions: list[JurisdictionEntry] = Field(description="Every jurisdiction.")
    lists: list[ListEntry] = Field(description="Every list.")


class StatusToday(ApiModel):
    on: str = Field(description="The build date, YYYY-MM-DD.")
    jurisdictions: list[Cell] = Field(description="One cell per jurisdiction.")


class ApiChemical(ApiModel):
    """``api/v1/chemicals/<id>.json``."""

    api: Literal["v1"] = Field(description="API version.")
    provenance: Provenance = Field(description="Which chemref and data built the file.")
    chemical: Identity = Field(description="Identity in full.")
    history: list[EventAnswer] = Field(description="Events, oldest first.")
    status: StatusToday = Field(description="Status on the build date.")
    latest_change: EventAnswer | None = Field(description="The most recent event in effect by the build date.")
    findings: list[Finding] = Field(description="Research findings.")


class ApiIdentifier(ApiModel):
    """``api/v1/identifiers/<kind>/<value>.json``: a reverse look-up."""

    api: Literal["v1"] = Field(description="API version.")
    cas: str | None = Field(default=None, description="The CAS RN looked up.")
    inchikey: str | None = Field(default=None, description="The InChIKey looked up.")
    chemical: str = Field(description="Registry id of the chemical.")
    name: str = Field(description="Its name.")
    form: str | None = Field(description="The salt or hydrate form the identifier belongs to, if any.")
    href: str = Field(description="Path of the chemical's file, relative to this file.")


class MatrixRow(ApiModel):
    """One chemical x jurisdiction cell of the matrix."""

    chemical: str = Field(description="Chemical id.")
    name: str = Field(description="Chemical name.")
    cas: str | None = Field(description="CAS RN.")
    jurisdiction: str = Field(description="Jurisdiction key.")
    decision: Decision = Field(description="The decision.")
    unknown_why: UnknownWhy | None = Field(description="For an unknown decision: why.")
    regime: str | None = Field(description="Key of the list the answer is about (also for an unknown cell).")
    regime_short: str | None = Field(description="Its short label.")
    since: str | None = Field(description="When control began, without a break.")
    list_since: str | None = Field(description="When control under this list began.")
    in_force_by: str | None = Field(description="A date by which control was in force.")
    coverage: CoverageKind | None = Field(description="named or class.")
    until: str | None = Field(description="Last day of a temporary control.")
    instruments: list[str] = Field(description="Citations of the instruments in force.")


class ApiMatrix(ApiModel):
    """``api/v1/matrix.json``."""

    api: Literal["v1"] = Field(description="API version.")
    provenance: Provenance = Field(description="Which chemref and data built the file.")
    columns: list[str] = Field(description="The fields of a row, in order (the columns of matrix.csv).")
    rows: list[MatrixRow] = Field(description="One row per chemical x jurisdiction.")


SCHEMAS: dict[str, type[BaseModel]] = {
    "index": ApiIndex,
    "chemical": ApiChemical,
    "identifier": ApiIdentifier,
    "matrix": ApiMatrix,
}
MATRIX_COLUMNS = list(MatrixRow.model_fields)


def _json(value: BaseModel | dict[str, Any]) -> str:
    data = value.model_dump(mode="json", by_alias=True) if isinstance(value, BaseModel) else value
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _from(file: str, target: str) -> str:
    """A link from one API file to another, relative, so the API works wherever the site is served."""
    return links.relative(file, target)


def index_file(site: Site) -> ApiIndex:
    here = links.API_INDEX
    return ApiIndex(
        api="v1",
        provenance=site.provenance,
        schemas={name: _from(here, links.api_schema(name)) for name in SCHEMAS},
        matrix=MatrixLinks(json=_from(here, links.API_MATRIX_JSON), csv=_from(here, links.API_MATRIX_CSV)),
        chemicals=[
            ChemicalEntry(
                id=c.id,
                name=c.name,
                cas=c.identifiers.cas,
                inchikey=c.identifiers.inchikey,
                href=_from(here, links.api_chemical(c.id)),
            )
            for c in site.chemicals
        ],
        jurisdictions=[
            JurisdictionEntry(
                key=key,
                name=j.name,
                kind=j.kind,
                aliases=list(j.aliases),
                applies_law_of=list(j.applies_law_of),
                framework=j.framework,
            )
            for key in site.jurisdictions
            for j in [site.registry.jurisdictions[key]]
        ],
        lists=[
            ListEntry(
                key=key,
                name=r.name,
                short=r.short,
                jurisdiction=r.jurisdiction,
                kind=r.kind,
                legal_basis=r.legal_basis,
                url=r.url,
            )
            for key, r in sorted(site.registry.regimes.items())
        ],
    )


def chemical_file(site: Site, chemical_id: str) -> ApiChemical:
    chemical = site.registry.chemicals[chemical_id]
    status = chemical_status(site.registry, chemical, site.today)
    events = [event_answer(site.registry, e) for e in history(chemical)]
    in_effect = [e for e in events if (e.effective_date or e.in_force_by or "9999") <= site.today.isoformat()]
    return ApiChemical(
        api="v1",
        provenance=site.provenance,
        chemical=identity(chemical),
        history=events,
        status=StatusToday(on=status.on, jurisdictions=status.jurisdictions),
        latest_change=max(in_effect, key=lambda e: e.effective_date or e.in_force_by or "") if in_effect else None,
        findings=list(chemical.findings),
    )


def identifier_files(site: Site) -> dict[str, ApiIdentifier]:
    """Reverse look-ups: one small file per CAS RN (of a chemical or of one of its forms) and InChIKey."""
    files: dict[str, ApiIdentifier] = {}
    for chemical in site.chemicals:
        entries: list[tuple[str, str, str | None]] = []
        if chemical.identifiers.inchikey:
            entries.append(("inchikey", chemical.identifiers.inchikey, None))
        if chemical.identifiers.cas:
            entries.append(("cas", chemical.identifiers.cas, None))
        entries += [("cas", form.cas, form.name) for form in chemical.forms if form.cas]
        for kind, value, form in entries:
            path = links.api_identifier(kind, value)
            if path in files:  # the first claim wins; validate refuses two chemicals with one identifier
                continue
            files[path] = ApiIdentifier(
                api="v1",
                **{kind: value},
                chemical=chemical.id,
                name=chemical.name,
                form=form,
                href=_from(path, links.api_chemical(chemical.id)),
            )
    return files


def matrix_rows(site: Site) -> list[MatrixRow]:
    """The tidy table: one row per chemical x jurisdiction, as ``chemref list --format csv`` gives it."""
    rows = []
    for chemical in site.chemicals:
        for key in site.jurisdictions:
            item = site.cell(chemical, key)
            rows.append(
                MatrixRow(
                    chemical=chemical.id,
                    name=chemical.name,
                    cas=chemical.identifiers.cas,
                    jurisdiction=item.jurisdiction,
                    decision=item.decision,
                    unknown_why=item.unknown_why,
                    regime=item.regime,
                    regime_short=item.regime_short,
                    since=item.since,
                    list_since=item.list_since,
                    in_force_by=item.in_force_by,
                    coverage=item.coverage,
                    until=item.until,
                    instruments=list(item.instruments),
                )
            )
    return rows


def matrix_csv(rows: list[MatrixRow]) -> str:
    values = []
    for row in rows:
        data = row.model_dump()
        values.append(["; ".join(data[c]) if c == "instruments" else ("" if data[c] is None else data[c]) for c in MATRIX_COLUMNS])
    return csv_lines([MATRIX_COLUMNS, *values])


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
    files = {links.API_INDEX: _json(index_file(site))}
    for chemical in site.chemicals:
        files[links.api_chemical(chemical.id)] = _json(chemical_file(site, chemical.id))
    for path, record in identifier_files(site).items():
        files[path] = _json(record)
    rows = matrix_rows(site)
    files[links.API_MATRIX_JSON] = _json(ApiMatrix(api="v1", provenance=site.provenance, columns=MATRIX_COLUMNS, rows=rows))
    files[links.API_MATRIX_CSV] = matrix_csv(rows)
    for name, model in SCHEMAS.items():
        files[links.api_schema(name)] = _json(json_schema(model, f"chemref API v1: {name}"))
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
        if example.identifiers.inchikey:
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
            "no decision value changes its meaning. The schemas are generated from the same models that write the "
            "files, and describe every field: a field added in a build is in that build's schemas. A change that "
            "would break this promise gets a new directory (`api/v2/`), published beside v1.\n",
            f"Registry hash of this build: {html.nowrap(site.registry.content_hash)}.\n",
        ]
    )
