from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chemref.registry.dates import PartialDate, parse_day


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.sampled_from(["year", "month", "day"])
)
def test_iso_round_trips_at_every_precision(day: dt.date, precision: str) -> None:
    full = PartialDate.from_date(day)
    value = {"year": PartialDate(day.year), "month": PartialDate(day.year, day.month), "day": full}[precision]
    assert PartialDate.parse(value.iso()) == value
    assert value.precision == precision
    assert value.first_day() <= day <= value.last_day()


def test_spans_of_partial_dates() -> None:
    assert PartialDate.parse("1964").first_day() == dt.date(1964, 1, 1)
    assert PartialDate.parse("1964").last_day() == dt.date(1964, 12, 31)
    assert PartialDate.parse("2024-02").last_day() == dt.date(2024, 2, 29)
    assert PartialDate.parse("2022-11").surely_before(PartialDate.parse("2022-12-01"))
    assert not PartialDate.parse("2022").surely_before(PartialDate.parse("2022-12-01"))


@pytest.mark.parametrize("text", ["", "22", "2022-1", "2022-13", "2022-02-30", "2022/01/01", "yesterday"])
def test_malformed_dates_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        PartialDate.parse(text)


def test_command_line_dates_must_be_full() -> None:
    assert parse_day("2020-05-16") == dt.date(2020, 5, 16)
    with pytest.raises(ValueError, match="full date"):
        parse_day("2020-05")
