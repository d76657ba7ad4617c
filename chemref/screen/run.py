"""Running a screen over a whole input: chunks, worker processes, output, exit status, the summary
sidecar, interruption and resumption. No RDKit here: the screening function is passed in
(``screen.screen_batch`` for structures, ``identifiers.screen_identifiers`` for identifier lists).

Exit status, as grep's: 0 when at least one record matched a registered chemical, 1 when none did
and the input was read whole, 2 when it was not (truncated or corrupt input, or not one record
readable) or the usage was bad. An interrupted run exits 128 + the signal number (130 for SIGINT,
143 for SIGTERM); a run whose reader went away (``| head``) stops quietly with 141, as after SIGPIPE.

Every row that is written belongs to a record, in input order. An output that does not hold a row
for every record ends with a marker line (``rows.incomplete_marker``), and with ``--out`` the
sidecar ``OUT.summary.json`` (rewritten after every chunk) says how far it got, so that
``--resume`` can continue it without duplicating or losing a row.

Where the blocks of rows come from is the engine's business: ``blocks`` here (this process or a
pool of worker processes), or a ``Producer`` such as the Dask engine's
(``chemref.screen.engines.dask.DaskProducer``). ``Run`` reads, counts, writes and stops the same
way for every engine, so their outputs, summaries and exit codes are the same.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from chemref import __version__
from chemref.answers.decision import word
from chemref.answers.status import unregistered_status
from chemref.registry.models import Registry
from chemref.screen.chunks import ScreenFn, blocks
from chemref.screen.errors import EngineError
from chemref.screen.inputs import Reader, Record, SmiLine
from chemref.screen.plan import ScreenPlan
from chemref.screen.rows import COUNTS, Block, header, incomplete_marker
from chemref.screen.sidecar import sidecar_path
from chemref.screen.signals import Stopper

Producer = Callable[[Iterable[Record | SmiLine], str, int, Callable[[], bool]], Iterator[Block]]
"""An engine: ``(items, fmt, first, stop)`` to rendered blocks in input order, the first item being
record ``first``. ``stop`` is asked after each chunk is sent; once it says so, the chunks already
sent are finished and no more are read (as ``blocks`` does)."""

EXIT_MATCH, EXIT_NONE, EXIT_INCOMPLETE, EXIT_BROKEN_PIPE = 0, 1, 2, 141
CHECKPOINT_SECONDS = 1.0  # how often a running screen records its progress in the sidecar


class UsageError(Exception):
    """A run that cannot start (a bad --resume, an output that cannot be opened): exit 2."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def registry_fingerprint(root: Path) -> str:
    """SHA-256 over the registry's files (names and bytes), so a sidecar says which data answered."""
    from chemref.registry.paths import file_names

    digest = hashlib.sha256()
    for name in file_names(root):
        file = root / name
        if file.is_file():
            digest.update(name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class Outcome:
    """What a run did: counts, exit status, and the lines to show on standard error."""

    exit_status: int
    records: int
    counts: dict[str, int]
    messages: list[str] = field(default_factory=list)
    sidecar: dict[str, Any] | None = None


@dataclass
class Run:
    """One screening run of a plan over its input, with the screening function and context it needs."""

    plan: ScreenPlan
    reader: Reader
    function: ScreenFn
    context: Any
    registry_path: Path
    producer: Producer | None = None  # None: ``blocks``, with ``plan.jobs`` processes
    progress: Callable[[int], None] | None = None
    jurisdictions: list[str] = field(default_factory=list)
    # What a record that matched nothing registered means in each jurisdiction, one line each.
    unmatched_meaning: list[str] = field(default_factory=list)
    chunk_size: int = 1000

    @property
    def fmt(self) -> str:
        return self.plan.out_format

    @property
    def out(self) -> Path | None:
        return self.plan.out

    @property
    def jobs(self) -> int:
        return self.plan.jobs

    @property
    def day(self) -> str:
        return self.plan.day.isoformat()

    @property
    def what(self) -> str:
        return self.plan.what

    @functools.cached_property
    def settings(self) -> dict[str, Any]:
        """What a ``--resume`` must repeat exactly."""
        return self.plan.settings(self.reader)

    @property
    def resumable(self) -> bool:
        """Whether ``--resume`` could continue this run's output: a file, not Parquet, read from a file."""
        return self.out is not None and self.fmt != "parquet" and self.reader.regular and self.reader.path != "-"

    @property
    def rendered(self) -> str:
        """The format blocks are rendered in: a Parquet sink reads CSV blocks."""
        return "csv" if self.fmt == "parquet" else self.fmt

    @functools.cached_property
    def registry_sha256(self) -> str:
        return registry_fingerprint(self.registry_path)

    def _sidecar(
        self, state: str, status: int | None, records: int, counts: dict[str, int], size: int, sha: str | None
    ) -> dict[str, Any]:
        stats = self.reader.stats
        try:
            info = os.stat(self.reader.path) if self.reader.path != "-" else None
        except OSError:
            info = None
        return {
            "state": state,
            "exit_status": status,
            "records": records,
            "counts": {**counts, "records": records},
            "counted_as": stats.counted_as,
            "skipped": {
                "blank_lines": stats.blank,
                "comment_lines": stats.comments,
                "header_line": stats.header is not None,
                "empty_sdf_entries": stats.empty_entries,
            },
            "missing_sdf_separators_at_lines": stats.split,
            "bare_cr_line_ends": stats.bare_cr,
            "input": {
                "path": self.reader.path,
                "format": self.reader.format,
                "delimiter": stats.delimiter,
                "size": info.st_size if info and self.reader.regular else None,
                "mtime_ns": info.st_mtime_ns if info and self.reader.regular else None,
                "sha256": sha,
                "failure": stats.failure,
            },
            # Bytes of a Parquet output are only known once it is closed: none is counted.
            "output": {
                "path": str(self.out) if self.out else None,
                "format": self.fmt,
                "bytes": size if self.fmt != "parquet" else None,
            },
            "settings": self.settings,
            "provenance": {
                "chemref_version": __version__,
                "registry_path": str(self.registry_path),
                "registry_sha256": self.registry_sha256,
                "on": self.day,
            },
        }

    def _write_sidecar(self, data: dict[str, Any]) -> None:
        if self.out is None:
            return
        path = sidecar_path(self.out)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(temporary, path)

    def _resume_point(self) -> tuple[int, dict[str, int], int]:
        """Records already written, their counts, and the output's length then, from the sidecar."""
        assert self.out is not None
        path = sidecar_path(self.out)
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"--resume: cannot read {path}: {exc}") from exc
        if previous.get("state") not in {"interrupted", "running", "failed"}:
            raise UsageError(f"--resume: the run recorded in {path} is {previous.get('state')}; nothing to resume")
        if previous.get("settings") != self.settings:
            raise UsageError("--resume: the options differ from the interrupted run's; give the same options")
        recorded = previous.get("provenance", {})
        if recorded.get("chemref_version") != __version__ or recorded.get("registry_sha256") != self.registry_sha256:
            raise UsageError("--resume: the chemref version or the registry changed since the interrupted run")
        if self.reader.path == "-" or not self.reader.regular:
            raise UsageError("--resume needs the input as a regular file, not a pipe")
        given = previous.get("input", {})
        if given.get("sha256"):
            if file_sha256(Path(self.reader.path)) != given["sha256"]:
                raise UsageError("--resume: the input is not the one the interrupted run read (SHA-256 differs)")
        else:
            info = os.stat(self.reader.path)
            if (info.st_size, info.st_mtime_ns) != (given.get("size"), given.get("mtime_ns")):
                raise UsageError("--resume: the input changed since the interrupted run")
        size = int(previous["output"]["bytes"])
        if not self.out.is_file() or self.out.stat().st_size < size:
            raise UsageError(f"--resume: {self.out} is shorter than the sidecar says; start again without --resume")
        counts = {key: int(previous["counts"].get(key, 0)) for key in COUNTS}
        return int(previous["records"]), counts, size

    def execute(self, resume: bool = False) -> Outcome:
        done, counts, size = 0, dict.fromkeys(COUNTS, 0), 0
        if resume:
            if self.out is None:
                raise UsageError("--resume needs --out")
            if self.fmt == "parquet":
                raise UsageError("--resume cannot continue a Parquet output; write CSV or JSON Lines")
            done, counts, size = self._resume_point()
        sink: Any
        with contextlib.ExitStack() as stack:
            if self.fmt == "parquet":
                if self.out is None:
                    raise UsageError("Parquet output needs --out FILE")
                from chemref.screen.parquet import ParquetSink

                try:
                    sink = ParquetSink(self.out)
                except (OSError, EngineError) as exc:
                    raise UsageError(f"cannot write {self.out}: {exc}") from exc
                stack.callback(sink.close)
            elif self.out is None:
                sink = sys.stdout.buffer
            else:
                try:
                    sink = stack.enter_context(self.out.open("r+b" if resume else "wb"))
                except OSError as exc:
                    raise UsageError(f"cannot write {self.out}: {exc.strerror}") from exc
                if resume:
                    sink.truncate(size)
                    sink.seek(size)
            stopper = stack.enter_context(Stopper())
            _, outcome = self._stream(sink, stopper, done, counts, size, resume)
        return outcome

    def _blocks(self, items: Iterator[Any], first: int, stopper: Stopper) -> Iterator[Block]:
        if self.producer is not None:
            return self.producer(items, self.rendered, first, stopper)
        return blocks(
            items,
            self.function,
            self.context,
            self.rendered,
            self.jobs,
            self.chunk_size,
            first,
            stopper,
            stopper.shield,
        )

    def _stream(
        self, sink: BinaryIO, stopper: Stopper, done: int, counts: dict[str, int], size: int, resume: bool
    ) -> tuple[str, Outcome]:
        records = done
        failure: str | None = None
        items = iter(self.reader)
        if done:
            for _ in itertools.islice(items, done):
                pass
        try:
            if not resume and self.fmt != "parquet":
                size += sink.write(header(self.fmt).encode("utf-8"))
            self._write_sidecar(self._sidecar("running", None, records, counts, size, None))
            next_checkpoint = time.monotonic() + CHECKPOINT_SECONDS
            for block in self._blocks(items, done + 1, stopper):
                size += sink.write(block.text.encode("utf-8"))
                records += block.rows
                for key, value in block.counts.items():
                    counts[key] += value
                if self.out is not None and time.monotonic() >= next_checkpoint:
                    # The sidecar is the checkpoint --resume starts from after a crash; once a
                    # second is often enough, and saves a file write per chunk.
                    sink.flush()
                    self._write_sidecar(self._sidecar("running", None, records, counts, size, None))
                    next_checkpoint = time.monotonic() + CHECKPOINT_SECONDS
                if self.progress is not None:
                    self.progress(block.last_record)
            sink.flush()
        except KeyboardInterrupt:  # a second Ctrl-C, e.g. while waiting for input on a pipe
            stopper.signum = stopper.signum or signal.SIGINT
        except EngineError as exc:  # the engine gave up (a partition kept failing, the cluster went away)
            failure = str(exc)
        except BrokenPipeError:
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            return "broken-pipe", Outcome(EXIT_BROKEN_PIPE, records, counts)
        except OSError as exc:
            raise UsageError(f"cannot write output: {exc}") from exc
        return self._finish(sink, stopper, records, counts, size, failure)

    def _finish(
        self,
        sink: BinaryIO,
        stopper: Stopper,
        records: int,
        counts: dict[str, int],
        size: int,
        failure: str | None = None,
    ) -> tuple[str, Outcome]:
        stats = self.reader.stats
        summary = (
            f"screened {records} records ({stats.describe()}) for {self.day}: {counts['match']} matched "
            f"({counts['controlled']} controlled somewhere, {counts['review']} for legal review only, "
            f"{counts['registered']} registered chemicals), {counts['no_match']} matched nothing registered, "
            f"{counts['invalid']} invalid"
        )
        messages = [summary]
        if counts["no_match"] and self.unmatched_meaning:
            messages.append(f"what the {counts['no_match']} records that matched nothing registered mean:")
            messages += [f"  {line}" for line in self.unmatched_meaning]
        if stopper.signum is not None:
            state, status = "interrupted", 128 + stopper.signum
            messages.append(f"interrupted after {records} records; output incomplete")
            if self.resumable:
                messages.append("continue it with the same command and --resume")
            marker = incomplete_marker(self.fmt, records, "interrupted")
        elif failure is not None:
            state, status = "failed", EXIT_INCOMPLETE
            messages.append(f"stopped after {records} records: {failure}")
            if self.resumable:
                messages.append("continue it with the same command and --resume")
            marker = incomplete_marker(self.fmt, records, f"engine failed: {failure}")
        elif stats.failure is not None:
            state, status = "truncated", EXIT_INCOMPLETE
            messages.append(f"input truncated after record {records}: {stats.failure}")
            marker = incomplete_marker(self.fmt, records, f"input truncated: {stats.failure}")
        else:
            marker = ""
            state = "complete"
            valid = counts["match"] + counts["no_match"]
            if records and not valid:
                status = EXIT_INCOMPLETE
                messages.append(
                    f"no record could be read as a {self.what} ({records} of {records} invalid); "
                    "check the input format and the column"
                )
            else:
                # As grep exits 0 when it finds a line: 0 when a record is controlled somewhere on the date.
                status = EXIT_MATCH if counts["controlled"] else EXIT_NONE
                if not records:
                    messages.append("the input holds no records")
        try:
            mark = getattr(sink, "mark_incomplete", None)  # a Parquet sink has no last line: its metadata says so
            if marker and mark is not None:
                mark(marker)
            elif marker:
                sink.write(marker.encode("utf-8"))
            sink.flush()
        except BrokenPipeError:
            return "broken-pipe", Outcome(EXIT_BROKEN_PIPE, records, counts)
        sha = self.reader.sha256(finish=True)
        data = self._sidecar(state, status, records, counts, size, sha)
        self._write_sidecar(data)
        return state, Outcome(status, records, counts, messages, data if self.out is not None else None)


def unmatched_meaning(registry: Registry, plan: ScreenPlan, keys: list[str]) -> list[str]:
    """For the summary: what 'matched nothing registered' means in each jurisdiction on the day."""
    if plan.id_kind is not None:
        return ["an identifier that names no registered chemical is unknown everywhere: screen its structure instead"]
    lines = []
    for key in keys:
        state = unregistered_status(registry, key, plan.day)
        lines.append(f"{key}: {word(state.decision)}: {state.reason}")
    return lines


def execute(
    plan: ScreenPlan, registry: Registry, registry_path: Path, progress: Callable[[int], None] | None = None
) -> Outcome:
    """Run the plan: read, screen (here, in worker processes or on a Dask cluster), write, summarize.
    InputError, EngineError and UsageError mean the run could not start (exit 2)."""
    reader = plan.reader()
    function, context = plan.screening(registry)
    keys = plan.jurisdictions if plan.jurisdictions is not None else list(registry.jurisdictions)
    with contextlib.ExitStack() as stack:
        stack.callback(reader.close)
        producer = None
        if plan.engine == "dask":
            # Started while SIGINT and SIGTERM are still held back, so the cluster's threads and worker
            # processes never take them: this process stops the run at a partition boundary.
            from chemref.screen.engines.dask import DaskProducer, connect

            client = stack.enter_context(connect(plan.scheduler))
            producer = DaskProducer(client, function, context, plan.partition_size)
        run = Run(
            plan,
            reader,
            function,
            context,
            registry_path,
            producer=producer,
            progress=progress,
            jurisdictions=keys,
            unmatched_meaning=unmatched_meaning(registry, plan, keys),
        )
        return run.execute(resume=plan.resume)
