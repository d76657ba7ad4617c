"""The data gate: validate and lint."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Annotated

import typer

from chemref.cli.app import FormatOption, State, chosen_format, command, day_on, fail, load_registry, provenance_of
from chemref.output import emit


class ValidateFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _checked_path(files: list[Path] | None) -> Path:
    """The registry to check: the one containing the given files (pre-commit passes them), else --registry."""
    from chemref.location import resolve_path
    from chemref.registry import RegistryNotFound, containing_registry

    if not files:
        return resolve_path(State.registry_path)
    try:
        return containing_registry(files)
    except RegistryNotFound as exc:
        fail(str(exc), 2)


def _hint_local_copy(path: Path) -> None:
    """Say so when a registry in the working directory was not the one checked (e.g. after 'pip install .')."""
    local = Path("registry")
    if State.registry_path is None and (local / "regimes.yml").is_file() and local.resolve() != path.resolve():
        typer.echo(f"note: ./registry was not checked; pass --registry {local} to check it", err=True)


@command("validate")
def validate_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Registry files (as pre-commit passes them): check the registry that holds them."),
    ] = None,
    fmt: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", help="text, json, or GitHub annotations.", case_sensitive=False),
    ] = ValidateFormat.text,
) -> None:
    """Check the registry: schema, identifiers, dates, references, citations, canonical form, prose.

    Exit 1 when any error is found; warnings (such as a finding past its freshness window) are
    reported but do not fail. Checks that depend on the date use $CHEMREF_TODAY when it is set.
    """
    from chemref.annotations import annotation
    from chemref.clock import today
    from chemref.validate import validate

    path = _checked_path(files)
    try:
        day = today()
    except ValueError as exc:
        fail(str(exc), 2)
    problems = validate(path, on=day)
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    if fmt is ValidateFormat.json:
        record = {"registry": str(path), "valid": not errors, "problems": [p.as_dict() for p in problems]}
        typer.echo(json.dumps(record, indent=2))
    elif fmt is ValidateFormat.github:
        for p in problems:
            typer.echo(annotation(path, p))
    else:
        for p in problems:
            typer.echo(f"{p.where()}: [{p.rule}]{' warning:' if p.severity == 'warning' else ''} {p.message}")
        summary = "valid" if not errors else f"{len(errors)} problem(s)"
        if warnings:
            summary += f", {warnings} warning(s)"
        typer.echo(f"registry {path}: {summary}")
        _hint_local_copy(path)
    raise typer.Exit(1 if errors else 0)


@command("lint")
def lint_command(
    fix: Annotated[bool, typer.Option("--fix", help="Rewrite files into canonical form.")] = False,
) -> None:
    """Report (or with --fix, rewrite) registry files that are not in canonical form."""
    from chemref.canonical import canonical_files
    from chemref.location import CHEMICALS_DIR, resolve_path
    from chemref.registry import build, is_installed, read_files

    path = resolve_path(State.registry_path)
    if fix and is_installed(path):
        fail(
            f"{path} is the installed copy of the registry, which is read-only: "
            "pass --registry PATH to rewrite a working copy",
            2,
        )
    files = read_files(path)
    registry = build(files)
    if registry is None:
        for p in files.problems:
            typer.echo(f"{p.where()}: [{p.rule}] {p.message}", err=True)
        fail("cannot lint a registry that does not load; fix the problems above first", 1)
    canonical = canonical_files(registry)
    changed = [name for name, text in canonical.items() if files.texts.get(name) != text]
    # A chemical written as .yaml is rewritten as .yml, its canonical name, and the old file removed.
    misnamed = [name for name in files.texts if name.startswith(f"{CHEMICALS_DIR}/") and name.endswith(".yaml")]
    if fix:
        for name in changed:
            (path / name).write_text(canonical[name], encoding="utf-8")
        for name in misnamed:
            (path / name).unlink()
    for name in changed:
        typer.echo(f"{'rewrote' if fix else 'not canonical'}: {name}")
    for name in misnamed:
        typer.echo(f"{'removed' if fix else 'not canonical'}: {name} (chemical files end in .yml)")
    typer.echo(f"registry {path}: {'canonical' if not (changed or misnamed) else 'checked'}")
    if (changed or misnamed) and not fix:
        option = f" --registry {State.registry_path}" if State.registry_path is not None else ""
        typer.echo(f"run 'chemref lint --fix{option}' to rewrite them")
        raise typer.Exit(1)


@command("coverage")
def coverage_command(
    on: Annotated[
        str | None, typer.Option("--on", help="Date to answer for, YYYY-MM-DD (default: today).", metavar="DATE")
    ] = None,
    fmt: FormatOption = None,
) -> None:
    """How far the registry can be trusted: each cell's decision, basis, last check and freshness; then totals."""
    from chemref.coverage import coverage
    from chemref.views import coverage_tables

    registry = load_registry()
    day = day_on(on)
    record = {**coverage(registry, day), "provenance": provenance_of(registry, day)}
    tables = coverage_tables(record)
    emit(chosen_format(fmt), record, tables, csv_table=tables[0])
