"""Interrupting a running ``chemref screen`` as Ctrl-C does, once its output has grown (shared by the
local and the Dask engine's tests)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path


def interrupt_screen(
    args: list[str], out: Path, after_lines: int, signum: int, env: dict[str, str], timeout: float
) -> tuple[int, str]:
    """Run ``chemref screen ARGS --out OUT`` in its own process group; once OUT has more than
    ``after_lines`` lines, send ``signum`` to the whole group. Returns the exit status and stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "chemref", "screen", *args, "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    # The sidecar is rewritten about once a second: watch the output itself grow.
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if out.read_bytes().count(b"\n") > after_lines:
                break
        time.sleep(0.02)
    os.killpg(process.pid, signum)  # as Ctrl-C does, to the whole process group, workers included
    assert process.stderr is not None
    error = process.stderr.read().decode()
    return process.wait(timeout=timeout), error
