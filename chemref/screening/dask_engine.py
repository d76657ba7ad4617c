"""``chemref screen --engine dask``: the pure ``screen_batch`` mapped over partitions on a Dask cluster.

Where each record begins and ends is the readers' decision (a quoted CSV field may span lines,
a molblock ends at ``$$$$``, a gzip stream cannot be split by byte range), so this process reads
the input once, in order, and cuts it into partitions of ``partition_size`` records. Each
partition is one Dask task that builds, screens and renders its records on a worker, exactly as
the local engine does in its process pool, so the output is the same, byte for byte.

- The ``ScreenContext`` (structure index and statuses for the day) is built once, here, and
  broadcast to every worker with ``scatter``; partitions receive that copy, never rebuild it.
- At most ``in_flight`` partitions are submitted and not yet written; results are taken in input
  order and written as they arrive, so memory stays flat and no process holds the whole output.
- A partition's records travel inside its task, so when a worker dies the scheduler runs the
  partition again on another worker (Dask's ``allowed-failures``). Its rows are written once,
  when its result arrives: nothing is lost or duplicated.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from chemref.screening import EngineError
from chemref.structure.readers import Record
from chemref.structure.screen import Block, ScreenContext, _block, _chunks, _records_of, screen_batch

if TYPE_CHECKING:
    from distributed import Client, Future

DEFAULT_PARTITION_SIZE = 20_000

Item = Record | bytes | str
PartitionTask = Callable[[int, list[Item], ScreenContext, str], Block]


def screen_partition(first: int, items: list[Item], context: ScreenContext, fmt: str) -> Block:
    """One partition: its records (or raw SMILES lines numbered from ``first``) screened and rendered."""
    return _block(screen_batch(_records_of(items, first), context), fmt)


def machine_workers() -> int:
    """Worker processes for an embedded cluster: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new local cluster on the loopback interface.

    The embedded cluster has one single-threaded worker process per core (RDKit holds the GIL),
    listens on 127.0.0.1 only, and has no dashboard.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError("the Dask engine needs Dask: pip install 'chemref[dask]'") from exc
    if scheduler is not None:
        try:
            client = Client(scheduler)  # waits up to Dask's distributed.comm.timeouts.connect
        except (OSError, TimeoutError, ValueError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or machine_workers(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_dask(
    items: Iterable[Item],
    context: ScreenContext,
    fmt: str,
    client: Client,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    in_flight: int | None = None,
    task: PartitionTask = screen_partition,
) -> Iterator[Block]:
    """Rendered blocks, one per partition, in input order (see the module's docstring).

    ``items`` are Records, or the raw lines of a SMILES file (``readers.smi_lines``), as for the
    local engine. ``task`` is the partition function (tests swap in one that kills its worker).
    """
    shared = client.scatter(context, broadcast=True, hash=False)
    limit = in_flight or 2 * max(1, sum(client.nthreads().values()))
    pending: deque[tuple[int, Future[Block]]] = deque()
    number = 1
    for chunk in _chunks(items, partition_size):
        pending.append((number, client.submit(task, number, chunk, shared, fmt, pure=False)))
        number += len(chunk)
        if len(pending) >= limit:
            yield _result(*pending.popleft())
    while pending:
        yield _result(*pending.popleft())


def _result(first: int, future: Future[Block]) -> Block:
    try:
        block: Any = future.result()
    except Exception as exc:
        raise EngineError(f"the partition from record {first} failed: {type(exc).__name__}: {exc}") from exc
    finally:
        future.release()
    if not isinstance(block, Block):
        raise EngineError(f"the partition from record {first} returned {type(block).__name__}, not rendered rows")
    return block
