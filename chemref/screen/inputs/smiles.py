"""Line files: a SMILES file (a SMILES, then optionally a title, per line), and a list with one
record's text per line (identifiers, spaces and all). Blank and ``#`` lines are not records, and
neither is a first line naming a column; the summary counts them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chemref.screen.inputs.open import Source, physical_lines
from chemref.screen.inputs.record import Line, Record, SmiLine, decode
from chemref.screen.inputs.stats import ReadStats

SMI_HEADER_TOKENS = frozenset(
    {b"smiles", b"smi", b"canonical_smiles", b"isomeric_smiles", b"structure", b"mol", b"molecule"}
)


def smi_record(number: int, raw: bytes, line: int = 0) -> Record:
    """The record one (non-blank, non-comment) line of a SMILES file makes."""
    text, error = decode(raw)
    if error is not None:
        return Record(number, "", "", error=error, line=line)
    fields = text.split(maxsplit=1)
    if not fields:
        return Record(number, "", "", error="empty line", line=line)
    return Record(number, fields[1].strip() if len(fields) > 1 else "", fields[0], line=line)


def records_from_lines(first: int, lines: list[SmiLine]) -> list[Record]:
    """Records for consecutive SMILES record lines numbered from ``first`` (see ``SmilesReader(raw=True)``)."""
    return [smi_record(number, raw, line) for number, (line, raw) in enumerate(lines, start=first)]


def content_lines(lines: Iterator[Line], stats: ReadStats) -> Iterator[Line]:
    """The physical lines that can hold a record: blank and ``#`` lines are counted and skipped."""
    for line, raw in lines:
        if not raw.strip():
            stats.blank += 1
        elif raw.startswith(b"#"):
            stats.comments += 1
        else:
            yield line, raw


class SmilesReader:
    """A SMILES file. With ``raw`` its record lines are yielded as ``SmiLine`` pairs, which worker
    processes turn into records (``records_from_lines``), so this process only reads."""

    counted_as = "lines of a SMILES file"

    def __init__(self, raw: bool = False) -> None:
        self.raw = raw

    def start(self, source: Source, stats: ReadStats) -> Iterator[Any]:
        return self.items(source.lines, stats)

    def items(self, lines: Iterator[Line], stats: ReadStats) -> Iterator[SmiLine | Record]:
        first = True
        number = 0
        for line, raw in content_lines(lines, stats):
            if first:
                first = False
                if raw.split(maxsplit=1)[0].lower() in SMI_HEADER_TOKENS:
                    stats.header = raw.decode("utf-8", "replace")
                    continue
            number += 1
            yield (line, raw) if self.raw else smi_record(number, raw, line)


class ListReader:
    """A list: each line is one record's text, spaces and all (a list of names), and is also its id; a
    first line that is one of ``header_tokens`` names the column and is not a record."""

    counted_as = "lines of a list"

    def __init__(self, header_tokens: frozenset[bytes]) -> None:
        self.header_tokens = header_tokens

    def start(self, source: Source, stats: ReadStats) -> Iterator[Record]:
        return self.items(source.lines, stats)

    def items(self, lines: Iterator[Line], stats: ReadStats) -> Iterator[Record]:
        number = 0
        for line, raw in content_lines(lines, stats):
            if not number and stats.header is None and raw.strip().lower() in self.header_tokens:
                stats.header = raw.decode("utf-8", "replace")
                continue
            number += 1
            text, error = decode(raw)
            yield Record(number, text.strip(), text.strip(), error=error, line=line)  # the id is the text


def read_smi(stream: Any) -> Iterator[Record]:
    """Records of a SMILES byte stream (for tests and callers holding a stream rather than a path)."""
    stats = ReadStats(SmilesReader.counted_as)
    for item in SmilesReader().items(physical_lines(stream, stats), stats):
        assert isinstance(item, Record)
        yield item
