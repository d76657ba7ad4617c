"""Opening an input: its format from its name, its raw byte stream (a file, a named pipe or stdin),
gzip recognised by content, the SHA-256 of the bytes as stored, and its physical lines."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterator
from typing import Any

from chemref.screen.inputs.record import InputError, InputFormat, Line
from chemref.screen.inputs.stats import ReadStats

READ_ERRORS = (EOFError, OSError, zlib.error, gzip.BadGzipFile)
PARQUET_SUFFIXES = (".parquet", ".pq")


def detect_format(path: str) -> InputFormat:
    """The input format a file's name gives (a ``.gz`` suffix aside); InputError when it gives none."""
    if path.lower().endswith(PARQUET_SUFFIXES):
        return "parquet"
    name = path.lower().removesuffix(".gz")
    for suffix, fmt in ((".smi", "smi"), (".smiles", "smi"), (".csv", "csv"), (".tsv", "tsv"), (".sdf", "sdf")):
        if name.endswith(suffix):
            return fmt  # type: ignore[return-value]
    if name.endswith((".sd", ".mol")):
        return "sdf"
    if name.endswith(".txt"):
        return "smi"
    raise InputError(f"cannot tell the format of {path!r} from its name; give --input-format smi|csv|tsv|sdf|parquet")


class Hashing(io.RawIOBase):
    """A raw stream that hashes every byte read through it."""

    def __init__(self, raw: Any, owned: bool = True) -> None:
        self.raw = raw
        self.owned = owned  # False for standard input, which is not ours to close
        self.sha = hashlib.sha256()
        self.size = 0
        self.eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.raw.readinto(buffer)
        if count:
            self.sha.update(memoryview(buffer)[:count])
            self.size += count
        elif count == 0:
            self.eof = True
        return int(count or 0)

    def close(self) -> None:
        if self.owned:
            self.raw.close()
        super().close()


def open_raw(path: str) -> tuple[Any, bool]:
    """The raw byte stream of ``path`` ('-' is stdin) and whether it is a regular file."""
    if path == "-":
        buffer = sys.stdin.buffer
        raw = getattr(buffer, "raw", buffer)  # the unbuffered stream, where stdin has one
        try:
            regular = stat.S_ISREG(os.fstat(raw.fileno()).st_mode)
        except (OSError, ValueError):
            regular = False
        return raw, regular
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"no such input file: {path}") from None
    except OSError as exc:
        raise InputError(f"cannot open {path}: {exc.strerror}") from exc
    if stat.S_ISDIR(mode):
        raise InputError(f"{path} is a directory, not an input file")
    try:
        return open(path, "rb", buffering=0), stat.S_ISREG(mode)
    except OSError as exc:
        raise InputError(f"cannot open {path}: {exc.strerror}") from exc


CHUNK_BYTES = 1 << 16


def physical_lines(stream: Any, stats: ReadStats, chunk_bytes: int = CHUNK_BYTES) -> Iterator[Line]:
    """The physical lines of ``stream``, numbered from 1, without their line ends.

    LF, CR LF and a bare CR each end a line, in any mixture (as Python's universal newlines and
    spreadsheets read them), so a file saved with CR line ends, or a CR left inside a row by an
    editor, never merges two records; ``stats.bare_cr`` counts the bare CRs. Reading stops at an
    error (a truncated or corrupt gzip stream, an I/O error), which ``stats.failure`` records.
    """
    read = getattr(stream, "read1", stream.read)  # read1: what is there, without waiting on a pipe
    number = 0
    partial: list[bytes] = []  # the pieces of a line not yet ended
    held_cr = False  # a block ended in CR: a line end, or the first half of a CR LF
    try:
        while chunk := read(chunk_bytes):
            if held_cr:
                chunk = b"\r" + chunk
            held_cr = chunk.endswith(b"\r")
            if held_cr:
                chunk = chunk[:-1]
            if b"\r" in chunk:
                bare = chunk.count(b"\r") - chunk.count(b"\r\n")
                chunk = chunk.replace(b"\r\n", b"\n")
                if bare:
                    stats.bare_cr += bare
                    chunk = chunk.replace(b"\r", b"\n")
            if b"\n" not in chunk:
                partial.append(chunk)
                continue
            lines = chunk.split(b"\n")
            if partial:
                partial.append(lines[0])
                lines[0] = b"".join(partial)
                partial = []
            last = lines.pop()
            if last:
                partial.append(last)
            for line in lines:
                number += 1
                yield number, line
    except READ_ERRORS as exc:
        stats.failure = f"input ends unexpectedly after line {number} ({exc})"
        return
    if held_cr:
        stats.bare_cr += 1
    if held_cr or any(partial):
        yield number + 1, b"".join(partial)


class Source:
    """One opened input: the bytes as stored, hashed as they are read, gunzipped when compressed (except
    for Parquet, which pyarrow reads from the path), and its physical lines, read once."""

    def __init__(self, path: str, raw: Any, regular: bool, stats: ReadStats, decompress: bool = True) -> None:
        self.path = path
        self.regular = regular
        self._hashing = Hashing(raw, owned=path != "-")
        buffered = io.BufferedReader(self._hashing, buffer_size=1 << 16)
        self._stream: Any = buffered
        try:
            if decompress and buffered.peek(2)[:2] == b"\x1f\x8b":
                self._stream = gzip.GzipFile(fileobj=buffered)
        except READ_ERRORS as exc:
            raise InputError(f"cannot read {path}: {exc}") from exc
        self.lines: Iterator[Line] = physical_lines(self._stream, stats)

    def close(self) -> None:
        self._stream.close()
        self._hashing.close()

    def sha256(self, finish: bool = True) -> str | None:
        """The input's SHA-256 (of its bytes as stored, compressed or not). If reading stopped early,
        a regular file is hashed to its end; a pipe's hash is unknown (None)."""
        if not self._hashing.eof:
            if not (finish and self.regular):
                return None
            chunk = bytearray(1 << 20)
            try:
                while self._hashing.readinto(chunk):
                    pass
            except OSError:
                return None
        return self._hashing.sha.hexdigest()
