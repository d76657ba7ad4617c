"""What day it is for chemref: the system date, or ``$CHEMREF_TODAY`` so that tests and builds can fix it."""

from __future__ import annotations

import datetime as dt
import os

TODAY_VAR = "CHEMREF_TODAY"


def today() -> dt.date:
    """Today, or ``$CHEMREF_TODAY`` (YYYY-MM-DD)."""
    override = os.environ.get(TODAY_VAR)
    if not override:
        return dt.date.today()
    from chemref.dates import parse_day

    try:
        return parse_day(override)
    except ValueError as exc:
        raise ValueError(f"${TODAY_VAR}: {exc}") from None
