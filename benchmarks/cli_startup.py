"""Cold wall time of `chemref history 4-ap` against `python -c "import typer, pydantic, yaml"`.

Both commands run as fresh processes, interleaved, many times in the same run; the script prints
the median of each and their ratio. Target (issue 15): <= 2.5, piped and under a pseudo-terminal,
with the registry as shipped (every listed precursor) and no store of computed answers.

chemref's bytecode is compiled first, as `pip install` does. Three runs of chemref are timed:
piped (its default output there is Markdown), under a pseudo-terminal (a rich table, as a person
sees it), and with the cache turned off (CHEMREF_CACHE_DIR empty: every run types the YAML). A
first run fills the cache, as any first command after the registry changed does; the timed runs
then read the typed registry back from its JSON dump (chemref.registry.compiled).
Run: python benchmarks/cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
CHEMREF = [PYTHON, "-m", "chemref"]


def timed(command: list[str], env: dict[str, str], use_pty: bool = False) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``command`` as a fresh process.

    CPU time is what start-up costs the machine; on a shared machine it is far steadier than wall time,
    which also counts waiting for a core."""
    start = time.perf_counter()
    if use_pty:
        pid, fd = pty.fork()
        if pid == 0:  # child: exec the command with the pty as its terminal
            os.execve(command[0], command, env)
        while True:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
    else:
        pid = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL).pid
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"command failed ({code}): {' '.join(command)}")
    return elapsed, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    # pip compiles bytecode when it installs chemref; a checkout under PYTHONDONTWRITEBYTECODE=1
    # would recompile every module on every run, which no installed copy does.
    import chemref

    subprocess.run([PYTHON, "-m", "compileall", "-q", str(Path(chemref.__file__).parent)], check=True)
    cache_dir = Path(tempfile.mkdtemp(prefix="chemref-bench-cache-"))
    env = {**os.environ, "CHEMREF_CACHE_DIR": str(cache_dir)}
    baseline_cmd = [PYTHON, "-c", "import typer, pydantic, yaml"]
    history_cmd = [*CHEMREF, "history", "4-ap"]
    timed(history_cmd, env)  # fills the cache, as any first run does
    samples: dict[str, list[tuple[float, float]]] = {"baseline": [], "piped": [], "terminal": [], "no-cache": []}
    for _ in range(args.runs):
        samples["baseline"].append(timed(baseline_cmd, env))
        samples["piped"].append(timed(history_cmd, env))
        samples["terminal"].append(timed(history_cmd, env, use_pty=True))
        samples["no-cache"].append(timed(history_cmd, {**env, "CHEMREF_CACHE_DIR": ""}))
    shutil.rmtree(cache_dir, ignore_errors=True)

    def median(name: str, which: int) -> float:
        return statistics.median(sample[which] for sample in samples[name])

    print(f"{args.runs} runs of each, interleaved; wall time, then CPU time (user + system)")
    print(
        f"baseline  python -c 'import typer, pydantic, yaml': wall {median('baseline', 0) * 1000:.1f} ms, "
        f"CPU {median('baseline', 1) * 1000:.1f} ms"
    )
    for name in ("piped", "terminal", "no-cache"):
        wall, cpu = median(name, 0), median(name, 1)
        print(
            f"chemref history 4-ap ({name:8}): wall {wall * 1000:.1f} ms ({wall / median('baseline', 0):.2f}x), "
            f"CPU {cpu * 1000:.1f} ms ({cpu / median('baseline', 1):.2f}x)"
        )
    from chemref.registry.load import load

    print(f"registry: {len(load().chemicals)} chemicals")
    for name, target in (("piped", 2.5), ("terminal", 2.5)):
        for label, which in (("wall", 0), ("CPU", 1)):
            ratio = median(name, which) / median("baseline", which)
            print(f"RESULT {name} {label} ratio={ratio:.2f} target<={target} {'OK' if ratio <= target else 'OVER'}")


if __name__ == "__main__":
    main()
