"""Writing a command's output to a file without ever overwriting what it reads."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from chemref.cli.app import fail


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through symlinks and hard links too); False if either is missing."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def refuse_overwrite(out: Path, inputs: Iterable[Path]) -> None:
    """Exit 2, before anything is written, when ``out`` is one of the inputs or lies inside an input folder."""
    for given in inputs:
        if same_file(out, given) or (given.is_dir() and inside(out, given)):
            fail(f"--out {out} would overwrite the input {given}; write the output to another file", 2)


def write_output(out: Path, text: str, protect: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``out`` (exit 2 if it cannot be written, or if it is an input)."""
    refuse_overwrite(out, protect)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}", 2)
