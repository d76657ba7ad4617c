"""The data gate: validate, lint and coverage."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import Annotated

import typer

from chemref.answers.coverage_report import coverage
from chemref.answers.provenance import provenance
from chemref.cli.app import (
    FormatOption,
    OnOption,
    RegistryOption,
    State,
    app,
    chosen_format,
    day_on,
    fail,
    load_registry,
    registry_path,
)
from chemref.registry.dates import today
from chemref.registry.load import RegistryNotFound, containing_registry, is_installed, is_registry
from chemref.registry.paths import ENV_VAR
from chemref.render.formats import emit
from chemref.render.tables import coverage_tables


class ValidateFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


def contributor_registry(files: list[Path] | None = None) -> Path:
    """The registry a contributor means: the one holding the given files (pre-commit passes them), else
    --registry or $CHEMREF_REGISTRY, else ./registry in a checkout, else the installed copy (said on stdout)."""
    if files:
        try:
            return containing_registry(files)
        except RegistryNotFound as exc:
            fail(str(exc), 2)
    if State.registry_path is not None or os.environ.get(ENV_VAR):
        return registry_path()
    local = Path("registry")
    if is_registry(local):
        return local
    path = registry_path()
    typer.echo(f"note: checking the installed copy at {path} (no ./registry here; pass --registry PATH for another)")
    return path


@app.command("validate")
def validate_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Registry files (as pre-commit passes them): check the registry that holds them."),
    ] = None,
    fmt: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", help="text, json, or GitHub annotations.", case_sensitive=False),
    ] = ValidateFormat.text,
    registry: RegistryOption = None,
) -> None:
    """Check the registry: schema, identifiers, dates, references, citations, list readings, canonical form, prose.

    In a checkout, ./registry is checked unless --registry names another. Exit 1 when any error is found;
    warnings (such as a finding past its freshness window) are reported but do not fail. Checks that depend
    on the date use $CHEMREF_TODAY when it is set.
    """
    # The validator and the YAML it reads load here, not when any other command starts.
    from chemref.checks.report import validation_report
    from chemref.checks.validate import validate

    path = contributor_registry(files)
    if not path.is_dir():
        fail(f"no registry directory at {path}: check the path given to --registry", 2)
    try:
        day = today()
    except ValueError as exc:
        fail(str(exc), 2)
    problems = validate(path, on=day)
    report = validation_report(path, problems, fmt.value)
    if report:
        typer.echo(report)
    errors = [p for p in problems if p.severity == "error"]
    raise typer.Exit(1 if errors else 0)


@app.command("lint")
def lint_command(
    fix: Annotated[bool, typer.Option("--fix", help="Rewrite files into canonical form.")] = False,
    registry: RegistryOption = None,
) -> None:
    """Report (or with --fix, rewrite) registry files that are not in canonical form (./registry in a checkout)."""
    from chemref.checks.lint import lint  # YAML's writer, loaded for this command only

    path = contributor_registry()
    if not path.is_dir():
        fail(f"no registry directory at {path}: check the path given to --registry", 2)
    if fix and is_installed(path):
        fail(
            f"{path} is the installed copy of the registry, which is read-only: "
            "pass --registry PATH to rewrite a working copy",
            2,
        )
    report = lint(path, fix)
    for p in report.problems:
        typer.echo(f"{p.where()}: [{p.rule}] {p.message}", err=True)
    if report.problems:
        fail("cannot lint a registry that does not load; fix the problems above first", 1)
    for name in report.changed:
        typer.echo(f"{'rewrote' if fix else 'not canonical'}: {name}")
    for name in report.misnamed:
        typer.echo(f"{'removed' if fix else 'not canonical'}: {name} (registry files end in .yml)")
    typer.echo(f"registry {path}: {'canonical' if report.canonical else 'checked'}")
    if not (report.canonical or fix):
        typer.echo(f"run 'chemref lint --fix --registry {path}' to rewrite them")
        raise typer.Exit(1)


@app.command("coverage")
def coverage_command(on: OnOption = None, fmt: FormatOption = None, registry: RegistryOption = None) -> None:
    """How far the registry can be trusted: each cell's decision, basis, last check and freshness; then totals."""
    loaded = load_registry()
    day = day_on(on)
    answer = coverage(loaded, day).model_copy(update={"provenance": provenance(loaded, registry_path(), day)})
    tables = coverage_tables(answer)
    emit(chosen_format(fmt), answer, tables, csv_table=tables[0])
