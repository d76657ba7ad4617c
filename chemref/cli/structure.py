"""``chemref lookup`` and ``chemref screen``. RDKit is imported only when a command runs."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from chemref.cli.app import FormatOption, JurisdictionOption, chosen_format
from chemref.output import emit

if TYPE_CHECKING:
    from chemref.structure.match import Match

DEFAULT_SIMILARITY = 0.6


class QueryKind(enum.StrEnum):
    smiles = "smiles"
    inchi = "inchi"
    inchikey = "inchikey"
    cas = "cas"
    name = "name"


class InputFormatChoice(enum.StrEnum):
    smi = "smi"
    csv = "csv"
    tsv = "tsv"
    sdf = "sdf"


class OutputFormat(enum.StrEnum):
    csv = "csv"
    jsonl = "jsonl"


SimilarOption = Annotated[
    float | None,
    typer.Option(
        "--similar",
        help=f"Also list nearest registered chemicals at or above this Tanimoto similarity "
        f"(a bare --similar means {DEFAULT_SIMILARITY}).",
        min=0.0,
        max=1.0,
        show_default=False,
    ),
]


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"chemref: {message}", err=True)
    return typer.Exit(code)


def lookup_command(
    query: Annotated[
        str | None, typer.Argument(help="SMILES, InChI, InChIKey, CAS RN or name.", show_default=False)
    ] = None,
    as_kind: Annotated[
        QueryKind | None, typer.Option("--as", help="Read QUERY as this kind instead of guessing.")
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the structure from a MOL or SDF file.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date to answer for, YYYY-MM-DD (default: today).")] = None,
    jurisdiction: JurisdictionOption = None,
    similar: SimilarOption = None,
    fmt: FormatOption = None,
) -> None:
    """Which registered chemicals a structure (or identifier) matches, how, and their status on a date."""
    from chemref.cli.app import day_on, jurisdiction_keys, load_registry, provenance_of
    from chemref.names import NotFound, QueryError, find
    from chemref.provenance import provenance_line
    from chemref.structure.index import StructureIndex
    from chemref.structure.match import CONTROL_TIERS, Match, match_mol
    from chemref.structure.parse import StructureError, detect_kind, mol_from
    from chemref.structure.report import identifier_explanation, match_record
    from chemref.views import lookup_csv, lookup_tables

    if (query is None) == (file is None):
        raise _fail("give either a QUERY or --file PATH", 2)
    day = day_on(on)
    registry = load_registry()
    key = jurisdiction_keys(registry, jurisdiction)
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8", errors="strict")
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(f"cannot read {file}: {exc}", 2) from exc
        text = text.split("$$$$")[0]
        kind = "molblock"
    else:
        assert query is not None
        text = query
        kind = as_kind.value if as_kind is not None else detect_kind(query)
    matches: list[Match] = []
    parent_info: dict[str, Any] = {}
    if kind in {"name", "cas", "inchikey"}:
        try:
            chemical = find(registry, text)
        except QueryError as exc:
            raise _fail(str(exc), 2) from exc
        except NotFound as exc:
            if kind == "inchikey" and exc.suggestions:
                same = [c for c in registry.chemicals.values() if c.identifiers.inchikey[:14] == text.strip()[:14]]
                matches = [
                    Match(c.id, c.name, "stereo", f"same InChIKey skeleton block as {c.name}; other layers differ", "")
                    for c in same
                ]
            else:
                raise _fail(str(exc), 1) from exc
        else:
            matches = [Match(chemical.id, chemical.name, "exact", identifier_explanation(chemical, text, kind), "")]
    else:
        try:
            mol = mol_from(text, kind)  # type: ignore[arg-type]
        except StructureError as exc:
            raise _fail(f"cannot read the input as {kind}: {exc}", 2) from exc
        index = StructureIndex.build(registry, day)
        if key is not None:
            index.rules = [r for r in index.rules if r.jurisdiction in key]
        parent, matches = match_mol(mol, index, similar)
        parent_info = {
            "input": parent.input_smiles,
            "components": [c.smiles for c in parent.components],
            "removed": list(parent.removed),
            "changes": list(parent.changes),
        }
    found = [match_record(registry, m, day, key) for m in matches]
    record: dict[str, Any] = {
        "query": text if file is None else str(file),
        "kind": kind,
        "on": day.isoformat(),
        **({"parent": parent_info} if parent_info else {}),
        "matches": found,
    }
    record["provenance"] = provenance_of(registry, day)
    tables = lookup_tables(record, footer=provenance_line(record["provenance"]))
    emit(chosen_format(fmt), record, tables, csv_table=lookup_csv(record))
    if not any(m.tier in CONTROL_TIERS for m in matches):
        raise typer.Exit(1)


def screen_command(
    input_path: Annotated[
        str, typer.Argument(metavar="INPUT", help="A .smi, .csv, .tsv or .sdf file (optionally .gz), or - for stdin.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write rows here (.csv or .jsonl); default stdout.")
    ] = None,
    out_format: Annotated[
        OutputFormat | None, typer.Option("--out-format", help="csv or jsonl (default: from --out).")
    ] = None,
    input_format: Annotated[
        InputFormatChoice | None, typer.Option("--input-format", help="Input format (default: from the name).")
    ] = None,
    structure_column: Annotated[
        str | None, typer.Option("--structure-column", help="CSV/TSV column with the structure.")
    ] = None,
    id_column: Annotated[
        str | None, typer.Option("--id-column", help="CSV/TSV column (or SDF field) with the record id.")
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date to screen for, YYYY-MM-DD (default: today).")] = None,
    jurisdiction: JurisdictionOption = None,
    similar: SimilarOption = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Worker processes.")] = 1,
) -> None:
    """Screen an inventory or catalogue: one output row per input record, in input order."""
    import contextlib

    from chemref.cli.app import day_on, jurisdiction_keys, load_registry
    from chemref.structure.readers import InputError, detect_format, open_smi_lines, read_records
    from chemref.structure.screen import ScreenContext, header, run_rendered

    day = day_on(on)
    registry = load_registry()
    key = jurisdiction_keys(registry, jurisdiction)
    chosen = out_format.value if out_format else ("jsonl" if out is not None and out.suffix == ".jsonl" else "csv")
    try:
        fmt_in = input_format.value if input_format else ("smi" if input_path == "-" else detect_format(input_path))
        records: Any = (
            open_smi_lines(input_path)
            if fmt_in == "smi"
            else read_records(input_path, fmt_in, structure_column, id_column)
        )
        context = ScreenContext.build(registry, day, similar, key)
        counts = {"match": 0, "no_match": 0, "invalid": 0}
        with contextlib.ExitStack() as stack:
            sink = stack.enter_context(out.open("w", encoding="utf-8", newline="")) if out else sys.stdout
            sink.write(header(chosen))
            progress = _progress(stack, show=sys.stderr.isatty())
            for block in run_rendered(records, context, chosen, jobs=jobs):
                sink.write(block.text)
                for status_name, value in block.counts.items():
                    counts[status_name] += value
                if progress is not None:
                    progress(block.last_record)
    except InputError as exc:
        raise _fail(str(exc), 2) from exc
    except OSError as exc:
        raise _fail(f"cannot write output: {exc}", 2) from exc
    total = sum(counts.values())
    typer.echo(
        f"screened {total} records: {counts['match']} matched, {counts['no_match']} unmatched, "
        f"{counts['invalid']} invalid (on {day.isoformat()})",
        err=True,
    )
    if counts["match"] == 0:
        raise typer.Exit(1)


def _progress(stack: Any, show: bool) -> Any:
    if not show:
        return None
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = stack.enter_context(
        Progress(
            SpinnerColumn(), TextColumn("screened {task.completed:,} records"), TimeElapsedColumn(), transient=True
        )
    )
    task = bar.add_task("screen", total=None)
    return lambda done: bar.update(task, completed=done)


def register(app: typer.Typer) -> None:
    app.command("lookup")(lookup_command)
    app.command("screen")(screen_command)
