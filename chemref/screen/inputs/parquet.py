"""Parquet: one record per row, its structure and id columns chosen as for CSV, read by record batch
through pyarrow (which opens the file itself), so memory does not grow with the file. A row's number
is both its record number and its ``line``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chemref.screen.inputs.columns import choose_columns
from chemref.screen.inputs.open import Source
from chemref.screen.inputs.record import InputError, Record, decode
from chemref.screen.inputs.stats import ReadStats

# Rows are read from a Parquet file this many at a time, so memory does not grow with the file.
PARQUET_BATCH_ROWS = 65_536


def cell(value: object) -> str:
    """A Parquet cell as an id: text, whatever the column's type."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()


class ParquetReader:
    """A Parquet file (a regular file: pyarrow reads it by path). The hash is taken from the raw
    stream, which stays unread until ``Source.sha256`` reads it whole."""

    counted_as = "rows of a Parquet file"

    def __init__(
        self, structure_column: str | None, id_column: str | None, defaults: tuple[str, ...], what: str
    ) -> None:
        self.structure_column = structure_column
        self.id_column = id_column
        self.defaults = defaults
        self.what = what

    def start(self, source: Source, stats: ReadStats) -> Iterator[Record]:
        try:
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise InputError("reading Parquet needs pyarrow: pip install 'chemref[dask]'") from exc
        try:
            parquet = pq.ParquetFile(source.path)
        except Exception as exc:
            raise InputError(f"cannot read {source.path} as Parquet: {exc}") from exc
        header = list(parquet.schema_arrow.names)
        structure, ident = choose_columns(header, self.structure_column, self.id_column, self.defaults, self.what)
        chosen = [structure] + ([ident] if ident >= 0 else [])
        return _rows(parquet, header, chosen, stats)


def _rows(parquet: Any, header: list[str], chosen: list[int], stats: ReadStats) -> Iterator[Record]:
    """Rows of the columns at ``chosen`` (the structure's, then the id's). pyarrow reads columns by name,
    and gives every column of each name asked for, name by name, in the file's order; each chosen column
    is found among them by its place."""
    names = list(dict.fromkeys(header[i] for i in chosen))
    read = [i for name in names for i, other in enumerate(header) if other == name]  # a batch's columns
    places = [read.index(i) for i in chosen]
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=names):
            structures = batch.column(places[0]).to_pylist()
            ids = batch.column(places[1]).to_pylist() if len(places) > 1 else [None] * len(structures)
            for text, record_id in zip(structures, ids, strict=True):
                number += 1  # the row number is both the record number and its "line"
                if isinstance(text, bytes):
                    decoded, error = decode(text)
                    if error is not None:
                        yield Record(number, cell(record_id), "", error=error, line=number)
                        continue
                    text = decoded
                yield Record(number, cell(record_id), "" if text is None else str(text).strip(), line=number)
    except (OSError, ValueError) as exc:
        stats.failure = f"input ends unexpectedly after row {number} ({exc})"
