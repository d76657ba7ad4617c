"""`lookup` reads what people paste, and an unreadable structure is bad input (exit 2), never
"not found" (issue 10 §3, field test defects 3, 4, 28)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import Ran, chemref_bytes

FOUR_AP = "c1ccc(NC2CCNCC2)cc1"
FOUR_AP_INCHI = "InChI=1S/C11H16N2/c1-2-4-10(5-3-1)13-11-6-8-12-9-7-11/h1-5,11-13H,6-9H2"
FOUR_AP_KEY = "LKRMTUUCKBQGFO-UHFFFAOYSA-N"


def cli(*args: str) -> Ran[bytes]:
    """``chemref ARGS`` in this process (see tests/helpers.py)."""
    return chemref_bytes(*args, env={"CHEMREF_TODAY": "2026-12-06"})


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("c1ccc(NC2CCNCC2", b"extra open parentheses"),
        ("C1CC", b"unclosed ring"),
        ("c1ccc(NC2CCNCC2 4-AP", b"not a valid SMILES"),
        ("c1cccc1", b"kekulize"),
    ],
)
def test_an_unreadable_smiles_is_bad_input_not_not_found(query: str, message: bytes) -> None:
    result = cli("lookup", query)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and b"No registered chemical" not in result.stderr


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        (f"{FOUR_AP} 4-AP", "title '4-AP'"),
        (f"{FOUR_AP}\tcatalogue entry 12", "title 'catalogue entry 12'"),
        (f"{FOUR_AP} |$;;;;;;;;;;;;$|", "CXSMILES extension '|$;;;;;;;;;;;;$|'"),
    ],
)
def test_a_title_or_cxsmiles_after_the_smiles_is_ignored_and_said(query: str, ignored: str) -> None:
    result = cli("lookup", query, "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "smiles" and data["query"] == FOUR_AP and data["ignored"] == ignored
    assert data["matches"][0]["id"] == "4-ap" and data["matches"][0]["tier"] == "exact"
    assert b"ignored the" in result.stderr


@pytest.mark.parametrize(
    ("query", "kind", "tier"),
    [
        (FOUR_AP_INCHI.replace("InChI=", "inchi="), "inchi", "exact"),
        (FOUR_AP_INCHI.replace("InChI=", "INCHI="), "inchi", "exact"),
        (FOUR_AP_KEY.lower(), "inchikey", "exact"),
        ("0023056-29-3", "cas", "exact"),
        ("NPP", "name", "exact"),
        ("LKRMTUUCKBQGFO-UHFFFAOYSA-O", "inchikey", "parent"),
    ],
)
def test_identifiers_people_paste(query: str, kind: str, tier: str) -> None:
    result = cli("lookup", query, "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == kind and data["matches"][0]["tier"] == tier
    assert data["matches"][0]["id"] in {"4-ap", "npp"}


def test_as_cas_with_something_else_is_bad_usage() -> None:
    result = cli("lookup", "--as", "cas", "CCO")
    assert result.returncode == 2 and b"is not a CAS RN" in result.stderr
    assert cli("lookup", "--as", "inchikey", "CCO").returncode == 2
    assert cli("lookup", "--as", "cas", "23056-29-4").returncode == 2  # check digit
    assert cli("lookup", "hello world").returncode == 1  # a name that is not registered is "not found"


def test_the_detector_reads_queries() -> None:
    from chemref.chem.parse import read_query

    assert read_query("c1ccc(NC2CCNCC2").smiles_error is not None
    assert read_query("4-AP").kind == "name" and read_query("4-AP").smiles_error is None
    assert read_query("N-phenyl-N-(piperidin-4-yl)propionamide").smiles_error is None
    assert read_query(FOUR_AP_KEY.lower()).text == FOUR_AP_KEY


def _molblock(smiles: str, title: str) -> str:
    from rdkit import Chem

    mol = Chem.MolFromSmiles(smiles)
    mol.SetProp("_Name", title)
    return str(Chem.MolToMolBlock(mol))


def test_lookup_file_answers_every_record(tmp_path: Path) -> None:
    path = tmp_path / "multi.sdf"
    path.write_text(_molblock("CCO", "ethanol") + "$$$$\n" + _molblock(FOUR_AP, "four") + "$$$$\n")
    result = cli("lookup", "--file", str(path), "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(r["record"], r["id"], [m["id"] for m in r["answer"]["matches"]]) for r in data["records"]] == [
        (1, "ethanol", []),
        (2, "four", ["4-ap"]),
    ]
    broken = tmp_path / "broken.sdf"
    broken.write_text(_molblock("CCO", "ethanol") + "$$$$\nbad\n  junk\nnot a molblock\nM  END\n$$$$\n")
    answer = cli("lookup", "--file", str(broken), "-f", "json")
    assert answer.returncode == 2
    records = json.loads(answer.stdout)["records"]
    assert len(records) == 2 and records[1]["answer"] is None and "molblock" in records[1]["error"]
    # Field test M7: one shape whatever the record count: a one-record file is still {file, on, records}.
    single = tmp_path / "one.mol"
    single.write_text(_molblock(FOUR_AP, "four"))
    one = json.loads(cli("lookup", "--file", str(single), "-f", "json").stdout)
    assert set(one) == {"file", "on", "records", "provenance"} and len(one["records"]) == 1
    assert one["records"][0]["answer"]["kind"] == "molblock"
    assert one["records"][0]["answer"]["matches"][0]["id"] == "4-ap"


# -- old defect 28: a long query is never echoed in full ------------------------------------------

LONG = 100_000


def _echoes_a_long_run(text: str, query: str) -> bool:
    """Whether ``text`` holds more than 80 characters of ``query`` in a row."""
    return any(query[i : i + 81] in text for i in range(0, len(query) - 81, 997))


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("C" * LONG + "(((",), 2),  # no SMILES, no name: bad input
        (("C" * LONG + "(((", "--as", "smiles"), 2),
        (("x" * LONG,), 1),  # a name that names nothing
        (("CCO " + "t" * LONG,), 1),  # a SMILES and a long title, ignored and said so
        (("InChI=1S/" + "C(" * (LONG // 2),), 2),
        (("y" * LONG, "--as", "cas"), 2),
        (("z" * LONG, "--as", "inchikey"), 2),
    ],
    ids=["smiles-or-name", "as-smiles", "name", "title", "inchi", "as-cas", "as-inchikey"],
)
def test_a_long_query_is_clipped_in_every_message(args: tuple[str, ...], code: int) -> None:
    result = cli("lookup", *args)
    assert result.returncode == code, result.stderr[:300]
    said = result.stderr.decode()
    assert len(said) < 2_000 and not _echoes_a_long_run(said, args[0]), said[:300]
    if args[0][:40] in said:  # where the query is shown, it is shown clipped, and says so
        assert "…" in said or "..." in said


def test_a_long_record_is_clipped_in_lookup_file_and_screen(tmp_path: Path) -> None:
    bad = "C" * 99_000 + "((("
    path = tmp_path / "long.smi"
    path.write_text(f"{bad} r1\n{FOUR_AP} r2\n", encoding="utf-8")
    looked_up = cli("lookup", "--file", str(path), "-f", "json")
    assert looked_up.returncode == 2
    error = json.loads(looked_up.stdout)["records"][0]["error"]
    assert "not a valid SMILES" in error and len(error) < 1_000 and not _echoes_a_long_run(error, bad)
    screened = cli("screen", str(path))
    reason = screened.stdout.decode().splitlines()[1]
    assert "not a valid SMILES" in reason and len(reason) < 2_000 and not _echoes_a_long_run(reason, bad)


def test_a_long_csv_header_is_clipped_in_the_message(tmp_path: Path) -> None:
    header = "x" * LONG
    path = tmp_path / "wide.csv"
    path.write_text(f"{header},{','.join(f'c{i}' for i in range(500))}\n1,2\n", encoding="utf-8")
    result = cli("screen", str(path))
    said = result.stderr.decode()
    assert result.returncode == 2 and "no structure column found" in said
    assert len(said) < 2_000 and not _echoes_a_long_run(said, header) and "(501 columns in all)" in said


@pytest.mark.parametrize(
    ("enol", "ketone"),
    [
        ("OC1=CCNCC1", "4-piperidone"),
        ("OC1=CCN(CCc2ccccc2)CC1", "npp"),
        ("CC(C)(C)OC(=O)N1CCC(O)=CC1", "1-boc-4-piperidone"),
        ("CC(O)=C(C(=O)O)c1ccccc1", "3-oxo-2-phenylbutanoic-acid"),
    ],
)
def test_lookup_of_an_enol_finds_the_registered_ketone(enol: str, ketone: str) -> None:
    """Old defect 29: each of these was 'no match'."""
    result = cli("lookup", enol, "-f", "json")
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout)["matches"][0]
    assert (first["id"], first["tier"]) == (ketone, "tautomer")
    assert any(s["decision"] == "controlled" for s in first["status"])
