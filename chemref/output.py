"""Writing results as a rich table, JSON, CSV or Markdown."""

from __future__ import annotations

import enum
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@dataclass
class Table:
    """Rows for the tabular formats, with an optional title and footnotes (e.g. source URLs)."""

    headers: list[str]
    rows: list[list[str]]
    title: str = ""
    notes: list[str] = field(default_factory=list)


def cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value)
    return str(value)


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(tables: Sequence[Table]) -> str:
    out: list[str] = []
    for table in tables:
        if table.title:
            out += [f"### {_markdown_cell(table.title)}", ""]
        out.append("| " + " | ".join(_markdown_cell(h) for h in table.headers) + " |")
        out.append("|" + "---|" * len(table.headers))
        out += ["| " + " | ".join(_markdown_cell(c) for c in row) + " |" for row in table.rows]
        if table.notes:
            out += [""] + [f"- {_markdown_cell(note)}" for note in table.notes]
        out.append("")
    return "\n".join(out)


def render_csv(tables: Sequence[Table]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
    return buffer.getvalue()


def render_rich(tables: Sequence[Table]) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(width=None if sys.stdout.isatty() else 200, highlight=False)
    for table in tables:
        rich_table = RichTable(title=table.title or None, box=box.SIMPLE_HEAVY, title_justify="left")
        for header in table.headers:
            rich_table.add_column(header, overflow="fold")
        for row in table.rows:
            rich_table.add_row(*row)
        console.print(rich_table, markup=False)
        for note in table.notes:
            console.print(note, markup=False, soft_wrap=True)
        if table.notes:
            console.print()


def emit(fmt: Format, record: Any, tables: Sequence[Table]) -> None:
    """Print ``record`` as JSON or ``tables`` in the other formats."""
    if fmt is Format.json:
        sys.stdout.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(render_csv(tables))
    elif fmt is Format.markdown:
        sys.stdout.write(render_markdown(tables))
    else:
        render_rich(tables)
