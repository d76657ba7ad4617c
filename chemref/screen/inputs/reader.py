"""``Reader``: one input, whatever its format, behind one interface. It opens the input (``open``),
picks the format's reader, and gives the records in order with ``stats`` saying how they were counted.

Each format's reader (``SmilesReader``, ``ListReader``, ``DelimitedReader``, ``SdfReader``,
``ParquetReader``) implements ``FormatReader``: a name for what it counts, and ``start``, which reads
what must be read before the first record (a table's header) and returns the records, lazily."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from chemref.screen.inputs.columns import STRUCTURE_COLUMNS
from chemref.screen.inputs.delimited import DelimitedReader
from chemref.screen.inputs.open import Source, detect_format, open_raw
from chemref.screen.inputs.parquet import ParquetReader
from chemref.screen.inputs.record import InputError, InputFormat, Record
from chemref.screen.inputs.sdf import SdfReader
from chemref.screen.inputs.smiles import ListReader, SmilesReader
from chemref.screen.inputs.stats import ReadStats


class FormatReader(Protocol):
    """One input format."""

    @property
    def counted_as(self) -> str:
        """What one record is, for the summary ('lines of a SMILES file')."""
        ...

    def start(self, source: Source, stats: ReadStats) -> Iterator[Any]:
        """Read what must come before the first record (InputError when the input cannot be read at all),
        and return the records (``Record``, or ``SmiLine`` for a raw SMILES reader), lazily, in order;
        what is not a record, and a failure part-way, go in ``stats``."""
        ...


@dataclass(frozen=True)
class ReaderOptions:
    """How to read an input, whatever its format; each format's reader takes the options it needs."""

    structure_column: str | None = None  # the CSV/TSV/Parquet column to screen (default: a known name)
    id_column: str | None = None  # the column (or SDF field) with the record id
    delimiter: str | None = None  # the CSV/TSV delimiter (default: detected from the header)
    raw_smi: bool = False  # a SMILES file yields raw ``SmiLine`` pairs, which worker processes turn into records
    column_defaults: tuple[str, ...] = STRUCTURE_COLUMNS  # column names looked for when none is given
    column_what: str = "structure"  # what the column holds, for messages ('structure' or 'identifier')
    # Each line of a line file is one record's text, spaces and all (a list of names); a first line
    # naming a column (``column_defaults``) is its header.
    whole_lines: bool = False


def format_reader(fmt: InputFormat, options: ReaderOptions = ReaderOptions()) -> FormatReader:
    """The reader of ``fmt`` for ``options``."""
    o = options
    if fmt == "parquet":
        return ParquetReader(o.structure_column, o.id_column, o.column_defaults, o.column_what)
    if fmt == "smi" and o.whole_lines:
        return ListReader(frozenset(c.encode() for c in o.column_defaults))
    if fmt == "smi":
        return SmilesReader(raw=o.raw_smi)
    if fmt == "sdf":
        return SdfReader(o.id_column)
    return DelimitedReader(fmt, o.delimiter, o.structure_column, o.id_column, o.column_defaults, o.column_what)


class Reader:
    """Records of one input, in order; ``stats`` says how they were counted and what was skipped.

    Opening reads a table's header, so an input with no structure column fails (InputError) before
    any output is written. With ``raw_smi`` a SMILES file yields ``SmiLine`` pairs, which worker
    processes turn into records (``records_from_lines``).
    """

    def __init__(self, path: str, fmt: InputFormat | None = None, options: ReaderOptions = ReaderOptions()) -> None:
        self.path = path
        raw, self.regular = open_raw(path)
        try:
            self.format: InputFormat = fmt or ("smi" if path == "-" else detect_format(path))
            if self.format == "parquet" and (path == "-" or not self.regular):
                raise InputError("Parquet input must be a regular file, not a pipe or standard input")
        except InputError:
            if path != "-":
                raw.close()
            raise
        reader = format_reader(self.format, options)
        self.stats = ReadStats(reader.counted_as)
        try:
            self._source = Source(path, raw, self.regular, self.stats, decompress=self.format != "parquet")
        except InputError:
            if path != "-":
                raw.close()
            raise
        try:
            self._items: Iterator[Any] = reader.start(self._source, self.stats)
        except InputError:
            self.close()
            raise

    def __iter__(self) -> Iterator[Any]:
        return self._items

    def close(self) -> None:
        self._source.close()

    def sha256(self, finish: bool = True) -> str | None:
        """The input's SHA-256 (of its bytes as stored, compressed or not). If reading stopped early,
        a regular file is hashed to its end; a pipe's hash is unknown (None)."""
        return self._source.sha256(finish)


def read_records(
    path: str,
    fmt: InputFormat | None = None,
    structure_column: str | None = None,
    id_column: str | None = None,
    delimiter: str | None = None,
) -> Iterator[Record]:
    """Records of ``path`` ('-' for standard input) in input order; InputError if it cannot be read at all.
    (Use ``Reader`` to learn what was skipped and whether the input was read whole.)"""
    return iter(Reader(path, fmt, ReaderOptions(structure_column, id_column, delimiter)))


def read_parquet(path: str, structure_column: str | None = None, id_column: str | None = None) -> Iterator[Record]:
    """Records of a Parquet file, one per row, ``line`` the row number; needs pyarrow (see ``Reader``)."""
    return iter(Reader(path, "parquet", ReaderOptions(structure_column, id_column)))
