"""The Typer application and what every command shares: options, the registry, errors.

Exit codes everywhere: 0 found / valid, 1 not found / data invalid, 2 bad input or usage.
Commands are thin: parse options, call one library function, render its typed answer, map errors
to exit codes.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from chemref.registry.dates import parse_day, today
from chemref.registry.jurisdictions import UnknownJurisdiction, resolve
from chemref.registry.load import load
from chemref.registry.models import Chemical, Registry
from chemref.registry.names import NotFound, QueryError, find
from chemref.registry.paths import resolve_path
from chemref.registry.problems import RegistryError
from chemref.render.formats import Format

app = typer.Typer(
    name="chemref",
    help="An open, cited reference of how precursor chemicals are controlled: where, under which "
    "instrument, since when. Identity, legal status, dates and citations only. "
    "--registry PATH may be given before or after the command.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class State:
    registry_path: Path | None = None


def fail(message: str, code: int) -> NoReturn:
    typer.echo(f"chemref: {message}", err=True)
    raise typer.Exit(code)


def _print_version(ctx: typer.Context, value: bool) -> None:
    if not value:
        return
    from chemref.answers.provenance import version_text

    # --registry is processed before --version (declared first), so its value is already here.
    typer.echo(version_text(ctx.params.get("registry")))
    raise typer.Exit(0)


def _set_registry(value: Path | None) -> Path | None:
    if value is not None:
        State.registry_path = value
    return value


RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        envvar="CHEMREF_REGISTRY",
        help="Registry directory to read instead of the bundled one (e.g. a working tree under review).",
        show_default=False,
        metavar="PATH",
        callback=_set_registry,
        is_eager=True,
    ),
]


@app.callback()
def main_options(
    registry: RegistryOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print chemref's version and the registry's data version (content hash, checked-through date).",
            callback=_print_version,
            is_eager=False,
        ),
    ] = False,
) -> None:
    State.registry_path = registry  # reset on every invocation; a command's own --registry may override it


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table, json, csv or markdown [default: table on a terminal, markdown when piped].",
        show_default=False,
        case_sensitive=False,
        metavar="FORMAT",
    ),
]

JurisdictionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--jurisdiction",
        "-j",
        help="Only these jurisdictions; repeat the option for several (e.g. -j US -j CA). Codes, aliases such as "
        "UK, USA or NI, and names are accepted in any case.",
        show_default=False,
        metavar="CODE",
    ),
]

OnOption = Annotated[
    str | None, typer.Option("--on", help="Date to answer for, YYYY-MM-DD (default: today).", metavar="DATE")
]

QueryArgument = Annotated[str, typer.Argument(help="Name, synonym, CAS RN or InChIKey.", metavar="QUERY")]

MIN_TABLE_WIDTH = 40


def chosen_format(value: Format | None) -> Format:
    """The format asked for; by default a table on a terminal wide enough for one, else Markdown."""
    if value is not None:
        return value
    if not sys.stdout.isatty():
        return Format.markdown
    return Format.table if terminal_width() >= MIN_TABLE_WIDTH else Format.markdown


def terminal_width(stream: Any = None) -> int:
    """The width of the terminal ``stream`` (standard output by default) is shown in: $COLUMNS when it is a
    positive number, else what the terminal says, else 80."""
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    try:
        return os.get_terminal_size((stream or sys.stdout).fileno()).columns
    except (OSError, ValueError):
        return 80


def registry_path() -> Path:
    return resolve_path(State.registry_path)


def load_registry() -> Registry:
    path = registry_path()
    if not path.is_dir():
        fail(f"no registry directory at {path}: check the path given to --registry (or $CHEMREF_REGISTRY)", 2)
    try:
        return load(path)
    except RegistryError as exc:
        fail(
            f"the registry at {path} is invalid: {exc}. Run 'chemref validate --registry {path}' for every problem.", 1
        )


def find_chemical(registry: Registry, query: str) -> Chemical:
    try:
        return find(registry, query)
    except QueryError as exc:
        fail(str(exc), 2)
    except NotFound as exc:
        fail(str(exc), 1)


def jurisdiction_keys(registry: Registry, values: list[str] | None) -> list[str] | None:
    """The jurisdiction keys the -j options name, in registry order; None means all. Unknown codes exit 2."""
    if not values:
        return None
    try:
        return resolve(registry, values)
    except UnknownJurisdiction as exc:
        fail(str(exc), 2)


def day_on(value: str | None) -> dt.date:
    """The day to answer for: --on, else today ($CHEMREF_TODAY when set)."""
    if value is None:
        try:
            return today()
        except ValueError as exc:
            fail(str(exc), 2)
    try:
        return parse_day(value)
    except ValueError as exc:
        fail(f"--on: {exc}", 2)
