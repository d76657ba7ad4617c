"""Stopping a screen cleanly: SIGINT and SIGTERM end a run at a chunk boundary, never inside RDKit."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def hold_stop_signals() -> None:
    """Block SIGINT and SIGTERM in this thread, before RDKit and the ChEMBL pipeline are imported, so
    that the helper threads they start inherit the block and never take a Ctrl-C (RDKit swaps in a
    SIGINT handler of its own around some operations, which would swallow it). ``Stopper``
    unblocks them again in this thread."""
    if threading.current_thread() is threading.main_thread():
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)


class Stopper:
    """SIGINT and SIGTERM ask the run to stop at the next chunk boundary; a second one stops it now.

    While a chunk is screened in this process (``shield``) they are held back, and delivered when
    it is done, so RDKit never sees them.
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self._saved: dict[int, Any] = {}

    def __call__(self) -> bool:
        return self.signum is not None

    def _handle(self, signum: int, frame: object) -> None:
        if self.signum is not None:
            raise KeyboardInterrupt
        self.signum = signum

    @contextlib.contextmanager
    def shield(self) -> Iterator[None]:
        """Hold SIGINT and SIGTERM back while a chunk is screened in this process: RDKit installs a
        SIGINT handler of its own around some operations, which would swallow the signal."""
        if not self._saved:
            yield
            return
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)

    def __enter__(self) -> Stopper:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._saved[signum] = signal.signal(signum, self._handle)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._saved.items():
            signal.signal(signum, handler)
