"""Rendering ``chemref lookup --file``: one entry per record, unreadable and unmatched ones included."""

from __future__ import annotations

from chemref.answers.models import LookupFileAnswer
from chemref.render.formats import Table
from chemref.render.tables import LOOKUP_CSV_COLUMNS, lookup_rows, lookup_tables

FILE_CSV_COLUMNS = ["record", "line", "id", *LOOKUP_CSV_COLUMNS, "error"]


def file_tables(answer: LookupFileAnswer, footer: str = "") -> list[Table]:
    tables: list[Table] = []
    for item in answer.records:
        where = f"record {item.record} (line {item.line}) {item.id}".rstrip()
        if item.answer is None:
            tables.append(Table(["Input"], [], title=where, notes=[f"cannot read this record: {item.error}"]))
            continue
        for table in lookup_tables(item.answer):
            table.title = f"{where}: {table.title}"
            tables.append(table)
    if tables:
        tables[-1].footer = footer
    return tables


def file_csv(answer: LookupFileAnswer) -> Table:
    """A row per record x match x jurisdiction, and one row with the error for a record that could not be read."""
    rows: list[list[str | None]] = []
    for item in answer.records:
        head: list[str | None] = [str(item.record), str(item.line), item.id]
        if item.answer is None:
            rows.append([*head, *([None] * len(LOOKUP_CSV_COLUMNS)), item.error])
            continue
        rows += [[*head, *row, None] for row in lookup_rows(item.answer)]
    return Table(list(FILE_CSV_COLUMNS), rows)
