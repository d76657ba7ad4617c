"""Dates known to the day, the month or only the year.

A legal fact is stored at the precision its source gives: fentanyl came under UN control in
"1964" with no month known. Comparisons therefore work on the interval a partial date spans.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import Any, Literal

Precision = Literal[
    "year",  # only the year is known, e.g. "1964"
    "month",  # year and month are known, e.g. "2022-11"
    "day",  # the full date is known, e.g. "2022-11-23"
]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a readable reason."""
        match = _PATTERN.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a date: month {month} is out of range")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"{text!r} is not a date: day {day} is out of range for that month")
        return cls(year, month, day)

    @classmethod
    def coerce(cls, value: Any) -> PartialDate:
        """Accept a PartialDate, an ISO string, a ``datetime.date`` or a bare year."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls.parse(f"{value:04d}")
        if isinstance(value, str):
            return cls.parse(value)
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """ISO 8601 at the date's own precision: ``1964``, ``2022-11`` or ``2022-11-23``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> dt.date:
        """The earliest calendar day the date can denote."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest calendar day the date can denote."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    def surely_before(self, other: PartialDate) -> bool:
        """True when every day this date can denote precedes every day ``other`` can."""
        return self.last_day() < other.first_day()

    def surely_after(self, other: PartialDate) -> bool:
        return self.first_day() > other.last_day()

    def covers(self, day: dt.date) -> bool:
        """True when ``day`` lies within the span this date denotes."""
        return self.first_day() <= day <= self.last_day()

    def __str__(self) -> str:
        return self.iso()


def parse_day(text: str) -> dt.date:
    """Parse a full ``YYYY-MM-DD`` date given on the command line."""
    try:
        parsed = PartialDate.parse(text)
    except ValueError as exc:
        reason = str(exc).split(": ", 1)[-1]
        raise ValueError(
            f"{text!r} is not a date: {'write YYYY-MM-DD' if reason.startswith('write') else reason}"
        ) from None
    if parsed.precision != "day":
        raise ValueError(f"{text!r} is not a full date: write YYYY-MM-DD")
    return parsed.first_day()


TODAY_VAR = "CHEMREF_TODAY"


def today() -> dt.date:
    """Today, or ``$CHEMREF_TODAY`` (YYYY-MM-DD) so that tests, builds and reproducible output can fix it."""
    override = os.environ.get(TODAY_VAR)
    if not override:
        return dt.date.today()
    try:
        return parse_day(override)
    except ValueError as exc:
        raise ValueError(f"${TODAY_VAR}: {exc}") from None
