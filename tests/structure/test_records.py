"""Every record accounted for: each case is a real file, and each test checks rows out == records in,
or exit 2 with the message (issue 10, field test defects 1, 2, 7, 14, 19, 22, 25, 27, 30)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import Ran, chemref_bytes
from hypothesis import given, settings
from hypothesis import strategies as st
from interrupting import interrupt_screen

FOUR_AP = "c1ccc(NC2CCNCC2)cc1"
NPP = "O=C1CCN(CCc2ccccc2)CC1"
ENV = {"CHEMREF_TODAY": "2026-12-06"}


def cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> Ran[bytes]:
    """``chemref ARGS`` in this process (see tests/helpers.py)."""
    return chemref_bytes(*args, env=ENV, cwd=cwd, stdin=stdin)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def molblock(smiles: str, title: str) -> str:
    from rdkit import Chem

    mol = Chem.MolFromSmiles(smiles)
    mol.SetProp("_Name", title)
    return str(Chem.MolToMolBlock(mol))


# -- CSV ------------------------------------------------------------------------------------------


def test_a_stray_quote_costs_one_row_not_thousands(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    rows = ["id,smiles", 'X0,"CCO'] + [f"X{i},{FOUR_AP if i % 1000 == 0 else 'CCO'}" for i in range(1, 20_001)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("screen", str(path))
    assert result.returncode == 0, result.stderr
    out = csv_rows(result.stdout.decode())
    assert len(out) == 20_001  # rows out == records in
    assert out[0]["status"] == "invalid" and "unterminated quote" in out[0]["reason"] and out[0]["id"] == "X0"
    assert [r["id"] for r in out[1:]] == [f"X{i}" for i in range(1, 20_001)]
    assert [int(r["record"]) for r in out] == list(range(1, 20_002))
    assert [int(r["line"]) for r in out] == list(range(2, 20_003))
    assert sum(r["status"] == "match" for r in out) == 20
    said = result.stderr.decode()
    assert "screened 20001 records (CSV rows after the header) for 2026-12-06: 20 matched" in said
    assert "19980 matched nothing registered, 1 invalid" in said


def test_a_quoted_field_may_span_lines_when_that_completes_a_row(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(f'id,smiles,note\nA,{FOUR_AP},"two\nlines"\nB,CCO,plain\n', encoding="utf-8")
    out = csv_rows(cli("screen", str(path)).stdout.decode())
    assert [(r["id"], r["status"], r["line"]) for r in out] == [("A", "match", "2"), ("B", "no_match", "4")]


def test_excel_csv_with_a_bom_semicolons_and_formula_ids(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        b"\xef\xbb\xbfSMILES;ID\r\n" + f"{FOUR_AP};=HYPERLINK(1)\r\nCCO;+1\r\nCCCCO;-2\r\nCCC;@x\r\n".encode()
    )
    result = cli("screen", str(path))
    assert result.returncode == 0, result.stderr
    out = csv_rows(result.stdout.decode())
    assert [r["id"] for r in out] == ["'=HYPERLINK(1)", "'+1", "'-2", "'@x"]
    assert [r["status"] for r in out] == ["match", "no_match", "no_match", "no_match"]
    named = cli("screen", str(path), "--structure-column", "SMILES", "--delimiter", ";")
    assert named.returncode == 0 and named.stdout == result.stdout
    jsonl = cli("screen", str(path), "--out-format", "jsonl")
    assert json.loads(jsonl.stdout.decode().splitlines()[0])["id"] == "=HYPERLINK(1)"


def test_missing_structure_column_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nocol.csv"
    path.write_text("id,price\n1,2\n", encoding="utf-8")
    result = cli("screen", str(path))
    assert result.returncode == 2 and result.stdout == b"" and b"no structure column" in result.stderr
    out = tmp_path / "r.csv"
    assert cli("screen", str(path), "--out", str(out)).returncode == 2
    assert not out.exists() and not (tmp_path / "r.csv.summary.json").exists()


def test_out_json_is_refused_not_written_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "in.smi"
    path.write_text(f"{FOUR_AP} a\n", encoding="utf-8")
    result = cli("screen", str(path), "--out", str(tmp_path / "r.json"))
    assert result.returncode == 2 and b".jsonl" in result.stderr and not (tmp_path / "r.json").exists()
    dash = cli("screen", str(path), "--out", "-", cwd=tmp_path)
    assert dash.returncode == 0 and b",match," in dash.stdout and not (tmp_path / "-").exists()
    forced = cli("screen", str(path), "--out", str(tmp_path / "r.json"), "--out-format", "jsonl")
    assert forced.returncode == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["matched_id"] == "4-ap"


# -- SDF ------------------------------------------------------------------------------------------


def test_sdf_without_a_separator_is_split_never_merged(tmp_path: Path) -> None:
    path = tmp_path / "nosep.sdf"
    path.write_text(
        molblock(FOUR_AP, "4ap") + "$$$$\n" + molblock("CCO", "eth") + molblock(NPP, "npp") + "$$$$\n",
        encoding="utf-8",
    )
    result = cli("screen", str(path))
    out = csv_rows(result.stdout.decode())
    assert len(out) == 3 == path.read_text().count("M  END")
    assert [(r["id"], r["status"], r["matched_id"]) for r in out] == [
        ("4ap", "match", "4-ap"),
        ("eth", "no_match", ""),
        ("npp", "match", "npp"),
    ]
    lines = path.read_text().splitlines()
    assert [lines[int(r["line"]) - 1] for r in out] == ["4ap", "eth", "npp"]
    assert b"missing $$$$ separator" in result.stderr


def test_sdf_molblocks_that_cannot_be_told_apart_are_flagged(tmp_path: Path) -> None:
    first = molblock("CCO", "eth").split("\n")
    second = molblock(NPP, "npp").split("\n")
    # The second molblock lost its header lines: no way to tell where it starts.
    path = tmp_path / "glued.sdf"
    path.write_text("\n".join(first[:-1] + second[3:]) + "$$$$\n" + molblock(FOUR_AP, "4ap") + "$$$$\n")
    out = csv_rows(cli("screen", str(path)).stdout.decode())
    assert len(out) == 2
    assert out[0]["status"] == "invalid" and "two molblocks without a $$$$ separator" in out[0]["reason"]
    assert out[1]["matched_id"] == "4-ap"


# -- .smi -----------------------------------------------------------------------------------------


def test_smi_header_and_blank_lines_are_not_records(tmp_path: Path) -> None:
    path = tmp_path / "h.smi"
    path.write_text(f"SMILES Name\n\nCCO a\n   \n# note\n{FOUR_AP} b\n", encoding="utf-8")
    result = cli("screen", str(path))
    out = csv_rows(result.stdout.decode())
    assert [(r["record"], r["line"], r["id"], r["status"]) for r in out] == [
        ("1", "3", "a", "no_match"),
        ("2", "6", "b", "match"),
    ]
    assert out[1]["parent_smiles"] == FOUR_AP and out[1]["parent_inchikey"] == "LKRMTUUCKBQGFO-UHFFFAOYSA-N"
    assert b"skipped 1 header line, 2 blank lines, 1 comment line" in result.stderr
    lower = tmp_path / "l.smi"
    lower.write_text("smiles id\nCCO a\n", encoding="utf-8")
    assert len(csv_rows(cli("screen", str(lower)).stdout.decode())) == 1


# -- truncated, unreadable, empty -----------------------------------------------------------------


def test_truncated_gzip_writes_what_was_read_and_exits_2(tmp_path: Path) -> None:
    body = "".join(f"{FOUR_AP if i % 500 == 0 else 'CCO'} r{i}\n" for i in range(40_000)).encode()
    packed = gzip.compress(body)
    path = tmp_path / "cut.smi.gz"
    path.write_bytes(packed[: len(packed) // 2])
    out = tmp_path / "out.csv"
    result = cli("screen", str(path), "--out", str(out))
    assert result.returncode == 2
    text = out.read_text(encoding="utf-8").splitlines()
    assert text[-1].startswith("# chemref: incomplete after ")
    rows = csv_rows("\n".join(text[:-1]))
    assert 0 < len(rows) < 40_000
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(len(rows))]
    assert f"input truncated after record {len(rows)}".encode() in result.stderr
    sidecar = json.loads((tmp_path / "out.csv.summary.json").read_text())
    assert sidecar["state"] == "truncated" and sidecar["exit_status"] == 2 and sidecar["records"] == len(rows)


def test_exit_codes_follow_grep(tmp_path: Path) -> None:
    cases = {"match.smi": f"{FOUR_AP}\nCCO\n", "none.smi": "CCO\nCCCCO\n", "bad.smi": "C1CC\nxx(\n", "empty.smi": ""}
    codes = {}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        codes[name] = cli("screen", str(tmp_path / name)).returncode
    assert codes == {"match.smi": 0, "none.smi": 1, "bad.smi": 2, "empty.smi": 1}
    # Old defect 5: a registered chemical not controlled anywhere on the date is no "found" for the exit code;
    # its row says it is registered, and controlled nowhere.
    early = cli("screen", str(tmp_path / "match.smi"), "--on", "2010-01-01")
    row = csv_rows(early.stdout.decode())[0]
    assert early.returncode == 1, early.stderr
    assert row["status"] == "match" and row["registered"] == "yes" and row["controlled_in"] == ""
    assert "0 controlled somewhere" in early.stderr.decode()
    bad = cli("screen", str(tmp_path / "bad.smi"))
    assert b"no record could be read as a structure (2 of 2 invalid)" in bad.stderr
    assert len(csv_rows(bad.stdout.decode())) == 2


def test_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    result = cli("screen", str(tmp_path))
    assert result.returncode == 2 and b"is a directory" in result.stderr and result.stdout == b""


# -- pipes and stdin ------------------------------------------------------------------------------


def _inputs() -> dict[str, bytes]:
    return {
        "smi": f"SMILES id\n{FOUR_AP} a\nCCO b\n".encode(),
        "csv": f"\ufeffid;smiles\na;{FOUR_AP}\nb;CCO\n".encode(),
        "tsv": f"id\tsmiles\na\t{FOUR_AP}\nb\tCCO\n".encode(),
        "sdf": (molblock(FOUR_AP, "a") + "$$$$\n" + molblock("CCO", "b") + "$$$$\n").encode(),
    }


@pytest.mark.parametrize("fmt", ["smi", "csv", "tsv", "sdf"])
def test_named_pipes_and_stdin_work_for_every_format(tmp_path: Path, fmt: str) -> None:
    data = _inputs()[fmt]
    from_stdin = cli("screen", "-", "--input-format", fmt, stdin=data)
    assert from_stdin.returncode == 0, from_stdin.stderr
    expected = [("a", "match"), ("b", "no_match")]
    assert [(r["id"], r["status"]) for r in csv_rows(from_stdin.stdout.decode())] == expected
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as handle:
            handle.write(gzip.compress(data))  # a compressed stream through a pipe, too

    writer = threading.Thread(target=feed)
    writer.start()
    through_fifo = cli("screen", str(fifo), "--input-format", fmt)
    writer.join(timeout=30)
    assert through_fifo.returncode == 0, through_fifo.stderr
    assert through_fifo.stdout == from_stdin.stdout


# -- broken pipe ----------------------------------------------------------------------------------


def test_broken_pipe_exits_quietly(tmp_path: Path) -> None:
    path = tmp_path / "big.smi"
    path.write_text("".join(f"CCO r{i}\n" for i in range(60_000)), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "chemref", "screen", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    error = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert b"Broken pipe" not in error and b"Traceback" not in error


# -- interruption and resumption ------------------------------------------------------------------


def _nci_input(path: Path, copies: int) -> None:
    from rdkit import RDConfig

    source = (Path(RDConfig.RDDataDir) / "NCI" / "first_5K.smi").read_text().splitlines()
    with path.open("w", encoding="utf-8") as out:
        number = 0
        for _ in range(copies):
            for line in source:
                smiles = FOUR_AP if number % 997 == 0 else line.split()[0]
                out.write(f"{smiles} n{number}\n")
                number += 1


@pytest.mark.parametrize(("jobs", "signum"), [("1", signal.SIGINT), ("2", signal.SIGTERM)])
def test_interrupted_run_is_marked_and_resumes_byte_for_byte(tmp_path: Path, jobs: str, signum: int) -> None:
    path = tmp_path / "nci.smi"
    _nci_input(path, 3)  # 15,000 records
    whole = tmp_path / "whole.csv"
    complete = cli("screen", str(path), "--out", str(whole), "--jobs", jobs)
    assert complete.returncode == 0, complete.stderr
    out = tmp_path / "part.csv"
    sidecar = tmp_path / "part.csv.summary.json"
    status, error = interrupt_screen([str(path), "--jobs", jobs], out, 3000, signum, ENV, timeout=60)
    assert status == 128 + signum, error
    state = json.loads(sidecar.read_text())
    assert state["state"] == "interrupted" and state["exit_status"] == 128 + signum
    written = state["records"]
    assert 3000 <= written < 15_000, "the run finished before it could be interrupted"
    assert f"interrupted after {written} records; output incomplete" in error and "Traceback" not in error
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[-1] == f"# chemref: incomplete after {written} records: interrupted"
    assert len(csv_rows("\n".join(lines[:-1]))) == written
    assert state["provenance"]["chemref_version"] and len(state["provenance"]["registry_sha256"]) == 64
    assert len(state["input"]["sha256"]) == 64

    resumed = cli("screen", str(path), "--out", str(out), "--jobs", jobs, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == whole.read_bytes()
    final = json.loads(sidecar.read_text())
    expected = json.loads((tmp_path / "whole.csv.summary.json").read_text())
    assert final["state"] == "complete" and final["counts"] == expected["counts"]
    assert final["input"]["sha256"] == expected["input"]["sha256"]
    again = cli("screen", str(path), "--out", str(out), "--resume")
    assert again.returncode == 2 and b"nothing to resume" in again.stderr


def test_resume_refuses_other_options_or_input(tmp_path: Path) -> None:
    path = tmp_path / "in.smi"
    path.write_text(f"{FOUR_AP} a\nCCO b\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert cli("screen", str(path), "--out", str(out)).returncode == 0
    sidecar = tmp_path / "o.csv.summary.json"
    data = json.loads(sidecar.read_text())
    data["state"] = "interrupted"
    sidecar.write_text(json.dumps(data))
    other = cli("screen", str(path), "--out", str(out), "--resume", "--on", "2020-01-01")
    assert other.returncode == 2 and b"options differ" in other.stderr
    path.write_text(f"{FOUR_AP} a\nCCO c\n", encoding="utf-8")
    changed = cli("screen", str(path), "--out", str(out), "--resume")
    assert changed.returncode == 2 and b"SHA-256 differs" in changed.stderr
    assert cli("screen", str(path), "--resume").returncode == 2


# -- one sanitization, with or without --similar --------------------------------------------------


def test_status_never_depends_on_similar(tmp_path: Path) -> None:
    from rdkit import RDConfig

    source = (Path(RDConfig.RDDataDir) / "NCI" / "first_5K.smi").read_text().splitlines()
    organometallic = source[3399].split()[0]
    assert "[Fe++]" in organometallic  # field test defect 15: NCI line 3400
    path = tmp_path / "nci.smi"
    path.write_text("".join(line + "\n" for line in source[:1500] + source[3390:3410]), encoding="utf-8")
    plain = csv_rows(cli("screen", str(path)).stdout.decode())
    similar = csv_rows(cli("screen", str(path), "--similar", "0.6").stdout.decode())
    assert len(plain) == len(similar) == 1520
    assert [r["status"] for r in plain] == [r["status"] for r in similar]
    row = next(r for r in plain if r["line"] == "1510")
    assert row["status"] == "no_match"
    looked_up = cli("lookup", organometallic, "-f", "json")
    assert looked_up.returncode == 1 and json.loads(looked_up.stdout)["matches"] == []


def test_two_jobs_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    path = tmp_path / "mixed.smi"
    path.write_text(
        "SMILES Name\n"
        + "".join(f"{s} r{i}\n\n" for i, s in enumerate([FOUR_AP, "CCO", "C1CC", "Cl.Cl." + FOUR_AP] * 900)),
        encoding="utf-8",
    )
    one = cli("screen", str(path))
    two = cli("screen", str(path), "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout and len(csv_rows(one.stdout.decode())) == 3600
    assert [int(r["line"]) for r in csv_rows(two.stdout.decode())][:3] == [2, 4, 6]


def test_id_kind_refuses_an_sdf(tmp_path: Path) -> None:
    path = tmp_path / "x.sdf"
    path.write_text(molblock("CCO", "e") + "$$$$\n")
    result = cli("screen", str(path), "--id-kind", "cas")
    assert result.returncode == 2 and b"not from an SDF" in result.stderr and result.stdout == b""


def test_jsonl_output_of_a_truncated_input_ends_with_the_marker(tmp_path: Path) -> None:
    body = "".join(f"CCO r{i}\n" for i in range(30_000)).encode()
    packed = gzip.compress(body)
    path = tmp_path / "cut.smi.gz"
    path.write_bytes(packed[: len(packed) // 2])
    result = cli("screen", str(path), "--out-format", "jsonl")
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert lines[-1]["incomplete"] is True and lines[-1]["records"] == len(lines) - 1
    assert [line["record"] for line in lines[:-1]] == list(range(1, len(lines)))


def test_the_default_id_column_is_the_catalogue_number_not_the_name(tmp_path: Path) -> None:
    path = tmp_path / "cat.csv"
    path.write_text(f"Name,Catalog_Number,SMILES\nfour,C-1,{FOUR_AP}\n", encoding="utf-8")
    assert csv_rows(cli("screen", str(path)).stdout.decode())[0]["id"] == "C-1"


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.text(alphabet='ab",; ', max_size=6), st.text(alphabet='CO",;', min_size=1, max_size=6)),
        min_size=1,
        max_size=40,
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_quotes_anywhere_never_swallow_a_line(rows: list[tuple[str, str]], delimiter: str) -> None:
    """In an id/structure table a field may not span lines, so every non-blank line is one record,
    whatever quotes it holds."""
    import tempfile

    from chemref.screen.inputs import Reader, ReaderOptions

    lines = [f"{ident}{delimiter}{smiles}" for ident, smiles in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.csv"
        path.write_text(f"id{delimiter}smiles\n" + "\n".join(lines) + "\n", encoding="utf-8")
        reader = Reader(str(path), "csv", ReaderOptions(delimiter=delimiter))
        records = list(reader)
        reader.close()
    expected = [number for number, line in enumerate(lines, start=2) if line.strip()]
    assert [r.line for r in records] == expected
    assert [r.number for r in records] == list(range(1, len(expected) + 1))


# -- a terminal -----------------------------------------------------------------------------------

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def test_on_a_terminal_the_spinner_never_interleaves_with_the_csv(tmp_path: Path) -> None:
    """Field test L18: rows to standard output and a spinner on standard error, both on one terminal,
    would interleave ('⠋ screened 0 records 0:00:00record,id,status,…'). A real process on a pty is
    needed: the spinner is drawn only on a terminal."""
    import fcntl
    import struct
    import termios

    path = tmp_path / "in.smi"
    path.write_text("".join(f"{FOUR_AP if i % 100 == 0 else 'CCO'} r{i}\n" for i in range(3000)), encoding="utf-8")
    expected = cli("screen", str(path)).stdout.decode().splitlines()
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "chemref", "screen", str(path)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**ENV, "TERM": "xterm-256color"},
    )
    os.close(slave)
    output = bytearray()
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    assert process.wait(timeout=120) == 0
    text = output.decode("utf-8")
    assert not any(glyph in text for glyph in SPINNER) and "\x1b[?25l" not in text  # no spinner, no hidden cursor
    lines = text.split("\r\n")
    assert lines[: len(expected)] == expected  # every CSV line whole, in order, before the summary
    assert lines[len(expected)].startswith("screened 3000 records")
