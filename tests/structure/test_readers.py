"""The screening readers, format by format: line ends of every kind, duplicate columns, empty SDF
entries. Each case is a real file written by the test (field test 2026-12: H2, M9, L21)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest_registry import REGISTRY
from helpers import Ran, chemref_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from chemref.registry.load import load
from chemref.screen.inputs import Reader, ReaderOptions, records_from_lines
from chemref.screen.structures import ScreenContext, screen_batch

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


# -- every reader: rows out equal records in, whatever the line ends -----------------------------

VALID = [FOUR_AP, "CCO", NPP, f"Cl.Cl.{FOUR_AP}", "c1ccccc1", "OC1=CCNCC1"]
ENDINGS = ["\n", "\r", "\r\n"]
IDS = st.text(alphabet="ab1 ,;\"'é-", max_size=8).map(str.strip)
JUNK = st.text(alphabet="CNOcl()[]=#123@+-/%*xyz", min_size=1, max_size=12).filter(lambda s: not s.startswith("#"))


@st.composite
def catalogues(draw: st.DrawFn) -> tuple[list[tuple[str, str, bool]], tuple[str, ...], bool]:
    """Records (id, SMILES, valid?), the line ends of the file's lines in turn (repeated as needed), and
    whether the last line has one."""
    records = draw(
        st.lists(
            st.one_of(
                st.tuples(IDS, st.sampled_from(VALID), st.just(True)),
                st.tuples(IDS, JUNK, st.just(False)),
            ),
            min_size=1,
            max_size=12,
        )
    )
    style = draw(st.sampled_from(["\n", "\r", "\r\n", "mixed"]))
    endings = tuple(draw(st.lists(st.sampled_from(ENDINGS), min_size=2, max_size=9))) if style == "mixed" else (style,)
    return records, endings, draw(st.booleans())


def _write(
    fmt: str, records: list[tuple[str, str, bool]], pattern: tuple[str, ...], last: bool
) -> tuple[str, list[int]]:
    """The file's text and the physical line each record starts on."""
    lines: list[str] = []
    starts: list[int] = []
    if fmt in {"csv", "tsv"}:
        delimiter = "," if fmt == "csv" else "\t"
        lines.append(f"id{delimiter}smiles")
        for ident, smiles, _ in records:
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=delimiter, lineterminator="").writerow([ident, smiles])
            starts.append(len(lines) + 1)
            lines.append(buffer.getvalue())
    elif fmt in {"smi", "list"}:
        for ident, smiles, _ in records:
            starts.append(len(lines) + 1)
            lines.append(f"{smiles} {ident}".rstrip())
    else:
        for ident, smiles, valid in records:
            starts.append(len(lines) + 1)
            block = molblock(smiles, ident) if valid else f"{ident}\n{smiles}\n"
            lines.extend(block.rstrip("\n").split("\n"))
            lines.append("$$$$")
    endings = [pattern[i % len(pattern)] for i in range(len(lines))]
    for i in range(1, len(lines)):
        if endings[i - 1] == "\r" and not lines[i] and endings[i] == "\n":
            endings[i] = "\r\n"  # CR, then an empty line ended by LF, would be one CR LF
    text = "".join(line + ending for line, ending in zip(lines, endings, strict=True))
    if not last:
        text = text[: -len(endings[len(lines) - 1])]
    return text, starts


@functools.cache
def context() -> ScreenContext:
    return ScreenContext.build(load(REGISTRY), dt.date(2026, 12, 6))


@settings(max_examples=60, deadline=None)
@given(catalogue=catalogues(), fmt=st.sampled_from(["smi", "list", "csv", "tsv", "sdf"]), packed=st.booleans())
def test_every_reader_gives_one_record_per_record_written_in_order(
    catalogue: tuple[list[tuple[str, str, bool]], tuple[str, ...], bool], fmt: str, packed: bool
) -> None:
    """Valid and junk SMILES, ids with commas and quotes, in each format, with LF, CR, CR LF or mixed
    line ends, compressed or not: each reader gives one record per record written, in order, with the
    physical line it starts on, and screening gives one row per record."""
    records, endings, last = catalogue
    text, starts = _write(fmt, records, endings, last)
    data = gzip.compress(text.encode()) if packed else text.encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"in.{'smi' if fmt == 'list' else fmt}"
        path.write_bytes(data)
        options: dict[str, Any] = {"column_defaults": ("cas",), "whole_lines": True} if fmt == "list" else {}
        reader = Reader(str(path), options=ReaderOptions(**options))
        read = list(reader)
        reader.close()
        assert reader.stats.failure is None
        if fmt == "smi":  # as worker processes build them from raw lines
            raw = Reader(str(path), options=ReaderOptions(raw_smi=True))
            assert records_from_lines(1, list(raw)) == read
            raw.close()
    assert [r.number for r in read] == list(range(1, len(records) + 1))
    assert [r.line for r in read] == starts
    if fmt == "list":
        assert [r.text for r in read] == [f"{smiles} {ident}".strip() for ident, smiles, _ in records]
    else:
        assert [r.id for r in read] == [ident for ident, _, _ in records]
    if fmt in {"smi", "csv", "tsv"}:
        assert [r.text for r in read] == [smiles for _, smiles, _ in records]
    if fmt == "sdf":
        assert [r.error is None for r in read] == [valid for _, _, valid in records]
    if fmt != "list":
        rows = screen_batch(read, context())
        assert [(row.record, row.id, row.line) for row in rows] == [(r.number, r.id, r.line) for r in read]
        for row, (_, smiles, valid) in zip(rows, records, strict=True):
            assert row.status != "invalid" or not valid, (smiles, row.reason)
            assert row.status == "match" or smiles not in {FOUR_AP, NPP, f"Cl.Cl.{FOUR_AP}"}


# -- M9: a duplicated column name is an error, unless a position picks one -------------------------


def test_a_duplicated_structure_column_is_refused_and_named(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_bytes(f"smiles,smiles,id\nCCO,{FOUR_AP},1\n".encode())
    result = cli("screen", str(path))
    assert result.returncode == 2 and result.stdout == b""
    said = result.stderr.decode()
    assert "column 'smiles' appears twice (columns 1 and 2)" in said and "--structure-column 2" in said
    # Naming the duplicated column does not say which one is meant, either.
    assert cli("screen", str(path), "--structure-column", "SMILES").returncode == 2
    looked_up = cli("lookup", "--file", str(path))
    assert looked_up.returncode == 2 and b"appears twice" in looked_up.stderr
    # Its position does.
    second = cli("screen", str(path), "--structure-column", "2")
    assert second.returncode == 0, second.stderr
    assert [(r["id"], r["status"], r["matched_id"]) for r in csv_rows(second.stdout)] == [("1", "match", "4-ap")]
    first = cli("screen", str(path), "--column", "1")
    assert [(r["id"], r["status"]) for r in csv_rows(first.stdout)] == [("1", "no_match")]


def test_a_duplicated_id_column_is_refused_and_other_duplicates_do_not_matter(tmp_path: Path) -> None:
    ids = tmp_path / "ids.csv"
    ids.write_bytes(f"id,smiles,ID\na,{FOUR_AP},b\n".encode())
    result = cli("screen", str(ids))
    assert result.returncode == 2 and b"column 'id' appears twice (columns 1 and 3)" in result.stderr
    assert b"--id-column 3" in result.stderr
    picked = cli("screen", str(ids), "--id-column", "3")
    assert [(r["id"], r["status"]) for r in csv_rows(picked.stdout)] == [("b", "match")]
    other = tmp_path / "other.csv"
    other.write_bytes(f"price,smiles,price\n1,{FOUR_AP},2\n".encode())
    assert [r["status"] for r in csv_rows(cli("screen", str(other)).stdout)] == ["match"]


def test_a_duplicated_column_in_parquet_is_refused_and_a_position_picks_one(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "dup.parquet"
    pq.write_table(pa.table([["CCO"], ["r1"], [FOUR_AP]], names=["smiles", "id", "smiles"]), path)
    result = cli("screen", str(path))
    assert result.returncode == 2 and b"column 'smiles' appears twice" in result.stderr
    second = cli("screen", str(path), "--structure-column", "3")
    assert [(r["id"], r["status"]) for r in csv_rows(second.stdout)] == [("r1", "match")]
    first = cli("screen", str(path), "--structure-column", "1")
    assert [(r["id"], r["status"]) for r in csv_rows(first.stdout)] == [("r1", "no_match")]


# -- L21: empty SDF entries are counted, not dropped silently --------------------------------------


def test_empty_sdf_entries_are_counted_as_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty.sdf"
    path.write_text("$$$$\n$$$$\n" + molblock(FOUR_AP, "ap") + "$$$$\n  \n$$$$\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = cli("screen", str(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = csv_rows(out.read_bytes())
    assert [(r["record"], r["line"], r["id"], r["matched_id"]) for r in rows] == [("1", "3", "ap", "4-ap")]
    assert b"screened 1 records (molblocks ($$$$-separated SDF entries); skipped 3 empty SDF entries)" in result.stderr
    sidecar = json.loads((tmp_path / "out.csv.summary.json").read_text())
    assert sidecar["skipped"]["empty_sdf_entries"] == 3
    only = tmp_path / "only.sdf"
    only.write_text("$$$$\n", encoding="utf-8")
    nothing = cli("screen", str(only))
    assert nothing.returncode == 1 and b"skipped 1 empty SDF entry)" in nothing.stderr
    assert b"the input holds no records" in nothing.stderr


def test_blank_lines_after_the_last_sdf_entry_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "tail.sdf"
    path.write_text(molblock("CCO", "eth") + "$$$$\n\n\n", encoding="utf-8")
    result = cli("screen", str(path))
    assert len(csv_rows(result.stdout)) == 1 and b"skipped 2 blank lines" in result.stderr
