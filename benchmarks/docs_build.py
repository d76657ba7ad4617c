"""Seconds per chemical of `chemref docs build`, at the 17 chemicals chemref started with, at about half
the registry and at the full registry, measured in the same run (issue 14, section 5).

Each smaller registry is the shipped one cut down to a subset of its chemicals: the other chemicals'
files are removed, and so are their entries in the list readings and their ids in the data changelog,
then the files are rewritten in canonical form, so the cut registry still validates (the build
refuses a registry that does not). Every build runs as a fresh process, end to end: validation,
page generation, structure drawings and `mkdocs build`.

The total must grow no faster than linearly: the seconds per chemical at the full registry must not
exceed those at 17 (a fixed cost, spread over more chemicals, makes them fall).
Run: python benchmarks/docs_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "registry"
FIRST_SEVENTEEN = [
    "1-boc-4-ap", "1-boc-4-piperidone", "3-oxo-2-phenylbutanoic-acid", "4-ap", "4-piperidone", "anpp",
    "bmk-glycidic-acid", "bmk-methyl-glycidate", "cannabidiol", "eapa", "fentanyl", "mapa", "norfentanyl",
    "npp", "pmk-ethyl-glycidate", "pmk-glycidic-acid", "pmk-methyl-glycidate",
]  # fmt: skip


def cut_registry(keep: set[str], target: Path) -> None:
    """A copy of the shipped registry holding only the chemicals in ``keep``."""
    shutil.copytree(REGISTRY, target)
    for path in (target / "chemicals").glob("*.yml"):
        if path.stem not in keep:
            path.unlink()
    for path in (target / "readings").glob("*.yml"):
        reading = yaml.safe_load(path.read_text(encoding="utf-8"))
        reading["entries"] = [e for e in reading.get("entries", []) if e.get("chemical") in keep]
        path.write_text(yaml.safe_dump(reading, allow_unicode=True, sort_keys=False), encoding="utf-8")
    changelog = target / "changelog.yml"
    if changelog.exists():
        changes = []
        for change in yaml.safe_load(changelog.read_text(encoding="utf-8")) or []:
            change["records"] = [r for r in change["records"] if _kept(r, keep)]
            if change["records"]:
                changes.append(change)
        changelog.write_text(yaml.safe_dump(changes, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lint = [sys.executable, "-m", "chemref", "lint", "--fix", "--registry", str(target)]
    subprocess.run(lint, check=True, capture_output=True)  # back to canonical form, which validate requires


def _kept(record: str, keep: set[str]) -> bool:
    if "." in record.split("/")[0] or record.startswith("readings/"):
        return True  # a vocabulary file, one of its records, or a reading
    return record.split("/")[0] in keep


def build_seconds(registry: Path, out: Path) -> float:
    env = {**os.environ, "CHEMREF_CACHE_DIR": ""}
    command = [sys.executable, "-m", "chemref", "--registry", str(registry), "docs", "build", "--out", str(out)]
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"docs build failed on {registry}:\n{result.stderr[-3000:]}")
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="take the best of this many builds of each size")
    args = parser.parse_args()
    everything = sorted(path.stem for path in (REGISTRY / "chemicals").glob("*.yml"))
    others = [c for c in everything if c not in FIRST_SEVENTEEN]
    half = set(FIRST_SEVENTEEN) | set(others[: max(0, len(everything) // 2 - len(FIRST_SEVENTEEN))])
    sizes = {"first 17": set(FIRST_SEVENTEEN), "half": half, "full": set(everything)}
    work = Path(tempfile.mkdtemp(prefix="chemref-bench-docs-"))
    try:
        registries = {}
        for name, keep in sizes.items():
            registries[name] = work / name.replace(" ", "-")
            cut_registry(keep, registries[name])
        best: dict[str, float] = {}
        for _ in range(args.runs):  # interleaved, so a busy moment does not fall on one size only
            for name, path in registries.items():
                seconds = build_seconds(path, work / "site")
                best[name] = min(best.get(name, seconds), seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"chemref docs build, best of {args.runs} fresh-process builds of each size")
    for name, keep in sizes.items():
        print(f"{name:9} {len(keep):4} chemicals: {best[name]:6.1f} s, {best[name] / len(keep):.3f} s per chemical")
    small, full = best["first 17"] / len(sizes["first 17"]), best["full"] / len(sizes["full"])
    print(f"RESULT seconds per chemical full/17 = {full / small:.2f} target<=1.0 {'OK' if full <= small else 'OVER'}")


if __name__ == "__main__":
    main()
