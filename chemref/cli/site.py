"""``chemref docs``: the documentation site.

Attached only when ``chemref docs`` is invoked; this module imports only Typer; MkDocs, RDKit and the
page generators load inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="docs",
    help="The documentation site, generated from the registry.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("build")
def build_command(
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Directory to write the site to (default: site/ in the source checkout)."),
    ] = None,
) -> None:
    """Generate the pages from the registry and build the static site with mkdocs build --strict."""
    from chemref.cli.app import State, fail
    from chemref.docs import build

    if not build.mkdocs_available():
        fail("building the site needs MkDocs and mkdocs-material: pip install 'chemref[docs]'", 2)
    from chemref.clock import today
    from chemref.location import resolve_path
    from chemref.registry import load
    from chemref.validate import validate

    path = resolve_path(State.registry_path)
    problems = [p for p in validate(path) if p.severity == "error"]
    if problems:
        for p in problems:
            typer.echo(f"{p.where()}: [{p.rule}] {p.message}", err=True)
        fail(f"the registry at {path} does not validate ({len(problems)} problem(s)); the site was not built", 1)
    target = out if out is not None else Path("site")
    try:
        report = build.build_site(load(path), today(), target)
    except build.BuildFailed as exc:
        fail(str(exc), 1)
    typer.echo(f"built {report.pages} pages ({report.chemicals} chemicals) into {report.site_dir}")
