"""The second field test's recipes (``../shared/research/field-test-2026-12.md``, section (c), and the old
defects it re-tested), each run as the report wrote it: the same file contents and the same command.

Recipes that belong to one reader or one rule are tested beside it, with the report's files:
- H2 (CR line ends), M9 (duplicate columns), L21 (empty SDF entries): ``structure/test_readers.py``;
- L18 (spinner and CSV on one terminal): ``structure/test_records.py``;
- M11 (synthesis prose): ``test_synthesis_gate.py``; M12, M13 (URLs), L25, L27: ``test_validate_rules.py``;
- M13 (a hostile registry's site): ``docs/test_docs_hostile.py`` and ``docs/test_docs_browser.py``;
- M15 and old 26: ``test_cli_answers.py``;
- old 28 (long queries) and 29 (keto and enol): ``structure/test_lookup_input.py``, ``structure/test_match.py``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REGISTRY
from helpers import chemref, chemref_bytes

FOUR_AP = "c1ccc(NC2CCNCC2)cc1"
FENTANYL = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
DECISION_COLUMNS = ("controlled_in", "not_controlled_in", "unknown_in", "review_in", "not_applicable_in")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def order_of_jurisdictions() -> list[str]:
    listed = json.loads(chemref("status", "4-ap", "-f", "json").stdout)["jurisdictions"]
    return [cell["jurisdiction"] for cell in listed]


# -- High ---------------------------------------------------------------------------------------------


def _self_csv(path: Path, records: int) -> None:
    with path.open("w") as handle:
        handle.write("smiles,id\n")
        for i in range(records):
            handle.write((FOUR_AP if i % 1000 == 999 else "CCO") + f",r{i}\n")


def test_h1_an_output_that_is_the_input_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    _self_csv(tmp_path / "self.csv", 50_000)
    before = (tmp_path / "self.csv").read_bytes()
    same = chemref_bytes("screen", "self.csv", "--out", "self.csv", cwd=tmp_path)
    assert same.returncode == 2 and b"would destroy the input" in same.stderr
    assert (tmp_path / "self.csv").read_bytes() == before
    assert not (tmp_path / "self.csv.summary.json").exists()

    # Through a symlink (ln -s same2.csv link.csv), and with the sidecar as the input.
    _self_csv(tmp_path / "same2.csv", 2)
    (tmp_path / "link.csv").symlink_to("same2.csv")
    linked = chemref_bytes("screen", "same2.csv", "--out", "link.csv", cwd=tmp_path)
    assert linked.returncode == 2 and b"is the input same2.csv" in linked.stderr
    shutil.copy(tmp_path / "same2.csv", tmp_path / "o.csv.summary.json")
    sidecar = chemref_bytes("screen", "o.csv.summary.json", "--input-format", "csv", "--out", "o.csv", cwd=tmp_path)
    assert sidecar.returncode == 2 and b"the summary sidecar" in sidecar.stderr
    assert not (tmp_path / "o.csv").exists()


def test_h1_export_never_writes_over_the_registry_it_reads(tmp_path: Path) -> None:
    copy = tmp_path / "reg"
    shutil.copytree(REGISTRY, copy)
    target = copy / "chemicals" / "4-ap.yml"
    before = target.read_bytes()
    ran = chemref("export", "--registry", str(copy), "--out", str(target))
    assert ran.returncode == 2 and "would overwrite the input" in ran.stderr
    assert target.read_bytes() == before


def test_h2_csv_output_quotes_cr_and_lf_in_a_field(tmp_path: Path) -> None:
    """An id holding a line end (a Parquet string may hold one; a line-based input cannot) stays inside its
    quoted cell, so the output has one row per record."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from chemref.render.formats import csv_lines

    assert csv_lines([["a\rb", "c\nd", "e"]]) == '"a\rb","c\nd",e\n'
    table = pa.table({"smiles": [FOUR_AP, "CCO"], "id": ["first\rsecond", "third\nfourth"]})
    pq.write_table(table, tmp_path / "ids.parquet")
    ran = chemref_bytes("screen", "ids.parquet", cwd=tmp_path)
    rows_out = list(csv.DictReader(io.StringIO(ran.stdout.decode(), newline="")))
    assert [row["id"] for row in rows_out] == ["first\rsecond", "third\nfourth"]
    assert b'"first\rsecond"' in ran.stdout and b'"third\nfourth"' in ran.stdout


def test_h3_the_classic_precursors_and_their_names_and_numbers(tmp_path: Path) -> None:
    anhydride = chemref("lookup", "CC(=O)OC(C)=O")
    assert anhydride.returncode == 0 and "acetic-anhydride" in anhydride.stdout
    ephedrine = json.loads(chemref("lookup", "CN[C@@H](C)[C@H](O)c1ccccc1", "-f", "json").stdout)
    assert ephedrine["matches"][0]["id"] == "ephedrine"
    both = "CC(=O)OC(C)=O acetic_anhydride\nCN[C@@H](C)[C@H](O)c1ccccc1 ephedrine\n"
    screened = chemref("screen", "-", stdin=both)
    assert [row["matched_id"] for row in rows(screened.stdout)] == ["acetic-anhydride", "ephedrine"]
    assert all(row["controlled_in"] for row in rows(screened.stdout))
    assert chemref("show", "ephedrine").returncode == 0
    assert "Acetic anhydride" in chemref("status", "108-24-7").stdout


# -- Medium -------------------------------------------------------------------------------------------


def test_m4_fentanyl_in_the_eu_is_not_applicable_in_every_answer() -> None:
    screened = rows(chemref("screen", "-", stdin=f"{FENTANYL} fent\n").stdout)[0]
    assert screened["not_applicable_in"] == "EU" and "EU" not in screened["unknown_in"].split(";")
    looked_up = rows(chemref("lookup", FENTANYL, "-j", "EU", "-f", "csv").stdout)
    assert [(r["jurisdiction"], r["decision"]) for r in looked_up] == [("EU", "not-applicable")]
    status = rows(chemref("status", "fentanyl", "-j", "EU", "-f", "csv").stdout)
    assert [(r["jurisdiction"], r["decision"]) for r in status] == [("EU", "not-applicable")]


def test_m5_fentanyl_analogues_are_called_what_they_resemble_first(tmp_path: Path) -> None:
    (tmp_path / "sim.smi").write_text(
        "CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1 acetylfentanyl\nCCC(=O)N(c1ccc(F)cc1)C1CCN(CCc2ccccc2)CC1 pFF\n"
    )
    for row in rows(chemref("screen", "sim.smi", "--similar", cwd=tmp_path).stdout):
        assert row["reason"].startswith("resembles fentanyl, a scheduled drug"), row["reason"]
        assert row["registered"] == "no"
        assert all(row[column] is not None for column in DECISION_COLUMNS)
        named = [j for column in DECISION_COLUMNS for j in row[column].split(";") if j]
        assert sorted(named) == sorted(order_of_jurisdictions())  # every jurisdiction has a decision


@pytest.mark.xfail(
    strict=True,
    reason="M6 open: no text read gives the date CND decision 62/10 took effect, or an in-force-by date, "
    "for PMK methyl glycidate (see the issue 14 closing note)",
)
def test_m6_a_un_listing_decided_in_2019_is_known_by_2040() -> None:
    cell = rows(chemref("status", "pmk-methyl-glycidate", "--on", "2040-01-01", "-j", "UN", "-f", "csv").stdout)[0]
    assert cell["decision"] == "controlled"


def test_m7_lookup_file_accounts_for_every_record_in_one_shape(tmp_path: Path) -> None:
    (tmp_path / "nul.smi").write_bytes(b"CCO a\nC\x00C b\nc1ccc(NC2CCNCC2)cc1 c\n")
    ran = chemref("lookup", "--file", "nul.smi", "-f", "csv", cwd=tmp_path)
    table = rows(ran.stdout)
    assert {row["record"] for row in table} == {"1", "2", "3"}
    assert "error" in table[0] and any("NUL" in row["error"] for row in table if row["record"] == "2")
    (tmp_path / "one.smi").write_text(f"{FOUR_AP} ap\n")
    one = json.loads(chemref("lookup", "--file", "one.smi", "-f", "json", cwd=tmp_path).stdout)
    assert {"file", "on", "records"} <= set(one) and len(one["records"]) == 1


@pytest.mark.parametrize("name", ["empty.smi", "/dev/null"])
def test_m8_an_empty_file_holds_no_records_never_an_internal_error(tmp_path: Path, name: str) -> None:
    (tmp_path / "empty.smi").write_text("")
    ran = chemref("lookup", "--file", name, cwd=tmp_path)
    assert ran.returncode in (1, 2) and "the file holds no records" in ran.stderr
    assert "internal error" not in ran.stderr


def test_m10_auto_reads_a_smiles_and_name_says_it_is_one(tmp_path: Path) -> None:
    (tmp_path / "ids.txt").write_text(f"{FOUR_AP}\n23056-29-3\n")
    auto = rows(chemref("screen", "ids.txt", "--id-kind", "auto", cwd=tmp_path).stdout)
    assert [(r["status"], r["matched_id"]) for r in auto] == [("match", "4-ap"), ("match", "4-ap")]
    named = rows(chemref("screen", "ids.txt", "--id-kind", "name", cwd=tmp_path).stdout)
    assert named[0]["status"] == "invalid" and "looks like a SMILES" in named[0]["reason"]


class _Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (Path.touch, (str(self.marker),))


def test_m14_a_planted_cache_file_runs_no_code(tmp_path: Path) -> None:
    """In fresh processes: this one keeps the registry it loaded in memory and would not read the cache."""
    cache, marker = tmp_path / "cc", tmp_path / "PWNED_BY_CACHE"
    environment = {**os.environ, "CHEMREF_CACHE_DIR": str(cache), "CHEMREF_TODAY": "2026-12-06"}

    def status(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "chemref", "status", "4-ap", *args]
        return subprocess.run(command, env=environment, capture_output=True, text=True, check=False)

    assert status().returncode == 0
    kept = list(cache.glob("registry-*"))
    assert kept and all(path.suffix == ".json" for path in kept)
    payload = pickle.dumps(_Planted(marker))
    for path in kept:
        path.write_bytes(payload)
    (cache / "registry-planted.pickle").write_bytes(payload)
    again = status("-j", "US")
    assert again.returncode == 0 and "controlled" in again.stdout
    assert not marker.exists()


def test_m16_lookup_csv_guards_spreadsheet_formulas(tmp_path: Path) -> None:
    (tmp_path / "inj.smi").write_text(f'{FOUR_AP} =HYPERLINK("http://x")\nCCO +1+2\n')
    ids = {row["id"] for row in rows(chemref("lookup", "--file", "inj.smi", "-f", "csv", cwd=tmp_path).stdout)}
    assert ids == {'\'=HYPERLINK("http://x")', "'+1+2"}


def test_m17_validate_in_a_checkout_checks_its_registry(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(REGISTRY, checkout / "registry")
    (checkout / "pyproject.toml").write_text('[project]\nname = "chemref"\n')
    broken = checkout / "registry" / "chemicals" / "4-ap.yml"
    broken.write_text(broken.read_text().replace('cas: "23056-29-3"', 'cas: "23056-29-4"'))
    ran = chemref("validate", cwd=checkout)
    assert ran.returncode == 1 and "[cas-check-digit]" in ran.stdout and "registry registry:" in ran.stdout
    elsewhere = chemref("validate", cwd=tmp_path)
    assert elsewhere.returncode == 0 and "installed copy" in elsewhere.stdout


# -- Low ----------------------------------------------------------------------------------------------


def test_l19_every_jurisdiction_column_uses_one_order() -> None:
    order = order_of_jurisdictions()
    row = rows(chemref("screen", "-", stdin="CCOC(=O)C1(C)OC1c1ccccc1 bmk-ethyl\n").stdout)[0]
    for column in (*DECISION_COLUMNS, "may_be_covered_in"):
        named = [j for j in row[column].split(";") if j]
        assert named == sorted(named, key=order.index), column


def test_l20_history_and_show_csv_have_snake_case_fields_and_the_chemical() -> None:
    header = next(csv.reader(io.StringIO(chemref("history", "4-ap", "-f", "csv").stdout)))
    assert header[0] == "chemical" and all(field == field.lower() and " " not in field for field in header)
    shown = rows(chemref("show", "4-ap", "-f", "csv").stdout)
    assert {"chemical", "field", "value"} <= set(shown[0])
    assert any(row["field"].lower().startswith("inchikey") for row in shown)


def test_l22_identifier_explanations_and_salt_names(tmp_path: Path) -> None:
    (tmp_path / "names.txt").write_text("LKRMTUUCKBQGFO-UHFFFAOYSA-N\nfentanyl citrate\n")
    by_name = rows(chemref("screen", "names.txt", "--id-kind", "name", cwd=tmp_path).stdout)
    assert by_name[0]["reason"] == "the InChIKey of 4-AP"
    assert (by_name[1]["matched_id"], by_name[1]["tier"]) == ("fentanyl", "parent")


def test_l23_json_lines_give_jurisdictions_as_arrays() -> None:
    line = chemref("screen", "-", "--out-format", "jsonl", stdin=f"{FOUR_AP} ap\n").stdout.splitlines()[0]
    record = json.loads(line)
    assert isinstance(record["controlled_in"], list) and "US" in record["controlled_in"]


def test_l24_a_past_today_does_not_answer_from_later_research() -> None:
    ran = chemref("status", "4-ap", "-j", "GB", env={"CHEMREF_TODAY": "2020-01-01"})
    assert "not researched by 2020-01-01" in ran.stdout and "as of 2026" not in ran.stdout


def test_l26_a_un_fact_read_only_in_an_eu_recital_is_not_primary() -> None:
    events = rows(chemref("history", "pmk-methyl-glycidate", "-j", "UN", "-f", "csv").stdout)
    assert [e["basis"] for e in events if e["event"] == "un-2019-table-i"] == ["partly-secondary"]


# -- Old defects re-tested --------------------------------------------------------------------------------


def test_old_5_registered_is_not_controlled_on_a_date_before_any_listing() -> None:
    ran = chemref("screen", "-", "--on", "2010-01-01", stdin=f"{FOUR_AP} ap\n")
    row = rows(ran.stdout)[0]
    assert row["registered"] == "yes" and row["controlled_in"] == ""
    assert ran.returncode == 1  # as grep: nothing controlled found


@pytest.mark.parametrize(
    ("name", "chemical"), [("N-Boc-4-piperidone", "1-boc-4-piperidone"), ("40064-34-4", "4-piperidone")]
)
def test_old_8_and_11_catalogue_names_and_numbers_resolve(name: str, chemical: str) -> None:
    ran = chemref("status", name, "-f", "json")
    assert ran.returncode == 0 and json.loads(ran.stdout)["chemical"]["id"] == chemical
