"""One cell, the same words in every answer: `status`, `lookup` and `screen` (CSV and JSON Lines) give the
same decision, the same reason for an unknown and the same sentence for a registered chemical in one
jurisdiction on one day (issue 15; field test M4 was fentanyl in the EU). The site and its API are
held to the same cells in ``docs/test_docs_same_words.py``.

The cells are chosen from the registry as it is: one for every (decision, why) pair that occurs,
plus fentanyl in the EU.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from functools import cache
from typing import Any

import pytest
from conftest import REGISTRY
from helpers import TODAY, chemref

from chemref.answers.build import chemical_status
from chemref.answers.decision import UNKNOWN_WHY_WORDS, word
from chemref.registry.load import load


@cache
def library_cells() -> dict[tuple[str, str], tuple[str, str | None]]:
    """(chemical, jurisdiction) -> (decision, why) from the library, for every chemical with a structure:
    only to choose the cells; every comparison below goes through the command line."""
    registry = load(REGISTRY)
    day = dt.date.fromisoformat(TODAY)
    return {
        (chemical.id, cell.jurisdiction): (cell.decision, cell.unknown_why)
        for chemical in registry.chemicals.values()
        if chemical.identifiers.smiles is not None
        for cell in chemical_status(registry, chemical, day).jurisdictions
    }


def chosen_cells() -> list[tuple[str, str]]:
    seen: dict[tuple[str, str | None], tuple[str, str]] = {}
    for key, pair in sorted(library_cells().items()):
        seen.setdefault(pair, key)
    return sorted({("fentanyl", "EU"), *seen.values()})


def status_cell(chemical: str, jurisdiction: str) -> dict[str, Any]:
    answer = json.loads(chemref("status", chemical, "-j", jurisdiction, "-f", "json").stdout)
    cell: dict[str, Any] = answer["jurisdictions"][0]
    assert cell["jurisdiction"] == jurisdiction
    return cell


def smiles_of(chemical_id: str) -> str:
    smiles = load(REGISTRY).chemicals[chemical_id].identifiers.smiles
    assert smiles is not None
    return smiles


def words(cell: dict[str, Any]) -> str:
    text = word(cell["decision"])
    return f"{text} ({UNKNOWN_WHY_WORDS[cell['unknown_why']]})" if cell["unknown_why"] else text


def test_the_chosen_cells_cover_every_decision_a_registered_chemical_gets() -> None:
    decisions = {library_cells()[key][0] for key in chosen_cells()}
    assert {"controlled", "not-controlled", "unknown", "not-applicable"} <= decisions
    assert status_cell("fentanyl", "EU")["decision"] == "not-applicable"


@pytest.mark.parametrize(("chemical", "jurisdiction"), chosen_cells(), ids=lambda v: str(v))
def test_status_lookup_and_screen_say_the_same(chemical: str, jurisdiction: str) -> None:
    cell = status_cell(chemical, jurisdiction)
    assert (cell["decision"], cell["unknown_why"]) == library_cells()[(chemical, jurisdiction)]
    smiles = smiles_of(chemical)

    table = chemref("status", chemical, "-j", jurisdiction, "-f", "markdown").stdout
    assert f"| {jurisdiction} | {words(cell)} |" in table

    looked = json.loads(chemref("lookup", smiles, "-j", jurisdiction, "-f", "json").stdout)
    match = next(m for m in looked["matches"] if m["id"] == chemical)
    (same,) = match["status"]
    for field in ("decision", "unknown_why", "reason", "since", "regime"):
        assert same[field] == cell[field], field

    row = next(csv.DictReader(io.StringIO(chemref("screen", "-", stdin=f"{smiles} x\n").stdout)))
    assert row["matched_id"] == chemical
    column = f"{cell['decision'].replace('-', '_')}_in"
    assert jurisdiction in row[column].split(";"), (column, row)
    others = [c for c in row if c.endswith("_in") and c not in (column, "may_be_covered_in")]
    assert all(jurisdiction not in row[c].split(";") for c in others)

    line = chemref("screen", "-", "--out-format", "jsonl", stdin=f"{smiles} x\n").stdout.splitlines()[0]
    assert jurisdiction in json.loads(line)[column]
