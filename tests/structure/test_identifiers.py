"""Identifier batches: `screen --id-kind` (issue 10 §2)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import Ran, chemref_bytes

FOUR_AP_INCHI = "InChI=1S/C11H16N2/c1-2-4-10(5-3-1)13-11-6-8-12-9-7-11/h1-5,11-13H,6-9H2"


def cli(*args: str, stdin: bytes | None = None) -> Ran[bytes]:
    """``chemref ARGS`` in this process (see tests/helpers.py)."""
    return chemref_bytes(*args, env={"CHEMREF_TODAY": "2026-12-06"}, stdin=stdin)


def rows(result: Ran[bytes]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(result.stdout.decode())))


def test_a_column_of_cas_numbers(tmp_path: Path) -> None:
    path = tmp_path / "shipment.csv"
    path.write_text(
        "line_item,CAS,description\n"
        "1,23056-29-3,drum\n"  # 4-AP
        "2,0023056-29-3,drum\n"  # zero-padded
        "3,23056-29-4,drum\n"  # bad check digit
        "4,64-17-5,ethanol\n"
        "5,not a cas,x\n"
        "6,,empty\n",
        encoding="utf-8",
    )
    result = cli("screen", str(path), "--id-kind", "cas", "--column", "CAS", "--id-column", "line_item")
    assert result.returncode == 0, result.stderr
    out = rows(result)
    assert len(out) == 6
    assert [(r["id"], r["status"], r["matched_id"]) for r in out] == [
        ("1", "match", "4-ap"),
        ("2", "match", "4-ap"),
        ("3", "invalid", ""),
        ("4", "no_match", ""),
        ("5", "invalid", ""),
        ("6", "invalid", ""),
    ]
    assert "check digit" in out[2]["reason"] and "not a CAS RN" in out[4]["reason"]
    assert out[0]["tier"] == "exact" and "US" in out[0]["controlled_in"].split(";")
    assert out[0]["parent_inchikey"] == "LKRMTUUCKBQGFO-UHFFFAOYSA-N"
    assert list(out[0]) == list(rows(cli("screen", "-", stdin=b"CCO\n"))[0])  # the same columns


def test_auto_kind_and_names_from_a_plain_list(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text(
        f"identifier\nnorfentanyl\n4-anilinopiperidine\nLKRMTUUCKBQGFO-UHFFFAOYSA-N\n{FOUR_AP_INCHI}\n\n"
        "caffeine\n40143-93-8\n",
        encoding="utf-8",
    )
    result = cli("screen", str(path), "--id-kind", "auto")
    assert result.returncode == 0, result.stderr
    out = rows(result)
    assert [(r["line"], r["id"], r["status"], r["matched_id"], r["tier"]) for r in out] == [
        ("2", "norfentanyl", "match", "norfentanyl", "exact"),
        ("3", "4-anilinopiperidine", "match", "4-ap", "exact"),
        ("4", "LKRMTUUCKBQGFO-UHFFFAOYSA-N", "match", "4-ap", "exact"),
        ("5", FOUR_AP_INCHI, "match", "4-ap", "exact"),  # an InChI is screened as a structure
        ("7", "caffeine", "no_match", "", ""),
        ("8", "40143-93-8", "invalid", "", ""),
    ]
    assert "check digit" in out[-1]["reason"]
    assert b"screened 6 records (lines of a list; skipped 1 header line, 1 blank line)" in result.stderr


@pytest.mark.parametrize("kind", ["cas", "name"])
def test_cas_and_name_batches_need_no_rdkit(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("id,cas,name\na,23056-29-3,norfentanyl\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from chemref.cli import main\n"
        f"sys.argv = ['chemref', 'screen', {str(path)!r}, '--id-kind', {kind!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('RDKIT' if any(m == 'rdkit' or m.startswith('rdkit.') for m in sys.modules) else 'NO-RDKIT')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert result.stdout.decode().strip().endswith("NO-RDKIT"), result.stderr
    assert ",match," in result.stdout.decode()


def test_rows_of_unregistered_identifiers_are_each_their_own() -> None:
    """Such rows are copies of one row built per kind of identifier: each has its record, id, line and reason,
    and lists of its own."""
    import datetime as dt

    from conftest_registry import REGISTRY

    from chemref.registry.load import load
    from chemref.screen.identifiers import IdentifierContext, screen_identifiers
    from chemref.screen.inputs import Record

    context = IdentifierContext.build(load(REGISTRY), dt.date(2026, 12, 6), "auto")
    records = [Record(1, "a", "58-08-2", line=2), Record(2, "b", "50-00-0", line=3), Record(3, "c", "not a chemical")]
    first, second, third = screen_identifiers(records, context)
    assert [(r.record, r.id, r.line, r.status) for r in (first, second)] == [
        (1, "a", 2, "no_match"),
        (2, "b", 3, "no_match"),
    ]
    assert "CAS RN" in first.reason and "CAS RN" in second.reason and "name" in third.reason
    assert first.unknown_in == second.unknown_in and first.unknown_in
    first.unknown_in.append("XX")
    assert "XX" not in second.unknown_in and "XX" not in third.unknown_in
