"""Screening rows as Parquet: each rendered CSV block becomes rows of one Parquet file, in order.

The engines render CSV (the format whose bytes the tests pin); this sink parses each block with
pyarrow's CSV reader into the same columns, typed (``record`` and ``line`` integers, the rest
strings, an empty field an empty string), and writes a row group every ``ROW_GROUP_ROWS`` rows,
so a large output is streamed to disk and never held whole. ``batch.Run`` writes to it as to a
binary file; an output that is not complete says so in the file's key-value metadata
(``chemref.incomplete``), since a Parquet file has no last line to hold the marker.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from chemref.screen.errors import EngineError
from chemref.screen.rows import COLUMNS

ROW_GROUP_ROWS = 100_000
PARQUET_SUFFIXES = (".parquet", ".pq")
INTEGER_COLUMNS = frozenset({"record", "line"})


def is_parquet(path: str | Path) -> bool:
    return str(path).lower().endswith(PARQUET_SUFFIXES)


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.csv
        import pyarrow.parquet
    except ImportError as exc:
        raise EngineError("Parquet output needs pyarrow: pip install 'chemref[dask]'") from exc
    return pyarrow


def schema() -> Any:
    pa = _pyarrow()
    return pa.schema([(name, pa.int64() if name in INTEGER_COLUMNS else pa.string()) for name in COLUMNS])


class ParquetSink:
    """Write rendered CSV blocks (no header, as bytes) to ``path`` as one Parquet file, in the order given."""

    def __init__(self, path: Path) -> None:
        self._pa = _pyarrow()
        self._schema = schema()
        self._writer = self._pa.parquet.ParquetWriter(str(path), self._schema)
        self._pending: list[Any] = []
        self._rows = 0
        self._closed = False

    def write(self, data: bytes) -> int:
        if not data:
            return 0
        csv = self._pa.csv
        table = csv.read_csv(
            io.BytesIO(data),
            read_options=csv.ReadOptions(column_names=COLUMNS, use_threads=False),
            parse_options=csv.ParseOptions(newlines_in_values=True),
            convert_options=csv.ConvertOptions(
                column_types=self._schema, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
        self._pending.append(table)
        self._rows += table.num_rows
        if self._rows >= ROW_GROUP_ROWS:
            self._flush()
        return len(data)

    def flush(self) -> None:
        """Rows are written a row group at a time (see ``close``)."""

    def mark_incomplete(self, marker: str) -> None:
        """Record that the rows stop short (the marker line a CSV output would end with)."""
        self._writer.add_key_value_metadata({"chemref.incomplete": marker.strip()})

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_table(self._pa.concat_tables(self._pending), row_group_size=max(self._rows, 1))
        self._pending, self._rows = [], 0

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._flush()
        self._writer.close()
