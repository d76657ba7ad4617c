"""The data gate: validate and lint."""

from __future__ import annotations

import enum
import json
from typing import Annotated

import typer

from chemref.cli.app import State, app, fail

COMMANDS = frozenset({"validate", "lint"})


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
