"""Screening throughput and memory, against bare RDKit parsing measured in the same run.

Builds a SMILES file from the NCI sample RDKit ships (each structure written in several forms:
canonical, random atom orders, Kekulé), plus salts of the registered chemicals, then times as
fresh processes, end to end including start-up:

- baseline: `Chem.MolFromSmiles` over every line (the cost of merely reading the structures);
- `chemref screen` with default tiers, one job        target >= 1.0x the baseline's records/s
- `chemref screen --similar`, one job                 target >= 0.5x the baseline
- `chemref screen --jobs 2` against `--jobs 1`        target >= 1.7x
- peak memory of screening 1,000,000 records against 100,000   target < 2x
- identifier batches: `chemref screen --id-kind cas` on 100,000 CAS RNs   target >= 50,000 records/s

Rates are wall-clock; the identifier line also gives the rate by CPU time (user + system of the
process), which a machine busy with other work does not distort.

It also times the Dask engine (`pip install -e '.[dask]'`), on a larger file (--dask-records) so
that a cluster's start-up is amortised:

- `--engine dask` on a 2-worker LocalCluster against `--engine local --jobs 1`   target >= 1.6x,
  with byte-identical output; measured end to end with the embedded cluster (started by the
  command) and on a running cluster (`--scheduler`, started here once);
- the per-partition rate, from the scheduler's record of task compute time, and from it a
  projection for 10^9 records on N workers;
- with --dask-memory: peak memory of the Dask run on 10,000,000 records against 1,000,000
  (the whole process tree: client, scheduler, workers)               target <= 2x

Run: python benchmarks/screen_throughput.py [--records 100000] [--skip-memory] [--only identifiers|ratios]
     [--skip-dask] [--only-dask] [--dask-records 400000] [--dask-memory]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

PYTHON = sys.executable
SALTS = [
    "Cl.Cl.c1ccc(NC2CCNCC2)cc1",
    "[Cl-].c1ccc(NC2CC[NH2+]CC2)cc1",
    "OC(=O)C(=O)O.CCC(=O)N(c1ccccc1)C1CCNCC1",
    "Cl.CC(C)(C)OC(=O)N1CCC(Nc2ccccc2)CC1",
    "OC(=O)CC(O)(CC(=O)O)C(=O)O.CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
    "Fc1ccc(NC2CCNCC2)cc1",
]


def build_input(path: Path, records: int) -> None:
    from rdkit import RDConfig

    from chemref.chem.toolkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    source = Path(RDConfig.RDDataDir) / "NCI" / "first_5K.smi"
    mols = [Chem.MolFromSmiles(line.split()[0]) for line in source.read_text().splitlines() if line.strip()]
    mols = [m for m in mols if m is not None]
    rng = random.Random(20261125)
    forms: list[str] = []
    for mol in mols:
        forms.append(Chem.MolToSmiles(mol))
        kekule = Chem.Mol(mol)
        Chem.Kekulize(kekule, clearAromaticFlags=True)
        forms.append(Chem.MolToSmiles(kekule, kekuleSmiles=True))
        for _ in range(3):
            forms.append(Chem.MolToSmiles(mol, doRandom=True, canonical=False))
    with path.open("w", encoding="utf-8") as out:
        for number in range(records):
            salt = number % 2000 == 0
            smiles = SALTS[(number // 2000) % len(SALTS)] if salt else forms[rng.randrange(len(forms))]
            out.write(f"{smiles} rec{number}\n")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of ``command`` run in a fresh process."""
    seconds, rss, _ = timed_cpu(command, env)
    return seconds, rss


def timed_cpu(command: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of ``command`` in a fresh process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - t, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, code)\n"
    )
    result = subprocess.run([PYTHON, "-c", probe, *command], capture_output=True, text=True, env=env, check=True)
    seconds, rss, cpu, code = result.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"command failed ({code}): {' '.join(command)}")
    return float(seconds), int(rss), float(cpu)


def build_cas_input(path: Path, records: int) -> None:
    """A CSV of CAS RNs with valid check digits (every 1000th one 4-AP's), like a shipment list."""
    from chemref.registry.cas import check_digit

    rng = random.Random(20261128)
    with path.open("w", encoding="utf-8") as out:
        out.write("line_item,cas,description\n")
        for number in range(records):
            if number % 1000 == 0:
                cas = "23056-29-3"
            else:
                body = str(rng.randrange(10_000, 9_999_999))
                cas = f"{body[:-2]}-{body[-2:]}-{check_digit(body)}"
            out.write(f"L{number},{cas},drum {number}\n")


def identifier_benchmark(work: Path, env: dict[str, str], runs: int, records: int = 100_000) -> None:
    path = work / "cas.csv"
    build_cas_input(path, records)
    command = [PYTHON, "-m", "chemref", "screen", str(path), "--id-kind", "cas", "--out", str(work / "cas-out.csv")]
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # warm
    results = [timed_cpu(command, env) for _ in range(runs)]
    wall = min(r[0] for r in results)
    cpu = min(r[2] for r in results)
    print(
        f"ids       --id-kind cas, {records:,} CAS RNs:     {wall:6.2f} s  {records / wall:9,.0f} records/s"
        f"  (by CPU time {records / cpu:,.0f} records/s; target >= 50,000)"
    )


def best_cpu(runs: int, command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Best wall seconds and best CPU seconds of ``runs`` runs."""
    results = [timed_cpu(command, env) for _ in range(runs)]
    return min(r[0] for r in results), min(r[2] for r in results)


def best_of(runs: int, command: list[str], env: dict[str, str]) -> tuple[float, int]:
    results = [timed(command, env) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def tree_peak(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, and peak total and peak largest-process RSS (bytes) of ``command``'s process tree."""
    import time

    import psutil  # type: ignore[import-untyped]

    start = time.perf_counter()
    process = psutil.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = largest = 0
    while process.poll() is None:
        try:
            sizes = [p.memory_info().rss for p in [process, *process.children(recursive=True)]]
        except psutil.Error:
            continue
        total, largest = max(total, sum(sizes)), max(largest, *sizes)
        time.sleep(0.2)
    if process.returncode not in (0, 1):
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(command)}")
    return time.perf_counter() - start, total, largest


def repeat(source: Path, target: Path, times: int) -> None:
    text = source.read_text(encoding="utf-8")
    with target.open("w", encoding="utf-8") as out:
        for _ in range(times):
            out.write(text)


def dask_memory(work: Path, env: dict[str, str]) -> None:
    """Peak memory of the Dask engine (embedded cluster) on 1,000,000 and 10,000,000 records."""
    million = work / "records-1m.smi"
    ten_million = work / "records-10m.smi"
    build_input(million, 1_000_000)
    repeat(million, ten_million, 10)
    command = [PYTHON, "-m", "chemref", "screen", "--on", "2026-11-25", "--engine", "dask", "--out"]
    small_s, small_total, small_largest = tree_peak([*command, str(work / "m1.csv"), str(million)], env)
    big_s, big_total, big_largest = tree_peak([*command, str(work / "m10.csv"), str(ten_million)], env)
    mib = 1024 * 1024
    print(
        f"dask      memory, whole tree: {small_total / mib:.0f} MiB for 1,000,000 records ({small_s:.0f} s), "
        f"{big_total / mib:.0f} MiB for 10,000,000 ({big_s:.0f} s)  ratio {big_total / small_total:.2f}x "
        f"(target <= 2.0)"
    )
    print(
        f"dask      memory, largest process: {small_largest / mib:.0f} MiB and {big_largest / mib:.0f} MiB  "
        f"ratio {big_largest / small_largest:.2f}x"
    )


def feed_rate(source: Path) -> float:
    """Records/s at which the command can read a SMILES file and serialise its partitions for the workers."""
    import pickle
    import time

    from chemref.screen.chunks import chunks
    from chemref.screen.inputs import Reader, ReaderOptions

    start = time.perf_counter()
    records = 0
    for chunk in chunks(Reader(str(source), options=ReaderOptions(raw_smi=True)), 20_000):
        pickle.dumps(chunk, protocol=5)
        records += len(chunk)
    return records / (time.perf_counter() - start)


def wall_and_cpu(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of ``command`` and the processes it started and waited for."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - t, use.ru_utime + use.ru_stime, code)\n"
    )
    result = subprocess.run([PYTHON, "-c", probe, *command], capture_output=True, text=True, env=env, check=True)
    seconds, cpu, code = result.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"command failed ({code}): {' '.join(command)}")
    return float(seconds), float(cpu)


def dask_section(work: Path, env: dict[str, str], args: argparse.Namespace) -> None:
    if not args.skip_dask_speed:
        dask_speed(work, env, args)
    if args.dask_memory:
        dask_memory(work, env)


def dask_speed(work: Path, env: dict[str, str], args: argparse.Namespace) -> None:
    """Runs of each engine interleaved, best of ``--runs``: other load on the machine hits them alike."""
    import psutil
    from distributed import Client, LocalCluster, get_task_stream

    records = args.dask_records
    source = work / "dask-records.smi"
    build_input(source, records)
    base = [PYTHON, "-m", "chemref", "screen", str(source), "--on", "2026-11-25"]
    local_out, embedded_out, running_out = work / "local.csv", work / "embedded.csv", work / "running.csv"
    local_command = [*base, "--out", str(local_out)]
    embedded_command = [*base, "--out", str(embedded_out), "--engine", "dask"]
    walls: dict[str, list[float]] = {"local": [], "embedded": [], "running": []}
    cpus: dict[str, list[float]] = {"local": [], "embedded": [], "running": []}
    spans: list[float] = []
    worker_cpus: list[float] = []
    import dask

    from chemref.screen.engines.dask import QUIET_WORKERS

    with (
        # as the docs advise for a cluster: no profiler on workers, no message log of partitions
        dask.config.set({**QUIET_WORKERS, "distributed.admin.low-level-log-length": 0}),
        LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster) as client,
    ):
        address = cluster.scheduler_address
        running_command = [*base, "--out", str(running_out), "--engine", "dask", "--scheduler", address]
        subprocess.run(running_command, env=env, capture_output=True, check=False)  # workers import chemref once
        workers = [psutil.Process(pid) for pid in client.run(os.getpid).values()]

        def worker_cpu() -> float:
            return sum(sum(w.cpu_times()[:2]) for w in workers)

        for _ in range(args.runs):
            for name, command in (("local", local_command), ("embedded", embedded_command)):
                wall, cpu = wall_and_cpu(command, env)
                walls[name].append(wall)
                cpus[name].append(cpu)
            before = worker_cpu()
            with get_task_stream(client) as stream:
                wall, cpu = wall_and_cpu(running_command, env)
            walls["running"].append(wall)
            worker_cpus.append(worker_cpu() - before)
            cpus["running"].append(cpu + worker_cpus[-1])
            spans += [
                span["stop"] - span["start"]
                for task in stream.data
                if str(task["key"]).startswith("screen_partition")
                for span in task["startstops"]
                if span["action"] == "compute"
            ]
    one, embedded, running = (min(walls[name]) for name in ("local", "embedded", "running"))
    partitions = len(spans)
    same = local_out.read_bytes() == embedded_out.read_bytes() == running_out.read_bytes()
    print(f"dask      input: {records:,} records; output identical to --engine local: {'yes' if same else 'NO'}")
    print(f"local     --jobs 1:                          {one:6.2f} s  {records / one:9,.0f} records/s")
    print(
        f"dask      embedded 2-worker LocalCluster:    {embedded:6.2f} s  {records / embedded:9,.0f} records/s"
        f"  ratio {one / embedded:.2f}x (target >= 1.6)"
    )
    print(
        f"dask      running 2-worker cluster:          {running:6.2f} s  {records / running:9,.0f} records/s"
        f"  ratio {one / running:.2f}x (target >= 1.6)"
    )
    cpu_one, cpu_embedded, cpu_running = (min(cpus[name]) / records * 1e6 for name in ("local", "embedded", "running"))
    print(
        f"cpu       per record: local {cpu_one:.0f} us, dask embedded {cpu_embedded:.0f} us, dask running "
        f"{cpu_running:.0f} us (command, scheduler and workers); on two idle cores the Dask run's ceiling "
        f"is {2 * cpu_one / cpu_embedded:.2f}x (embedded) and {2 * cpu_one / cpu_running:.2f}x (running)"
    )
    print(f"load      average over the last 1, 5, 15 minutes: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if partitions:
        wall_per_record = sorted(spans)[len(spans) // 2] * partitions / (records * args.runs)
        cpu_per_record = min(worker_cpus) / records
        print(
            f"dask      per partition of {records * args.runs / partitions:,.0f} records: "
            f"median {wall_per_record * 1e6:.0f} us of task time per record "
            f"({1 / wall_per_record:,.0f} records/s per worker at this load), "
            f"{cpu_per_record * 1e6:.0f} us of worker CPU ({1 / cpu_per_record:,.0f} records/s per idle core)"
        )
        feed = feed_rate(source)
        print(
            f"dask      the command reads and serialises partitions at {feed:,.0f} records/s: "
            f"enough for {feed * cpu_per_record:,.0f} workers"
        )
        for count in (2, 16, 64, 256):
            hours = 1e9 * max(cpu_per_record / count, 1 / feed) / 3600
            print(f"projection 10^9 records on {count:3d} workers (one idle core each): {hours:7.2f} h")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2, help="take the best of this many runs of each command")
    parser.add_argument("--skip-memory", action="store_true", help="skip the 1,000,000-record memory run")
    parser.add_argument("--only", choices=["identifiers", "ratios"], help="run only this part")
    parser.add_argument("--skip-dask", action="store_true", help="skip the Dask engine")
    parser.add_argument("--dask-records", type=int, default=400_000, help="records for the Dask comparison")
    parser.add_argument(
        "--dask-memory", action="store_true", help="also the Dask engine's memory on 10,000,000 records (minutes)"
    )
    parser.add_argument("--only-dask", action="store_true", help="skip everything but the Dask engine")
    parser.add_argument("--skip-dask-speed", action="store_true", help="with --dask-memory: only the memory runs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="chemref-screen-bench-"))
    env = {**os.environ, "CHEMREF_CACHE_DIR": str(work / "cache")}
    if args.only == "identifiers":
        identifier_benchmark(work, env, args.runs)
        return
    small = work / "records.smi"
    build_input(small, args.records)
    baseline_code = (
        "import sys\nfrom rdkit import Chem, RDLogger\nRDLogger.DisableLog('rdApp.*')\n"
        "for line in open(sys.argv[1]):\n    Chem.MolFromSmiles(line.split()[0])\n"
    )
    screen = [PYTHON, "-m", "chemref", "screen", str(small), "--out", str(work / "out.csv"), "--on", "2026-11-25"]
    subprocess.run(screen, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # warm cache
    if args.only_dask:
        dask_section(work, env, args)
        return

    base, base_cpu = best_cpu(args.runs, [PYTHON, "-c", baseline_code, str(small)], env)
    one, rss_small = best_of(args.runs, screen, env)
    _, one_cpu = best_cpu(1, screen, env)
    similar, similar_cpu = best_cpu(args.runs, [*screen, "--similar", "0.6"], env)
    two = 0.0 if args.only == "ratios" else best_of(args.runs, [*screen, "--jobs", "2"], env)[0]
    rate = args.records / base
    print(f"input: {args.records:,} SMILES records from RDKit's NCI sample in varied forms, plus salts")
    print(f"baseline  Chem.MolFromSmiles over the file: {base:6.2f} s  {rate:9,.0f} records/s")
    print(
        f"screen    default tiers, --jobs 1:          {one:6.2f} s  {args.records / one:9,.0f} records/s"
        f"  ratio {base / one:.2f}x (by CPU time {base_cpu / one_cpu:.2f}x; target >= 1.0)"
    )
    print(
        f"screen    --similar 0.6, --jobs 1:          {similar:6.2f} s  {args.records / similar:9,.0f} records/s"
        f"  ratio {base / similar:.2f}x (by CPU time {base_cpu / similar_cpu:.2f}x; target >= 0.5)"
    )
    if args.only == "ratios":
        return
    print(
        f"screen    default tiers, --jobs 2:          {two:6.2f} s  {args.records / two:9,.0f} records/s"
        f"  speed-up over --jobs 1 {one / two:.2f}x (target >= 1.7)"
    )
    identifier_benchmark(work, env, args.runs)
    if not args.skip_memory:
        big = work / "records-1m.smi"
        with big.open("w", encoding="utf-8") as out:
            text = small.read_text(encoding="utf-8")
            for _ in range(1_000_000 // args.records):
                out.write(text)
        big_screen = [*screen[:4], str(big), *screen[5:]]
        _, rss_big = timed(big_screen, env)
        print(
            f"memory    peak RSS: {rss_small / 1024:.0f} MiB for {args.records:,} records, "
            f"{rss_big / 1024:.0f} MiB for 1,000,000  ratio {rss_big / rss_small:.2f}x (target < 2.0)"
        )
    if not args.skip_dask:
        dask_section(work, env, args)


if __name__ == "__main__":
    main()
