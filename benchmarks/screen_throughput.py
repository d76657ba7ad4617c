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

Run: python benchmarks/screen_throughput.py [--records 100000] [--skip-memory] [--only identifiers]
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
    from rdkit import Chem, RDConfig, RDLogger

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
    from chemref.cas import check_digit

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2, help="take the best of this many runs of each command")
    parser.add_argument("--skip-memory", action="store_true", help="skip the 1,000,000-record memory run")
    parser.add_argument("--only", choices=["identifiers", "ratios"], help="run only this part")
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


if __name__ == "__main__":
    main()
