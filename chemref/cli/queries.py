"""Query commands: list, show, history, status, export."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from chemref.cli.app import (
    FormatOption,
    JurisdictionOption,
    app,
    chosen_format,
    day_on,
    fail,
    find_chemical,
    jurisdiction_key,
    load_registry,
)
from chemref.output import Format, Table, emit

COMMANDS = frozenset({"list", "show", "history", "status", "export"})


@app.command("history")
def history_command(
    query: Annotated[str, typer.Argument(help="Name, synonym, CAS RN or InChIKey.")],
    jurisdiction: JurisdictionOption = None,
    fmt: FormatOption = None,
) -> None:
    """The dated control events of a chemical, oldest first, each with its instrument and sources."""
    from chemref.records import history_record
    from chemref.views import history_table

    registry = load_registry()
    chemical = find_chemical(registry, query)
    key = jurisdiction_key(registry, jurisdiction)
    record = history_record(registry, chemical, key)
    chosen = chosen_format(fmt)
    emit(chosen, record, [history_table(record, inline_urls=chosen is Format.csv)])


@app.command("status")
def status_command(
    query: Annotated[str, typer.Argument(help="Name, synonym, CAS RN or InChIKey.")],
    on: Annotated[str | None, typer.Option("--on", help="Date to answer for, YYYY-MM-DD (default: today).")] = None,
    jurisdiction: JurisdictionOption = None,
    fmt: FormatOption = None,
) -> None:
    """Whether a chemical was controlled on a date, in each jurisdiction, and why."""
    from chemref.records import status_record
    from chemref.views import status_table

    day = day_on(on)
    registry = load_registry()
    chemical = find_chemical(registry, query)
    key = jurisdiction_key(registry, jurisdiction)
    record = status_record(registry, chemical, day, key)
    emit(chosen_format(fmt), record, [status_table(record)])


@app.command("show")
def show_command(
    query: Annotated[str, typer.Argument(help="Name, synonym, CAS RN or InChIKey.")],
    fmt: FormatOption = None,
    svg: Annotated[
        Path | None,
        typer.Option(
            "--svg", help="Also write a 2D structure drawing to this SVG file ('-': only the SVG, to stdout)."
        ),
    ] = None,
) -> None:
    """Identity, identifiers and current status of a chemical."""
    from chemref.records import chemical_record, status_record
    from chemref.views import identity_table, status_table

    registry = load_registry()
    chemical = find_chemical(registry, query)
    if svg is not None:
        from chemref.structure.depict import structure_svg

        if str(svg) == "-":
            sys.stdout.write(structure_svg(chemical))
            return
        try:
            svg.write_text(structure_svg(chemical), encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {svg}: {exc.strerror}", 2)
    identity = chemical_record(chemical)
    current = status_record(registry, chemical, day_on(None))
    record = {**identity, "status": current}
    emit(chosen_format(fmt), record, [identity_table(identity), status_table(current)])


@app.command("list")
def list_command(fmt: FormatOption = None) -> None:
    """Every chemical with its current status in each jurisdiction."""
    from chemref.records import status_record
    from chemref.views import controlled_word

    registry = load_registry()
    day = day_on(None)
    records = [status_record(registry, c, day) for c in sorted(registry.chemicals.values(), key=lambda c: c.id)]
    jurisdictions = list(registry.jurisdictions)
    rows = []
    for record in records:
        by_key = {item["jurisdiction"]: item for item in record["jurisdictions"]}
        row = [record["chemical"]["id"], record["chemical"]["name"], record["chemical"]["cas"] or "—"]
        for key in jurisdictions:
            item = by_key[key]
            word = controlled_word(item["controlled"])
            row.append(f"{word} since {item['since']}" if item["controlled"] and item["since"] else word)
        rows.append(row)
    table = Table(["Id", "Name", "CAS RN", *jurisdictions], rows, title=f"Status on {day.isoformat()}")
    emit(chosen_format(fmt), {"on": day.isoformat(), "chemicals": records}, [table])


class ExportFormat(enum.StrEnum):
    json = "json"
    csv = "csv"


@app.command("export")
def export_command(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json (everything) or csv (one row per event).")
    ] = (ExportFormat.json),
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of standard output.")
    ] = None,
) -> None:
    """The whole registry as JSON, or its events as CSV."""
    from chemref.exports import events_csv
    from chemref.records import export_record

    registry = load_registry()
    if fmt is ExportFormat.json:
        text = json.dumps(export_record(registry), indent=2, ensure_ascii=False) + "\n"
    else:
        text = events_csv(registry)
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {out}: {exc.strerror}", 2)
