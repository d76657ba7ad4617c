"""The Typer application and what every command shares: options, the registry, errors.

Exit codes everywhere: 0 found / valid, 1 not found / data invalid, 2 bad input or usage.
This module imports only Typer and chemref's output types, so that start-up stays fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from chemref.output import Format

if TYPE_CHECKING:
    from chemref.answers import Kind
    from chemref.models import Chemical, Registry

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


F = TypeVar("F", bound=Callable[..., None])

# Commands are collected here and attached to the Typer app only when needed: Typer builds a parser
# for every attached command at start-up, so `chemref history` attaches `history` alone.
COMMANDS: dict[str, Callable[..., None]] = {}


def command(name: str) -> Callable[[F], F]:
    """Declare a command without attaching it yet."""

    def declare(function: F) -> F:
        COMMANDS[name] = function
        return function

    return declare


def attach(names: Iterable[str]) -> None:
    """Attach declared commands to the app, each once."""
    present = {info.name for info in app.registered_commands}
    for name in names:
        if name not in present:
            app.command(name)(COMMANDS[name])
            present.add(name)


class State:
    registry_path: Path | None = None


def fail(message: str, code: int) -> NoReturn:
    typer.echo(f"chemref: {message}", err=True)
    raise typer.Exit(code)


def _print_version(ctx: typer.Context, value: bool) -> None:
    if not value:
        return
    from chemref.provenance import version_text

    # --registry is processed before --version (declared first), so its value is already here.
    typer.echo(version_text(ctx.params.get("registry")))
    raise typer.Exit(0)


@app.callback()
def main_options(
    registry: Annotated[
        Path | None,
        typer.Option(
            "--registry",
            envvar="CHEMREF_REGISTRY",
            help="Registry directory to read instead of the bundled one (e.g. a working tree under review).",
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
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
    State.registry_path = registry


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


def chosen_format(value: Format | None) -> Format:
    if value is not None:
        return value
    return Format.table if sys.stdout.isatty() else Format.markdown


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


def load_registry() -> Registry:
    from chemref.location import resolve_path
    from chemref.problems import RegistryError
    from chemref.registry import load

    path = resolve_path(State.registry_path)
    try:
        return load(path)
    except RegistryError as exc:
        fail(f"the registry at {path} is invalid: {exc}. Run 'chemref validate' for every problem.", 1)


def find_chemical(registry: Registry, query: str) -> Chemical:
    from chemref.keys import QueryError
    from chemref.names import NotFound, find

    try:
        return find(registry, query)
    except QueryError as exc:
        fail(str(exc), 2)
    except NotFound as exc:
        fail(str(exc), 1)


def jurisdiction_keys(registry: Registry, values: list[str] | None) -> list[str] | None:
    """The jurisdiction keys the -j options name, in registry order; None means all. Unknown codes exit 2."""
    from chemref.jurisdictions import UnknownJurisdiction, resolve

    if not values:
        return None
    try:
        return resolve(registry, values)
    except UnknownJurisdiction as exc:
        fail(str(exc), 2)


def provenance_of(registry: Registry, on: dt.date | None = None) -> dict[str, object]:
    from chemref.location import resolve_path
    from chemref.provenance import provenance

    return provenance(registry, resolve_path(State.registry_path), on)


def everyday_answer(
    kind: Kind, query: str, day: dt.date, jurisdiction: list[str] | None, today: bool
) -> dict[str, Any]:
    """The JSON record of ``chemref KIND QUERY``: read from today's stored answers when the question
    is an everyday one (every jurisdiction, today), else computed; computing one stores today's."""
    from chemref import answers
    from chemref.location import resolve_path

    path = resolve_path(State.registry_path)
    everyday = today and not jurisdiction
    if everyday and (stored := answers.stored(path, kind, query, day)) is not None:
        return stored
    registry = load_registry()
    chemical = find_chemical(registry, query)
    record = answers.compute(registry, path, kind, chemical, day, jurisdiction_keys(registry, jurisdiction))
    if everyday:
        answers.store(registry, path, day)
    return record


def day_on(value: str | None) -> dt.date:
    from chemref.clock import today

    if value is None:
        try:
            return today()
        except ValueError as exc:
            fail(str(exc), 2)
    from chemref.dates import parse_day

    try:
        return parse_day(value)
    except ValueError as exc:
        fail(f"--on: {exc}", 2)
