"""Query commands: list, show, history, status, export. Thin: records, views and provenance live in the library."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from chemref.cli.app import (
    FormatOption,
    JurisdictionOption,
    chosen_format,
    command,
    day_on,
    everyday_answer,
    fail,
    find_chemical,
    jurisdiction_keys,
    load_registry,
    provenance_of,
)
from chemref.output import Format, emit

QueryArgument = Annotated[str, typer.Argument(help="Name, synonym, CAS RN or InChIKey.", metavar="QUERY")]
OnOption = Annotated[
    str | None, typer.Option("--on", help="Date to answer for, YYYY-MM-DD (default: today).", metavar="DATE")
]


def _footer(provenance: dict[str, Any]) -> str:
    from chemref.provenance import provenance_line

    return provenance_line(provenance)


@command("history")
def history_command(query: QueryArgument, jurisdiction: JurisdictionOption = None, fmt: FormatOption = None) -> None:
    """The dated control events of a chemical, oldest first, each with its instrument and sources."""
    from chemref.views import history_table

    record = everyday_answer("history", query, day_on(None), jurisdiction, today=True)
    chosen = chosen_format(fmt)
    table = history_table(record, inline_urls=chosen is Format.csv, footer=_footer(record["provenance"]))
    emit(chosen, record, [table])


@command("status")
def status_command(
    query: QueryArgument, on: OnOption = None, jurisdiction: JurisdictionOption = None, fmt: FormatOption = None
) -> None:
    """Whether a chemical was controlled on a date, in each jurisdiction, and why."""
    from chemref.views import status_csv, status_table

    record = everyday_answer("status", query, day_on(on), jurisdiction, today=on is None)
    emit(
        chosen_format(fmt),
        record,
        [status_table(record, footer=_footer(record["provenance"]))],
        csv_table=status_csv([record]),
    )


@command("show")
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
) -> None:
    """Identity, identifiers, forms and status (today, or --on a date) of a chemical."""
    from chemref.names import matched_form
    from chemref.records import chemical_record, status_record
    from chemref.views import identity_table, status_csv, status_table

    registry = load_registry()
    chemical = find_chemical(registry, query)
    day = day_on(on)
    if svg is not None:
        from chemref.structure.depict import structure_svg

        drawing = structure_svg(chemical)
        if str(svg) == "-":
            sys.stdout.write(drawing)
            return
        try:
            svg.write_text(drawing, encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {svg}: {exc.strerror}", 2)
    identity = chemical_record(chemical)
    form = matched_form(chemical, query)
    if form is not None:
        identity["matched_form"] = form.model_dump(mode="json", exclude_none=True)
    current = status_record(registry, chemical, day)
    record = {**identity, "status": current, "provenance": provenance_of(registry, day)}
    footer = _footer(record["provenance"])
    emit(
        chosen_format(fmt),
        record,
        [identity_table(identity), status_table(current, footer=footer)],
        csv_table=status_csv([current]),
    )


@command("list")
def list_command(on: OnOption = None, jurisdiction: JurisdictionOption = None, fmt: FormatOption = None) -> None:
    """Every chemical with its decision in each jurisdiction (today, or --on a date)."""
    from chemref.records import status_record
    from chemref.views import list_table, status_csv

    registry = load_registry()
    day = day_on(on)
    keys = jurisdiction_keys(registry, jurisdiction)
    chemicals = sorted(registry.chemicals.values(), key=lambda c: c.id)
    records = [status_record(registry, c, day, keys) for c in chemicals]
    provenance = provenance_of(registry, day)
    shown = keys if keys is not None else list(registry.jurisdictions)
    table = list_table(records, shown, day.isoformat(), footer=_footer(provenance))
    record = {"on": day.isoformat(), "chemicals": records, "provenance": provenance}
    emit(chosen_format(fmt), record, [table], csv_table=status_csv(records))


class ExportFormat(enum.StrEnum):
    json = "json"
    csv = "csv"


@command("export")
def export_command(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="json (everything) or csv (one row per event).", case_sensitive=False),
    ] = ExportFormat.json,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of standard output.")
    ] = None,
) -> None:
    """The whole registry as JSON, or its events as CSV."""
    from chemref.exports import events_csv
    from chemref.records import export_record

    registry = load_registry()
    if fmt is ExportFormat.json:
        record = {**export_record(registry), "provenance": provenance_of(registry)}
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    else:
        text = events_csv(registry)
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {out}: {exc.strerror}", 2)
