"""The Dask engine: the same rows as the local engine, byte for byte, in order, even when a worker dies."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_registry import REGISTRY
from interrupting import interrupt_screen

pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

from chemref.registry.load import load  # noqa: E402
from chemref.screen.engines.dask import connect, run_dask, screen_partition  # noqa: E402
from chemref.screen.inputs import Reader, ReaderOptions, Record  # noqa: E402
from chemref.screen.rows import Block  # noqa: E402
from chemref.screen.structures import ScreenContext, run_rendered  # noqa: E402

SALT = "Cl.Cl.c1ccc(NC2CCNCC2)cc1"
CLASS_RULE = "Clc1ccc(NC2CCNCC2)cc1"  # unregistered; a class-rule match in the US (and CA)
MIXED = [
    f"{SALT} salt",
    "CCO ethanol",
    "C1CC broken-ring",
    f"{CLASS_RULE} fluoro",
    "C(C)(C)(C)(C)C valence",
    "CCC(=O)N(c1ccccc1)C1CCNCC1 nor",
    "[Cl-].c1ccc(NC2CC[NH2+]CC2)cc1 ionic",
    "",
    "# a comment",
    'c1ccccc1 "quoted, id"',
    "OC(=O)C(=O)O.CCC(=O)N(c1ccccc1)C1CCNCC1 oxalate",
]


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with connect(workers=2) as dask_client:
        yield dask_client


def address(client: object) -> str:
    return str(client.scheduler.address)  # type: ignore[attr-defined]


def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CHEMREF_TODAY": "2026-12-06", "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    return subprocess.run([sys.executable, "-m", "chemref", *args], capture_output=True, env=env, check=False)


def mixed_body(records: int) -> bytes:
    return "".join(f"{MIXED[i % len(MIXED)]}-{i}\n" if MIXED[i % len(MIXED)] else "\n" for i in range(records)).encode()


def said(result: subprocess.CompletedProcess[bytes]) -> list[bytes]:
    """The command's own lines on standard error: the summary and chemref's messages."""
    return [line for line in result.stderr.splitlines() if line.startswith((b"screened ", b"chemref: "))]


def both_engines(
    tmp_path: Path, source: Path, suffix: str, *dask_options: str, status: int = 0, more: tuple[str, ...] = ()
) -> tuple[bytes, bytes]:
    """Output of --engine local and --engine dask on ``source``; both runs must exit ``status`` and
    say the same on standard error (summary, messages), and their sidecars must agree."""
    common = ["--on", "2024-01-01", "-j", "US", *more]
    local, dask = tmp_path / f"local{suffix}", tmp_path / f"dask{suffix}"
    first = cli("screen", str(source), "--out", str(local), *common)
    second = cli("screen", str(source), "--out", str(dask), *common, "--engine", "dask", *dask_options)
    assert first.returncode == second.returncode == status, (first.stderr, second.stderr)
    assert said(first) == said(second) and said(first)[0].startswith(b"screened ")
    sidecars = [json.loads(Path(f"{out}.summary.json").read_text()) for out in (local, dask)]
    for sidecar in sidecars:
        del sidecar["output"]["path"]
    assert sidecars[0] == sidecars[1]
    return local.read_bytes(), dask.read_bytes()


def test_dask_matches_local_byte_for_byte_on_a_truncated_gzip(tmp_path: Path, client: object) -> None:
    """A two-worker cluster, small partitions, a mixed and truncated input."""
    source = tmp_path / "mixed.smi.gz"
    source.write_bytes(gzip.compress(mixed_body(3000))[:-300])
    dask_options = ("--scheduler", address(client), "--partition-size", "97")
    local, dask = both_engines(tmp_path, source, ".csv", *dask_options, status=2)  # truncated input: exit 2
    assert local == dask
    *lines, marker = local.decode().splitlines()
    assert marker.startswith("# chemref: incomplete after") and "ends unexpectedly" in marker
    rows = list(csv.DictReader(lines))
    assert [int(r["record"]) for r in rows] == list(range(1, len(rows) + 1))
    assert {r["status"] for r in rows} == {"match", "no_match", "invalid"}
    assert any(r["tier"] == "class" and "US" in r["may_be_covered_in"].split(";") for r in rows)
    assert any(r["tier"] == "parent" and "US" in r["controlled_in"] for r in rows)
    assert any(r["parent_inchikey"] and r["line"] != r["record"] for r in rows)  # the new columns travel too


def test_csv_sdf_and_jsonl_on_the_embedded_cluster(tmp_path: Path, client: object) -> None:
    """Without --scheduler the command starts its own local cluster (CSV here, and the interrupted runs
    below); JSON Lines and SDF run on the shared cluster, which screens with the same code."""
    from rdkit import Chem

    table = tmp_path / "in.csv"
    lines = [line for line in MIXED if line and not line.startswith("#")]
    table.write_text(
        "catalog_number,SMILES\n" + "".join(f"c{i},{lines[i % len(lines)].split()[0]}\n" for i in range(500)) + "c9\n"
    )
    embedded = ("--engine", "dask", "--partition-size", "64")
    shared = (*embedded, "--scheduler", address(client))
    for suffix, engine in ((".csv", embedded), (".jsonl", shared)):
        local = tmp_path / f"local{suffix}"
        dask = tmp_path / f"dask{suffix}"
        assert cli("screen", str(table), "--out", str(local), "--on", "2024-01-01", "-j", "US").returncode == 0
        result = cli("screen", str(table), "--out", str(dask), "--on", "2024-01-01", "-j", "US", *engine)
        assert result.returncode == 0, result.stderr
        assert local.read_bytes() == dask.read_bytes()
    sdf = tmp_path / "in.sdf"
    blocks = [Chem.MolToMolBlock(Chem.MolFromSmiles(s)) for s in ("CCC(=O)N(c1ccccc1)C1CCNCC1", "CCO", CLASS_RULE)]
    sdf.write_text("".join(f"{b}$$$$\n" for b in blocks * 40) + "broken\n  junk\n$$$$\n", encoding="utf-8")
    local_out, dask_out = tmp_path / "sdf-local.csv", tmp_path / "sdf-dask.csv"
    assert cli("screen", str(sdf), "--out", str(local_out), "--on", "2024-01-01", "-j", "US").returncode == 0
    assert cli("screen", str(sdf), "--out", str(dask_out), "--on", "2024-01-01", "-j", "US", *shared).returncode == 0
    assert local_out.read_bytes() == dask_out.read_bytes()
    assert len(local_out.read_text().splitlines()) == 1 + 121


def test_parquet_round_trip(tmp_path: Path, client: object) -> None:
    structures = [line.split()[0] if line.strip() and not line.startswith("#") else "" for line in MIXED] * 30
    source = tmp_path / "in.parquet"
    pq.write_table(
        pa.table({"compound_id": [f"p{i}" for i in range(len(structures))], "smiles": structures}),
        source,
        row_group_size=50,
    )
    as_csv = tmp_path / "local.csv"
    assert cli("screen", str(source), "--out", str(as_csv), "--on", "2024-01-01", "-j", "US").returncode == 0
    out = tmp_path / "out.parquet"
    scheduler = ("--engine", "dask", "--scheduler", address(client), "--partition-size", "40")
    result = cli("screen", str(source), "--out", str(out), "--on", "2024-01-01", "-j", "US", *scheduler)
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out)
    assert table.schema.field("record").type == pa.int64()
    expected = list(csv.DictReader(as_csv.read_text(encoding="utf-8").splitlines()))
    got = [{k: str(v) for k, v in row.items()} for row in table.to_pylist()]
    assert got == expected
    assert [row["id"] for row in got] == [f"p{i}" for i in range(len(structures))]
    local_parquet = tmp_path / "local.parquet"
    assert cli("screen", str(source), "--out", str(local_parquet), "--on", "2024-01-01", "-j", "US").returncode == 0
    assert pq.read_table(local_parquet).equals(table)


def test_bad_usage_and_an_unreachable_scheduler(tmp_path: Path) -> None:
    source = tmp_path / "in.smi"
    source.write_text("CCO\n")
    local = cli("screen", str(source), "--scheduler", "tcp://127.0.0.1:9")
    assert local.returncode == 2 and b"need --engine dask" in local.stderr
    away = cli("screen", str(source), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert away.returncode == 2 and b"cannot reach the Dask scheduler" in away.stderr
    assert b"Traceback" not in away.stderr
    to_stdout = cli("screen", str(source), "--out-format", "parquet")
    assert to_stdout.returncode == 2 and b"needs --out" in to_stdout.stderr


def which_context(first: int, items: list[Record | bytes | str], context: ScreenContext, fmt: str) -> Block:
    return Block(f"{os.getpid()} {id(context)} {id(context.index)}\n", {}, first, len(items))


def test_the_context_is_sent_once_not_rebuilt_per_partition(tmp_path: Path, client: object) -> None:
    context = ScreenContext.build(load(REGISTRY), dt.date(2024, 1, 1))
    lines = [b"CCO"] * 400
    seen = [
        block.text.split() for block in run_dask(lines, context, "csv", client, partition_size=10, task=which_context)
    ]  # type: ignore[arg-type]
    assert len(seen) == 40
    by_worker: dict[str, set[tuple[str, str]]] = {}
    for pid, context_id, index_id in seen:
        by_worker.setdefault(pid, set()).add((context_id, index_id))
    assert all(len(objects) == 1 for objects in by_worker.values()), by_worker


def die_once(flag: str, first: int, items: list[Record | bytes | str], context: ScreenContext, fmt: str) -> object:
    """A partition that kills its own worker process the first time it runs past the first partition."""
    if first > 1:
        try:
            with open(flag, "x"):
                pass
        except FileExistsError:
            pass
        else:
            os.kill(os.getpid(), signal.SIGKILL)
    return screen_partition(first, items, context, fmt)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path: Path, client: object) -> None:
    source = tmp_path / "in.smi"
    source.write_bytes(mixed_body(2000))
    context = ScreenContext.build(load(REGISTRY), dt.date(2024, 1, 1), jurisdictions=["US"])
    expected = "".join(block.text for block in run_rendered(Reader(str(source)), context, "csv"))
    flag = tmp_path / "killed"
    task = functools.partial(die_once, str(flag))
    blocks = run_dask(
        Reader(str(source), options=ReaderOptions(raw_smi=True)), context, "csv", client, partition_size=100, task=task
    )  # type: ignore[arg-type]
    got = "".join(block.text for block in blocks)
    assert flag.exists(), "no worker was killed"
    assert got == expected
    records = [line for line in source.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert len(got.splitlines()) == len(records)  # blank lines are not records (main's readers)


@pytest.fixture(scope="module")
def screened_whole(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """20,000 mixed records and their complete screen by the local engine: what a resumed run must equal."""
    base = tmp_path_factory.mktemp("whole")
    source = base / "in.smi"
    source.write_bytes(mixed_body(20_000))
    whole = base / "whole.csv"
    assert cli("screen", str(source), "--out", str(whole), "--on", "2024-01-01").returncode == 0
    return source, whole.read_bytes()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_dask_run_is_marked_and_resumes_byte_for_byte(
    tmp_path: Path, screened_whole: tuple[Path, bytes], signum: int
) -> None:
    """Run's interruption, marker, sidecar and --resume hold for --engine dask (embedded cluster)."""
    source, whole = screened_whole
    out = tmp_path / "part.csv"
    sidecar = tmp_path / "part.csv.summary.json"
    dask = ("--on", "2024-01-01", "--engine", "dask", "--partition-size", "500")
    env = {**os.environ, "CHEMREF_TODAY": "2026-12-06"}
    status, error = interrupt_screen([str(source), *dask], out, 2000, signum, env, timeout=120)
    assert status == 128 + signum, error
    state = json.loads(sidecar.read_text())
    assert state["state"] == "interrupted" and state["exit_status"] == 128 + signum
    written = state["records"]
    assert 2000 <= written < 18_000, "the run finished before it could be interrupted"
    assert f"interrupted after {written} records; output incomplete" in error, error
    assert "Traceback" not in error, error
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[-1] == f"# chemref: incomplete after {written} records: interrupted"
    assert len(list(csv.DictReader(lines[:-1]))) == written

    resumed = cli("screen", str(source), "--out", str(out), *dask, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == whole
    assert json.loads(sidecar.read_text())["state"] == "complete"


def test_parquet_output_of_a_truncated_input_says_so_and_cannot_be_resumed(tmp_path: Path, client: object) -> None:
    source = tmp_path / "mixed.smi.gz"
    source.write_bytes(gzip.compress(mixed_body(1000))[:-200])
    out = tmp_path / "out.parquet"
    dask = ("--on", "2024-01-01", "--engine", "dask", "--scheduler", address(client), "--partition-size", "50")
    result = cli("screen", str(source), "--out", str(out), *dask)
    assert result.returncode == 2 and b"input truncated after record" in result.stderr, result.stderr
    as_csv = tmp_path / "out.csv"
    assert cli("screen", str(source), "--out", str(as_csv), "--on", "2024-01-01").returncode == 2
    *lines, marker = as_csv.read_text(encoding="utf-8").splitlines()
    metadata = pq.ParquetFile(out).metadata.metadata
    assert metadata[b"chemref.incomplete"].decode() == marker
    assert pq.read_table(out).num_rows == len(lines) - 1
    assert json.loads((tmp_path / "out.parquet.summary.json").read_text())["state"] == "truncated"
    again = cli("screen", str(source), "--out", str(out), *dask, "--resume")
    assert again.returncode == 2 and b"Parquet" in again.stderr


def test_identifier_batches_on_dask_match_local(tmp_path: Path, client: object) -> None:
    """--id-kind screens with its own function; the Dask engine runs that function on its workers."""
    table = tmp_path / "ids.csv"
    cases = ("23056-29-3", "64-17-5", "23056-29-4")  # 4-AP, ethanol, a failing check digit
    table.write_text("id,cas\n" + "".join(f"r{i},{cases[i % 3]}\n" for i in range(300)))
    dask = ("--scheduler", address(client), "--partition-size", "32")
    local, dask_out = both_engines(tmp_path, table, ".csv", *dask, more=("--id-kind", "cas"))
    assert local == dask_out
    rows = list(csv.DictReader(local.decode().splitlines()))
    assert len(rows) == 300 and {r["status"] for r in rows} == {"match", "no_match", "invalid"}


def test_the_cli_starts_without_dask_or_pyarrow(tmp_path: Path) -> None:
    source = tmp_path / "in.smi"
    source.write_text("CCO a\n")
    code = (
        "import sys\nfrom chemref.cli import main\nsys.argv = ['chemref', 'screen', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert not {'dask', 'distributed', 'pyarrow'} & set(sys.modules), 'imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(source)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr


def fails_from_record_1000(records: list[Record], context: ScreenContext) -> list[object]:
    """A screening function that fails every time on the partition holding record 1,000."""
    from chemref.screen.structures import screen_batch

    if any(record.number == 1000 for record in records):
        raise RuntimeError("this partition always fails")
    return list(screen_batch(records, context))


def test_a_partition_that_keeps_failing_ends_the_run_as_failed_with_what_was_written(
    tmp_path: Path, client: object
) -> None:
    from chemref.screen.engines.dask import DaskProducer
    from chemref.screen.plan import ScreenPlan
    from chemref.screen.run import EXIT_INCOMPLETE, Run

    source = tmp_path / "in.smi"
    source.write_bytes(mixed_body(3000))
    out = tmp_path / "out.csv"
    context = ScreenContext.build(load(REGISTRY), dt.date(2024, 1, 1), jurisdictions=["US"])
    producer = DaskProducer(client, fails_from_record_1000, context, partition_size=100)  # type: ignore[arg-type]
    plan = ScreenPlan.from_options(str(source), dt.date(2024, 1, 1), out=out, engine="dask")
    run = Run(
        plan,
        Reader(str(source), options=ReaderOptions(raw_smi=True)),
        fails_from_record_1000,
        context,
        REGISTRY,
        producer=producer,
    )
    outcome = run.execute()
    assert outcome.exit_status == EXIT_INCOMPLETE
    state = json.loads((tmp_path / "out.csv.summary.json").read_text())
    assert state["state"] == "failed" and state["exit_status"] == EXIT_INCOMPLETE
    written = state["records"]
    assert 0 < written < 1000  # the partitions before the failing one, and nothing after it
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[-1].startswith(f"# chemref: incomplete after {written} records: engine failed: ")
    assert "this partition always fails" in lines[-1]
    assert len(list(csv.DictReader(lines[:-1]))) == written
