"""Answers a compliance officer can act on: decisions everywhere, 80-column output, provenance, aliases."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REGISTRY
from helpers import Ran, chemref

from chemref.answers.decision import DECISIONS

TODAY = "2026-12-06"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CAS = re.compile(r"\b\d{2,7}-\d{2}-\d\b")
JURISDICTION_KEYS = frozenset({"UN", "EU", "CA", "CN", "GB", "MX", "US", "GB-NIR"})


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Ran[str]:
    """``chemref ARGS`` in this process (see tests/helpers.py)."""
    return chemref(*args, env={"CHEMREF_TODAY": TODAY, **(env or {})}, cwd=cwd)


def on_terminal(*args: str, columns: int = 80, columns_variable: str | None = None) -> str:
    """What a person sees: the command under a pseudo-terminal of the given width, escape codes removed.
    $COLUMNS says the same width unless ``columns_variable`` gives it another value."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 200, columns, 0, 0))
    variable = str(columns) if columns_variable is None else columns_variable
    environment = {**os.environ, "CHEMREF_TODAY": TODAY, "COLUMNS": variable, "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "chemref", *args], stdout=follower, stderr=follower, env=environment, close_fds=True
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=60)
    os.close(leader)
    return ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r", "")


EVERYDAY = [
    ("status", "4-ap"),
    ("show", "4-ap"),
    ("history", "4-ap"),
    ("list",),
    ("lookup", "O=C1CCNCC1"),
    ("status", "1-boc-4-ap", "--on", "2021-06-01"),
    ("coverage",),
]


@pytest.mark.parametrize("args", EVERYDAY, ids=lambda a: " ".join(a))
def test_fits_80_columns_and_never_breaks_a_date_or_cas(args: tuple[str, ...]) -> None:
    text = on_terminal(*args)
    assert "Traceback" not in text
    lines = text.split("\n")
    widest = max(len(line.rstrip()) for line in lines)
    assert widest <= 80, f"a line of {widest} columns:\n{text}"
    piped = run(*args, "-f", "markdown").stdout
    # The list grid leaves its CAS RN column out when the terminal is too narrow for it (a whole column,
    # never a broken value); every other CAS RN and date of the piped output shows unbroken.
    patterns = (DATE,) if args == ("list",) and "CAS RN" not in text else (DATE, CAS)
    for pattern in patterns:
        for token in set(pattern.findall(piped)):
            assert token in text, f"{token} is broken or missing on the terminal:\n{text}"
    if args == ("list",):
        ids = re.findall(r"^\| ([a-z0-9-]+) \|", piped, re.M)
        assert ids and all(chemical in text for chemical in ids)


def test_status_reads_top_to_bottom_in_about_forty_lines() -> None:
    lines = [line for line in on_terminal("status", "4-ap").split("\n") if line.strip()]
    assert len(lines) <= 45, "\n".join(lines)


def test_status_json_carries_decisions_and_provenance() -> None:
    data = json.loads(run("status", "4-ap", "-f", "json").stdout)
    assert {j["decision"] for j in data["jurisdictions"]} <= set(DECISIONS)
    provenance = data["provenance"]
    assert provenance["chemref"] and provenance["on"] == TODAY
    assert re.fullmatch(r"[0-9a-f]{64}", provenance["registry"]["hash"])
    assert DATE.fullmatch(provenance["registry"]["checked_through"])


@pytest.mark.parametrize(
    "args",
    [("history", "4-ap"), ("list",), ("lookup", "O=C1CCNCC1"), ("export",), ("show", "npp"), ("coverage",)],
)
def test_every_json_output_has_provenance(args: tuple[str, ...]) -> None:
    result = run(*args, "-f", "json")
    data = json.loads(result.stdout)
    assert data["provenance"]["registry"]["hash"], args


def test_tables_and_markdown_end_with_the_provenance_line() -> None:
    markdown = run("status", "4-ap", "-f", "markdown").stdout.strip().splitlines()
    assert markdown[-1].startswith("_chemref ") and "registry " in markdown[-1]
    assert (
        "checked through"
        in on_terminal("history", "4-ap").strip().splitlines()[-1]
        + on_terminal("history", "4-ap").strip().splitlines()[-2]
    )


def test_version_names_the_package_and_the_data() -> None:
    from chemref import __version__
    from chemref.registry.load import load

    out = run("--version").stdout
    assert out.startswith(f"chemref {__version__}\n")
    assert load(REGISTRY).content_hash in out and "checked through" in out


def test_lookup_gives_every_jurisdiction_a_decision() -> None:
    data = json.loads(run("lookup", "O=C1CCNCC1", "-f", "json").stdout)
    status = data["matches"][0]["status"]
    assert [s["jurisdiction"] for s in status] == ["UN", "EU", "CA", "CN", "GB", "MX", "US", "GB-NIR"]
    assert all(s["decision"] in DECISIONS and "controlled" in s for s in status)
    rows = list(csv.DictReader(io.StringIO(run("lookup", "O=C1CCNCC1", "-f", "csv").stdout)))
    assert len(rows) == 8 and {r["decision"] for r in rows} <= set(DECISIONS)


def test_a_class_clause_match_is_review_there_and_the_outside_answer_elsewhere() -> None:
    """A structure no list names, matched only by class clauses, is review where a clause matches; elsewhere it
    is a substance outside the registry: on none of the lists where they are all read (MX), else unknown."""
    data = json.loads(run("lookup", "Clc1ccc(NC2CCNCC2)cc1", "--on", "2024-01-01", "-f", "json").stdout)
    match = next(m for m in data["matches"] if m["tier"] == "class" and m["rule"]["event"].startswith("us-"))
    by_key = {s["jurisdiction"]: s for s in match["status"]}
    assert by_key["US"]["decision"] == "review" and by_key["US"]["controlled"] is None
    assert by_key["MX"]["decision"] == "not-controlled" and "on none of MX" in by_key["MX"]["reason"]
    assert by_key["UN"]["decision"] == "unknown" and by_key["UN"]["unknown_why"] == "lists-not-read"
    assert {s["decision"] for k, s in by_key.items() if k not in {"US", "CA"}} <= {"unknown", "not-controlled"}


def test_a_chemical_controlled_nowhere_then_is_not_called_controlled() -> None:
    data = json.loads(run("lookup", "c1ccc(NC2CCNCC2)cc1", "--on", "2019-01-01", "-j", "US", "-f", "json").stdout)
    [entry] = data["matches"][0]["status"]
    assert entry["decision"] == "not-controlled" and entry["controlled"] is False


def test_screen_names_every_jurisdiction_of_a_matched_record(tmp_path: Path) -> None:
    catalogue = tmp_path / "c.smi"
    catalogue.write_text("O=C1CCNCC1 p\nClc1ccc(NC2CCNCC2)cc1 f\nCCO e\n", encoding="utf-8")
    result = run("screen", str(catalogue), "--on", "2024-01-01")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    lists = ("controlled_in", "not_controlled_in", "unknown_in", "review_in", "not_applicable_in")
    for row in rows:
        if row["status"] != "match":
            continue
        named = [key for column in lists for key in row[column].split(";") if key]
        assert sorted(named) == sorted(["UN", "EU", "CA", "CN", "GB", "MX", "US", "GB-NIR"]), row
    fluoro = next(r for r in rows if r["id"] == "f")
    assert "US" in fluoro["review_in"].split(";") and fluoro["controlled_in"] == ""


def test_repeated_jurisdictions_and_aliases() -> None:
    both = json.loads(run("status", "4-ap", "-j", "US", "-j", "CA", "-f", "json").stdout)
    assert [j["jurisdiction"] for j in both["jurisdictions"]] == ["CA", "US"]
    uk = json.loads(run("status", "4-ap", "-j", "uk", "-f", "json").stdout)
    assert [j["jurisdiction"] for j in uk["jurisdictions"]] == ["GB", "GB-NIR"]
    ni_usa = json.loads(run("status", "4-ap", "-j", "NI", "-j", "usa", "-f", "json").stdout)
    assert [j["jurisdiction"] for j in ni_usa["jurisdictions"]] == ["US", "GB-NIR"]
    bad = run("status", "4-ap", "-j", "XX")
    assert bad.returncode == 2 and "known: UN, EU" in bad.stderr and "UK=GB" in bad.stderr


def test_list_takes_a_date_and_jurisdictions_and_its_csv_is_tidy() -> None:
    result = run("list", "--on", "2021-06-01", "-j", "US", "-j", "EU", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    from chemref.registry.load import load

    assert len(rows) == 2 * len(load(REGISTRY).chemicals)
    assert {r["jurisdiction"] for r in rows} == {"US", "EU"} and {r["on"] for r in rows} == {"2021-06-01"}
    assert {"decision", "since", "regime", "reason"} <= set(rows[0])
    one = next(r for r in rows if r["chemical"] == "4-ap" and r["jurisdiction"] == "US")
    assert one["decision"] == "controlled" and one["since"] == "2020-05-15" and one["regime"] == "US-CSA-LIST-I"
    assert "—" not in result.stdout


def test_show_csv_is_one_rectangular_table_with_empty_nulls() -> None:
    result = run("show", "4-ap", "-f", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len({len(row) for row in rows}) == 1
    assert rows[0] == ["chemical", "field", "value"]
    fields = {row[1]: row[2] for row in rows[1:]}
    # Identity is there (field test L-20: show -f csv used to drop it), then one status row per jurisdiction.
    assert fields["CAS RN"] == "23056-29-3" and fields["InChIKey"] == "LKRMTUUCKBQGFO-UHFFFAOYSA-N"
    assert fields[f"status US on {TODAY}"].startswith("controlled; US List I, since 2020-05-15")
    assert sum(name.startswith("status ") for name in fields) == 8
    assert "—" not in result.stdout


def test_format_is_case_insensitive_and_help_keeps_its_defaults() -> None:
    assert json.loads(run("status", "4-ap", "-f", "JSON").stdout)["chemical"]["id"] == "4-ap"
    helptext = " ".join(run("status", "--help").stdout.split())
    assert "[default: table on a terminal, markdown when piped]" in helptext
    assert "<bool>" not in helptext and "<bool>" not in run("lint", "--help").stdout


def test_an_empty_history_explains_itself(tmp_path: Path) -> None:
    from chemref.registry.load import load

    registry = load(REGISTRY)
    chemical, key = next(
        (c.id, k)
        for c in sorted(registry.chemicals.values(), key=lambda c: c.id)
        for k in registry.jurisdictions
        if not any(e.jurisdiction == k for e in c.events)
    )
    out = run("history", chemical, "-j", key, "-f", "markdown").stdout
    assert "no recorded events" in out and f"{key}: " in out


def test_a_salt_name_gets_a_hint() -> None:
    result = run("show", "npp maleate")
    assert result.returncode == 1 and "chemref lookup" in result.stderr and "salt" in result.stderr


def test_registry_option_after_the_command(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    result = run("validate", "--registry", str(root))
    assert result.returncode == 0 and f"registry {root}:" in result.stdout
    assert run("status", "4-ap", "--registry", str(root), "-f", "json").returncode == 0


def test_bad_today_is_one_line_and_exit_2() -> None:
    for args in (("status", "4-ap"), ("validate",)):
        for value in ("garbage", "2026-02-30"):
            result = run(*args, env={"CHEMREF_TODAY": value})
            assert result.returncode == 2 and result.stderr.count("\n") == 1 and "CHEMREF_TODAY" in result.stderr


def test_history_shows_when_each_source_was_checked() -> None:
    data = json.loads(run("history", "4-ap", "-f", "json").stdout)
    assert all("checked" in s for e in data["events"] for s in e["sources"])
    assert ", checked 20" in run("history", "4-ap", "-f", "markdown").stdout


def test_lint_fix_refuses_the_installed_copy(tmp_path: Path) -> None:
    import shutil

    installed = tmp_path / "lib" / "site-packages" / "chemref" / "_registry"
    shutil.copytree(REGISTRY, installed)
    result = run("--registry", str(installed), "lint", "--fix")
    assert result.returncode == 2 and "read-only" in result.stderr and "--registry" in result.stderr
    checked = run("--registry", str(installed), "lint")
    assert checked.returncode == 0 and f"registry {installed}: canonical" in checked.stdout


def test_lint_fix_renames_a_yaml_chemical_file(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    (root / "chemicals" / "npp.yml").rename(root / "chemicals" / "npp.yaml")
    assert run("validate", "--registry", str(root)).returncode == 1
    fixed = run("lint", "--fix", "--registry", str(root))
    assert fixed.returncode == 0 and "removed: chemicals/npp.yaml" in fixed.stdout
    assert not (root / "chemicals" / "npp.yaml").exists() and (root / "chemicals" / "npp.yml").exists()
    assert run("validate", "--registry", str(root)).returncode == 0


def test_validate_takes_the_files_pre_commit_passes(registry_copy: Callable[[], Path], tmp_path: Path) -> None:
    root = registry_copy()
    inside = run("validate", str(root / "chemicals" / "4-ap.yml"), str(root / "sources.yml"), cwd=tmp_path)
    assert inside.returncode == 0 and f"registry {root}:" in inside.stdout
    stray = tmp_path / "notes.yml"
    stray.write_text("a: 1\n", encoding="utf-8")
    outside = run("validate", str(stray), cwd=tmp_path)
    assert outside.returncode == 2 and "not inside a registry" in outside.stderr
    hooks = (Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: chemref validate" in hooks


def test_github_annotations_escape_what_github_decodes(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    path = root / "chemicals" / "4-ap.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: 4-AP\n", 'name: 4-AP\n"100%0A::warning::x, y": 1\n')
    )
    out = run("validate", "--format", "github", "--registry", str(root), cwd=root.parent).stdout
    [line] = [line for line in out.splitlines() if "unknown-key" in line]
    assert line.startswith("::error file=registry/chemicals/4-ap.yml,line=")
    assert "100%250A::warning::x, y" in line and "%0A::warning" not in line.replace("%250A", "")


def test_a_registry_file_over_the_size_limit_is_refused_unread_by_queries_and_validate(
    registry_copy: Callable[[], Path],
) -> None:
    """A 5 MB chemical file is never parsed: a query exits 1 naming the file and the 1 MiB limit, and validate
    reports it under its own rule. (It proves the refusal and the messages, not a time.)"""
    root = registry_copy()
    (root / "chemicals" / "huge.yml").write_text("x: " + "a" * 5_000_000 + "\n", encoding="utf-8")
    query = run("--registry", str(root), "history", "4-ap")
    assert query.returncode == 1 and query.stdout == ""
    assert "chemicals/huge.yml: file is 5,000,004 bytes; the limit is 1,048,576" in query.stderr
    checked = run("validate", "--registry", str(root))
    assert checked.returncode == 1
    assert "chemicals/huge.yml" in checked.stdout and "[file-too-large]" in checked.stdout


def test_coverage_counts_every_cell_once() -> None:
    from chemref.answers.build import confidence, fact_basis
    from chemref.registry.load import load

    registry = load(REGISTRY)
    data = json.loads(run("coverage", "-f", "json").stdout)
    totals = data["totals"]
    assert totals["cells"] == len(data["cells"]) == len(registry.chemicals) * len(registry.jurisdictions)
    assert totals["answered"] + totals["unknown"] + totals["not_applicable"] == totals["cells"]
    events = [e for c in registry.chemicals.values() for e in c.events]
    primary = sum(confidence(fact_basis(registry, e)) == "primary-text" for e in events)
    assert (totals["events"], totals["events_primary_text"]) == (len(events), primary)
    assert {c["basis"] for c in data["cells"]} <= {"primary-text", "partly-secondary", "secondary", "none"}
    rows = list(csv.DictReader(io.StringIO(run("coverage", "-f", "csv").stdout)))
    assert len(rows) == totals["cells"]


@pytest.mark.parametrize("args", [("list",), ("status", "4-ap")], ids=lambda a: " ".join(a))
def test_a_width_of_zero_or_too_narrow_for_a_table_still_gets_the_answer(args: tuple[str, ...]) -> None:
    """Field test M15: COLUMNS=0 printed nothing with exit 0. A width of 0 is no width: the terminal's own
    (80 here) is used. Under 40 columns the answer falls back to Markdown, which wraps but loses nothing."""
    assert on_terminal(*args, columns_variable="0") == on_terminal(*args)
    narrow = on_terminal(*args, columns_variable="12")
    assert "Traceback" not in narrow and narrow.split() == run(*args, "-f", "markdown").stdout.split()


@pytest.mark.parametrize(
    "args",
    [
        ("--registry", "{missing}", "status", "4-ap"),
        ("status", "4-ap", "--registry", "{missing}"),
        ("validate", "--registry", "{missing}"),
        ("lint", "--registry", "{missing}"),
        ("lookup", "O=C1CCNCC1", "--registry", "{missing}"),
    ],
    ids=lambda a: " ".join(a),
)
def test_a_missing_registry_folder_is_a_usage_error_naming_the_option(args: tuple[str, ...], tmp_path: Path) -> None:
    """Old defect 26: exit 2, the path said once, and a hint that names --registry."""
    missing = tmp_path / "no-such-registry"
    ran = run(*(a.format(missing=missing) for a in args))
    assert ran.returncode == 2, ran.stderr
    assert ran.stderr.count(str(missing)) == 1 and "--registry" in ran.stderr
    assert ran.stdout == ""


def test_a_missing_registry_named_by_the_environment_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    ran = run("history", "4-ap", env={"CHEMREF_REGISTRY": str(missing)})
    assert ran.returncode == 2 and ran.stderr.count(str(missing)) == 1 and "$CHEMREF_REGISTRY" in ran.stderr


def test_the_screen_summary_fits_the_terminal_and_stays_one_line_per_answer_in_a_file(tmp_path: Path) -> None:
    """The summary on standard error wraps at spaces to the terminal's width, continuation lines indented;
    to a pipe each message stays one line, for scripts that read it line by line."""
    path = tmp_path / "in.smi"
    path.write_text("CC(=O)OC(C)=O anhydride\nCN1C=NC2=C1C(=O)N(C)C(=O)N2C caffeine\nCCO ethanol\n", encoding="utf-8")
    out = tmp_path / "rows.csv"
    text = on_terminal("screen", str(path), "-o", str(out))
    # The spinner redraws one line in place; with carriage returns removed its frames run together.
    lines = [line.rstrip() for line in text.split("\n") if line.strip() and not re.search("[\u2800-\u28ff]", line)]
    assert lines and max(len(line) for line in lines) <= 80, text
    assert any(line.startswith("    ") for line in lines), text  # a wrapped answer continues, indented
    flowing = " ".join(line.strip() for line in lines)
    piped = run("screen", str(path), "-o", str(out)).stderr
    for message in piped.splitlines():
        assert " ".join(message.split()) in flowing  # the same words, only wrapped
    assert any(len(message) > 80 for message in piped.splitlines())  # unwrapped off the terminal


def test_jurisdictions_with_the_same_note_share_one_line() -> None:
    """A name outside the registry gets one note for every jurisdiction, not eight copies of it; elsewhere
    jurisdictions whose notes are word for word the same are listed together."""
    named = run("lookup", "caffeine", "-f", "markdown").stdout
    assert len(re.findall(r"^- every jurisdiction: ", named, re.M)) == 1, named
    assert not re.search(r"^- (UN|EU|GB-NIR): ", named, re.M), named
    text = run("status", "1-boc-4-ap", "--on", "2021-06-01", "-f", "markdown").stdout
    notes = [line[2:].split(": ", 1) for line in text.splitlines() if line.startswith("- ") and ": " in line]
    keyed = [(keys.split(", "), note) for keys, note in notes if all(k in JURISDICTION_KEYS for k in keys.split(", "))]
    assert any(len(keys) > 1 for keys, _ in keyed), text  # the case occurs, so the check below is not vacuous
    assert len({note for _, note in keyed}) == len(keyed), text  # no note repeated
    listed = [key for keys, _ in keyed for key in keys]
    assert len(listed) == len(set(listed)), text  # each jurisdiction once
