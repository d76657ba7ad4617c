"""The ``chemref`` command line: thin command modules over the library.

- ``app``: the Typer application and what every command shares;
- ``queries``: status, history, show, list, changes, export;
- ``data``: validate, lint and coverage, the data gate;
- ``structure``: lookup and screen (RDKit loads inside them);
- ``site``: the documentation site (MkDocs loads inside it);
- ``schema``: the JSON Schemas of the answers.
"""

from __future__ import annotations

import gc
import os
import sys

# chemref uses no pydantic plugins; looking for them scans every installed package's entry points, about
# a sixth of a command's start-up (Typer builds a pydantic validator per option).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from chemref.cli import data, queries, schema, site, structure
from chemref.cli.app import app

__all__ = ["app", "main"]

COMMAND_MODULES = (queries, data, structure, site, schema)


def main() -> None:
    # What a command imports and loads (the typed registry is some hundred thousand objects) lives until
    # exit. Frozen, the cyclic collector skips it, while the command runs and in the final collection at
    # exit, which otherwise costs a query command about a quarter of its time. chemref closes its files
    # explicitly, never by collection, so nothing is left unflushed.
    gc.freeze()
    try:
        app()
    except Exception as exc:
        # A bug in chemref must still read as one line, never a traceback (CHEMREF_DEBUG=1 shows it).
        if os.environ.get("CHEMREF_DEBUG"):
            raise
        sys.stderr.write(f"chemref: internal error ({type(exc).__name__}: {exc}); set CHEMREF_DEBUG=1 for details\n")
        raise SystemExit(1) from None
    finally:
        gc.freeze()
