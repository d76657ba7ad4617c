"""Cold wall time of `chemref history 4-ap` against `python -c "import typer, pydantic, yaml"`.

Both commands run as fresh processes, interleaved, many times in the same run; the script prints
the median of each and their ratio. Targets: piped <= 1.8, under a pseudo-terminal <= 2.0.

chemref's bytecode is compiled first, as `pip install` does. Three runs of chemref are timed:
piped (its default output there is Markdown), under a pseudo-terminal (a rich table, as a person
sees it), and with the cache turned off (CHEMREF_CACHE_DIR empty: every run types the registry).
A first run fills the cache, as any first command after the registry changed does; the timed
runs then read the typed registry or today's stored answers (chemref.answers).
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


def timed(command: list[str], env: dict[str, str], use_pty: bool = False) -> float:
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
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
    else:
        code = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False).returncode
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"command failed ({code}): {' '.join(command)}")
    return elapsed


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
    samples: dict[str, list[float]] = {"baseline": [], "piped": [], "terminal": [], "no-cache": []}
    for _ in range(args.runs):
        samples["baseline"].append(timed(baseline_cmd, env))
        samples["piped"].append(timed(history_cmd, env))
        samples["terminal"].append(timed(history_cmd, env, use_pty=True))
        samples["no-cache"].append(timed(history_cmd, {**env, "CHEMREF_CACHE_DIR": ""}))
    shutil.rmtree(cache_dir, ignore_errors=True)
    base = statistics.median(samples["baseline"])
    print(f"baseline  python -c 'import typer, pydantic, yaml': median {base * 1000:.1f} ms over {args.runs} runs")
    for name in ("piped", "terminal", "no-cache"):
        median = statistics.median(samples[name])
        print(f"chemref history 4-ap ({name:8}): median {median * 1000:.1f} ms  ratio {median / base:.2f}x")
    for name, target in (("piped", 1.8), ("terminal", 2.0)):
        ratio = statistics.median(samples[name]) / base
        print(f"RESULT {name} ratio={ratio:.2f} target<={target} {'OK' if ratio <= target else 'OVER'}")


if __name__ == "__main__":
    main()
