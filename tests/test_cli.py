"""The command line as a user and a script see it: exit codes, messages, JSON contracts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REGISTRY, edit
from helpers import Ran, chemref

TODAY = "2026-12-06"


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Ran[str]:
    """``chemref ARGS`` in this process (see tests/helpers.py)."""
    return chemref(*args, env={"CHEMREF_TODAY": TODAY, **(env or {})}, cwd=cwd)


def no_traceback(result: Ran[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


def test_history_json_contract() -> None:
    result = run("history", "4-ap", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["chemical"]["id"] == "4-ap"
    assert data["chemical"]["name"] == "4-AP"
    us = [e for e in data["events"] if e["jurisdiction"] == "US"]
    assert us[0]["effective_date"] == "2020-05-15"
    assert us[0]["action"] == "added"
    assert us[0]["regime"] == "US-CSA-LIST-I"
    assert us[0]["coverage"] == "named"
    assert us[0]["instrument"]["citation"] == "85 FR 20822"
    assert all(source["url"].startswith("http") for event in data["events"] for source in event["sources"])
    # Oldest first by the best date known: effective, else in force by, else published, else decided.
    keys = [
        next((e[f] for f in ("effective_date", "in_force_by", "published_date", "decided_date") if e[f]), "9999")
        for e in data["events"]
    ]
    assert [k[:10] for k in keys] == sorted(k[:10] for k in keys)


def test_dates_keep_their_precision_in_json() -> None:
    data = json.loads(run("history", "fentanyl", "-f", "json", "-j", "UN").stdout)
    assert data["events"][0]["effective_date"] == "1964"
    assert data["events"][0]["instrument"]["citation"] is None
    china = json.loads(run("history", "fentanyl", "-f", "json", "-j", "CN").stdout)
    assert china["events"][0]["effective_date"] is None


def test_status_json_contract() -> None:
    result = run("status", "1-boc-4-ap", "--on", "2020-05-16", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["chemical"]["id"] == "1-boc-4-ap"
    assert data["on"] == "2020-05-16"
    us = next(j for j in data["jurisdictions"] if j["jurisdiction"] == "US")
    assert us["controlled"] is True
    assert us["regime"] == "US-CSA-LIST-I"
    assert us["since"] == "2020-05-15"
    assert us["coverage"] == "class"
    un = next(j for j in data["jurisdictions"] if j["jurisdiction"] == "UN")
    assert un["controlled"] is False


def test_status_defaults_to_today() -> None:
    data = json.loads(run("status", "norfentanyl", "-f", "json").stdout)
    assert data["on"] == TODAY


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_tabular_formats_carry_the_citation(fmt: str) -> None:
    result = run("history", "norfentanyl", "-f", fmt)
    assert result.returncode == 0, result.stderr
    assert "85 FR 21320" in result.stdout
    # the official publication is linked first; csv carries only that link
    assert "https://www.federalregister.gov/d/2020-07381" in result.stdout


def test_list_show_export() -> None:
    listing = json.loads(run("list", "-f", "json").stdout)
    assert {c["chemical"]["id"] for c in listing["chemicals"]} >= {"4-ap", "1-boc-4-ap", "norfentanyl", "fentanyl"}
    shown = json.loads(run("show", "23056-29-3", "-f", "json").stdout)
    assert shown["identifiers"]["inchikey"] == "LKRMTUUCKBQGFO-UHFFFAOYSA-N"
    exported = json.loads(run("export", "--format", "json").stdout)
    assert len(exported["chemicals"]) >= 4 and "sources" in exported
    csv_text = run("export", "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("chemical_id,chemical_name,cas,event_id")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("history", "nonexistent-thing"), 1, "is not in the registry"),
        (("history", "norfentanil"), 1, "Did you mean: NORFENTANILO, norfentanyl"),
        (("history", "23056-29-4"), 2, "check digit"),
        (("status", "4-ap", "--on", "2020-02-30"), 2, "out of range"),
        (("status", "4-ap", "--on", "tomorrow"), 2, "not a date"),
        (("history", "4-ap", "--jurisdiction", "XX"), 2, "unknown jurisdiction"),
        (("history", "4-ap", "--format", "yaml"), 2, "yaml"),
        (("frobnicate",), 2, "No such command"),
    ],
)
def test_bad_input_and_misses(args: tuple[str, ...], code: int, message: str) -> None:
    result = run(*args)
    no_traceback(result)
    assert result.returncode == code
    assert message in result.stderr


def test_validate_exit_codes_and_formats(registry_copy: Callable[[], Path]) -> None:
    assert run("validate").returncode == 0
    root = registry_copy()
    edit(root / "chemicals" / "4-ap.yml", '"23056-29-3"', '"23056-29-4"')
    text = run("--registry", str(root), "validate")
    assert text.returncode == 1 and "cas-check-digit" in text.stdout
    as_json = json.loads(run("--registry", str(root), "validate", "--format", "json").stdout)
    assert as_json["valid"] is False and as_json["problems"][0]["rule"] == "cas-check-digit"
    github = run("validate", "--format", "github", env={"CHEMREF_REGISTRY": str(root)}, cwd=root.parent)
    assert github.stdout.startswith("::error file=registry/chemicals/4-ap.yml,line=")
    inside = run("validate", "--format", "github", env={"CHEMREF_REGISTRY": str(root)}, cwd=root / "chemicals")
    assert inside.stdout.startswith("::error file=4-ap.yml,line=")
    (root.parent / "other").mkdir()
    outside = run("validate", "--format", "github", env={"CHEMREF_REGISTRY": str(root)}, cwd=root.parent / "other")
    assert outside.stdout.startswith(f"::error file={root.resolve()}/chemicals/4-ap.yml,line=")


def test_a_broken_registry_is_refused_without_a_traceback(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    edit(root / "chemicals" / "4-ap.yml", "action: scope-widened", "action: widened")
    result = run("--registry", str(root), "history", "4-ap")
    no_traceback(result)
    assert result.returncode == 1
    assert "chemref validate" in result.stderr


def test_lint_fix_restores_canonical_form(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    path = root / "chemicals" / "4-ap.yml"
    original = path.read_text(encoding="utf-8")
    edit(path, "name: 4-AP\n", "name: '4-AP'\n")
    assert run("--registry", str(root), "lint").returncode == 1
    assert run("--registry", str(root), "lint", "--fix").returncode == 0
    assert path.read_text(encoding="utf-8") == original


def test_lint_refuses_a_registry_that_does_not_load_and_rewrites_nothing(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    (root / "chemicals" / "4-ap.yml").write_text("id: 4-ap\nname: [unclosed\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*.yml")}
    result = run("--registry", str(root), "lint", "--fix")
    assert result.returncode == 1
    assert "chemicals/4-ap.yml" in result.stderr and "cannot lint a registry that does not load" in result.stderr
    assert {p: p.read_bytes() for p in root.rglob("*.yml")} == before


def test_commands_work_from_any_directory(tmp_path: Path) -> None:
    result = run("history", "4-ap", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_registry_option_reads_another_copy(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    edit(root / "chemicals" / "4-ap.yml", "name: 4-AP", "name: 4-AP (working copy)")
    data = json.loads(run("--registry", str(root), "history", "4-ap", "-f", "json").stdout)
    assert data["chemical"]["name"] == "4-AP (working copy)"
    bundled = json.loads(run("history", "4-ap", "-f", "json").stdout)
    assert bundled["chemical"]["name"] == "4-AP"


def test_registry_is_the_bundled_one_by_default() -> None:
    from chemref.registry.paths import bundled_path

    assert (bundled_path() / "chemicals" / "4-ap.yml").is_file()
    assert bundled_path().resolve() == REGISTRY.resolve() or bundled_path().name == "_registry"


def test_show_draws_the_structure(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    drawing = tmp_path / "4-ap.svg"
    result = run("show", "4-AP", "--svg", str(drawing), "-f", "json")
    assert result.returncode == 0, result.stderr
    root = ET.parse(drawing).getroot()
    assert root.tag.endswith("svg")
    assert "<path" in drawing.read_text(encoding="utf-8")
    unwritable = run("show", "4-AP", "--svg", str(tmp_path / "missing" / "x.svg"))
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr


def test_show_svg_dash_writes_the_drawing_to_stdout(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chemref", "show", "4-AP", "--svg", "-"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "CHEMREF_TODAY": "2026-12-06"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().startswith("<?xml") and "</svg>" in result.stdout
    assert not (tmp_path / "-").exists()
