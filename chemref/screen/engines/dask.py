"""``chemref screen --engine dask``: the pure ``screen_batch`` mapped over partitions on a Dask cluster.

Where each record begins and ends is the readers' decision (a quoted CSV field may span lines,
a molblock ends at ``$$$$``, a gzip stream cannot be split by byte range), so this process reads
the input once, in order, and cuts it into partitions of ``partition_size`` records. Each
partition is one Dask task that builds, screens and renders its records on a worker, exactly as
the local engine does in its process pool, so the output is the same, byte for byte.

It is an engine, not a runner: ``DaskProducer`` is a ``batch.Producer``, and ``batch.Run`` reads
the input (one ``readers.Reader``), counts, writes the output and its sidecar, stops at a partition
boundary on SIGINT or SIGTERM, and sets the exit status, exactly as for ``--engine local``.

- The ``ScreenContext`` (structure index and statuses for the day) is built once, here, and
  pickled once (a few kilobytes). Every task carries those bytes and a token; each worker process
  unpickles them the first time it sees the token and keeps that copy (with its memo) for every
  later partition, so no partition rebuilds it. Not ``scatter``: the active memory manager trims
  scattered replicas, and scattered data dies with the last worker holding it, while bytes in the
  task survive any worker's death.
- At most ``in_flight`` partitions are submitted and not yet written; results are taken in input
  order and written as they arrive, so memory stays flat and no process holds the whole output.
- A partition's records travel inside its task, so when a worker dies the scheduler runs the
  partition again on another worker (Dask's ``allowed-failures``). Its rows are written once,
  when its result arrives: nothing is lost or duplicated.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import pickle
import signal
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chemref.screen.chunks import ScreenFn, chunks, records_of
from chemref.screen.errors import EngineError
from chemref.screen.inputs import Record, SmiLine
from chemref.screen.rows import Block, block_of
from chemref.screen.structures import ScreenContext, screen_batch

if TYPE_CHECKING:
    from distributed import Client, Future

DEFAULT_PARTITION_SIZE = 20_000

# Dask settings for the embedded cluster's workers: CPU for screening, not for diagnostics; and
# this module preloaded, so that ``dask_setup`` leaves SIGINT and SIGTERM to the command.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.preload": [__name__],
}

Item = Record | SmiLine
PartitionTask = Callable[[int, list[Item], Any, str], Block]

# In each worker process: the contexts it has unpickled, by token (the latest few runs).
_CONTEXTS: dict[str, Any] = {}
_KEEP = 4


class SharedContext:
    """A screening context pickled once by the command, unpickled once per worker process."""

    def __init__(self, context: Any) -> None:
        self.token = uuid.uuid4().hex
        self.blob = pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL)

    def get(self) -> Any:
        context = _CONTEXTS.get(self.token)
        if context is None:
            context = pickle.loads(self.blob)  # noqa: S301 - bytes this run's own command pickled
            while len(_CONTEXTS) >= _KEEP:
                del _CONTEXTS[next(iter(_CONTEXTS))]
            _CONTEXTS[self.token] = context
        return context


def screen_partition(
    first: int, items: list[Item], context: ScreenContext, fmt: str, function: ScreenFn | None = None
) -> Block:
    """One partition: its records (or raw SMILES lines numbered from ``first``) screened and rendered,
    by ``screen_batch`` or the run's own screening function (``identifiers.screen_identifiers``)."""
    return block_of((function or screen_batch)(records_of(items, first), context), fmt)


def _run_partition(task: PartitionTask, first: int, items: list[Item], shared: SharedContext, fmt: str) -> Block:
    return task(first, items, shared.get(), fmt)


def dask_setup(worker: object) -> None:
    """Run by each embedded worker as it starts (Dask's preload hook): ignore SIGINT and SIGTERM.

    A Ctrl-C goes to the whole process group, the embedded cluster's workers included. As in the
    local engine's process pool, the command alone decides when to stop (``batch.Stopper``: at a
    partition boundary, the partitions in flight finished and written); a worker killed by it
    would take its partitions with it. The cluster is closed with the command.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


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
    listens on 127.0.0.1 only (its HTTP routes too, on a free port), and its workers do not run
    Dask's statistical profiler, which costs them about a tenth of their CPU on this workload, and
    do their housekeeping (tick, system monitor) less often: a few more percent.

    Dask keeps the last ``distributed.admin.low-level-log-length`` (1000) messages of every
    connection for debugging; here each message carries a partition's records, so the client and
    the embedded scheduler keep none, or memory would grow with the input up to that many partitions.
    """
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError("the Dask engine needs Dask: pip install 'chemref[dask]'") from exc
    no_message_log = dask.config.set({"distributed.admin.low-level-log-length": 0})
    if scheduler is not None:
        with no_message_log:
            try:
                client = Client(scheduler)  # waits up to Dask's distributed.comm.timeouts.connect
            except (OSError, TimeoutError, ValueError) as exc:
                raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
            with client:
                yield client
        return
    with (
        no_message_log,
        dask.config.set(QUIET_WORKERS),
        LocalCluster(
            n_workers=workers or machine_workers(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # its HTTP routes on loopback; no port 8787 clash
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_dask(
    items: Iterable[Item],
    context: Any,
    fmt: str,
    client: Client,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    in_flight: int | None = None,
    task: PartitionTask = screen_partition,
    first: int = 1,
    stop: Callable[[], bool] = lambda: False,
) -> Iterator[Block]:
    """Rendered blocks, one per partition, in input order (see the module's docstring).

    ``items`` are Records, or the raw lines of a SMILES file (``ReaderOptions(raw_smi=True)``), as for the
    local engine; the first is record ``first``. ``stop`` is asked after each partition is
    submitted: once it says so, no more are read, and those submitted are finished and yielded.
    ``task`` is the partition function (tests swap in one that kills its worker).
    """
    shared = SharedContext(context)
    limit = in_flight or 2 * max(1, sum(client.nthreads().values()))
    pending: deque[tuple[int, Future[Block]]] = deque()
    number = first
    try:
        for chunk in chunks(items, partition_size):
            key = f"screen_partition-{shared.token}-{number}"
            pending.append((number, client.submit(_run_partition, task, number, chunk, shared, fmt, key=key)))
            number += len(chunk)
            if len(pending) >= limit:
                yield _result(*pending.popleft())
            if stop():
                break
        while pending:
            yield _result(*pending.popleft())
    finally:
        for _, future in pending:  # a run that stops early leaves no task behind on the cluster
            future.release()


@dataclass
class DaskProducer:
    """The Dask engine as a ``batch.Producer``: ``Run`` gives it the items, it gives back the blocks."""

    client: Client
    function: ScreenFn
    context: Any
    partition_size: int | None = None
    in_flight: int | None = None

    def __call__(self, items: Iterable[Item], fmt: str, first: int, stop: Callable[[], bool]) -> Iterator[Block]:
        task: PartitionTask = (
            screen_partition
            if self.function is screen_batch
            else functools.partial(screen_partition, function=self.function)
        )
        return run_dask(
            items,
            self.context,
            fmt,
            self.client,
            self.partition_size or DEFAULT_PARTITION_SIZE,
            self.in_flight,
            task,
            first,
            stop,
        )


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
