from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chemref.registry.cas import cas_problem, check_digit


@pytest.mark.parametrize("cas", ["23056-29-3", "125541-22-2", "1609-66-1", "21409-26-7", "79099-07-3", "50-00-0"])
def test_known_numbers_pass(cas: str) -> None:
    assert cas_problem(cas) is None


def test_a_wrong_check_digit_is_named() -> None:
    assert cas_problem("1609-66-5") == "CAS RN 1609-66-5 fails its check digit: the last digit should be 1, not 5"


@given(st.integers(min_value=10, max_value=9_999_999), st.integers(min_value=0, max_value=99))
def test_every_single_digit_change_of_the_check_digit_fails(head: int, middle: int) -> None:
    body = f"{head}{middle:02d}"
    good = check_digit(body)
    assert cas_problem(f"{head}-{middle:02d}-{good}") is None
    for wrong in set(range(10)) - {good}:
        assert cas_problem(f"{head}-{middle:02d}-{wrong}") is not None


@pytest.mark.parametrize("text", ["23056293", "1-23-4", "abc-de-f", "12345678-12-1"])
def test_malformed_numbers_are_refused(text: str) -> None:
    assert "not a CAS RN" in (cas_problem(text) or "")
