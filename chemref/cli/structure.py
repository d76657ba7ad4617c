"""``chemref lookup`` and ``chemref screen``. RDKit is imported only when a command runs."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from chemref.cli.app import chosen_format
from chemref.output import Format, Table, emit

if TYPE_CHECKING:
    from chemref.models import Registry
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


def _status_records(registry: Registry, match: Match, day: Any, jurisdiction: str | None) -> list[dict[str, Any]]:
    from chemref.records import status_record

    if match.rule is not None:
        rule = match.rule
        return [
            {
                "jurisdiction": rule.jurisdiction,
                "controlled": None,
                "regime": rule.regime,
                "since": rule.effective.iso() if rule.effective else None,
                "coverage": "class",
                "reason": f"may be covered by {rule.listing_name}'s listing ({rule.term}) — legal review needed",
                "events": [rule.event_id],
            }
        ]
    chemical = registry.chemicals[match.id]
    return list(status_record(registry, chemical, day, jurisdiction)["jurisdictions"])


def _match_record(registry: Registry, match: Match, day: Any, jurisdiction: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": match.id,
        "name": match.name,
        "tier": match.tier,
        "explanation": match.explanation,
        "component": match.component,
        "status": _status_records(registry, match, day, jurisdiction),
    }
    if match.similarity is not None:
        record["similarity"] = round(match.similarity, 3)
    if match.rule is not None:
        record["rule"] = {"event": match.rule.event_id, "term": match.rule.term, "reading": match.rule.reading}
    return record


def lookup_command(
    query: Annotated[
        str | None, typer.Argument(help="SMILES, InChI, InChIKey, CAS RN or name.", show_default=False)
    ] = None,
    as_kind: Annotated[
        QueryKind | None, typer.Option("--as", help="Read QUERY as this kind instead of guessing.")
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the structure from a MOL or SDF file.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date to answer for, YYYY-MM-DD (default: today).")] = None,
    jurisdiction: Annotated[str | None, typer.Option("--jurisdiction", "-j", help="Only this jurisdiction.")] = None,
    similar: SimilarOption = None,
    fmt: Annotated[Format | None, typer.Option("--format", "-f", help="Output format.", show_default=False)] = None,
) -> None:
    """Which registered chemicals a structure (or identifier) matches, how, and their status on a date."""
    from chemref.cli.app import day_on, jurisdiction_key, load_registry
    from chemref.names import NotFound, QueryError, find
    from chemref.structure.index import StructureIndex
    from chemref.structure.match import CONTROL_TIERS, Match, match_mol
    from chemref.structure.parse import StructureError, detect_kind, mol_from

    if (query is None) == (file is None):
        raise _fail("give either a QUERY or --file PATH", 2)
    day = day_on(on)
    registry = load_registry()
    key = jurisdiction_key(registry, jurisdiction)
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
            how = {"name": "name or synonym", "cas": "CAS RN", "inchikey": "InChIKey"}[kind]
            matches = [Match(chemical.id, chemical.name, "exact", f"the {how} of {chemical.name}", "")]
    else:
        try:
            mol = mol_from(text, kind)  # type: ignore[arg-type]
        except StructureError as exc:
            raise _fail(f"cannot read the input as {kind}: {exc}", 2) from exc
        index = StructureIndex.build(registry, day)
        if key is not None:
            index.rules = [r for r in index.rules if r.jurisdiction == key]
        parent, matches = match_mol(mol, index, similar)
        parent_info = {
            "input": parent.input_smiles,
            "components": [c.smiles for c in parent.components],
            "removed": list(parent.removed),
            "changes": list(parent.changes),
        }
    found = [_match_record(registry, m, day, key) for m in matches]
    record: dict[str, Any] = {
        "query": text if file is None else str(file),
        "kind": kind,
        "on": day.isoformat(),
        **({"parent": parent_info} if parent_info else {}),
        "matches": found,
    }
    rows = []
    for item in found:
        controlled = [s["jurisdiction"] for s in item["status"] if s["controlled"]]
        covered = [
            s["jurisdiction"] for s in item["status"] if s.get("coverage") == "class" and s["controlled"] is None
        ]
        rows.append(
            [
                item["id"],
                item["tier"],
                ", ".join(controlled) or "—",
                ", ".join(covered) or "—",
                item["explanation"],
            ]
        )
    title = f"{record['query']} ({kind}) on {day.isoformat()}"
    notes = [f"parent: {', '.join(parent_info['components'])}"] if parent_info else []
    if not rows:
        notes.append("no registered chemical matches")
    table = Table(["Id", "Tier", "Controlled in", "May be covered in", "Explanation"], rows, title=title, notes=notes)
    emit(chosen_format(fmt), record, [table])
    if not any(m.tier in CONTROL_TIERS for m in matches):
        raise typer.Exit(1)


def screen_command(
    input_path: Annotated[
        str,
        typer.Argument(
            metavar="INPUT", help="A .smi, .csv, .tsv or .sdf file (optionally .gz), a .parquet file, or - for stdin."
        ),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write rows here (.csv, .jsonl or .parquet); default stdout.")
    ] = None,
    out_format: Annotated[
        OutputFormat | None, typer.Option("--out-format", help="csv, jsonl or parquet (default: from --out).")
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
    jurisdiction: Annotated[str | None, typer.Option("--jurisdiction", "-j", help="Only this jurisdiction.")] = None,
    similar: SimilarOption = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Worker processes (--engine local).")] = 1,
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
    """Screen an inventory or catalogue: one output row per input record, in input order."""
    import contextlib

    from chemref.cli.app import day_on, jurisdiction_key, load_registry
    from chemref.screening import EngineError
    from chemref.screening.parquet import ParquetSink, is_parquet
    from chemref.structure.readers import InputError, detect_format, open_smi_lines, read_parquet, read_records
    from chemref.structure.screen import ScreenContext, header, run_rendered

    if engine is Engine.local and (scheduler is not None or partition_size is not None):
        raise _fail("--scheduler and --partition-size need --engine dask", 2)
    day = day_on(on)
    registry = load_registry()
    key = jurisdiction_key(registry, jurisdiction)
    by_suffix = {".jsonl": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
    chosen = out_format.value if out_format else by_suffix.get(out.suffix.lower() if out else "", "csv")
    if chosen == "parquet" and out is None:
        raise _fail("Parquet output needs --out FILE", 2)
    rendered = "csv" if chosen == "parquet" else chosen  # a Parquet sink reads rendered CSV blocks
    try:
        fmt_in = input_format.value if input_format else ("smi" if input_path == "-" else None)
        fmt_in = fmt_in or ("parquet" if is_parquet(input_path) else detect_format(input_path))
        records: Any = (
            open_smi_lines(input_path)
            if fmt_in == "smi"
            else read_parquet(input_path, structure_column, id_column)
            if fmt_in == "parquet"
            else read_records(input_path, fmt_in, structure_column, id_column)  # type: ignore[arg-type]
        )
        context = ScreenContext.build(registry, day, similar, key)
        counts = {"match": 0, "no_match": 0, "invalid": 0}
        with contextlib.ExitStack() as stack:
            if chosen == "parquet":
                assert out is not None
                sink: Any = ParquetSink(out)
                stack.callback(sink.close)
            else:
                sink = stack.enter_context(out.open("w", encoding="utf-8", newline="")) if out else sys.stdout
                sink.write(header(chosen))
            if engine is Engine.dask:
                from chemref.screening.dask_engine import DEFAULT_PARTITION_SIZE, connect, run_dask

                client = stack.enter_context(connect(scheduler))
                size = partition_size or DEFAULT_PARTITION_SIZE
                blocks: Any = run_dask(records, context, rendered, client, size)
            else:
                blocks = run_rendered(records, context, rendered, jobs=jobs)
            progress = _progress(stack, show=sys.stderr.isatty())
            for block in blocks:
                sink.write(block.text)
                for key, value in block.counts.items():
                    counts[key] += value
                if progress is not None:
                    progress(block.last_record)
    except (InputError, EngineError) as exc:
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
