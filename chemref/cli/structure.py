"""``chemref lookup`` and ``chemref screen``. RDKit, Dask and pyarrow load inside the commands."""

from __future__ import annotations

import contextlib
import enum
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from chemref.answers.provenance import provenance, provenance_line
from chemref.cli.app import (
    FormatOption,
    JurisdictionOption,
    OnOption,
    RegistryOption,
    app,
    chosen_format,
    day_on,
    fail,
    jurisdiction_keys,
    load_registry,
    registry_path,
    terminal_width,
)
from chemref.render.formats import emit
from chemref.render.lookups import file_csv, file_tables
from chemref.render.tables import lookup_csv, lookup_tables

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


class IdKindChoice(enum.StrEnum):
    cas = "cas"
    name = "name"
    inchikey = "inchikey"
    inchi = "inchi"
    auto = "auto"


SimilarOption = Annotated[
    float | None,
    typer.Option(
        "--similar",
        help=f"Also list nearest registered chemicals at or above this Tanimoto similarity "
        f"(a bare --similar means {DEFAULT_SIMILARITY}).",
        min=0.0,
        max=1.0,
        show_default=False,
        metavar="[SCORE]",
    ),
]


class SimilarDefault(TyperCommand):
    """A command whose ``--similar`` may be given without its score: click options take a value or none, never
    an optional one, so the default score is supplied here, where the command reads its own arguments."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Typer's own click Context
        given: list[str] = []
        for position, arg in enumerate(args):
            given.append(arg)
            following = args[position + 1] if position + 1 < len(args) else ""
            if arg == "--similar" and not _is_score(following):
                given.append(str(DEFAULT_SIMILARITY))
        return super().parse_args(ctx, given)


def _is_score(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@app.command("lookup", cls=SimilarDefault)
def lookup_command(
    query: Annotated[
        str | None,
        typer.Argument(help="SMILES, InChI, InChIKey, CAS RN or name (or give --file).", show_default=False),
    ] = None,
    as_kind: Annotated[
        QueryKind | None, typer.Option("--as", help="Read QUERY as this kind instead of guessing.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Look up each record of a MOL, SDF, .smi, CSV or TSV file.")
    ] = None,
    on: OnOption = None,
    jurisdiction: JurisdictionOption = None,
    similar: SimilarOption = None,
    fmt: FormatOption = None,
    registry: RegistryOption = None,
) -> None:
    """Which registered chemicals a structure (or identifier) matches, how, and the decision on a date in every
    jurisdiction, also when nothing registered matches.

    Exit 0 when a registered chemical (or a class clause) matched, 1 when none did, 2 when the input cannot be
    read (a SMILES RDKit cannot parse is bad input, never "not found").
    """
    from chemref.chem.lookup import Lookup, LookupInputError
    from chemref.chem.text import clip
    from chemref.screen.inputs import InputError
    from chemref.screen.lookups import lookup_file

    if (query is None) == (file is None):
        fail("give either a QUERY or --file PATH", 2)
    day = day_on(on)
    loaded = load_registry()
    lookup = Lookup(loaded, day, jurisdiction_keys(loaded, jurisdiction), similar)
    stamp = provenance(loaded, registry_path(), day)
    chosen = chosen_format(fmt)
    if file is not None:
        try:
            found = lookup_file(lookup, str(file), stamp)
        except InputError as exc:
            fail(str(exc), 2)
        whole = found.answer
        if not whole.records:
            fail(f"{file}: the file holds no records", 1)
        emit(chosen, whole, file_tables(whole, provenance_line(stamp)), csv_table=file_csv(whole))
        if found.unreadable:
            fail(f"{found.unreadable} record(s) of {len(whole.records)} could not be read; their rows say why", 2)
        raise typer.Exit(0 if found.matched else 1)
    assert query is not None
    try:
        answer = lookup.answer(query, as_kind.value if as_kind is not None else None)
    except LookupInputError as exc:
        fail(str(exc), 2)
    if answer.ignored:
        typer.echo(f"chemref: read {clip(answer.query)!r} as a {answer.kind}; ignored the {answer.ignored}", err=True)
    typed = lookup.typed(answer).model_copy(update={"provenance": stamp})
    emit(chosen, typed, lookup_tables(typed, footer=provenance_line(stamp)), csv_table=lookup_csv(typed))
    if answer.not_found is not None:
        typer.echo(f"chemref: {answer.not_found}", err=True)
    if not answer.matched:
        raise typer.Exit(1)


@app.command("screen", cls=SimilarDefault)
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
        typer.Option(
            "--id-kind",
            help="Screen identifiers (CAS RNs, names, InChIKeys, InChIs) instead of structures; 'auto' also reads "
            "a record that looks like a SMILES as a structure.",
        ),
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
    registry: RegistryOption = None,
) -> None:
    """Screen an inventory or catalogue: one output row per input record, in input order.

    Exit 0 when a record is controlled somewhere on the date (as grep exits 0 when it finds a line), 1 when
    none is and the input was read whole, 2 when it was not (truncated, corrupt, no readable record) or the
    usage was bad. Records outside the registry get a decision in every jurisdiction too.
    """
    from chemref.screen.signals import hold_stop_signals

    hold_stop_signals()  # before RDKit or Dask start any thread (see chemref.screen.signals)
    from chemref.screen.errors import EngineError
    from chemref.screen.inputs import InputError
    from chemref.screen.plan import PlanError, ScreenPlan
    from chemref.screen.run import UsageError, execute

    day = day_on(on)
    loaded = load_registry()
    try:
        plan = ScreenPlan.from_options(
            input_path,
            day,
            out=out,
            out_format=out_format.value if out_format else None,
            input_format=input_format.value if input_format else None,
            structure_column=structure_column,
            column=column,
            id_column=id_column,
            id_kind=id_kind.value if id_kind else None,
            delimiter=delimiter,
            jurisdictions=jurisdiction_keys(loaded, jurisdiction),
            similar=similar,
            jobs=jobs,
            resume=resume,
            engine=engine.value,
            scheduler=scheduler,
            partition_size=partition_size,
        )
        with _progress(show=sys.stderr.isatty() and plan.out is not None) as progress:
            outcome = execute(plan, loaded, registry_path(), progress)
    except (PlanError, InputError, EngineError, UsageError) as exc:
        fail(str(exc), 2)
    for message in outcome.messages:
        typer.echo(_for_stderr(message if message.startswith(("screened", "  ")) else f"chemref: {message}"), err=True)
    if outcome.exit_status:
        raise typer.Exit(outcome.exit_status)


def _for_stderr(line: str) -> str:
    """A summary line as a person reads it: on a terminal, wrapped to its width at spaces, its continuation
    lines indented under it; to a file or pipe, one line, for scripts that read it line by line."""
    if not sys.stderr.isatty():
        return line
    indent = " " * (len(line) - len(line.lstrip(" ")) + 2)
    width = max(terminal_width(sys.stderr), 40)
    return textwrap.fill(line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


@contextlib.contextmanager
def _progress(show: bool) -> Iterator[Callable[[int], None] | None]:
    """A spinner on standard error, shown only when the rows go to a file: on a terminal, a spinner and rows
    written to standard output would interleave."""
    if not show:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("screened {task.completed:,} records"), TimeElapsedColumn(), transient=True
    ) as bar:
        task = bar.add_task("screen", total=None)
        yield lambda done: bar.update(task, completed=done)
