"""Answers the 2026-11-28 research settled, checked through the command line on that date."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

DAY = "2026-12-06"


def status(chemical: str) -> dict[str, dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-m", "chemref", "status", chemical, "--on", DAY, "-f", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "CHEMREF_TODAY": DAY},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {row["jurisdiction"]: row for row in json.loads(result.stdout)["jurisdictions"]}


def test_fentanyl_is_answered_in_every_jurisdiction() -> None:
    rows = status("fentanyl")
    assert {j: r["decision"] for j, r in rows.items()} == {
        "UN": "controlled",
        "US": "controlled",
        "EU": "not-applicable",
        "CA": "controlled",
        "CN": "controlled",
        "GB": "controlled",
        "GB-NIR": "controlled",
        "MX": "controlled",
    }
    assert rows["GB"]["regime"] == "GB-MDA-CLASS-A"
    assert rows["GB-NIR"]["regime"] == "GB-NIR-MDA-CLASS-A"


@pytest.mark.parametrize("chemical", ["4-ap", "1-boc-4-ap", "norfentanyl"])
def test_northern_ireland_takes_the_eu_date(chemical: str) -> None:
    assert status(chemical)["GB-NIR"]["since"] == "2023-02-20"


def test_the_2025_chinese_listing_supersedes_the_older_finding() -> None:
    for chemical in ("4-piperidone", "1-boc-4-piperidone"):
        row = status(chemical)["CN"]
        assert (row["decision"], row["since"], row["regime"]) == (
            "controlled",
            "2025-07-20",
            "CN-PRECURSOR-CATEGORY-II",
        )


@pytest.mark.parametrize(("cas", "chemical"), [("990-73-8", "fentanyl"), ("437-38-7", "fentanyl")])
def test_cas_numbers_of_parent_and_salt_resolve(cas: str, chemical: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chemref", "show", cas, "-f", "json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == chemical
