"""Cutting an input into chunks and screening them in input order, in this process or in a bounded
pool of worker processes (the local engine)."""

from __future__ import annotations

import contextlib
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from chemref.answers.models import ScreenRow
from chemref.screen.inputs import Record, SmiLine, records_from_lines
from chemref.screen.rows import Block, block_of

T = TypeVar("T")
ScreenFn = Callable[[Sequence[Record], Any], list[ScreenRow]]


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def records_of(chunk: Sequence[Record | SmiLine], first: int) -> list[Record]:
    """A chunk as Records: it already is, or it holds raw SMILES lines numbered from ``first``."""
    if all(isinstance(item, Record) for item in chunk):
        return list(chunk)  # type: ignore[arg-type]
    return records_from_lines(first, [item for item in chunk if not isinstance(item, Record)])


_WORKER: tuple[ScreenFn, Any] | None = None


def _init_worker(function: ScreenFn, context: Any) -> None:
    global _WORKER
    _WORKER = (function, context)
    # The parent decides when to stop (at a chunk boundary), even when the signal went to the group.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _in_worker(first: int, chunk: list[Record | SmiLine], fmt: str) -> Block:
    assert _WORKER is not None
    function, context = _WORKER
    return block_of(function(records_of(chunk, first), context), fmt)


def blocks(
    items: Iterable[Record | SmiLine],
    function: ScreenFn,
    context: Any,
    fmt: str,
    jobs: int = 1,
    chunk_size: int = 1000,
    first: int = 1,
    stop: Callable[[], bool] = lambda: False,
    shield: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext,
) -> Iterator[Block]:
    """Rendered output blocks in input order. ``stop`` is asked before each chunk is read; once it
    says so, the chunks already read are finished and no more are read.

    With ``jobs > 1`` workers build, screen and render whole chunks, so this process only reads and
    writes; at most ``2 * jobs`` chunks are in flight.
    """
    number = first
    if jobs <= 1:
        for chunk in chunks(items, chunk_size):
            batch = records_of(chunk, number)
            number += len(chunk)
            with shield():
                done = block_of(function(batch, context), fmt)
            yield done
            if stop():
                return
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(function, context)) as pool:
        pending: deque[Future[Block]] = deque()
        for chunk in chunks(items, chunk_size):
            pending.append(pool.submit(_in_worker, number, chunk, fmt))
            number += len(chunk)
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
            if stop():
                break
        while pending:
            yield pending.popleft().result()
