"""Streaming readers for screening input: SMILES, CSV/TSV and SDF files, optionally gzipped, or stdin.

Every record of the input becomes exactly one Record, in order. A record the reader itself
cannot read (undecodable bytes, an over-long line, a CSV row with missing fields, a cut-off
gzip stream) is still yielded, carrying its error, so nothing is silently dropped.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal, NamedTuple

InputFormat = Literal["smi", "csv", "tsv", "sdf"]
MAX_RECORD_BYTES = 100_000

_STRUCTURE_COLUMNS = ("smiles", "canonical_smiles", "isomeric_smiles", "structure", "mol", "molecule")
_ID_COLUMNS = ("id", "identifier", "name", "compound_id", "catalog_number", "catalogue_number", "cas")


class InputError(Exception):
    """The input as a whole cannot be read (missing file, unknown format, no structure column)."""


class Record(NamedTuple):
    """One input record: its 1-based number, its id, the structure text, and a reader error if any.

    A tuple, because millions of them cross process boundaries in a screening run.
    """

    number: int
    id: str
    text: str
    kind: Literal["smiles", "molblock"] = "smiles"
    error: str | None = None


def detect_format(path: str) -> InputFormat:
    name = path.lower().removesuffix(".gz")
    for suffix, fmt in ((".smi", "smi"), (".smiles", "smi"), (".csv", "csv"), (".tsv", "tsv"), (".sdf", "sdf")):
        if name.endswith(suffix):
            return fmt  # type: ignore[return-value]
    if name.endswith((".sd", ".mol")):
        return "sdf"
    raise InputError(f"cannot tell the format of {path!r} from its name; give --input-format smi|csv|tsv|sdf")


def _open(path: str) -> BinaryIO:
    raw: Any
    if path == "-":
        raw = sys.stdin.buffer
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError(f"no such input file: {path}")
        try:
            raw = file.open("rb")
        except OSError as exc:
            raise InputError(f"cannot open {path}: {exc.strerror}") from exc
    buffered: io.BufferedReader = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
    return buffered


def _lines(stream: BinaryIO) -> Iterator[tuple[bytes | None, str | None]]:
    """Raw lines without their ending; a failure mid-stream ends with (None, reason)."""
    try:
        for line in stream:
            yield line.rstrip(b"\r\n"), None
    except (EOFError, OSError, zlib.error) as exc:
        yield None, f"input ends unexpectedly ({exc}); records after this point could not be read"


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


def smi_record(number: int, raw: bytes) -> Record:
    """The record one (non-comment) line of a SMILES file makes."""
    text, error = _decode(raw)
    if error is not None:
        return Record(number, "", "", error=error)
    fields = text.split(maxsplit=1)
    if not fields:
        return Record(number, "", "", error="empty line")
    return Record(number, fields[1].strip() if len(fields) > 1 else "", fields[0])


def smi_lines(stream: BinaryIO) -> Iterator[bytes | str]:
    """The record lines of a SMILES file, raw; comment lines are not records. A failure mid-stream
    ends the sequence with its message (a str) in place of a line."""
    for raw, failure in _lines(stream):
        if raw is None:
            yield failure or "input ends unexpectedly"
            return
        if not raw.startswith(b"#"):
            yield raw


def records_from_lines(first: int, lines: list[bytes | str]) -> list[Record]:
    """Records for consecutive SMILES lines numbered from ``first`` (see ``smi_lines``)."""
    return [
        smi_record(number, line) if isinstance(line, bytes) else Record(number, "", "", error=line)
        for number, line in enumerate(lines, start=first)
    ]


def read_smi(stream: BinaryIO) -> Iterator[Record]:
    for number, line in enumerate(smi_lines(stream), start=1):
        yield records_from_lines(number, [line])[0]


def _pick(header: list[str], wanted: str | None, defaults: tuple[str, ...], what: str) -> int:
    lowered = [h.strip().lower() for h in header]
    if wanted is not None:
        if wanted.lower() in lowered:
            return lowered.index(wanted.lower())
        raise InputError(f"no column {wanted!r} for the {what}; the columns are: {', '.join(header)}")
    for name in defaults:
        if name in lowered:
            return lowered.index(name)
    return -1


def read_table(
    stream: BinaryIO, delimiter: str, structure_column: str | None, id_column: str | None
) -> Iterator[Record]:
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
    rows = csv.reader(text, delimiter=delimiter)
    try:
        header = next(rows)
    except StopIteration:
        return
    except (EOFError, OSError, zlib.error, csv.Error) as exc:
        raise InputError(f"cannot read the header row: {exc}") from exc
    structure = _pick(header, structure_column, _STRUCTURE_COLUMNS, "structure")
    if structure < 0:
        raise InputError(
            f"no structure column found; the columns are: {', '.join(header)}. Name one with --structure-column"
        )
    ident = _pick(header, id_column, _ID_COLUMNS, "id")
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except (EOFError, OSError, zlib.error) as exc:
            yield Record(number + 1, "", "", error=f"input ends unexpectedly ({exc}); later records could not be read")
            return
        except csv.Error as exc:
            number += 1
            yield Record(number, "", "", error=f"malformed CSV row: {exc}")
            continue
        number += 1
        joined = delimiter.join(row)
        if len(joined.encode("utf-8", "surrogateescape")) > MAX_RECORD_BYTES:
            yield Record(number, "", "", error=f"record is over the {MAX_RECORD_BYTES:,}-byte limit")
            continue
        if any("\udc80" <= ch <= "\udcff" for ch in joined):
            yield Record(number, "", "", error="record is not valid UTF-8 text (binary data?)")
            continue
        if not row:
            yield Record(number, "", "", error="empty row")
            continue
        record_id = row[ident].strip() if 0 <= ident < len(row) else ""
        if structure >= len(row):
            yield Record(number, record_id, "", error=f"row has {len(row)} fields; the structure column is missing")
            continue
        yield Record(number, record_id, row[structure].strip())


def read_sdf(stream: BinaryIO, id_field: str | None) -> Iterator[Record]:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    number = 0
    block: list[str] = []
    size = 0
    for raw, failure in _lines(stream):
        if raw is None:
            if any(line.strip() for line in block):
                number += 1
                yield Record(number, "", "", kind="molblock", error=failure)
            return
        size += len(raw)
        if raw.strip() != b"$$$$":
            block.append(decoder.decode(raw + b"\n"))
            continue
        number += 1
        yield _sdf_record(number, block, size, id_field)
        block, size = [], 0
    if any(line.strip() for line in block):
        number += 1
        yield _sdf_record(number, block, size, id_field)


def _sdf_record(number: int, block: list[str], size: int, id_field: str | None) -> Record:
    title = block[0].strip() if block else ""
    if size > MAX_RECORD_BYTES * 10:
        return Record(number, title, "", kind="molblock", error="record is too large")
    text = "".join(block)
    if "\ufffd" in text:
        return Record(number, title, "", kind="molblock", error="record is not valid UTF-8 text (binary data?)")
    end = next((i for i, line in enumerate(block) if line.startswith("M  END")), None)
    if end is None:
        return Record(number, title, "", kind="molblock", error="broken molblock: no 'M  END' line")
    record_id = title
    if id_field is not None:
        tag = f"<{id_field}>"
        for i, line in enumerate(block[end:], start=end):
            if line.startswith(">") and tag in line and i + 1 < len(block):
                record_id = block[i + 1].strip()
                break
    return Record(number, record_id, "".join(block[: end + 1]), kind="molblock")


def open_smi_lines(path: str) -> Iterator[bytes | str]:
    """Raw record lines of a SMILES file, for workers that build the records themselves."""
    return smi_lines(_open(path))


def read_records(
    path: str,
    fmt: InputFormat | None = None,
    structure_column: str | None = None,
    id_column: str | None = None,
) -> Iterator[Record]:
    """Records of ``path`` ('-' for standard input) in input order; InputError if it cannot be read at all."""
    chosen: InputFormat = fmt or ("smi" if path == "-" else detect_format(path))
    stream = _open(path)
    if chosen == "smi":
        return read_smi(stream)
    if chosen == "sdf":
        return read_sdf(stream, id_column)
    delimiter = "," if chosen == "csv" else "\t"
    return read_table(stream, delimiter, structure_column, id_column)


def read_parquet(
    path: str, structure_column: str | None = None, id_column: str | None = None, batch_rows: int = 65_536
) -> Iterator[Record]:
    """Records of a Parquet file (a structure column and an id column), in row order; needs pyarrow.

    Columns are chosen as for CSV. Streams by record batch, so memory does not grow with the file.
    """
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError("reading Parquet needs pyarrow: pip install 'chemref[dask]'") from exc
    if not Path(path).is_file():
        raise InputError(f"no such input file: {path}")
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:
        raise InputError(f"cannot read {path} as Parquet: {exc}") from exc
    header = list(parquet.schema_arrow.names)
    structure = _pick(header, structure_column, _STRUCTURE_COLUMNS, "structure")
    if structure < 0:
        raise InputError(
            f"no structure column found; the columns are: {', '.join(header)}. Name one with --structure-column"
        )
    ident = _pick(header, id_column, _ID_COLUMNS, "id")
    columns = [header[structure]] + ([header[ident]] if ident >= 0 else [])
    return _parquet_records(parquet, columns, batch_rows)


def _parquet_records(parquet: Any, columns: list[str], batch_rows: int) -> Iterator[Record]:
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=batch_rows, columns=columns):
            structures = batch.column(0).to_pylist()
            ids = batch.column(1).to_pylist() if batch.num_columns > 1 else [None] * len(structures)
            for text, record_id in zip(structures, ids, strict=True):
                number += 1
                if isinstance(text, bytes):
                    decoded, error = _decode(text)
                    if error is not None:
                        yield Record(number, _cell(record_id), "", error=error)
                        continue
                    text = decoded
                yield Record(number, _cell(record_id), "" if text is None else str(text).strip())
    except (OSError, ValueError) as exc:
        yield Record(number + 1, "", "", error=f"input ends unexpectedly ({exc}); later records could not be read")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()
