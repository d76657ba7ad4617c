"""What every reader yields: one ``Record`` per input record (or, for a SMILES file read for worker
processes, its raw line), and the decoding every reader applies to a record's bytes."""

from __future__ import annotations

from typing import Literal, NamedTuple

InputFormat = Literal["smi", "csv", "tsv", "sdf", "parquet"]
MAX_RECORD_BYTES = 100_000

Line = tuple[int, bytes]
"""A physical line of the input, without its line end, and its 1-based number."""

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


def decode(raw: bytes) -> tuple[str, str | None]:
    """A record's bytes as text, or the reason they are not a readable record."""
    if len(raw) > MAX_RECORD_BYTES:
        return "", f"record is {len(raw):,} bytes, over the {MAX_RECORD_BYTES:,}-byte limit"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "", "record is not valid UTF-8 text (binary data?)"
    if "\x00" in text:
        return "", "record contains NUL bytes (binary data?)"
    return text, None
