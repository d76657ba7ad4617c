"""``chemref lookup`` and ``chemref screen``. RDKit is imported only when a command runs."""

from __future__ import annotations

import contextlib
import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from chemref.cli.app import FormatOption, JurisdictionOption, chosen_format
from chemref.output import Table, emit

if TYPE_CHECKING:
    from chemref.models import Registry

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
    parquet = "parquet"


class OutputFormat(enum.StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class Engine(enum.StrEnum):
    local = "local"
    dask = "dask"


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
    file: Annotated[
        Path | None, typer.Option("--file", help="Look up each record of a MOL, SDF, .smi, CSV or TSV file.")
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date to answer for, YYYY-MM-DD (default: today).")] = None,
    jurisdiction: JurisdictionOption = None,
    similar: SimilarOption = None,
    fmt: FormatOption = None,
) -> None:
    """Which registered chemicals a structure (or identifier) matches, how, and their status on a date.

    Exit 0 when something matched, 1 when nothing did, 2 when the input cannot be read (a SMILES
    RDKit cannot parse is bad input, never "not found").
    """
    from chemref.cli.app import day_on, jurisdiction_keys, load_registry, provenance_of
    from chemref.names import NotFound
    from chemref.provenance import provenance_line
    from chemref.structure.lookup import Lookup, LookupInputError, answer_file
    from chemref.structure.match import CONTROL_TIERS
    from chemref.structure.readers import InputError
    from chemref.views import lookup_csv

    if (query is None) == (file is None):
        raise _fail("give either a QUERY or --file PATH", 2)
    day = day_on(on)
    registry = load_registry()
    key = jurisdiction_keys(registry, jurisdiction)
    lookup = Lookup(registry, day, key, similar)
    provenance = provenance_of(registry, day)
    footer = provenance_line(provenance)
    chosen = chosen_format(fmt)
    if file is not None:
        try:
            results = answer_file(lookup, str(file))
        except InputError as exc:
            raise _fail(str(exc), 2) from exc
        if len(results) == 1 and results[0].answer is not None:
            answer = results[0].answer
            record = {**_answer_record(registry, answer, day, key, str(file)), "provenance": provenance}
            emit(chosen, record, _answer_tables(record, footer), csv_table=lookup_csv(record))
            if not any(m.tier in CONTROL_TIERS for m in answer.matches):
                raise typer.Exit(1)
            return
        records: list[dict[str, Any]] = []
        tables: list[Table] = []
        csv_rows: list[list[str | None]] = []
        for item in results:
            head = {"record": item.number, "line": item.line, "id": item.id}
            where = f"record {item.number} (line {item.line}) {item.id}".rstrip()
            if item.answer is None:
                records.append({**head, "error": item.error})
                tables.append(Table(["Input"], [], title=where, notes=[f"cannot read this record: {item.error}"]))
                continue
            one = _answer_record(registry, item.answer, day, key, str(file))
            records.append({**head, **one})
            for table in _answer_tables(one):
                table.title = f"{where}: {table.title}"
                tables.append(table)
            csv_rows += [[str(item.number), item.id, *row] for row in lookup_csv(one).rows]
        tables[-1].footer = footer
        csv_table = Table(["record", "id", *lookup_csv({"matches": []}).headers], csv_rows)
        whole = {"file": str(file), "on": day.isoformat(), "records": records, "provenance": provenance}
        emit(chosen, whole, tables, csv_table=csv_table)
        if any(item.answer is None for item in results):
            typer.echo(f"chemref: {sum(i.answer is None for i in results)} record(s) could not be read", err=True)
            raise typer.Exit(2)
        if not any(m.tier in CONTROL_TIERS for i in results if i.answer for m in i.answer.matches):
            raise typer.Exit(1)
        return
    assert query is not None
    try:
        answer = lookup.answer(query, as_kind.value if as_kind is not None else None)
    except LookupInputError as exc:
        raise _fail(str(exc), 2) from exc
    except NotFound as exc:
        raise _fail(str(exc), 1) from exc
    if answer.ignored:
        typer.echo(f"chemref: read {answer.query!r} as a {answer.kind}; ignored the {answer.ignored}", err=True)
    record = {**_answer_record(registry, answer, day, key, None), "provenance": provenance}
    emit(chosen, record, _answer_tables(record, footer), csv_table=lookup_csv(record))
    if not any(m.tier in CONTROL_TIERS for m in answer.matches):
        raise typer.Exit(1)


def _answer_record(
    registry: Registry, answer: Any, day: Any, keys: list[str] | None, file: str | None
) -> dict[str, Any]:
    from chemref.structure.report import match_record

    found = [match_record(registry, m, day, keys) for m in answer.matches]
    return {
        "query": answer.query if file is None else file,
        "kind": answer.kind,
        "on": day.isoformat(),
        **({"ignored": answer.ignored} if answer.ignored else {}),
        **({"parent": answer.parent} if answer.parent else {}),
        "matches": found,
    }


def _answer_tables(record: dict[str, Any], footer: str = "") -> list[Table]:
    from chemref.views import lookup_tables

    return lookup_tables(record, footer=footer)


class IdKindChoice(enum.StrEnum):
    cas = "cas"
    name = "name"
    inchikey = "inchikey"
    inchi = "inchi"
    auto = "auto"


def screen_command(
    input_path: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="A .smi, .csv, .tsv or .sdf file (optionally .gz), a .parquet file, a named pipe, or - for stdin.",
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write rows here (.csv, .jsonl or .parquet) and a summary beside it; default stdout."
        ),
    ] = None,
    out_format: Annotated[
        OutputFormat | None, typer.Option("--out-format", help="csv, jsonl or parquet (default: from --out).")
    ] = None,
    input_format: Annotated[
        InputFormatChoice | None,
        typer.Option("--input-format", help="Input format (default: from the name; needed for pipes and stdin)."),
    ] = None,
    structure_column: Annotated[
        str | None, typer.Option("--structure-column", help="CSV/TSV column with the structure.")
    ] = None,
    column: Annotated[
        str | None, typer.Option("--column", help="CSV/TSV column to screen (the structure, or the identifier).")
    ] = None,
    id_column: Annotated[
        str | None, typer.Option("--id-column", help="CSV/TSV column (or SDF field) with the record id.")
    ] = None,
    id_kind: Annotated[
        IdKindChoice | None,
        typer.Option("--id-kind", help="Screen identifiers (CAS RNs, names, InChIKeys, InChIs) instead of structures."),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option("--delimiter", help="CSV/TSV delimiter (default: detected from the header: , ; or tab)."),
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date to screen for, YYYY-MM-DD (default: today).")] = None,
    jurisdiction: JurisdictionOption = None,
    similar: SimilarOption = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Worker processes (--engine local).")] = 1,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted run from OUT.summary.json.")
    ] = False,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local: processes on this machine; dask: a Dask cluster (chemref[dask]).")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: a running scheduler, e.g. tcp://host:8786 (default: a local cluster).",
        ),
    ] = None,
    partition_size: Annotated[
        int | None,
        typer.Option(
            "--partition-size", min=1, help="With --engine dask: records per partition, one task (default 20000)."
        ),
    ] = None,
) -> None:
    """Screen an inventory or catalogue: one output row per input record, in input order.

    Exit 0 when a record matched a registered chemical, 1 when none did and the input was read
    whole, 2 when it was not (truncated, corrupt, no readable record) or the usage was bad.
    """
    from chemref.structure.batch import Run, UsageError, hold_stop_signals

    hold_stop_signals()  # before RDKit or Dask start any thread (see batch.Stopper)
    from chemref.cli.app import State, day_on, jurisdiction_keys, load_registry
    from chemref.location import resolve_path
    from chemref.screening import EngineError
    from chemref.structure.readers import InputError, Reader

    if engine is Engine.local and (scheduler is not None or partition_size is not None):
        raise _fail("--scheduler and --partition-size need --engine dask", 2)
    if out is not None and str(out) == "-":
        out = None  # standard output, as without --out
    if column is not None and structure_column is not None and column != structure_column:
        raise _fail("give --column or --structure-column, not both", 2)
    column = column or structure_column
    if delimiter is not None:
        delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise _fail("--delimiter takes one character (or 'tab')", 2)
    if out_format is not None:
        chosen = out_format.value
    elif out is None or out.suffix.lower() == ".csv":
        chosen = "csv"
    elif out.suffix.lower() in {".jsonl", ".ndjson"}:
        chosen = "jsonl"
    elif out.suffix.lower() in {".parquet", ".pq"}:
        chosen = "parquet"
    else:
        raise _fail(
            f"cannot tell the output format from {out.name!r}: name it .csv, .jsonl or .parquet, or give --out-format",
            2,
        )
    if chosen == "parquet" and out is None:
        raise _fail("Parquet output needs --out FILE", 2)
    if out is not None and out.is_dir():
        raise _fail(f"--out {out} is a directory", 2)
    if resume and out is None:
        raise _fail("--resume needs --out (the sidecar OUT.summary.json says where the run stopped)", 2)
    if resume and chosen == "parquet":
        raise _fail("--resume cannot continue a Parquet output (it cannot be cut back); write CSV or JSON Lines", 2)
    day = day_on(on)
    registry = load_registry()
    key = jurisdiction_keys(registry, jurisdiction)
    if id_kind is not None and similar is not None:
        raise _fail("--similar applies to structures, not to --id-kind identifier lists", 2)
    fmt_in = input_format.value if input_format else None
    if id_kind is not None and (
        fmt_in == "sdf" or (fmt_in is None and input_path.lower().removesuffix(".gz").endswith((".sdf", ".sd", ".mol")))
    ):
        raise _fail("--id-kind reads identifiers from a CSV/TSV column or a list, not from an SDF", 2)
    # Raw SMILES lines go to the workers, which build the records: the reading process does less.
    raw_smi = jobs > 1 or engine is Engine.dask
    try:
        if id_kind is None:
            reader = Reader(input_path, fmt_in, column, id_column, delimiter, raw_smi=raw_smi)  # type: ignore[arg-type]
        else:
            from chemref.structure.identifiers import COLUMNS

            reader = Reader(
                input_path,
                fmt_in,  # type: ignore[arg-type]
                column,
                id_column,
                delimiter,
                column_defaults=COLUMNS[id_kind.value],
                column_what="identifier",
                whole_lines=True,
            )
    except InputError as exc:
        raise _fail(str(exc), 2) from exc
    function: Any
    if id_kind is None:
        from chemref.structure.screen import ScreenContext, screen_batch

        context: Any = ScreenContext.build(registry, day, similar, key)
        function = screen_batch
    else:
        from chemref.structure.identifiers import IdentifierContext, screen_identifiers

        context = IdentifierContext.build(registry, day, id_kind.value, key)
        function = screen_identifiers
    settings = {
        "input_format": reader.format,
        "column": column,
        "id_column": id_column,
        "delimiter": reader.stats.delimiter,
        "id_kind": id_kind.value if id_kind else None,
        "on": day.isoformat(),
        "jurisdiction": key,
        "similar": similar,
        "out_format": chosen,
    }
    with contextlib.ExitStack() as stack:
        stack.callback(reader.close)
        producer = None
        if engine is Engine.dask:
            # Started while SIGINT and SIGTERM are still held back, so the cluster's threads and worker
            # processes never take them: this process stops the run at a partition boundary.
            from chemref.screening.dask_engine import DaskProducer, connect

            try:
                client = stack.enter_context(connect(scheduler))
            except EngineError as exc:
                raise _fail(str(exc), 2) from exc
            producer = DaskProducer(client, function, context, partition_size)
        progress = _progress(stack, show=sys.stderr.isatty())
        run = Run(
            reader,
            function,
            context,
            chosen,
            settings,
            resolve_path(State.registry_path),
            day.isoformat(),
            out=out,
            jobs=jobs,
            progress=progress,
            what="structure" if id_kind is None else "identifier",
            producer=producer,
        )
        try:
            outcome = run.execute(resume=resume)
        except UsageError as exc:
            raise _fail(str(exc), 2) from exc
    for message in outcome.messages:
        typer.echo(message if message.startswith("screened") else f"chemref: {message}", err=True)
    if outcome.exit_status:
        raise typer.Exit(outcome.exit_status)


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
