"""What a reader counted: how records were counted, and what it read that was not a record."""

from __future__ import annotations

from dataclasses import dataclass, field


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


@dataclass
class ReadStats:
    """How the reader counted records, and what it read that was not a record."""

    counted_as: str
    blank: int = 0
    comments: int = 0
    header: str | None = None
    delimiter: str | None = None
    split: list[int] = field(default_factory=list)  # SDF lines where a missing $$$$ was found
    empty_entries: int = 0  # SDF entries with nothing before their $$$$ but blank lines
    bare_cr: int = 0  # line ends that were a CR alone (each ends a line, as LF does)
    failure: str | None = None

    def describe(self) -> str:
        """'lines of a SMILES file; skipped 2 blank lines', for the summary."""
        skipped = []
        if self.header is not None:
            skipped.append("1 header line")
        if self.blank:
            skipped.append(_plural(self.blank, "blank line"))
        if self.comments:
            skipped.append(_plural(self.comments, "comment line"))
        if self.empty_entries:
            skipped.append(f"{self.empty_entries} empty SDF entr{'ies' if self.empty_entries != 1 else 'y'}")
        text = self.counted_as + (f"; skipped {', '.join(skipped)}" if skipped else "")
        if self.bare_cr:
            text += f"; {_plural(self.bare_cr, 'line')} ended by a bare CR, read as line ends"
        if self.split:
            where = ", ".join(str(n) for n in self.split[:5]) + (" …" if len(self.split) > 5 else "")
            text += f"; {len(self.split)} missing $$$$ separator(s) found (line {where})"
        return text
