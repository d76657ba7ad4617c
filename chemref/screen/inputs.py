"""Streaming readers for screening input: SMILES, CSV/TSV and SDF files, optionally gzipped, a named
pipe, or stdin. No RDKit here.

Every record of the input becomes exactly one Record, in order, carrying the physical line it
starts on. A record the reader itself cannot read (undecodable bytes, an over-long line, a CSV
line with a stray quote, an SDF entry holding two molblocks that cannot be told apart) is still
yielded, carrying its error, so nothing is silently dropped. What is not a record (blank lines,
comments, a ``.smi`` header line) is counted in ``ReadStats``. When the input stops being readable
part-way (a truncated or corrupt gzip stream, an I/O error), reading ends and ``ReadStats.failure``
says why: the caller must report the input as not read whole.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import itertools
import os
import stat
import sys
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Literal, NamedTuple

InputFormat = Literal["smi", "csv", "tsv", "sdf", "parquet"]
MAX_RECORD_BYTES = 100_000
# A quoted CSV field may run onto at most this many further lines, and only when that completes a
# well-formed row; otherwise the quote is a stray one and the line is read on its own.
MAX_CONTINUATION_LINES = 20
DELIMITERS = ",;\t"

_STRUCTURE_COLUMNS = ("smiles", "canonical_smiles", "isomeric_smiles", "structure", "mol", "molecule")
_ID_COLUMNS = ("id", "identifier", "compound_id", "catalog_number", "catalogue_number", "name", "cas")
SMI_HEADER_TOKENS = frozenset(
    {b"smiles", b"smi", b"canonical_smiles", b"isomeric_smiles", b"structure", b"mol", b"molecule"}
)


_READ_ERRORS = (EOFError, OSError, zlib.error, gzip.BadGzipFile)

SmiLine = tuple[int, bytes]
"""A raw record line of a SMILES file and its physical line number, for workers that build records."""


class InputError(Exception):
    """The input as a whole cannot be read (missing file, directory, unknown format, no structure column)."""


class Record(NamedTuple):
    """One input record: its 1-based number, its id, the text to screen, a reader error if any, and the
    physical line it starts on (for SDF, the molblock's first line).

    A tuple, because millions of them cross process boundaries in a screening run.
    """

    number: int
    id: str
    text: str
    kind: Literal["smiles", "molblock", "inchi"] = "smiles"
    error: str | None = None
    line: int = 0


@dataclass
class ReadStats:
    """How the reader counted records, and what it read that was not a record."""

    counted_as: str
    blank: int = 0
    comments: int = 0
    header: str | None = None
    delimiter: str | None = None
    split: list[int] = field(default_factory=list)  # SDF lines where a missing $$$$ was found
    failure: str | None = None

    def describe(self) -> str:
        """'lines of a SMILES file; 2 blank lines skipped', for the summary."""
        skipped = []
        if self.header is not None:
            skipped.append("1 header line")
        if self.blank:
            skipped.append(f"{self.blank} blank line{'s' if self.blank != 1 else ''}")
        if self.comments:
            skipped.append(f"{self.comments} comment line{'s' if self.comments != 1 else ''}")
        text = self.counted_as + (f"; skipped {', '.join(skipped)}" if skipped else "")
        if self.split:
            where = ", ".join(str(n) for n in self.split[:5]) + (" …" if len(self.split) > 5 else "")
            text += f"; {len(self.split)} missing $$$$ separator(s) found (line {where})"
        return text


PARQUET_SUFFIXES = (".parquet", ".pq")
# Rows are read from a Parquet file this many at a time, so memory does not grow with the file.
PARQUET_BATCH_ROWS = 65_536


def detect_format(path: str) -> InputFormat:
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


class _Hashing(io.RawIOBase):
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


def _open_raw(path: str) -> tuple[Any, bool]:
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


def _decode(raw: bytes) -> tuple[str, str | None]:
    if len(raw) > MAX_RECORD_BYTES:
        return "", f"record is {len(raw):,} bytes, over the {MAX_RECORD_BYTES:,}-byte limit"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "", "record is not valid UTF-8 text (binary data?)"
    if "\x00" in text:
        return "", "record contains NUL bytes (binary data?)"
    return text, None


def smi_record(number: int, raw: bytes, line: int = 0) -> Record:
    """The record one (non-blank, non-comment) line of a SMILES file makes."""
    text, error = _decode(raw)
    if error is not None:
        return Record(number, "", "", error=error, line=line)
    fields = text.split(maxsplit=1)
    if not fields:
        return Record(number, "", "", error="empty line", line=line)
    return Record(number, fields[1].strip() if len(fields) > 1 else "", fields[0], line=line)


def records_from_lines(first: int, lines: list[SmiLine]) -> list[Record]:
    """Records for consecutive SMILES record lines numbered from ``first`` (see ``Reader(raw_smi=True)``)."""
    return [smi_record(number, raw, line) for number, (line, raw) in enumerate(lines, start=first)]


def _pick(header: list[str], wanted: str | None, defaults: tuple[str, ...], what: str) -> int:
    lowered = [h.strip().lower() for h in header]
    if wanted is not None:
        if wanted.strip().lower() in lowered:
            return lowered.index(wanted.strip().lower())
        raise InputError(f"no column {wanted!r} for the {what}; the columns are: {', '.join(header)}")
    for name in defaults:
        if name in lowered:
            return lowered.index(name)
    return -1


def split_row(text: str, delimiter: str) -> tuple[list[str], Literal["ok", "open", "malformed"]]:
    """The fields of one CSV row, and whether it is complete ('ok'), ends inside a quoted field
    ('open'), or has text after a closing quote ('malformed'). Quotes open a field only at its start,
    and ``""`` inside quotes is a quote, as in Python's csv module."""
    if '"' not in text:
        return text.split(delimiter), "ok"
    fields: list[str] = []
    current: list[str] = []
    at_start, quoted, position, size = True, False, 0, len(text)
    while position < size:
        char = text[position]
        if quoted:
            if char == '"':
                if position + 1 < size and text[position + 1] == '"':
                    current.append('"')
                    position += 2
                    continue
                quoted = False
                position += 1
                if position < size and text[position] != delimiter:
                    return fields, "malformed"
                continue
            current.append(char)
        elif char == delimiter:
            fields.append("".join(current))
            current, at_start = [], True
        elif char == '"' and at_start:
            quoted, at_start = True, False
        else:
            current.append(char)
            at_start = False
        position += 1
    if quoted:
        return fields, "open"
    fields.append("".join(current))
    return fields, "ok"


def sniff_delimiter(header: str, default: str) -> str:
    """The header's delimiter among comma, semicolon and tab (csv.Sniffer), else ``default``."""
    try:
        found = csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else default
    return found


class Reader:
    """Records of one input, in order; ``stats`` says how they were counted and what was skipped.

    Opening reads a table's header, so an input with no structure column fails (InputError) before
    any output is written. With ``raw_smi`` a SMILES file yields ``SmiLine`` pairs, which worker
    processes turn into records (``records_from_lines``).
    """

    def __init__(
        self,
        path: str,
        fmt: InputFormat | None = None,
        structure_column: str | None = None,
        id_column: str | None = None,
        delimiter: str | None = None,
        raw_smi: bool = False,
        column_defaults: tuple[str, ...] = _STRUCTURE_COLUMNS,
        column_what: str = "structure",
        whole_lines: bool = False,
    ) -> None:
        """``whole_lines``: each line of a line file is one record's text, spaces and all (a list of
        names); a first line naming a column (``column_defaults``) is its header."""
        self.path = path
        raw, self.regular = _open_raw(path)
        try:
            self.format: InputFormat = fmt or ("smi" if path == "-" else detect_format(path))
        except InputError:
            if path != "-":
                raw.close()
            raise
        if self.format == "parquet" and (path == "-" or not self.regular):
            if path != "-":
                raw.close()
            raise InputError("Parquet input must be a regular file, not a pipe or standard input")
        self._hashing = _Hashing(raw, owned=path != "-")
        buffered = io.BufferedReader(self._hashing, buffer_size=1 << 16)
        self._stream: BinaryIO = buffered
        try:
            if self.format != "parquet" and buffered.peek(2)[:2] == b"\x1f\x8b":
                self._stream = gzip.GzipFile(fileobj=buffered)  # type: ignore[assignment]
        except _READ_ERRORS as exc:
            raise InputError(f"cannot read {path}: {exc}") from exc
        counted = {
            "smi": "lines of a SMILES file",
            "csv": "CSV rows after the header",
            "tsv": "TSV rows after the header",
            "sdf": "molblocks ($$$$-separated SDF entries)",
            "parquet": "rows of a Parquet file",
        }[self.format]
        self.stats = ReadStats(counted)
        self._what = column_what
        self._lines = self._physical_lines()
        self._items: Iterator[Any]
        if self.format == "parquet":
            self._items = self._parquet(structure_column, id_column, column_defaults, column_what)
        elif self.format == "smi" and whole_lines:
            self.stats.counted_as = "lines of a list"
            self._items = self._whole_lines(frozenset(c.encode() for c in column_defaults))
        elif self.format == "smi":
            self._items = self._smi(raw_smi)
        elif self.format == "sdf":
            self._items = self._sdf(id_column)
        else:
            default = "\t" if self.format == "tsv" else ","
            self._items = self._table(delimiter, default, structure_column, id_column, column_defaults, column_what)

    def __iter__(self) -> Iterator[Any]:
        return self._items

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

    # -- physical lines -------------------------------------------------------------------------

    def _physical_lines(self) -> Iterator[tuple[int, bytes]]:
        number = 0
        try:
            for line in self._stream:
                number += 1
                yield number, line.rstrip(b"\r\n")
        except _READ_ERRORS as exc:
            self.stats.failure = f"input ends unexpectedly after line {number} ({exc})"

    # -- Parquet --------------------------------------------------------------------------------

    def _parquet(
        self, structure_column: str | None, id_column: str | None, defaults: tuple[str, ...], what: str
    ) -> Iterator[Record]:
        """Rows of a Parquet file (its structure and id columns chosen as for CSV), read by record
        batch through pyarrow, which opens the file itself; the hash is taken from the raw stream,
        which stays unread until ``sha256`` reads it whole."""
        try:
            import pyarrow.parquet as pq
        except ImportError as exc:
            self.close()
            raise InputError("reading Parquet needs pyarrow: pip install 'chemref[dask]'") from exc
        try:
            parquet = pq.ParquetFile(self.path)
        except Exception as exc:
            self.close()
            raise InputError(f"cannot read {self.path} as Parquet: {exc}") from exc
        header = list(parquet.schema_arrow.names)
        structure = _pick(header, structure_column, defaults, what)
        if structure < 0:
            self.close()
            raise InputError(
                f"no {what} column found; the columns are: {', '.join(header)}. Name one with --structure-column"
            )
        ident = _pick(header, id_column, _ID_COLUMNS, "id")
        if ident == structure and id_column is None:
            ident = -1
        columns = [header[structure]] + ([header[ident]] if ident >= 0 else [])
        return self._parquet_rows(parquet, columns)

    def _parquet_rows(self, parquet: Any, columns: list[str]) -> Iterator[Record]:
        number = 0
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
                structures = batch.column(0).to_pylist()
                ids = batch.column(1).to_pylist() if batch.num_columns > 1 else [None] * len(structures)
                for text, record_id in zip(structures, ids, strict=True):
                    number += 1  # the row number is both the record number and its "line"
                    if isinstance(text, bytes):
                        decoded, error = _decode(text)
                        if error is not None:
                            yield Record(number, _cell(record_id), "", error=error, line=number)
                            continue
                        text = decoded
                    yield Record(number, _cell(record_id), "" if text is None else str(text).strip(), line=number)
        except (OSError, ValueError) as exc:
            self.stats.failure = f"input ends unexpectedly after row {number} ({exc})"

    # -- SMILES ---------------------------------------------------------------------------------

    def _content_lines(self) -> Iterator[tuple[int, bytes]]:
        """The physical lines of a line file that can hold a record: blank and ``#`` lines are counted and skipped."""
        stats = self.stats
        for line, raw in self._lines:
            if not raw.strip():
                stats.blank += 1
            elif raw.startswith(b"#"):
                stats.comments += 1
            else:
                yield line, raw

    def _smi(self, raw_smi: bool) -> Iterator[SmiLine | Record]:
        stats = self.stats
        first = True
        number = 0
        for line, raw in self._content_lines():
            if first:
                first = False
                if raw.split(maxsplit=1)[0].lower() in SMI_HEADER_TOKENS:
                    stats.header = raw.decode("utf-8", "replace")
                    continue
            number += 1
            yield (line, raw) if raw_smi else smi_record(number, raw, line)

    def _whole_lines(self, header_tokens: frozenset[bytes]) -> Iterator[Record]:
        stats = self.stats
        number = 0
        for line, raw in self._content_lines():
            if not number and stats.header is None and raw.strip().lower() in header_tokens:
                stats.header = raw.decode("utf-8", "replace")
                continue
            number += 1
            text, error = _decode(raw)
            yield Record(number, text.strip(), text.strip(), error=error, line=line)  # the id is the text

    # -- CSV / TSV ------------------------------------------------------------------------------

    def _table(
        self,
        delimiter: str | None,
        default: str,
        structure_column: str | None,
        id_column: str | None,
        defaults: tuple[str, ...],
        what: str,
    ) -> Iterator[Record]:
        lines = self._lines
        header_text = None
        for _, raw in lines:
            if raw.strip():
                try:
                    header_text = raw.decode("utf-8-sig")
                except UnicodeDecodeError as exc:
                    raise InputError("the header row is not UTF-8 text") from exc
                break
            self.stats.blank += 1
        if header_text is None:
            if self.stats.failure:
                raise InputError(f"cannot read the header row: {self.stats.failure}")
            return iter(())
        chosen = delimiter or sniff_delimiter(header_text, default)
        self.stats.delimiter = chosen
        header, state = split_row(header_text, chosen)
        if state != "ok":
            raise InputError("the header row has an unbalanced quote")
        header = [h.strip() for h in header]
        structure = _pick(header, structure_column, defaults, what)
        if structure < 0:
            raise InputError(
                f"no {what} column found; the columns are: {', '.join(header)}. Name one with --structure-column"
                if what == "structure"
                else f"no {what} column found; the columns are: {', '.join(header)}. Name one with --column"
            )
        ident = _pick(header, id_column, _ID_COLUMNS, "id")
        if ident == structure and id_column is None:
            ident = -1
        return self._rows(chosen, len(header), structure, ident)

    def _rows(self, delimiter: str, width: int, structure: int, ident: int) -> Iterator[Record]:
        pending: deque[tuple[int, bytes]] = deque()
        source = self._lines

        def next_line() -> tuple[int, bytes] | None:
            if pending:
                return pending.popleft()
            return next(source, None)

        number = 0
        while True:
            item = next_line()
            if item is None:
                return
            line, raw = item
            if not raw.strip():
                self.stats.blank += 1
                continue
            number += 1
            text, error = _decode(raw)
            if error is not None:
                yield Record(number, "", "", error=error, line=line)
                continue
            fields, state = split_row(text, delimiter)
            if state == "open":
                fields, state, used = self._continue(text, delimiter, width, structure, ident, next_line)
                if state != "ok":
                    pending.extendleft(reversed(used))
                    naive = text.split(delimiter)
                    record_id = naive[ident].strip().strip('"') if 0 <= ident < len(naive) else ""
                    yield Record(
                        number,
                        record_id,
                        "",
                        error=f"unterminated quote on line {line}; the line is read as one record on its own",
                        line=line,
                    )
                    continue
            if state == "malformed":
                yield Record(number, "", "", error="malformed CSV row: text after a closing quote", line=line)
                continue
            record_id = fields[ident].strip() if 0 <= ident < len(fields) else ""
            if structure >= len(fields):
                yield Record(
                    number,
                    record_id,
                    "",
                    error=f"row has {len(fields)} field(s); the {self._what} column is missing",
                    line=line,
                )
                continue
            yield Record(number, record_id, fields[structure].strip(), line=line)

    def _continue(
        self,
        text: str,
        delimiter: str,
        width: int,
        structure: int,
        ident: int,
        next_line: Any,
    ) -> tuple[list[str], Literal["ok", "open", "malformed"], list[tuple[int, bytes]]]:
        """Join following lines while a quoted field is open, up to the limit; 'ok' only for a
        well-formed row (the header's width, no line break in the structure or id field)."""
        used: list[tuple[int, bytes]] = []
        joined = text
        size = len(text)
        while len(used) < MAX_CONTINUATION_LINES:
            item = next_line()
            if item is None:
                break
            used.append(item)
            size += len(item[1])
            piece, error = _decode(item[1])
            if error is not None or size > MAX_RECORD_BYTES:
                break
            joined += "\n" + piece
            fields, state = split_row(joined, delimiter)
            if state == "open":
                continue
            clean = all("\n" not in fields[i] for i in (structure, ident) if 0 <= i < len(fields))
            if state == "ok" and len(fields) == width and clean:
                return fields, "ok", []
            break
        return [], "open", used

    # -- SDF ------------------------------------------------------------------------------------

    def _sdf(self, id_field: str | None) -> Iterator[Record]:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        number = 0
        block: list[str] = []
        start = 0
        size = 0
        for line, raw in self._lines:
            if raw.strip() == b"$$$$":
                if block:
                    for record in self._sdf_records(number, block, start, size, id_field):
                        number = record.number
                        yield record
                block, size = [], 0
                continue
            if not block:
                start = line
            size += len(raw)
            block.append(decoder.decode(raw + b"\n"))
        if any(text.strip() for text in block):
            yield from self._sdf_records(number, block, start, size, id_field)

    def _sdf_records(self, number: int, block: list[str], start: int, size: int, id_field: str | None) -> list[Record]:
        ends = [i for i, text in enumerate(block) if text.startswith("M  END")]
        if len(ends) <= 1:
            return [_sdf_record(number + 1, block, start, size, id_field)]
        # Two or more molblocks without a $$$$ between them: split at each molblock's header (the
        # three lines before its counts line), or, if that cannot be found, flag the entry.
        starts = [0]
        for previous, end in itertools.pairwise(ends):
            counts = next(
                (i for i in range(previous + 1, end) if "V2000" in block[i] or "V3000" in block[i]),
                None,
            )
            if counts is None or counts - 3 <= previous:
                lines = ", ".join(str(start + i) for i in ends)
                self.stats.split.append(start)
                return [
                    Record(
                        number + 1,
                        block[0].strip(),
                        "",
                        kind="molblock",
                        error=f"two molblocks without a $$$$ separator ('M  END' on lines {lines})",
                        line=start,
                    )
                ]
            starts.append(counts - 3)
        records = []
        for position, first in enumerate(starts):
            last = starts[position + 1] if position + 1 < len(starts) else len(block)
            piece = block[first:last]
            if position:
                self.stats.split.append(start + first)
            records.append(_sdf_record(number + position + 1, piece, start + first, size, id_field))
        return records


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()


def _sdf_record(number: int, block: list[str], line: int, size: int, id_field: str | None) -> Record:
    title = block[0].strip() if block else ""
    if size > MAX_RECORD_BYTES * 10:
        return Record(number, title, "", kind="molblock", error="record is too large", line=line)
    text = "".join(block)
    if "\ufffd" in text:
        return Record(
            number, title, "", kind="molblock", error="record is not valid UTF-8 text (binary data?)", line=line
        )
    end = next((i for i, text in enumerate(block) if text.startswith("M  END")), None)
    if end is None:
        return Record(number, title, "", kind="molblock", error="broken molblock: no 'M  END' line", line=line)
    record_id = title
    if id_field is not None:
        tag = f"<{id_field}>"
        for i, text in enumerate(block[end:], start=end):
            if text.startswith(">") and tag in text and i + 1 < len(block):
                record_id = block[i + 1].strip()
                break
    return Record(number, record_id, "".join(block[: end + 1]), kind="molblock", line=line)


def read_records(
    path: str,
    fmt: InputFormat | None = None,
    structure_column: str | None = None,
    id_column: str | None = None,
    delimiter: str | None = None,
) -> Iterator[Record]:
    """Records of ``path`` ('-' for standard input) in input order; InputError if it cannot be read at all.
    (Use ``Reader`` to learn what was skipped and whether the input was read whole.)"""
    return iter(Reader(path, fmt, structure_column, id_column, delimiter))


def read_smi(stream: BinaryIO) -> Iterator[Record]:
    """Records of a SMILES stream (for tests and callers holding a stream rather than a path)."""
    number = 0
    first = True
    for line, raw in enumerate(stream, start=1):
        raw = raw.rstrip(b"\r\n")
        if not raw.strip() or raw.startswith(b"#"):
            continue
        if first:
            first = False
            if raw.split(maxsplit=1)[0].lower() in SMI_HEADER_TOKENS:
                continue
        number += 1
        yield smi_record(number, raw, line)


def read_parquet(path: str, structure_column: str | None = None, id_column: str | None = None) -> Iterator[Record]:
    """Records of a Parquet file, one per row, ``line`` the row number; needs pyarrow (see ``Reader``)."""
    return iter(Reader(path, "parquet", structure_column, id_column))
