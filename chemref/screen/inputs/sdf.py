"""SDF: ``$$$$``-separated entries, one record per molblock. An entry holding two molblocks (a
missing ``$$$$``) is split at the second one's header, or, where that cannot be found, is one record
carrying the error: two records are never merged silently."""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Iterator

from chemref.screen.inputs.open import Source
from chemref.screen.inputs.record import MAX_RECORD_BYTES, Line, Record
from chemref.screen.inputs.stats import ReadStats


class SdfReader:
    """An SDF file; a record's id is its title line, or the data field ``id_field`` when given."""

    counted_as = "molblocks ($$$$-separated SDF entries)"

    def __init__(self, id_field: str | None = None) -> None:
        self.id_field = id_field

    def start(self, source: Source, stats: ReadStats) -> Iterator[Record]:
        return self.items(source.lines, stats)

    def items(self, lines: Iterator[Line], stats: ReadStats) -> Iterator[Record]:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        number = 0
        block: list[str] = []
        start = 0
        size = 0
        for line, raw in lines:
            if raw.strip() == b"$$$$":
                if any(text.strip() for text in block):
                    for record in self._entry(number, block, start, size, stats):
                        number = record.number
                        yield record
                else:
                    stats.empty_entries += 1  # '$$$$' alone, or after blank lines only: no record, but counted
                block, size = [], 0
                continue
            if not block:
                start = line
            size += len(raw)
            block.append(decoder.decode(raw + b"\n"))
        if any(text.strip() for text in block):
            yield from self._entry(number, block, start, size, stats)
        else:
            stats.blank += len(block)  # blank lines after the last entry

    def _entry(self, number: int, block: list[str], start: int, size: int, stats: ReadStats) -> list[Record]:
        ends = [i for i, text in enumerate(block) if text.startswith("M  END")]
        if len(ends) <= 1:
            return [_record(number + 1, block, start, size, self.id_field)]
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
                stats.split.append(start)
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
                stats.split.append(start + first)
            records.append(_record(number + position + 1, piece, start + first, size, self.id_field))
        return records


def _record(number: int, block: list[str], line: int, size: int, id_field: str | None) -> Record:
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
