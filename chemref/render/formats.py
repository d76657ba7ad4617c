"""Writing results as a rich table, JSON, CSV or Markdown.

Tables carry ``None`` for a missing value: it is shown as "—" in a table or Markdown and as an
empty cell in CSV. Columns named in ``Table.whole`` hold tokens (dates, CAS RNs, ids, list
labels) that are never broken inside themselves; when a table cannot fit the terminal that way,
it is printed as one block per row instead.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

MISSING = "—"


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


Cell = str | None


@dataclass
class Table:
    """Rows for the tabular formats, with an optional title, footnotes (e.g. source URLs) and a footer line."""

    headers: list[str]
    rows: list[list[Cell]]
    title: str = ""
    notes: list[str] = field(default_factory=list)
    whole: frozenset[str] = frozenset()
    footer: str = ""
    droppable: tuple[str, ...] = ()  # columns left out, in this order, when the table does not fit the terminal
    compact: bool = False  # one space between columns instead of two (grids of short marks)

    def without(self, header: str) -> Table:
        index = self.headers.index(header)
        return Table(
            [h for h in self.headers if h != header],
            [row[:index] + row[index + 1 :] for row in self.rows],
            self.title,
            self.notes,
            self.whole,
            self.footer,
            tuple(d for d in self.droppable if d != header),
            self.compact,
        )


def cell(value: Any) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value if v is not None) or None
    return str(value)


def shown(value: Cell) -> str:
    return MISSING if value is None or value == "" else value


def _markdown_cell(text: Cell) -> str:
    return shown(text).replace("|", "\\|").replace("\n", " ")


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
        if table.footer:
            out += ["", f"_{_markdown_cell(table.footer)}_"]
        out.append("")
    return "\n".join(out)


# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@")


def escape_cell(text: str) -> str:
    """``text`` made safe to open in a spreadsheet: a leading = + - @ gets a single quote before it."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_lines(rows: Iterable[Sequence[object]]) -> str:
    """CSV as every CSV of chemref is written: LF line ends, and a field holding CR, LF, a quote or a comma
    quoted. (Python's writer quotes only the characters of its line terminator, so rows are written with
    CRLF, which makes it quote both, and each row's own terminator is then cut back to LF.)"""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    out: list[str] = []
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        out.append(buffer.getvalue()[:-2] + "\n")
    return "".join(out)


def render_csv(table: Table) -> str:
    """One rectangular table; missing values are empty cells, formula-like cells are guarded."""
    rows = [["" if value is None else escape_cell(value) for value in row] for row in table.rows]
    return csv_lines([table.headers, *rows])


MIN_WIDTH = 40


def console(stderr: bool = False) -> Any:
    """A rich console sized to the terminal (200 columns when not a terminal, never under 40)."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None
    if stream.isatty():
        import shutil

        width = max(shutil.get_terminal_size((80, 24)).columns, MIN_WIDTH)
    return Console(width=width if stream.isatty() else 200, highlight=False, stderr=stderr)


def _rich_table(table: Table) -> Any:
    from rich import box
    from rich.table import Table as RichTable

    rich_table = RichTable(
        title=table.title or None,
        box=box.SIMPLE_HEAD,
        title_justify="left",
        pad_edge=False,
        expand=False,
        padding=0 if table.compact else (0, 1),
        show_edge=not table.compact,
    )
    for header in table.headers:
        whole = header in table.whole
        rich_table.add_column(header, no_wrap=whole, overflow="ellipsis" if whole else "fold")
    for row in table.rows:
        rich_table.add_row(*(shown(value) for value in row))
    return rich_table


def _fits(out: Any, table: Table) -> bool:
    """Whether every column fits the terminal with its whole tokens unbroken and other words unbroken too."""
    widths = []
    for index, header in enumerate(table.headers):
        cells = [shown(row[index]) for row in table.rows] + [header]
        if header in table.whole:
            widths.append(max(len(c) for c in cells))
        else:
            widths.append(max(len(word) for c in cells for word in (c.split() or [""])))
    gap = 1 if table.compact else 2
    needed = sum(widths) + gap * (len(widths) - 1)
    return bool(needed <= out.width)


def _blocks(table: Table) -> Any:
    """One block per row: the first cell as a heading, then 'Header: value' lines, wrapped between words."""
    from rich.text import Text

    lines: list[Text] = []
    if table.title:
        lines += [Text(table.title, style="italic"), Text()]
    label_width = max(len(h) for h in table.headers[1:]) + 1 if len(table.headers) > 1 else 0
    for row in table.rows:
        lines.append(Text(shown(row[0]), style="bold"))
        for header, value in zip(table.headers[1:], row[1:], strict=True):
            if value is None or value == "":
                continue
            line = Text(f"  {header + ':':<{label_width}} ", style="dim")
            line.append(value)
            lines.append(line)
        lines.append(Text())
    return Text("\n").join(lines)


def render_rich(tables: Sequence[Table]) -> None:
    """Every table (or its blocks), notes and footer, printed in one go: each print call has a fixed cost."""
    from rich.console import Group
    from rich.text import Text

    out = console()
    parts: list[Any] = []
    for table in tables:
        while not _fits(out, table) and table.droppable:
            table = table.without(table.droppable[0])
        parts.append(_rich_table(table) if _fits(out, table) else _blocks(table))
        if table.notes:
            parts.append(Text("\n").join(Text(note) for note in table.notes))
            parts.append(Text())
        if table.footer:
            parts.append(Text(table.footer, style="dim"))
    out.print(Group(*parts), markup=False, overflow="fold")


def json_text(answer: BaseModel) -> str:
    """An answer as the JSON every ``--format json`` prints."""
    return json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def emit(fmt: Format, answer: BaseModel, tables: Sequence[Table], csv_table: Table | None = None) -> None:
    """Print ``answer`` as JSON or ``tables`` in the other formats (CSV: ``csv_table``, else the first table)."""
    if fmt is Format.json:
        sys.stdout.write(json_text(answer))
    elif fmt is Format.csv:
        sys.stdout.write(render_csv(csv_table if csv_table is not None else tables[0]))
    elif fmt is Format.markdown:
        sys.stdout.write(render_markdown(tables))
    else:
        render_rich(tables)
