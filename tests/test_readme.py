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
EXAMPLE_DATE = re.search(r"Real output, with `CHEMREF_TODAY=(\d{4}-\d{2}-\d{2})`", README)


def example_date() -> str:
    assert EXAMPLE_DATE, "the README says which CHEMREF_TODAY its examples were made with"
    return EXAMPLE_DATE.group(1)


def test_the_registry_validates_on_the_examples_date() -> None:
    """Field test L24: on the README's own date, validate found 48 dates in its future."""
    from helpers import chemref

    ran = chemref("validate", env={"CHEMREF_TODAY": example_date()})
    assert ran.returncode == 0, ran.stdout[-2000:]


def test_no_example_cites_a_date_after_its_own() -> None:
    for _, output in EXAMPLES.findall(README):
        cited = re.findall(r"\b(?:as of|checked|through) (\d{4}-\d{2}-\d{2})", output)
        later = [day for day in cited if day > example_date()]
        assert not later, f"an example cites {later} after {example_date()}"


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
        env={**os.environ, "CHEMREF_TODAY": example_date()},
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
