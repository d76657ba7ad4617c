"""Streaming readers for screening input: SMILES, CSV/TSV, SDF and Parquet files, optionally gzipped,
a named pipe, or stdin. No RDKit here.

Every record of the input becomes exactly one Record, in order, carrying the physical line it
starts on. A record the reader itself cannot read (undecodable bytes, an over-long line, a CSV
line with a stray quote, an SDF entry holding two molblocks that cannot be told apart) is still
yielded, carrying its error, so nothing is silently dropped. What is not a record (blank lines,
comments, a ``.smi`` header line) is counted in ``ReadStats``. When the input stops being readable
part-way (a truncated or corrupt gzip stream, an I/O error), reading ends and ``ReadStats.failure``
says why: the caller must report the input as not read whole.

One small module per format (``smiles``, ``delimited``, ``sdf``, ``parquet``), each a
``FormatReader``; ``open`` opens, decompresses, hashes and splits the input into lines, and
``reader.Reader`` puts them together.
"""

from chemref.screen.inputs.columns import ID_COLUMNS, STRUCTURE_COLUMNS
from chemref.screen.inputs.delimited import MAX_CONTINUATION_LINES, sniff_delimiter, split_row
from chemref.screen.inputs.open import PARQUET_SUFFIXES, detect_format
from chemref.screen.inputs.parquet import PARQUET_BATCH_ROWS
from chemref.screen.inputs.reader import (
    FormatReader,
    Reader,
    ReaderOptions,
    format_reader,
    read_parquet,
    read_records,
)
from chemref.screen.inputs.record import MAX_RECORD_BYTES, InputError, InputFormat, Record, SmiLine
from chemref.screen.inputs.smiles import SMI_HEADER_TOKENS, read_smi, records_from_lines, smi_record
from chemref.screen.inputs.stats import ReadStats

__all__ = [
    "ID_COLUMNS",
    "MAX_CONTINUATION_LINES",
    "MAX_RECORD_BYTES",
    "PARQUET_BATCH_ROWS",
    "PARQUET_SUFFIXES",
    "SMI_HEADER_TOKENS",
    "STRUCTURE_COLUMNS",
    "FormatReader",
    "InputError",
    "InputFormat",
    "ReadStats",
    "Reader",
    "ReaderOptions",
    "Record",
    "SmiLine",
    "detect_format",
    "format_reader",
    "read_parquet",
    "read_records",
    "read_smi",
    "records_from_lines",
    "smi_record",
    "sniff_delimiter",
    "split_row",
]
