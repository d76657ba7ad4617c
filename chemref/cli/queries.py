"""Query commands: status, history, show, list, changes, export. Each parses its options, calls one
library function for a typed answer, and renders it."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from chemref.answers.build import export_answer, history_answer, show_answer, status_answer
from chemref.answers.lists import ListQueryError, changes_answer, list_answer
from chemref.answers.provenance import provenance_line
from chemref.cli.app import (
    FormatOption,
    JurisdictionOption,
    OnOption,
    QueryArgument,
    RegistryOption,
    app,
    chosen_format,
    day_on,
    fail,
    find_chemical,
    jurisdiction_keys,
    load_registry,
    registry_path,
)
from chemref.cli.files import write_output
from chemref.registry.names import matched_form
from chemref.render.exports import events_csv
from chemref.render.formats import emit, json_text
from chemref.render.lists import changes_csv, changes_table, list_csv, list_grid
from chemref.render.tables import history_csv, history_table, identity_csv, identity_table, status_csv, status_table


@app.command("status")
def status_command(
    query: QueryArgument,
    on: OnOption = None,
    jurisdiction: JurisdictionOption = None,
    fmt: FormatOption = None,
    registry: RegistryOption = None,
) -> None:
    """Whether a chemical was controlled on a date, in each jurisdiction, and why."""
    loaded = load_registry()
    chemical = find_chemical(loaded, query)
    answer = status_answer(loaded, chemical, day_on(on), registry_path(), jurisdiction_keys(loaded, jurisdiction))
    table = status_table(answer, footer=provenance_line(answer.provenance))
    emit(chosen_format(fmt), answer, [table], csv_table=status_csv([answer]))


@app.command("history")
def history_command(
    query: QueryArgument,
    jurisdiction: JurisdictionOption = None,
    fmt: FormatOption = None,
    registry: RegistryOption = None,
) -> None:
    """The dated control events of a chemical, oldest first, each with its instrument and sources."""
    loaded = load_registry()
    chemical = find_chemical(loaded, query)
    answer = history_answer(loaded, chemical, day_on(None), registry_path(), jurisdiction_keys(loaded, jurisdiction))
    table = history_table(answer, footer=provenance_line(answer.provenance))
    emit(chosen_format(fmt), answer, [table], csv_table=history_csv(answer))


@app.command("show")
def show_command(
    query: QueryArgument,
    on: OnOption = None,
    fmt: FormatOption = None,
    svg: Annotated[
        Path | None,
        typer.Option(
            "--svg", help="Also write a 2D structure drawing to this SVG file ('-': only the SVG, to stdout)."
        ),
    ] = None,
    registry: RegistryOption = None,
) -> None:
    """Identity, identifiers, forms and status (today, or --on a date) of a chemical."""
    loaded = load_registry()
    chemical = find_chemical(loaded, query)
    day = day_on(on)
    if svg is not None:
        from chemref.chem.depict import structure_svg  # RDKit: only when a drawing is asked for

        drawing = structure_svg(chemical)
        if str(svg) == "-":
            sys.stdout.write(drawing)
            return
        write_output(svg, drawing)
    answer = show_answer(loaded, chemical, day, registry_path(), matched_form(chemical, query))
    footer = provenance_line(answer.provenance)
    tables = [identity_table(answer), status_table(answer.status, footer=footer)]
    emit(chosen_format(fmt), answer, tables, csv_table=identity_csv(answer))


@app.command("list")
def list_command(
    on: OnOption = None,
    jurisdiction: JurisdictionOption = None,
    list_name: Annotated[
        str | None,
        typer.Option(
            "--list",
            help="Only the chemicals on this list on the date: a short label ('US List I', 'EU Cat. 1') or a key.",
            metavar="LIST",
        ),
    ] = None,
    decision: Annotated[
        str | None,
        typer.Option(
            "--decision",
            help="Only chemicals with this decision in the jurisdictions shown (controlled, not-controlled, unknown, "
            "review, not-applicable).",
            metavar="DECISION",
        ),
    ] = None,
    fmt: FormatOption = None,
    registry: RegistryOption = None,
) -> None:
    """Every chemical with its decision in each jurisdiction (today, or --on a date); --list shows what one
    list held on the date."""
    loaded = load_registry()
    day = day_on(on)
    keys = jurisdiction_keys(loaded, jurisdiction)
    try:
        answer = list_answer(loaded, day, registry_path(), keys, list_name, decision)
    except ListQueryError as exc:
        fail(str(exc), 2)
    shown = keys if keys is not None else list(loaded.jurisdictions)
    grid = list_grid(loaded, answer, shown, footer=provenance_line(answer.provenance))
    emit(chosen_format(fmt), answer, [grid], csv_table=list_csv(answer))


@app.command("changes")
def changes_command(
    since: Annotated[str, typer.Option("--from", help="First day of the period, YYYY-MM-DD.", metavar="DATE")],
    until: Annotated[
        str | None, typer.Option("--to", help="Last day of the period, YYYY-MM-DD (default: today).", metavar="DATE")
    ] = None,
    jurisdiction: JurisdictionOption = None,
    list_name: Annotated[str | None, typer.Option("--list", help="Only changes to this list.", metavar="LIST")] = None,
    fmt: FormatOption = None,
    registry: RegistryOption = None,
) -> None:
    """What changed between two dates: additions, removals and moves between lists, each with its instrument."""
    loaded = load_registry()
    start, end = day_on(since), day_on(until)
    if end < start:
        fail(f"--to {end.isoformat()} is before --from {start.isoformat()}", 2)
    try:
        answer = changes_answer(loaded, start, end, registry_path(), jurisdiction_keys(loaded, jurisdiction), list_name)
    except ListQueryError as exc:
        fail(str(exc), 2)
    table = changes_table(answer, footer=provenance_line(answer.provenance))
    emit(chosen_format(fmt), answer, [table], csv_table=changes_csv(answer))


class ExportFormat(enum.StrEnum):
    json = "json"
    csv = "csv"


@app.command("export")
def export_command(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="json (everything) or csv (one row per event).", case_sensitive=False),
    ] = ExportFormat.json,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of standard output.")
    ] = None,
    registry: RegistryOption = None,
) -> None:
    """The whole registry as JSON, or its events as CSV."""
    loaded = load_registry()
    text = json_text(export_answer(loaded, registry_path())) if fmt is ExportFormat.json else events_csv(loaded)
    if out is None:
        sys.stdout.write(text)
    else:
        write_output(out, text, protect=[registry_path()])
