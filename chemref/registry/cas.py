"""CAS Registry Numbers: shape and check digit."""

from __future__ import annotations

import re

_SHAPE = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")


def looks_like_cas(text: str) -> bool:
    """True when ``text`` has the shape of a CAS RN (digits-digits-digit), whatever its check digit."""
    return _SHAPE.match(text.strip()) is not None


def check_digit(body: str) -> int:
    """The check digit for the digits before it: sum of digits weighted 1, 2, 3... from the right, mod 10."""
    return sum(position * int(digit) for position, digit in enumerate(reversed(body), start=1)) % 10


def cas_problem(text: str) -> str | None:
    """Why ``text`` is not a valid CAS RN, or None when it is."""
    match = _SHAPE.match(text.strip())
    if match is None:
        return f"{text!r} is not a CAS RN: expected the form 1234567-12-1"
    body = match.group(1) + match.group(2)
    expected = check_digit(body)
    if int(match.group(3)) != expected:
        return f"CAS RN {text} fails its check digit: the last digit should be {expected}, not {match.group(3)}"
    return None


def canonical_cas(text: str) -> str:
    """A CAS RN without the leading zeros some databases pad it with: '0023056-29-3' -> '23056-29-3'."""
    match = _SHAPE.match(text.strip())
    if match is None:
        return text.strip()
    body = match.group(1).lstrip("0").rjust(2, "0")
    return f"{body}-{match.group(2)}-{match.group(3)}"


def cas_key(text: str) -> tuple[str | None, str | None]:
    """For batches: the digits a valid CAS RN is indexed by (no leading zeros, as ``canonical_cas``)
    and None, or None and why ``text`` is not a valid CAS RN."""
    match = _SHAPE.match(text)
    if match is None:
        return None, f"{text[:80]!r} is not a CAS RN: expected the form 1234567-12-1"
    first, second, last = match.groups()
    body = first + second
    expected = sum(position * int(digit) for position, digit in enumerate(reversed(body), start=1)) % 10
    if int(last) != expected:
        return None, f"CAS RN {text} fails its check digit: the last digit should be {expected}, not {last}"
    return first.lstrip("0").rjust(2, "0") + second + last, None
