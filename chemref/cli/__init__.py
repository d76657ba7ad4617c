"""The ``chemref`` command line: thin command modules over the library.

- ``app``: the Typer application and what every command shares;
- ``queries``: list, show, history, status, export;
- ``data``: validate and lint, the data gate;
- ``structure``: lookup and screen (RDKit);
- ``site``: the documentation site.

The everyday commands are attached at start-up; structure and site commands only when asked
for, so that ``chemref history`` does not pay for RDKit or MkDocs.
"""

from __future__ import annotations

import os
import sys

from chemref.cli import data, queries
from chemref.cli.app import COMMANDS, app, attach

__all__ = ["app", "attach_extra_commands", "main"]

# The everyday commands (declared by the modules imported above), in the order help lists them.
CORE_COMMANDS = ("list", "show", "status", "history", "coverage", "validate", "lint", "export")
assert set(CORE_COMMANDS) == set(COMMANDS), "declare every core command in CORE_COMMANDS"
del data, queries
_extras_attached = False


def attach_extra_commands() -> None:
    """Attach every command: the core ones, then lookup, screen and docs (idempotent)."""
    global _extras_attached
    attach(CORE_COMMANDS)
    if _extras_attached:
        return
    from chemref.cli import site, structure

    structure.register(app)
    app.add_typer(site.app, name="docs")
    _extras_attached = True


def _similar_threshold(argv: list[str]) -> list[str]:
    """`--similar` may be given without a value; supply the default threshold then."""
    from chemref.cli.structure import DEFAULT_SIMILARITY

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


def _registry_first(argv: list[str]) -> list[str]:
    """Move ``--registry PATH`` given after the command to before it, where Typer reads it."""
    moved: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(argv):
        arg = argv[position]
        if arg == "--":
            rest += argv[position:]
            break
        if arg == "--registry" and position + 1 < len(argv):
            moved += argv[position : position + 2]
            position += 2
            continue
        if arg.startswith("--registry="):
            moved.append(arg)
        else:
            rest.append(arg)
        position += 1
    return moved + rest


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
    argv = _registry_first(sys.argv[1:])
    invoked = _invoked_command(argv)
    if invoked in CORE_COMMANDS and "--help" not in argv:
        attach([invoked])
    else:
        attach_extra_commands()
    if "--similar" in argv:
        argv = _similar_threshold(argv)
    sys.argv[1:] = argv
    try:
        app()
    except Exception as exc:
        # A bug in chemref must still read as one line, never a traceback (CHEMREF_DEBUG=1 shows it).
        if os.environ.get("CHEMREF_DEBUG"):
            raise
        sys.stderr.write(f"chemref: internal error ({type(exc).__name__}: {exc}); set CHEMREF_DEBUG=1 for details\n")
        raise SystemExit(1) from None
