"""Running the command line in this process, as a script would see it: exit code, standard output and
standard error apart. A fresh process costs about a second of imports; a test needs one only for what a
process has and this does not (a terminal, signals, a clean import state), and says so."""

from __future__ import annotations

import contextlib
import os
import signal
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from typer.testing import CliRunner

from chemref.cli import app

TODAY = "2026-12-06"
T = TypeVar("T", str, bytes)


@dataclass
class Ran(Generic[T]):
    """What ``subprocess.run`` gives, for a command run in this process."""

    returncode: int
    stdout: T
    stderr: T


@contextlib.contextmanager
def _working_directory(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _invoke(args: tuple[str, ...], env: dict[str, str] | None, cwd: Path | None, stdin: bytes | None) -> Ran[bytes]:
    environment = {"CHEMREF_TODAY": TODAY, **(env or {})}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])  # screen holds SIGINT/SIGTERM back while it runs
    try:
        with _working_directory(cwd):
            result = CliRunner().invoke(app, list(args), input=stdin, env=environment, catch_exceptions=True)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    stderr = result.stderr_bytes or b""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # As chemref.cli.main reports a bug: one line; the traceback is kept for the test's own message.
        detail = "".join(traceback.format_exception(result.exception))
        stderr += f"chemref: internal error ({type(result.exception).__name__}: {result.exception})\n".encode()
        stderr += f"[in-process traceback, for the test log]\n{detail}".encode()
    return Ran(result.exit_code, result.stdout_bytes, stderr)


def chemref(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, stdin: str | None = None
) -> Ran[str]:
    """``chemref ARGS`` with text output, ``CHEMREF_TODAY`` fixed unless ``env`` sets it."""
    ran = _invoke(args, env, cwd, stdin.encode("utf-8") if stdin is not None else None)
    return Ran(ran.returncode, ran.stdout.decode("utf-8"), ran.stderr.decode("utf-8"))


def chemref_bytes(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, stdin: bytes | None = None
) -> Ran[bytes]:
    """``chemref ARGS`` with byte output (screen writes bytes)."""
    return _invoke(args, env, cwd, stdin)


def crashed(ran: Ran[str]) -> bool:
    return "internal error" in ran.stderr or "Traceback" in ran.stdout
