"""The ``chemref`` command line.

Exit codes everywhere: 0 found / valid, 1 not found / data invalid, 2 bad input or usage.
Name and identifier look-ups never import RDKit; every command reads only local data.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from chemref.output import Format, Table, emit

if TYPE_CHECKING:
    from chemref.models import Chemical, Registry

app = typer.Typer(
    name="chemref",
    help="An open, cited reference of how precursor chemicals are controlled: where, under which "
    "instrument, since when. Identity, legal status, dates and citations only.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class State:
    registry_path: Path | None = None


def fail(message: str, code: int) -> NoReturn:
    typer.echo(f"chemref: {message}", err=True)
    raise typer.Exit(code)


@app.callback()
def main_options(
    registry: Annotated[
        Path | None,
        typer.Option(
            "--registry",
            envvar="CHEMREF_REGISTRY",
            help="Registry directory to read instead of the bundled one (e.g. a working tree under review).",
            show_default=False,
        ),
    ] = None,
) -> None:
    State.registry_path = registry


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format [default: table on a terminal, markdown when piped].",
        show_default=False,
    ),
]


def _format(value: Format | None) -> Format:
    if value is not None:
        return value
    return Format.table if sys.stdout.isatty() else Format.markdown


JurisdictionOption = Annotated[
    str | None, typer.Option("--jurisdiction", "-j", help="Only this jurisdiction (e.g. UN, US, CN).")
]


def _registry() -> Registry:
    from chemref.problems import RegistryError
    from chemref.registry import load, resolve_path

    path = resolve_path(State.registry_path)
    try:
        return load(path)
    except RegistryError as exc:
        fail(f"the registry at {path} is invalid: {exc}. Run 'chemref validate' for every problem.", 1)


def _find(registry: Registry, query: str) -> Chemical:
    from chemref.names import NotFound, QueryError, find

    try:
        return find(registry, query)
    except QueryError as exc:
        fail(str(exc), 2)
    except NotFound as exc:
        fail(str(exc), 1)


def _jurisdiction(registry: Registry, value: str | None) -> str | None:
    if value is None:
        return None
    for key in registry.jurisdictions:
        if key.casefold() == value.strip().casefold():
            return str(key)
    known = ", ".join(registry.jurisdictions)
    fail(f"unknown jurisdiction {value!r}; known: {known}", 2)


def _day(value: str | None) -> dt.date:
    from chemref.dates import parse_day, today

    if value is None:
        return today()
    try:
        return parse_day(value)
    except ValueError as exc:
        fail(f"--on: {exc}", 2)


@app.command("history")
def history_command(
    query: Annotated[str, typer.Argument(help="Name, synonym, CAS RN or InChIKey.")],
    jurisdiction: JurisdictionOption = None,
    fmt: FormatOption = None,
) -> None:
    """The dated control events of a chemical, oldest first, each with its instrument and sources."""
    from chemref.records import history_record
    from chemref.views import history_table

    registry = _registry()
    chemical = _find(registry, query)
    key = _jurisdiction(registry, jurisdiction)
    record = history_record(registry, chemical, key)
    chosen = _format(fmt)
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

    day = _day(on)
    registry = _registry()
    chemical = _find(registry, query)
    key = _jurisdiction(registry, jurisdiction)
    record = status_record(registry, chemical, day, key)
    emit(_format(fmt), record, [status_table(record)])


@app.command("show")
def show_command(
    query: Annotated[str, typer.Argument(help="Name, synonym, CAS RN or InChIKey.")],
    fmt: FormatOption = None,
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Also write a 2D structure drawing to this SVG file.")
    ] = None,
) -> None:
    """Identity, identifiers and current status of a chemical."""
    from chemref.records import chemical_record, status_record
    from chemref.views import identity_table, status_table

    registry = _registry()
    chemical = _find(registry, query)
    if svg is not None:
        from chemref.structure.depict import structure_svg

        try:
            svg.write_text(structure_svg(chemical), encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {svg}: {exc.strerror}", 2)
    identity = chemical_record(chemical)
    current = status_record(registry, chemical, _day(None))
    record = {**identity, "status": current}
    emit(_format(fmt), record, [identity_table(identity), status_table(current)])


@app.command("list")
def list_command(fmt: FormatOption = None) -> None:
    """Every chemical with its current status in each jurisdiction."""
    from chemref.records import status_record
    from chemref.views import controlled_word

    registry = _registry()
    day = _day(None)
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
    emit(_format(fmt), {"on": day.isoformat(), "chemicals": records}, [table])


class ValidateFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command("validate")
def validate_command(
    fmt: Annotated[ValidateFormat, typer.Option("--format", "-f", help="text, json, or GitHub annotations.")] = (
        ValidateFormat.text
    ),
) -> None:
    """Check the registry: schema, identifiers, dates, references, citations, canonical form, prose."""
    from chemref.registry import resolve_path
    from chemref.validate import validate

    path = resolve_path(State.registry_path)
    problems = validate(path)
    if fmt is ValidateFormat.json:
        typer.echo(
            json.dumps(
                {"registry": str(path), "valid": not problems, "problems": [p.as_dict() for p in problems]}, indent=2
            )
        )
    elif fmt is ValidateFormat.github:
        for p in problems:
            line = f",line={p.line}" if p.line else ""
            typer.echo(f"::error file=registry/{p.file}{line},title={p.rule}::{p.path} {p.message}".replace("\n", " "))
    else:
        for p in problems:
            typer.echo(f"{p.where()}: [{p.rule}] {p.message}")
        summary = "valid" if not problems else f"{len(problems)} problem(s)"
        typer.echo(f"registry {path}: {summary}")
    raise typer.Exit(1 if problems else 0)


@app.command("lint")
def lint_command(
    fix: Annotated[bool, typer.Option("--fix", help="Rewrite files into canonical form.")] = False,
) -> None:
    """Report (or with --fix, rewrite) registry files that are not in canonical form."""
    from chemref.canonical import canonical_files
    from chemref.registry import build, read_files, resolve_path

    path = resolve_path(State.registry_path)
    files = read_files(path)
    registry = build(files)
    if registry is None:
        for p in files.problems:
            typer.echo(f"{p.where()}: [{p.rule}] {p.message}", err=True)
        fail("cannot lint a registry that does not load; fix the problems above first", 1)
    changed = [name for name, text in canonical_files(registry).items() if files.texts.get(name) != text]
    if fix:
        for name, text in canonical_files(registry).items():
            if name in changed:
                (path / name).write_text(text, encoding="utf-8")
    for name in changed:
        typer.echo(f"{'rewrote' if fix else 'not canonical'}: {name}")
    if changed and not fix:
        typer.echo("run 'chemref lint --fix' to rewrite them")
        raise typer.Exit(1)


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

    registry = _registry()
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


def _similar_threshold(argv: list[str]) -> list[str]:
    """`--similar` may be given without a value; supply the default threshold then."""
    from chemref.structure.cli import DEFAULT_SIMILARITY

    out = []
    for position, arg in enumerate(argv):
        out.append(arg)
        following = argv[position + 1] if position + 1 < len(argv) else ""
        if arg == "--similar":
            try:
                float(following)
            except ValueError:
                out.append(str(DEFAULT_SIMILARITY))
    return out


# Everyday commands are defined above; structure and documentation commands live in their own
# modules and are attached only when asked for, so `chemref history` does not pay for them.
CORE_COMMANDS = frozenset({"list", "show", "history", "status", "validate", "lint", "export"})
_extras_attached = False


def attach_extra_commands() -> None:
    """Add lookup, screen and docs to the app (idempotent)."""
    global _extras_attached
    if _extras_attached:
        return
    from chemref.docs.cli import app as docs_app
    from chemref.structure.cli import register

    register(app)
    app.add_typer(docs_app, name="docs")
    _extras_attached = True


def _invoked_command(argv: list[str]) -> str | None:
    skip_value = False
    for arg in argv:
        if skip_value:
            skip_value = False
        elif arg == "--registry":
            skip_value = True
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    argv = sys.argv[1:]
    if _invoked_command(argv) not in CORE_COMMANDS:
        attach_extra_commands()
    if "--similar" in argv:
        sys.argv[1:] = _similar_threshold(argv)
    app()
