"""``chemref schema``: the JSON Schema of an answer, generated from its model."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from chemref.answers.schemas import SCHEMAS, schema_of
from chemref.cli.app import app, fail


@app.command("schema")
def schema_command(
    name: Annotated[
        str | None,
        typer.Argument(help=f"Which answer: {', '.join(SCHEMAS)}. Without it, the names are listed.", metavar="NAME"),
    ] = None,
) -> None:
    """Print the JSON Schema of a command's --format json answer (or of a screen row)."""
    if name is None:
        typer.echo("\n".join(SCHEMAS))
        return
    if name not in SCHEMAS:
        fail(f"no answer named {name!r}; the names are: {', '.join(SCHEMAS)}", 2)
    typer.echo(json.dumps(schema_of(name), indent=2, ensure_ascii=False))
