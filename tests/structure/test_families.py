"""Family listings ("X and its esters"): a named member is exact, an unnamed ester is review, a look-alike is nothing.

Run through the command line, as a user meets it: ``chemref lookup SMILES -f json`` on 2026-12-06.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

DAY = "2026-12-06"


def lookup(smiles: str) -> list[dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, "-m", "chemref", "lookup", smiles, "--on", DAY, "-f", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "CHEMREF_TODAY": DAY},
        check=False,
    )
    matches: list[dict[str, Any]] = json.loads(result.stdout)["matches"]
    # exit status 1 means no registered chemical matches
    assert result.returncode == (0 if matches else 1), result.stderr
    return matches


def decisions(match: dict[str, Any]) -> dict[str, str]:
    return {row["jurisdiction"]: row["decision"] for row in match["status"]}


@pytest.mark.parametrize(
    ("smiles", "member"),
    [
        ("COC(=O)C1(C)OC1c1ccccc1", "bmk-methyl-glycidate"),
        ("COC(=O)C(C(C)=O)c1ccccc1", "mapa"),
        ("CCOC(=O)C(C(C)=O)c1ccccc1", "eapa"),
        ("COC(=O)C1(C)OC1c1ccc2c(c1)OCO2", "pmk-methyl-glycidate"),
        ("CCOC(=O)C1(C)OC1c1ccc2c(c1)OCO2", "pmk-ethyl-glycidate"),
    ],
)
def test_a_named_ester_is_exact_and_controlled_in_china(smiles: str, member: str) -> None:
    first = lookup(smiles)[0]
    assert (first["id"], first["tier"]) == (member, "exact")
    assert decisions(first)["CN"] == "controlled"


@pytest.mark.parametrize(
    ("smiles", "family"),
    [
        ("CCCOC(=O)C1(C)OC1c1ccccc1", "bmk-glycidic-acid"),  # propyl ester, named in no text read
        ("CCCOC(=O)C(C(C)=O)c1ccccc1", "3-oxo-2-phenylbutanoic-acid"),  # propyl ester
        ("CC(C)OC(=O)C1(C)OC1c1ccc2c(c1)OCO2", "pmk-glycidic-acid"),  # isopropyl ester
    ],
)
def test_an_unnamed_ester_is_class_tier_and_review_in_china_never_controlled(smiles: str, family: str) -> None:
    matches = lookup(smiles)
    assert matches, "an ester of a listed acid must not be silently missed"
    assert {m["id"] for m in matches} == {family}
    assert {m["tier"] for m in matches} == {"class"}
    china = [decisions(m)["CN"] for m in matches]
    assert "review" in china
    assert "controlled" not in {d for m in matches for d in decisions(m).values()}


def test_the_flavouring_isomer_is_not_bmk_ethyl_glycidate() -> None:
    # ethyl 3-methyl-3-phenyloxirane-2-carboxylate ("ethyl methylphenylglycidate", CAS 77-83-8): methyl and phenyl
    # on the same ring carbon. Same formula as BMK ethyl glycidate, different structure, and no listing reaches it.
    matches = lookup("CCOC(=O)C1OC1(C)c1ccccc1")
    assert not [m for m in matches if m["id"] in {"bmk-glycidic-acid", "bmk-methyl-glycidate"}]
    assert matches == []


def test_the_amide_called_apaa_is_not_an_ester_of_the_acid() -> None:
    # alpha-phenylacetoacetamide ("APAA" in UN, EU, UK, US and Canadian law) is an amide, not an ester
    matches = lookup("CC(=O)C(C(N)=O)c1ccccc1")
    assert not [m for m in matches if m["id"] in {"3-oxo-2-phenylbutanoic-acid", "mapa", "eapa"}]


def test_the_flavouring_name_is_no_synonym() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chemref", "show", "ethyl methylphenylglycidate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    result = subprocess.run(
        [sys.executable, "-m", "chemref", "show", "77-83-8"], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
