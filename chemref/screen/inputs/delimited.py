"""CSV and TSV: a header row, then one record per row, read line by line so that one stray quote
costs one row, never the rest of the file.

A quoted field may continue onto at most ``MAX_CONTINUATION_LINES`` further lines, and only when
that completes a well-formed row (the header's width, no line break in the structure or id field);
otherwise its line is one record of its own, carrying the error."""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Callable, Iterator
from typing import Literal

from chemref.screen.inputs.columns import choose_columns
from chemref.screen.inputs.open import Source
from chemref.screen.inputs.record import MAX_RECORD_BYTES, InputError, Line, Record, decode
from chemref.screen.inputs.stats import ReadStats

MAX_CONTINUATION_LINES = 20
DELIMITERS = ",;\t"

RowState = Literal["ok", "open", "malformed"]


def split_row(text: str, delimiter: str) -> tuple[list[str], RowState]:
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


class DelimitedReader:
    """A CSV or TSV table: the header is read when reading starts, so a table with no column to screen
    fails (InputError) before any output is written."""

    def __init__(
        self,
        fmt: Literal["csv", "tsv"],
        delimiter: str | None,
        structure_column: str | None,
        id_column: str | None,
        defaults: tuple[str, ...],
        what: str,
    ) -> None:
        self.counted_as = "TSV rows after the header" if fmt == "tsv" else "CSV rows after the header"
        self.default = "\t" if fmt == "tsv" else ","
        self.delimiter = delimiter
        self.structure_column = structure_column
        self.id_column = id_column
        self.defaults = defaults
        self.what = what

    def start(self, source: Source, stats: ReadStats) -> Iterator[Record]:
        lines = source.lines
        header_text = None
        for _, raw in lines:
            if raw.strip():
                try:
                    header_text = raw.decode("utf-8-sig")
                except UnicodeDecodeError as exc:
                    raise InputError("the header row is not UTF-8 text") from exc
                break
            stats.blank += 1
        if header_text is None:
            if stats.failure:
                raise InputError(f"cannot read the header row: {stats.failure}")
            return iter(())
        chosen = self.delimiter or sniff_delimiter(header_text, self.default)
        stats.delimiter = chosen
        header, state = split_row(header_text, chosen)
        if state != "ok":
            raise InputError("the header row has an unbalanced quote")
        header = [h.strip() for h in header]
        structure, ident = choose_columns(header, self.structure_column, self.id_column, self.defaults, self.what)
        return self._rows(lines, stats, chosen, len(header), structure, ident)

    def _rows(
        self, source: Iterator[Line], stats: ReadStats, delimiter: str, width: int, structure: int, ident: int
    ) -> Iterator[Record]:
        pending: deque[Line] = deque()

        def next_line() -> Line | None:
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
                stats.blank += 1
                continue
            number += 1
            text, error = decode(raw)
            if error is not None:
                yield Record(number, "", "", error=error, line=line)
                continue
            fields, state = split_row(text, delimiter)
            if state == "open":
                fields, state, used = _continue(text, delimiter, width, structure, ident, next_line)
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
                    error=f"row has {len(fields)} field(s); the {self.what} column is missing",
                    line=line,
                )
                continue
            yield Record(number, record_id, fields[structure].strip(), line=line)


def _continue(
    text: str,
    delimiter: str,
    width: int,
    structure: int,
    ident: int,
    next_line: Callable[[], Line | None],
) -> tuple[list[str], RowState, list[Line]]:
    """Join following lines while a quoted field is open, up to the limit; 'ok' only for a
    well-formed row (the header's width, no line break in the structure or id field)."""
    used: list[Line] = []
    joined = text
    size = len(text)
    while len(used) < MAX_CONTINUATION_LINES:
        item = next_line()
        if item is None:
            break
        used.append(item)
        size += len(item[1])
        piece, error = decode(item[1])
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
