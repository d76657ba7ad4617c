"""``chemref docs``: the documentation site. MkDocs and RDKit load only inside the command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chemref.cli.app import RegistryOption, app, fail, load_registry, registry_path
from chemref.registry.dates import today

docs_app = typer.Typer(
    name="docs",
    help="The documentation site, generated from the registry.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(docs_app, name="docs")


@docs_app.command("build")
def build_command(
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Directory to write the site to (default: ./site)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace --out even if it holds something chemref did not build.")
    ] = False,
    registry: RegistryOption = None,
) -> None:
    """Generate the pages from the registry and build the static site with mkdocs build --strict."""
    from chemref.checks.validate import validate  # the validator and YAML: only for the data commands and this one
    from chemref.site import build  # MkDocs and RDKit: only for this command

    if not build.mkdocs_available():
        fail("building the site needs MkDocs and mkdocs-material: pip install 'chemref[docs]'", 2)
    path = registry_path()
    if not path.is_dir():
        fail(f"no registry directory at {path}: check the path given to --registry", 2)
    problems = [p for p in validate(path) if p.severity == "error"]
    if problems:
        for p in problems:
            typer.echo(f"{p.where()}: [{p.rule}] {p.message}", err=True)
        fail(f"the registry at {path} does not validate ({len(problems)} problem(s)); the site was not built", 1)
    target = out if out is not None else Path("site")
    try:
        report = build.build_site(load_registry(), today(), target, force=force)
    except build.NotOurs as exc:
        fail(str(exc), 2)
    except build.BuildFailed as exc:
        fail(str(exc), 1)
    typer.echo(
        f"built {report.pages} pages ({report.chemicals} chemicals) into {report.site_dir} "
        f"in {report.seconds:.1f} s ({report.seconds / max(report.chemicals, 1):.3f} s per chemical)"
    )
