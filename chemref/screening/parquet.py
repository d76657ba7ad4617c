"""Screening rows as Parquet: each rendered CSV block becomes rows of one Parquet file, in order.

The engines render CSV (the format whose bytes the tests pin); this sink parses each block with
pyarrow's CSV reader into the same columns, typed (``record`` an integer, the rest strings, an
empty field an empty string), and writes a row group every ``ROW_GROUP_ROWS`` rows, so a large
output is streamed to disk and never held whole.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from chemref.screening import EngineError
from chemref.structure.screen import COLUMNS

ROW_GROUP_ROWS = 100_000
PARQUET_SUFFIXES = (".parquet", ".pq")


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
    return pa.schema([(name, pa.int64() if name == "record" else pa.string()) for name in COLUMNS])


class ParquetSink:
    """Write rendered CSV blocks (no header) to ``path`` as one Parquet file, in the order given."""

    def __init__(self, path: Path) -> None:
        self._pa = _pyarrow()
        self._schema = schema()
        self._writer = self._pa.parquet.ParquetWriter(str(path), self._schema)
        self._pending: list[Any] = []
        self._rows = 0

    def write(self, text: str) -> None:
        if not text:
            return
        csv = self._pa.csv
        table = csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
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

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_table(self._pa.concat_tables(self._pending), row_group_size=max(self._rows, 1))
        self._pending, self._rows = [], 0

    def close(self) -> None:
        self._flush()
        self._writer.close()
