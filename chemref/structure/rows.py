"""Screening output rows and their rendering (CSV or JSON Lines). No RDKit here, so identifier
batches can be screened and written without it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, TypeVar

from chemref.decision import Decision, by_decision
from chemref.structure.readers import Record

C = TypeVar("C")

Status = Literal["match", "no_match", "invalid"]

COLUMNS = [
    "record",
    "id",
    "status",
    "matched_id",
    "tier",
    "controlled_in",
    "may_be_covered_in",
    "matches",
    "reason",
    "line",
    "parent_smiles",
    "parent_inchikey",
    "not_controlled_in",
    "unknown_in",
    "review_in",
    "not_applicable_in",
]


def invalid_row(record: Record, reason: str) -> Row:
    """The row of a record that could not be read or screened, with the reason."""
    return Row(record.number, record.id, "invalid", reason=reason, line=record.line)


def screen_each(screen_one: Callable[[Record, C], Row], records: Sequence[Record], context: C) -> list[Row]:
    """One row per record, in order: a record whose screening fails becomes an 'invalid' row, never a crash."""
    rows = []
    for record in records:
        try:
            rows.append(screen_one(record, context))
        except Exception as exc:
            rows.append(invalid_row(record, f"could not be processed: {type(exc).__name__}: {exc}"))
    return rows


def decision_columns(decisions: dict[str, Decision]) -> dict[str, str]:
    """The not_controlled_in, unknown_in, review_in and not_applicable_in cells for jurisdiction -> decision."""
    grouped = by_decision(decisions)
    return {
        "not_controlled_in": ";".join(grouped.get("not-controlled", [])),
        "unknown_in": ";".join(grouped.get("unknown", [])),
        "review_in": ";".join(grouped.get("review", [])),
        "not_applicable_in": ";".join(grouped.get("not-applicable", [])),
    }


# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@")


class Row(NamedTuple):
    """One output row per input record (a tuple: cheap to build, pickle and write).

    ``line`` is the physical line the record starts on; ``parent_smiles`` and ``parent_inchikey``
    describe the standardized parent when the record was standardized (every record that could
    match; empty for records the prefilter ruled out, and for invalid ones).
    """

    record: int
    id: str
    status: Status
    matched_id: str = ""
    tier: str = ""
    controlled_in: str = ""
    may_be_covered_in: str = ""
    matches: str = ""
    reason: str = ""
    line: int = 0
    parent_smiles: str = ""
    parent_inchikey: str = ""
    # With controlled_in, these name every jurisdiction for a matched record (decision per jurisdiction).
    not_controlled_in: str = ""
    unknown_in: str = ""
    review_in: str = ""
    not_applicable_in: str = ""

    def as_dict(self) -> dict[str, object]:
        return self._asdict()


def escape_cell(text: str) -> str:
    """``text`` made safe to open in a spreadsheet: a leading = + - @ gets a single quote before it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(rows: Sequence[Row], fmt: str) -> str:
    """Rows as CSV lines (no header) or JSON Lines. In CSV, ids are escaped (``escape_cell``)."""
    if fmt == "jsonl":
        return "".join(json.dumps(row._asdict(), ensure_ascii=False) + "\n" for row in rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row._replace(id=escape_cell(row.id)) if row.id.startswith(_FORMULA_START) else row)
    return buffer.getvalue()


def header(fmt: str) -> str:
    return "" if fmt == "jsonl" else ",".join(COLUMNS) + "\n"


def incomplete_marker(fmt: str, records: int, reason: str) -> str:
    """The last line of an output that is not complete, which a program can check for."""
    if fmt == "jsonl":
        return json.dumps({"incomplete": True, "records": records, "reason": reason}) + "\n"
    return f"# chemref: incomplete after {records} records: {reason}\n"


@dataclass(frozen=True)
class Block:
    """The rendered output of one chunk, with its counts by status."""

    text: str
    counts: dict[str, int]
    last_record: int
    rows: int


def block_of(rows: list[Row], fmt: str) -> Block:
    counts = {"match": 0, "no_match": 0, "invalid": 0}
    for row in rows:
        counts[row.status] += 1
    return Block(render(rows, fmt), counts, rows[-1].record if rows else 0, len(rows))
