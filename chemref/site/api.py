"""The static JSON API (``api/v1/``): versioned files other tools fetch without running chemref.

Every file is a typed model: the answers the command line prints (``chemref.answers.models``) wrapped
with the API's own envelope, and its JSON Schema is generated from that model and published beside it.

Stability promise for v1: fields may be added; none is renamed, removed or given another meaning. A
change that breaks that promise gets a new version directory (``api/v2/``), and v1 stays.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chemref.answers.build import chemical_status, event_answer, identity
from chemref.answers.decision import Decision, UnknownWhy
from chemref.answers.models import Basis, Cell, EventAnswer, Identity, Provenance
from chemref.answers.schemas import json_schema
from chemref.answers.status import history
from chemref.registry.models import Action, CoverageKind, Finding, JurisdictionKind, RegimeKind
from chemref.render.formats import csv_lines
from chemref.site import html, links
from chemref.site.context import DatedEvent, Site, all_events, list_events, names_of
from chemref.site.markdown import Row, cards, front_matter, link
from chemref.site.text import json_file, lookup_key


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
    href: str = Field(description="Path of the jurisdiction's file, relative to this file.")


class ListEntry(ApiModel):
    """A list (regime) in the index."""

    key: str = Field(description="List key.")
    name: str = Field(description="Name.")
    short: str = Field(description="Short label.")
    jurisdiction: str = Field(description="Jurisdiction key.")
    kind: RegimeKind = Field(description="precursor or controlled-substance.")
    legal_basis: str = Field(description="The law that establishes it.")
    url: str | None = Field(description="Where its current text can be read.")
    obliges: str | None = Field(
        description="What a listing obliges, in one line paraphrased from obliges_sources; null when no source "
        "chemref has read states it."
    )
    obliges_sources: list[str] = Field(description="Keys of the sources that state what a listing obliges.")
    href: str = Field(description="Path of the list's file, relative to this file.")


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
    provenance: Provenance = Field(description="Which chemref and data built the file, and the data licence.")
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


class ListHolding(ApiModel):
    """A chemical on a list on the build date."""

    chemical: str = Field(description="Chemical id.")
    name: str = Field(description="Chemical name.")
    cas: str | None = Field(description="CAS RN.")
    since: str | None = Field(description="When the present listing took effect.")
    in_force_by: str | None = Field(description="A date by which a source shows it in force.")
    named_since: str | None = Field(description="When the chemical was first named on this list.")
    coverage: CoverageKind | None = Field(description="named or class.")
    until: str | None = Field(description="Last day of a temporary control.")
    events: list[str] = Field(description="Ids of the chemical's events that decide the answer.")
    href: str = Field(description="Path of the chemical's file, relative to this file.")


class EventSummary(ApiModel):
    """An event in brief, with the chemical it concerns; the chemical's file has it in full, with its sources."""

    chemical: str = Field(description="Chemical id.")
    name: str = Field(description="Chemical name.")
    id: str = Field(description="Event id, unique within the chemical.")
    jurisdiction: str = Field(description="Jurisdiction key.")
    action: Action = Field(description="What the instrument did.")
    regime: str = Field(description="Key of the list.")
    previous_regime: str | None = Field(description="For a move: the list left.")
    coverage: CoverageKind = Field(description="named or class.")
    effective_date: str | None = Field(description="When the control took effect.")
    in_force_by: str | None = Field(description="A date by which a source shows the control in force.")
    scheduled: bool = Field(description="Announced, with its effective date in the future.")
    instrument: str | None = Field(description="Citation of the legal instrument.")
    confidence: Basis = Field(description="The weakest basis of the event's facts.")
    href: str = Field(description="Path of the chemical's file, relative to this file.")


class ReadingEntrySummary(ApiModel):
    """A dated reading of a list."""

    id: str = Field(description="Key of the reading in the registry.")
    current_to: str = Field(description="The date the text read is current to.")
    read: str = Field(description="When chemref read it, YYYY-MM-DD.")
    whole: bool = Field(description="True when every entry of the list was read.")
    part_read: str | None = Field(description="When not whole: which part was read.")
    entries: int = Field(description="How many entries the reading records.")
    source: str = Field(description="Key of the source read.")
    source_url: str | None = Field(description="Where the source was read.")


class ApiList(ApiModel):
    """``api/v1/lists/<key>.json``: one list, what it holds on the build date, its events and its readings."""

    api: Literal["v1"] = Field(description="API version.")
    provenance: Provenance = Field(description="Which chemref and data built the file, and the data licence.")
    list_: ListEntry = Field(alias="list", description="The list.")
    on: str = Field(description="The build date the holdings are for, YYYY-MM-DD.")
    holds: list[ListHolding] = Field(description="The chemicals on the list on the build date.")
    events: list[EventSummary] = Field(description="Every event on the list, newest first.")
    readings: list[ReadingEntrySummary] = Field(description="The list's readings, newest first.")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ApiJurisdiction(ApiModel):
    """``api/v1/jurisdictions/<key>.json``: one jurisdiction, its lists and every chemical's status there."""

    api: Literal["v1"] = Field(description="API version.")
    provenance: Provenance = Field(description="Which chemref and data built the file, and the data licence.")
    jurisdiction: JurisdictionEntry = Field(description="The jurisdiction.")
    lists: list[ListEntry] = Field(description="Its lists, and those of jurisdictions whose law applies there.")
    on: str = Field(description="The build date the status is for, YYYY-MM-DD.")
    status: list[MatrixRow] = Field(description="One row per registered chemical, as in matrix.json.")
    events: list[EventSummary] = Field(description="Every event in the jurisdiction, newest first.")


class LookupTarget(ApiModel):
    """A page the look-up points to: a chemical, a list or a jurisdiction."""

    kind: Literal["chemical", "list", "jurisdiction"] = Field(description="What the page is about.")
    name: str = Field(description="Its name, as the page's title gives it.")
    page: str = Field(description="Path of the page, relative to this file.")
    href: str = Field(description="Path of its API file, relative to this file.")


class ApiLookup(ApiModel):
    """``api/v1/lookup.json``: every name, synonym, abbreviation, CAS RN (forms included) and InChIKey of a
    chemical, and the labels, names and keys of the lists and jurisdictions, as the search box compares them
    (NFKC, lower case, single spaces), with the pages each names."""

    api: Literal["v1"] = Field(description="API version.")
    provenance: Provenance = Field(description="Which chemref and data built the file, and the data licence.")
    targets: dict[str, LookupTarget] = Field(
        description="Pages by id: a chemical's id, 'list/<key>' or 'jurisdiction/<key>'."
    )
    keys: dict[str, list[str]] = Field(description="Normalised name or identifier -> ids of the targets it names.")


SCHEMAS: dict[str, type[BaseModel]] = {
    "index": ApiIndex,
    "chemical": ApiChemical,
    "identifier": ApiIdentifier,
    "matrix": ApiMatrix,
    "jurisdiction": ApiJurisdiction,
    "list": ApiList,
    "lookup": ApiLookup,
}
MATRIX_COLUMNS = list(MatrixRow.model_fields)


def _json(value: BaseModel | dict[str, Any]) -> str:
    data = value.model_dump(mode="json", by_alias=True) if isinstance(value, BaseModel) else value
    return json_file(data)


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
        jurisdictions=[jurisdiction_entry(site, here, key) for key in site.jurisdictions],
        lists=[list_entry(site, here, key) for key in sorted(site.registry.regimes)],
    )


def jurisdiction_entry(site: Site, here: str, key: str) -> JurisdictionEntry:
    j = site.registry.jurisdictions[key]
    return JurisdictionEntry(
        key=key,
        name=j.name,
        kind=j.kind,
        aliases=list(j.aliases),
        applies_law_of=list(j.applies_law_of),
        framework=j.framework,
        href=_from(here, links.api_jurisdiction(key)),
    )


def list_entry(site: Site, here: str, key: str) -> ListEntry:
    r = site.registry.regimes[key]
    return ListEntry(
        key=key,
        name=r.name,
        short=r.short,
        jurisdiction=r.jurisdiction,
        kind=r.kind,
        legal_basis=r.legal_basis,
        url=r.url,
        obliges=r.obliges,
        obliges_sources=list(r.obliges_sources),
        href=_from(here, links.api_list(key)),
    )


def _chemical_events(site: Site, here: str, pairs: list[DatedEvent]) -> list[EventSummary]:
    summaries = []
    for pair in pairs:
        record = site.event(pair.chemical, pair.event)
        summaries.append(
            EventSummary(
                chemical=pair.chemical.id,
                name=pair.chemical.name,
                id=record.id,
                jurisdiction=record.jurisdiction,
                action=record.action,
                regime=record.regime,
                previous_regime=record.previous_regime,
                coverage=record.coverage,
                effective_date=record.effective_date,
                in_force_by=record.in_force_by,
                scheduled=record.scheduled,
                instrument=record.instrument.citation,
                confidence=record.confidence,
                href=_from(here, links.api_chemical(pair.chemical.id)),
            )
        )
    return summaries


def list_file(site: Site, key: str) -> ApiList:
    here = links.api_list(key)
    holds = [
        ListHolding(
            chemical=chemical.id,
            name=chemical.name,
            cas=chemical.identifiers.cas,
            since=answer.since,
            in_force_by=answer.in_force_by,
            named_since=answer.named_since,
            coverage=answer.coverage,
            until=answer.until,
            events=list(answer.events),
            href=_from(here, links.api_chemical(chemical.id)),
        )
        for chemical, answer in site.holdings(key)
    ]
    readings = []
    for reading in site.readings_of(key):
        source = site.registry.sources.get(reading.source)
        readings.append(
            ReadingEntrySummary(
                id=reading.id,
                current_to=reading.current_to.iso(),
                read=reading.read.isoformat(),
                whole=reading.whole,
                part_read=reading.part_read,
                entries=len(reading.entries),
                source=reading.source,
                source_url=source.url if source else None,
            )
        )
    return ApiList(
        api="v1",
        provenance=site.provenance,
        list=list_entry(site, here, key),
        on=site.today.isoformat(),
        holds=holds,
        events=_chemical_events(site, here, list_events(site, key)),
        readings=readings,
    )


def jurisdiction_file(site: Site, key: str, rows: list[MatrixRow]) -> ApiJurisdiction:
    here = links.api_jurisdiction(key)
    pairs = [p for p in all_events(site) if p.event.jurisdiction == key]
    return ApiJurisdiction(
        api="v1",
        provenance=site.provenance,
        jurisdiction=jurisdiction_entry(site, here, key),
        lists=[list_entry(site, here, r) for r in site.regimes_of(key)],
        on=site.today.isoformat(),
        status=[r for r in rows if r.jurisdiction == key],
        events=_chemical_events(site, here, list(reversed(pairs))),
    )


def lookup_file(site: Site) -> ApiLookup:
    here = links.API_LOOKUP

    def page_path(md_file: str) -> str:
        return links.url_from(here, links.page_url(md_file))

    targets: dict[str, LookupTarget] = {}
    keys: dict[str, list[str]] = {}

    def add(target: str, values: list[str]) -> None:
        for value in values:
            ids = keys.setdefault(lookup_key(value), [])
            if target not in ids:
                ids.append(target)

    for chemical in site.chemicals:
        targets[chemical.id] = LookupTarget(
            kind="chemical",
            name=chemical.name,
            page=page_path(links.chemical_page(chemical.id)),
            href=_from(here, links.api_chemical(chemical.id)),
        )
        add(chemical.id, names_of(chemical))
    for key in site.regimes:
        regime = site.regime(key)
        target = f"list/{key}"
        targets[target] = LookupTarget(
            kind="list", name=regime.short, page=page_path(links.list_page(key)), href=_from(here, links.api_list(key))
        )
        add(target, [regime.short, regime.name, key])
    for key in site.jurisdictions:
        jurisdiction = site.registry.jurisdictions[key]
        target = f"jurisdiction/{key}"
        targets[target] = LookupTarget(
            kind="jurisdiction",
            name=f"{key}: {jurisdiction.name}",
            page=page_path(links.jurisdiction_page(key)),
            href=_from(here, links.api_jurisdiction(key)),
        )
        add(target, [key, jurisdiction.name, *jurisdiction.aliases])
    return ApiLookup(
        api="v1",
        provenance=site.provenance,
        targets=targets,
        keys=dict(sorted((k, v) for k, v in keys.items() if k)),
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
                provenance=site.provenance,
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
        values.append(
            ["; ".join(data[c]) if c == "instruments" else ("" if data[c] is None else data[c]) for c in MATRIX_COLUMNS]
        )
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
    if rest.startswith("jurisdictions/"):
        return "jurisdiction"
    if rest.startswith("lists/"):
        return "list"
    if rest == "lookup.json":
        return "lookup"
    return None


def api_files(site: Site) -> dict[str, str]:
    """Site path -> text of every API file and schema."""
    files = {links.API_INDEX: _json(index_file(site))}
    for chemical in site.chemicals:
        files[links.api_chemical(chemical.id)] = _json(chemical_file(site, chemical.id))
    for path, record in identifier_files(site).items():
        files[path] = _json(record)
    rows = matrix_rows(site)
    files[links.API_MATRIX_JSON] = _json(
        ApiMatrix(api="v1", provenance=site.provenance, columns=MATRIX_COLUMNS, rows=rows)
    )
    files[links.API_MATRIX_CSV] = matrix_csv(rows)
    for key in site.jurisdictions:
        files[links.api_jurisdiction(key)] = _json(jurisdiction_file(site, key, rows))
    for key in site.regimes:
        files[links.api_list(key)] = _json(list_file(site, key))
    files[links.API_LOOKUP] = _json(lookup_file(site))
    for name, model in SCHEMAS.items():
        files[links.api_schema(name)] = _json(json_schema(model, f"chemref API v1: {name}"))
    return files


def api_page(site: Site) -> str:
    page = links.API_PAGE
    example = site.chemicals[0] if site.chemicals else None
    schema = {name: link(page, links.api_schema(name), name) for name in SCHEMAS}
    rows = [
        [
            link(page, links.API_INDEX, html.nowrap_path("api/v1/index.json")),
            "The chemicals, jurisdictions and lists, with provenance (chemref version, registry hash, "
            "checked-through date).",
            schema["index"],
        ],
        [
            html.nowrap_path("api/v1/chemicals/<id>.json"),
            "One chemical: identity, history, and status today per jurisdiction: the records `chemref history` "
            "and `chemref status --format json` print.",
            schema["chemical"],
        ],
        [
            html.nowrap_path("api/v1/identifiers/cas/<CAS RN>.json"),
            "Reverse look-up of a CAS RN (of a chemical or of a salt or hydrate form); `href` points to the "
            "chemical's file.",
            schema["identifier"],
        ],
        [
            html.nowrap_path("api/v1/identifiers/inchikey/<InChIKey>.json"),
            "Reverse look-up of a standard InChIKey.",
            schema["identifier"],
        ],
        [
            link(page, links.API_MATRIX_JSON, html.nowrap_path("api/v1/matrix.json")),
            "The tidy chemical × jurisdiction table for the build date: one row per pair, each fact in its own field.",
            schema["matrix"],
        ],
        [
            link(page, links.API_MATRIX_CSV, html.nowrap_path("api/v1/matrix.csv")),
            "The same table as CSV (empty cell for null; instruments separated by `; `).",
            "—",
        ],
        [
            html.nowrap_path("api/v1/jurisdictions/<key>.json"),
            "One jurisdiction: its lists (with what each obliges), every chemical's status on the build date (the "
            "rows of matrix.json) and its events, newest first.",
            schema["jurisdiction"],
        ],
        [
            html.nowrap_path("api/v1/lists/<key>.json"),
            "One list: what a listing obliges, the chemicals on it on the build date, its events and its dated "
            "readings.",
            schema["list"],
        ],
        [
            link(page, links.API_LOOKUP, html.nowrap_path("api/v1/lookup.json")),
            "Every name, synonym, abbreviation, CAS RN (forms included) and InChIKey, normalised as the site's "
            'search box compares them, with the chemicals each names: the site\'s "go to" look-up.',
            schema["lookup"],
        ],
    ]
    examples = []
    if example is not None:
        examples.append(
            f"- {link(page, links.api_chemical(example.id), html.nowrap_path(f'chemicals/{example.id}.json'))}"
        )
        if example.identifiers.cas:
            path = links.api_identifier("cas", example.identifiers.cas)
            examples.append(
                f"- {link(page, path, html.nowrap_path(f'identifiers/cas/{example.identifiers.cas}.json'))}"
            )
        if example.identifiers.inchikey:
            path = links.api_identifier("inchikey", example.identifiers.inchikey)
            examples.append(
                f"- {link(page, path, html.nowrap_path(f'identifiers/inchikey/{example.identifiers.inchikey}.json'))}"
            )
    if site.jurisdictions:
        key = site.jurisdictions[0]
        examples.append(f"- {link(page, links.api_jurisdiction(key), html.nowrap_path(f'jurisdictions/{key}.json'))}")
    if site.regimes:
        key = site.regimes[0]
        examples.append(f"- {link(page, links.api_list(key), html.nowrap_path(f'lists/{key}.json'))}")
    return "\n".join(
        [
            front_matter("JSON API"),
            "# JSON API\n",
            "Static JSON files, generated with the site, that other tools can fetch without running chemref "
            "(in the manner of endoflife.date). Every file is plain JSON served as a file: no key, no rate limit, "
            "no query language. Paths inside the files are relative to the file, so the API works wherever the "
            "site is served.\n",
            "## Files {#files}\n",
            cards(["Path", "What it holds", "JSON Schema"], [Row(r) for r in rows], "api"),
            "Examples:\n",
            "\n".join(examples) + "\n",
            "## Provenance {#provenance}\n",
            "Every JSON file carries `provenance`: the chemref version, the registry's content hash (the data "
            "version), the date its sources were checked through, `data_licence` (the data are under CC BY 4.0: "
            f"see {link(page, links.CITE, 'cite and licences')}) and, for answers, `on`, the date the status was "
            f"computed for (the build date, here {html.date(site.today.isoformat())}). Decisions use "
            f"the values defined in the {link(page, links.GLOSSARY, 'glossary', 'decisions')}. The characters "
            "`<`, `>` and `&` are written as `\\u003c`, `\\u003e` and `\\u0026`, which every JSON reader "
            "reads back as the same characters.\n",
            "## Stability promise {#stability}\n",
            "Within `api/v1/`, fields may be **added**; no field is renamed, removed or given another meaning, and "
            "no decision value changes its meaning. The schemas are generated from the same models that write the "
            "files, and describe every field: a field added in a build is in that build's schemas. A change that "
            "would break this promise gets a new directory (`api/v2/`), published beside v1.\n",
            f"Registry hash of this build: {html.nowrap_path(site.registry.content_hash)}.\n",
        ]
    )
