"""The README's two commands are the ones the project runs."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README)


def test_readme_has_the_two_commands() -> None:
    main, tests = _commands()[:2]
    assert main == "pip install . && chemref history 4-ap"
    assert tests.startswith("pip install") and tests.endswith("pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    tests = _commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci, "run the README's test command verbatim in .ci/run"


EXAMPLES = re.compile(r"```console\n\$ (.+?)\n(.*?)```", flags=re.S)


def real_output(command: str) -> str:
    import os
    import shlex
    import subprocess
    import sys

    args = shlex.split(command)
    assert args[0] == "chemref"
    result = subprocess.run(
        [sys.executable, "-m", "chemref", *args[1:]],
        capture_output=True,
        text=True,
        env={**os.environ, "CHEMREF_TODAY": "2026-12-06"},
        check=False,
    )
    return result.stdout.strip()


def test_readme_examples_are_real_output() -> None:
    blocks = EXAMPLES.findall(README)
    assert blocks
    for command, expected in blocks:
        assert real_output(command) == expected.strip(), (
            f"README example out of date: {command} (regenerate: python tests/test_readme.py --write)"
        )


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--write"]:
        text = EXAMPLES.sub(lambda m: f"```console\n$ {m.group(1)}\n{real_output(m.group(1))}\n```", README)
        (ROOT / "README.md").write_text(text, encoding="utf-8")
