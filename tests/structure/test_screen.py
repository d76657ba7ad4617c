"""Batch screening: every record accounted for, in order, whatever the input looks like."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from conftest_registry import REGISTRY
from helpers import Ran, chemref_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemref.registry.load import load
from chemref.screen.inputs import SMI_HEADER_TOKENS, InputError, Reader, Record, read_records, read_smi
from chemref.screen.structures import ScreenContext, run, screen_batch

DAY = dt.date(2024, 6, 1)
SALT = "Cl.Cl.c1ccc(NC2CCNCC2)cc1"


@pytest.fixture(scope="module")
def context() -> ScreenContext:
    return ScreenContext.build(load(REGISTRY), DAY)


def screen_file(path: Path, context: ScreenContext, **kwargs: str) -> list[dict[str, object]]:
    return [r.model_dump() for r in run(read_records(str(path), **kwargs), context)]  # type: ignore[arg-type]


def test_smi_rows_follow_input_order_and_account_for_everything(tmp_path: Path, context: ScreenContext) -> None:
    lines = [
        f"{SALT} salt-1",
        "CCO ethanol",
        "",
        "C1CC broken-ring",
        "C(C)(C)(C)(C)C valence",
        "x" * 100_001,
        "CCC(=O)N(c1ccccc1)C1CCNCC1 nor",
        "# a comment",
        "c1ccccc1",
    ]
    path = tmp_path / "in.smi"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = screen_file(path, context)
    # The blank line and the comment are not records; every other line is one, in order.
    assert [r["record"] for r in rows] == list(range(1, 8))
    assert [r["line"] for r in rows] == [1, 2, 4, 5, 6, 7, 9]
    assert [r["status"] for r in rows] == ["match", "no_match", "invalid", "invalid", "invalid", "match", "no_match"]
    assert rows[0]["matched_id"] == "4-ap" and rows[0]["tier"] == "parent" and rows[0]["id"] == "salt-1"
    assert rows[0]["parent_smiles"] == "c1ccc(NC2CCNCC2)cc1" and str(rows[0]["parent_inchikey"]).endswith("-N")
    assert "US" in rows[0]["controlled_in"]
    assert "unclosed ring" in str(rows[2]["reason"])
    assert "valence" in str(rows[3]["reason"]).lower()
    assert "limit" in str(rows[4]["reason"])


def test_binary_garbage_is_one_invalid_row_per_line(tmp_path: Path, context: ScreenContext) -> None:
    path = tmp_path / "garbage.smi"
    path.write_bytes(b"CCO ok\n\xff\xfe\x00\x01junk\n" + SALT.encode() + b" salt\n")
    rows = screen_file(path, context)
    assert [r["status"] for r in rows] == ["no_match", "invalid", "match"]
    assert "UTF-8" in str(rows[1]["reason"])


def test_gzip_and_truncated_gzip(tmp_path: Path, context: ScreenContext) -> None:
    body = "\n".join(f"{SALT if i % 7 == 0 else 'CCO'} s{i}" for i in range(2000)).encode() + b"\n"
    whole = tmp_path / "in.smi.gz"
    whole.write_bytes(gzip.compress(body))
    assert len(screen_file(whole, context)) == 2000
    cut = tmp_path / "cut.smi.gz"
    cut.write_bytes(gzip.compress(body)[:-200])
    reader = Reader(str(cut))
    rows = [r.model_dump() for r in run(reader, context)]
    # Every row written is a whole record; the reader says the input was not read whole.
    assert reader.stats.failure is not None and "ends unexpectedly" in reader.stats.failure
    assert 0 < len(rows) < 2000
    assert all(r["status"] == ("match" if i % 7 == 0 else "no_match") for i, r in enumerate(rows))
    assert [r["record"] for r in rows] == list(range(1, len(rows) + 1))


def test_csv_columns(tmp_path: Path, context: ScreenContext) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"catalog_number,SMILES,price\nA1,{SALT},10\nA2,CCO,3\nA3\n", encoding="utf-8")
    rows = screen_file(path, context)
    assert [(r["id"], r["status"]) for r in rows] == [("A1", "match"), ("A2", "no_match"), ("A3", "invalid")]
    tsv = tmp_path / "in.tsv"
    tsv.write_text(f"name\tstructure\nB1\t{SALT}\n", encoding="utf-8")
    assert screen_file(tsv, context)[0]["status"] == "match"


def test_csv_without_a_structure_column_is_refused(tmp_path: Path, context: ScreenContext) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,price\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no structure column"):
        screen_file(path, context)
    with pytest.raises(InputError, match="no column 'smiles_col'"):
        screen_file(path, context, structure_column="smiles_col")


def test_sdf_with_a_broken_record(tmp_path: Path, context: ScreenContext) -> None:
    from rdkit import Chem

    good = Chem.MolToMolBlock(Chem.MolFromSmiles("CCC(=O)N(c1ccccc1)C1CCNCC1"))
    path = tmp_path / "in.sdf"
    path.write_text(
        f"nor\n{good.split(chr(10), 1)[1]}> <ID>\nN-1\n\n$$$$\nbroken\n  junk\nnot a molblock\n$$$$\n"
        f"{Chem.MolToMolBlock(Chem.MolFromSmiles('CCO'))}$$$$\n",
        encoding="utf-8",
    )
    rows = screen_file(path, context)
    assert [r["status"] for r in rows] == ["match", "invalid", "no_match"]
    assert rows[0]["matched_id"] == "norfentanyl"
    assert "M  END" in str(rows[1]["reason"])
    by_field = screen_file(path, context, id_column="ID")
    assert by_field[0]["id"] == "N-1"


def test_two_jobs_give_the_same_rows(tmp_path: Path, context: ScreenContext) -> None:
    records = [Record(i + 1, f"r{i}", s) for i, s in enumerate([SALT, "CCO", "C1CC", "Fc1ccc(NC2CCNCC2)cc1"] * 300)]
    assert list(run(records, context, jobs=2, chunk_size=50)) == list(run(records, context, jobs=1))


def test_the_batch_core_is_pure(context: ScreenContext) -> None:
    records = [Record(1, "a", SALT), Record(2, "b", "CCO"), Record(3, "c", "", error="empty line")]
    first = screen_batch(records, context)
    assert first == screen_batch(records, context)
    import pickle

    assert screen_batch(records, pickle.loads(pickle.dumps(context))) == first


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(
        st.one_of(st.binary(max_size=40), st.sampled_from([SALT.encode(), b"CCO", b"C1CC", b""])), max_size=20
    )
)
def test_fuzzed_smi_input_is_fully_accounted(lines: list[bytes], context: ScreenContext) -> None:
    data = b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines)
    records = list(read_smi(io.BufferedReader(io.BytesIO(data))))  # type: ignore[arg-type]
    rows = screen_batch(records, context)
    assert len(rows) == len(records)
    assert [r.record for r in rows] == [r.number for r in records]
    assert all(r.status in {"match", "no_match", "invalid"} for r in rows)
    physical = [line.rstrip(b"\r\n") for line in io.BytesIO(data).readlines()]
    lines = [line for line in physical if line.strip() and not line.startswith(b"#")]
    header = bool(lines) and lines[0].split()[0].lower() in SMI_HEADER_TOKENS
    assert len(records) == len(lines) - header


def cli(*args: str, stdin: bytes | None = None) -> Ran[bytes]:
    """``chemref ARGS`` in this process (see tests/helpers.py)."""
    return chemref_bytes(*args, env={"CHEMREF_TODAY": "2026-12-06"}, stdin=stdin)


def test_screen_cli_summary_exit_codes_and_formats(tmp_path: Path) -> None:
    path = tmp_path / "in.smi"
    path.write_text(f"{SALT} a\nCCO b\nC1CC c\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = cli("screen", str(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    said = result.stderr.decode()
    assert "screened 3 records (lines of a SMILES file) for 2026-12-06: 1 matched (1 controlled somewhere" in said
    assert "1 matched nothing registered, 1 invalid" in said
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["status"] for r in rows] == ["match", "no_match", "invalid"]
    jsonl = tmp_path / "out.jsonl"
    assert cli("screen", str(path), "--out", str(jsonl)).returncode == 0
    assert [json.loads(line)["record"] for line in jsonl.read_text(encoding="utf-8").splitlines()] == [1, 2, 3]
    none = cli("screen", "-", stdin=b"CCO\nCCCCO\n")
    assert none.returncode == 1 and none.stdout.decode().splitlines()[0].startswith("record,id,status")
    missing = cli("screen", str(tmp_path / "nope.smi"))
    assert missing.returncode == 2 and b"no such input file" in missing.stderr and b"Traceback" not in missing.stderr


def test_lookup_cli_contract_and_exit_codes() -> None:
    result = cli("lookup", SALT, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "smiles" and data["query"] == SALT
    first = data["matches"][0]
    assert first["id"] == "4-ap" and first["tier"] == "parent" and "chloride" in first["explanation"]
    assert any(s["jurisdiction"] == "US" and s["controlled"] for s in first["status"])
    assert cli("lookup", "CCO").returncode == 1
    bad = cli("lookup", "C1CC", "--as", "smiles")
    assert bad.returncode == 2 and b"unclosed ring" in bad.stderr and b"Traceback" not in bad.stderr
    inchi = cli("lookup", "InChI=1S/C11H16N2/c1-2-4-10(5-3-1)13-11-6-8-12/hXX")
    assert inchi.returncode == 2 and b"InChI" in inchi.stderr
    by_name = json.loads(cli("lookup", "norfentanyl", "-f", "json").stdout)
    assert by_name["kind"] == "name" and by_name["matches"][0]["tier"] == "exact"
    similar = json.loads(cli("lookup", "CCC(=O)N(c1ccccc1)C1CCCCC1", "--similar", "-f", "json").stdout)
    assert similar["matches"] and similar["matches"][0]["tier"] == "similar"


def test_lookup_reads_a_mol_file(tmp_path: Path) -> None:
    from rdkit import Chem

    path = tmp_path / "q.mol"
    path.write_text(Chem.MolToMolBlock(Chem.MolFromSmiles("CCC(=O)N(c1ccccc1)C1CCNCC1")), encoding="utf-8")
    answer = json.loads(cli("lookup", "--file", str(path), "-f", "json").stdout)["records"][0]["answer"]
    assert answer["matches"][0]["id"] == "norfentanyl" and answer["kind"] == "molblock"


def test_the_prefilter_never_hides_a_match(context: ScreenContext) -> None:
    """Screening (cheap checks first) finds exactly what full matching of every record finds."""
    from rdkit import RDConfig

    from chemref.chem.match import match_mol
    from chemref.chem.toolkit import Chem

    nci = [
        line.split()[0] for line in (Path(RDConfig.RDDataDir) / "NCI" / "first_5K.smi").read_text().splitlines()[:300]
    ]
    chosen = [
        SALT,
        "[Cl-].c1ccc(NC2CC[NH2+]CC2)cc1",
        "CC(C)(C)OC(=O)N1CCC(=O)CC1",
        "O=C1CC[NH2+]CC1.[Cl-]",
        "COC1(OC)CCN(C(=O)OC(C)(C)C)CC1",
        "Fc1ccc(NC2CCN(C(=O)OC(C)(C)C)CC2)cc1",
        "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
        "c1ccc(CCN2CCC(=O)CC2)cc1",
        "c1ccc(CN2CCC(Nc3ccccc3)CC2)cc1",
        "OC1=CCNCC1",
        *nci,
    ]
    for number, smiles in enumerate(chosen, start=1):
        row = screen_batch([Record(number, "", smiles)], context)[0]
        mol = Chem.MolFromSmiles(smiles)
        if mol is None:
            assert row.status == "invalid"
            continue
        _, matches = match_mol(mol, context.index)
        expected = "match" if matches else "no_match"
        assert row.status == expected, f"{smiles}: screen says {row.status}, full matching finds {matches}"
        if matches:
            assert row.matched_id == matches[0].id and row.tier == matches[0].tier


def test_a_huge_structure_is_an_invalid_row_not_a_crash(tmp_path: Path) -> None:
    """A 30,000-atom chain carrying 4-AP's skeleton passes the prefilter, and standardizing it overflowed
    RDKit's stack: the process died (SIGSEGV) and every row was lost. A real process, since a crash here
    would take the test run down with it."""
    import subprocess
    import sys

    path = tmp_path / "huge.smi"
    path.write_text("C" * 30_000 + "N1CCC(Nc2ccccc2)CC1 huge\nc1ccc(NC2CCNCC2)cc1 ap\n", encoding="utf-8")
    env = {"CHEMREF_TODAY": "2026-12-06"}
    screened = subprocess.run(
        [sys.executable, "-m", "chemref", "screen", str(path)], capture_output=True, env=env, timeout=300
    )
    assert screened.returncode == 0, screened.stderr[-500:]
    rows = list(csv.DictReader(io.StringIO(screened.stdout.decode())))
    assert [(r["id"], r["status"]) for r in rows] == [("huge", "invalid"), ("ap", "match")]
    assert "30,013 atoms" in rows[0]["reason"]
    looked_up = subprocess.run(
        [sys.executable, "-m", "chemref", "lookup", "C" * 30_000], capture_output=True, env=env, timeout=300
    )
    assert looked_up.returncode == 2 and b"30,000 atoms" in looked_up.stderr, looked_up.stderr[-500:]


def test_rows_of_records_that_matched_nothing_are_each_their_own(context: ScreenContext) -> None:
    """Such rows are copies of one row built once: each carries its own record, id and line, and its own
    lists, so changing one row's list changes no other row."""
    rows = screen_batch(
        [Record(n, f"r{n}", smiles, line=10 + n) for n, smiles in enumerate(["CCO", "CCCO"], 1)], context
    )
    first, second = rows
    assert [(r.record, r.id, r.line, r.status) for r in rows] == [(1, "r1", 11, "no_match"), (2, "r2", 12, "no_match")]
    assert first.unknown_in == second.unknown_in and first.unknown_in  # the same answer...
    first.unknown_in.append("XX")
    assert "XX" not in second.unknown_in  # ...in lists of its own
    assert "XX" not in screen_batch([Record(3, "r3", "CCCCO")], context)[0].unknown_in


def test_screening_a_batch_leaves_the_cycle_collector_as_it_found_it(context: ScreenContext) -> None:
    import gc

    records = [Record(1, "a", "CCO"), Record(2, "b", "not a smiles (")]
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            rows = screen_batch(records, context)
            assert [r.status for r in rows] == ["no_match", "invalid"]
            assert gc.isenabled() is enabled
    finally:
        gc.enable()
