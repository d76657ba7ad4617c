"""The screening readers, format by format: line ends of every kind, duplicate columns, empty SDF
entries. Each case is a real file written by the test (field test 2026-12: H2, M9, L21)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from helpers import Ran, chemref_bytes

FOUR_AP = "c1ccc(NC2CCNCC2)cc1"
NPP = "O=C1CCN(CCc2ccccc2)CC1"
ENV = {"CHEMREF_TODAY": "2026-12-06"}


def cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> Ran[bytes]:
    """``chemref ARGS`` in this process (see tests/helpers.py)."""
    return chemref_bytes(*args, env=ENV, cwd=cwd, stdin=stdin)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def molblock(smiles: str, title: str) -> str:
    from rdkit import Chem

    mol = Chem.MolFromSmiles(smiles)
    mol.SetProp("_Name", title)
    return str(Chem.MolToMolBlock(mol))


# -- H2: carriage returns end lines; they never merge records ------------------------------------


def test_a_cr_only_smiles_file_gives_every_record(tmp_path: Path) -> None:
    path = tmp_path / "cronly.smi"
    path.write_bytes(f"CCO a\r{FOUR_AP} b\rCCC c\r".encode())
    result = cli("screen", str(path))
    assert result.returncode == 0, result.stderr
    assert b"\r" not in result.stdout  # no raw CR reaches the output
    rows = csv_rows(result.stdout)
    assert [(r["record"], r["line"], r["id"], r["status"]) for r in rows] == [
        ("1", "1", "a", "no_match"),
        ("2", "2", "b", "match"),
        ("3", "3", "c", "no_match"),
    ]
    assert rows[1]["matched_id"] == "4-ap"
    said = result.stderr.decode()
    assert "screened 3 records (lines of a SMILES file; 3 lines ended by a bare CR, read as line ends)" in said
    out = tmp_path / "out.csv"
    assert cli("screen", str(path), "--out", str(out)).returncode == 0
    assert json.loads((tmp_path / "out.csv.summary.json").read_text())["bare_cr_line_ends"] == 3
    looked_up = cli("lookup", "--file", str(path), "-f", "json")
    assert looked_up.returncode == 0, looked_up.stderr
    records = json.loads(looked_up.stdout)["records"]
    assert [(r["record"], r["line"], r["id"]) for r in records] == [(1, 1, "a"), (2, 2, "b"), (3, 3, "c")]
    assert records[1]["answer"]["matches"][0]["id"] == "4-ap"


def test_a_bare_cr_inside_a_csv_never_swallows_the_next_row(tmp_path: Path) -> None:
    path = tmp_path / "mixnl.csv"
    path.write_bytes(f"id,smiles\n1,CCO\n2,{FOUR_AP}\r\n3,CCN\r4,{FOUR_AP}\n5,CCC\n".encode())
    assert len(list(csv.reader(io.StringIO(path.read_text(), newline=None)))) == 6  # as Python's csv reads it
    result = cli("screen", str(path))
    assert result.returncode == 0, result.stderr
    rows = csv_rows(result.stdout)
    assert [(r["id"], r["line"], r["status"], r["matched_id"]) for r in rows] == [
        ("1", "2", "no_match", ""),
        ("2", "3", "match", "4-ap"),
        ("3", "4", "match", "ethylamine"),  # CCN is registered too
        ("4", "5", "match", "4-ap"),
        ("5", "6", "no_match", ""),
    ]
    looked_up = json.loads(cli("lookup", "--file", str(path), "-f", "json").stdout)
    assert [r["id"] for r in looked_up["records"]] == ["1", "2", "3", "4", "5"]
    assert all(r["answer"]["ignored"] is None for r in looked_up["records"])


def test_a_cr_only_csv_finds_its_header(tmp_path: Path) -> None:
    path = tmp_path / "cr.csv"
    path.write_bytes(f"id,smiles\r1,CCO\r2,{FOUR_AP}\r".encode())
    rows = csv_rows(cli("screen", str(path)).stdout)
    assert [(r["id"], r["line"], r["status"]) for r in rows] == [("1", "2", "no_match"), ("2", "3", "match")]


def test_a_cr_only_sdf_gives_its_records(tmp_path: Path) -> None:
    path = tmp_path / "cr.sdf"
    text = molblock("CCO", "eth") + "$$$$\n" + molblock(FOUR_AP, "ap") + "$$$$\n" + molblock(NPP, "npp") + "$$$$\n"
    path.write_bytes(text.replace("\n", "\r").encode())
    result = cli("screen", str(path))
    assert result.returncode == 0, result.stderr
    rows = csv_rows(result.stdout)
    assert [(r["id"], r["status"], r["matched_id"]) for r in rows] == [
        ("eth", "no_match", ""),
        ("ap", "match", "4-ap"),
        ("npp", "match", "npp"),
    ]
    lines = text.split("\n")
    assert [lines[int(r["line"]) - 1] for r in rows] == ["eth", "ap", "npp"]
    looked_up = json.loads(cli("lookup", "--file", str(path), "-f", "json").stdout)
    assert [r["id"] for r in looked_up["records"]] == ["eth", "ap", "npp"]


def test_crlf_split_across_reads_is_one_line_end() -> None:
    """The reader takes the input in blocks: a CR at the end of one block and the LF at the start of
    the next are one line end, and every way of cutting the bytes gives Python's own line split."""
    from chemref.screen.inputs.open import physical_lines
    from chemref.screen.inputs.stats import ReadStats

    data = b"a\r\nb\rc\n\r\nd\r\r\ne"
    for size in range(1, len(data) + 1):
        stats = ReadStats("lines")
        lines = list(physical_lines(io.BufferedReader(io.BytesIO(data)), stats, chunk_bytes=size))  # type: ignore[arg-type]
        assert lines == list(enumerate(data.splitlines(), start=1)), size
        assert stats.bare_cr == 2
