"""Every listed precursor, and an answer that means something for anything else (issue 14).

Run through the command line in this process (tests/helpers.py) on the shipped registry, whose lists
are read in full for Canada and Mexico and in part elsewhere.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REGISTRY, change
from helpers import TODAY, chemref

from chemref.checks.validate import validate
from chemref.registry.load import load

ACETIC_ANHYDRIDE = "CC(=O)OC(C)=O"
EPHEDRINE = "CN[C@@H](C)[C@H](O)c1ccccc1"
FOUR_AP_HCL = "Cl.c1ccc(NC2CCNCC2)cc1"
CAFFEINE = "Cn1cnc2c1c(=O)n(C)c(=O)n2C"
ACETYLFENTANYL = "CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
JURISDICTIONS = ["UN", "EU", "CA", "CN", "GB", "MX", "US", "GB-NIR"]
DECISION_COLUMNS = ("controlled_in", "not_controlled_in", "unknown_in", "review_in", "not_applicable_in")


def lookup(query: str, *args: str) -> dict[str, Any]:
    ran = chemref("lookup", query, "-f", "json", *args)
    assert "Traceback" not in ran.stderr, ran.stderr
    data: dict[str, Any] = json.loads(ran.stdout)
    return data


def cells(answer: dict[str, object]) -> dict[str, dict[str, str]]:
    """Jurisdiction -> the cell the first match gives, or the outside-the-registry cell."""
    matches = answer["matches"]
    assert isinstance(matches, list)
    entries = matches[0]["status"] if matches else answer["unmatched"]
    assert isinstance(entries, list)
    return {entry["jurisdiction"]: entry for entry in entries}


@pytest.mark.parametrize(("smiles", "chemical"), [(ACETIC_ANHYDRIDE, "acetic-anhydride"), (EPHEDRINE, "ephedrine")])
def test_the_classic_precursors_are_registered_and_controlled(smiles: str, chemical: str) -> None:
    answer = lookup(smiles)
    first = answer["matches"][0]
    assert first["id"] == chemical and first["tier"] == "exact"
    by_key = cells(answer)
    assert list(by_key) == JURISDICTIONS
    assert by_key["CA"]["decision"] == "controlled" and by_key["MX"]["decision"] == "controlled"
    assert by_key["US"]["decision"] == "controlled" and by_key["EU"]["decision"] == "controlled"


def test_a_hydrochloride_salt_matches_its_base_and_never_hydrochloric_acid() -> None:
    answer = lookup(FOUR_AP_HCL)
    ids = [m["id"] for m in answer["matches"]]
    assert ids[0] == "4-ap" and answer["matches"][0]["tier"] == "parent"
    assert "hydrochloric-acid" not in ids
    # The acid itself, as the whole input, is hydrochloric acid; a chloride from any salt is not.
    assert lookup("Cl")["matches"][0]["id"] == "hydrochloric-acid"
    assert lookup("[K+].[Cl-]")["matches"] == []
    assert lookup("[Cl-]")["matches"] == []


def test_a_salt_of_several_pieces_is_matched_whole_never_by_its_counter_ion() -> None:
    assert lookup("[K+].[O-][Mn](=O)(=O)=O")["matches"][0]["id"] == "potassium-permanganate"
    assert lookup("[Na+].[O-][Mn](=O)(=O)=O")["matches"][0]["id"] == "sodium-permanganate"
    assert lookup("[O-][Mn](=O)(=O)=O")["matches"] == []  # the ion alone is neither salt
    assert lookup("CC(=O)[O-].[K+]")["matches"] == []  # potassium from another salt is not permanganate


def test_caffeine_is_outside_the_registry_and_every_jurisdiction_says_what_that_means() -> None:
    answer = lookup(CAFFEINE)
    assert answer["matches"] == []
    by_key = cells(answer)
    assert list(by_key) == JURISDICTIONS
    for key, entry in by_key.items():
        assert entry["decision"] in {"not-controlled", "unknown"}, key
        assert entry["reason"], key
    # Canada's and Mexico's lists are read in full and current: on none of them.
    for key in ("CA", "MX"):
        assert by_key[key]["decision"] == "not-controlled"
        assert by_key[key]["reason"].startswith(f"on none of {key}")
        assert by_key[key]["readings"], key
    # The UN's current Tables were not read in full: unknown, and why.
    assert by_key["UN"]["decision"] == "unknown" and by_key["UN"]["unknown_why"] == "lists-not-read"
    assert "not read in full" in by_key["UN"]["reason"]
    ran = chemref("lookup", CAFFEINE)
    assert ran.returncode == 1
    assert "not a registered chemical" in ran.stdout and "not read in full" in ran.stdout


def test_lists_not_read_in_full_says_per_list_how_far_it_was_read() -> None:
    """A user deciding whether to trust 'unknown' sees, per list, whether it was never read whole or only up to
    some date (the UN Tables as adopted; a US list years old)."""
    import datetime as dt

    from chemref.answers.status import completeness, newest_whole_reading

    registry = load(REGISTRY)
    today = dt.date.fromisoformat(TODAY)
    by_key = cells(lookup(CAFFEINE))
    seen = {"dated": 0, "unread": 0}
    for key, entry in by_key.items():
        state = completeness(registry, key, today, today)
        if state.complete:
            continue
        reason = entry["reason"]
        for regime in state.missing:
            label = registry.regimes[regime].short
            reading = newest_whole_reading(registry, regime, today)
            if reading is None:
                assert label in reason.split("no whole reading of ", 1)[1].split(";")[0], (key, reason)
                seen["unread"] += 1
            else:
                assert f"{label} to {reading.current_to}" in reason, (key, reason)
                seen["dated"] += 1
    assert seen["dated"] and seen["unread"]  # both kinds occur in the registry, so neither check is vacuous


def test_a_fentanyl_analogue_is_not_dressed_up_as_a_precursor() -> None:
    """Field test M5: the resemblance to a registered drug comes first, and no jurisdiction clears it."""
    answer = lookup(ACETYLFENTANYL)
    matches = answer["matches"]
    assert isinstance(matches, list) and all(m["tier"] == "class" for m in matches)
    by_key = cells(answer)
    for key, entry in by_key.items():
        assert entry["decision"] in {"unknown", "review"}, (key, entry["decision"])
        if entry["decision"] == "unknown":
            assert entry["reason"].startswith("resembles fentanyl, a scheduled drug"), entry["reason"]
    assert by_key["CA"]["decision"] == "review"  # Canada's 'derivatives and analogues' clause may reach it
    row = screen(f"{ACETYLFENTANYL} acetylfentanyl\n")[0]
    assert row["reason"].startswith("resembles fentanyl, a scheduled drug")
    assert row["controlled_in"] == "" and "CA" in row["review_in"].split(";")


def screen(text: str, *args: str) -> list[dict[str, str]]:
    ran = chemref("screen", "-", *args, stdin=text)
    assert "Traceback" not in ran.stderr, ran.stderr
    return list(csv.DictReader(io.StringIO(ran.stdout)))


def test_no_screen_row_leaves_a_jurisdiction_without_a_decision() -> None:
    records = [ACETIC_ANHYDRIDE, EPHEDRINE, FOUR_AP_HCL, CAFFEINE, ACETYLFENTANYL, "CCO", "CCCCO"]
    rows = screen("".join(f"{smiles} r{i}\n" for i, smiles in enumerate(records)))
    assert len(rows) == len(records)
    for row in rows:
        named = [key for column in DECISION_COLUMNS for key in row[column].split(";") if key]
        assert sorted(named) == sorted(JURISDICTIONS), row


def test_the_screen_summary_says_what_matching_nothing_means() -> None:
    ran = chemref("screen", "-", stdin=f"{CAFFEINE} c\nCCCCO b\n")
    assert ran.returncode == 1  # nothing controlled anywhere: exit 1, as grep finds nothing
    assert "2 matched nothing registered" in ran.stderr
    assert "CA: not controlled: on none of CA" in ran.stderr
    assert "UN: unknown: UN's lists not read in full" in ran.stderr


def test_an_identifier_outside_the_registry_is_never_cleared() -> None:
    """A CAS RN or name no chemical has: chemref cannot tell which substance it is (a salt of a listed one?)."""
    answer = lookup("58-08-2")  # caffeine's CAS RN
    assert answer["matches"] == []
    assert {entry["decision"] for entry in answer["unmatched"]} == {"unknown"}
    assert {entry["unknown_why"] for entry in answer["unmatched"]} == {"not-registered"}


def test_a_name_outside_the_registry_says_so_before_any_suggestion() -> None:
    far = chemref("show", "caffeine")
    assert far.returncode == 1 and "'caffeine' is not in the registry" in far.stderr
    assert "Did you mean" not in far.stderr  # nothing registered is spelled like caffeine
    close = chemref("status", "ephedrne")
    assert close.returncode == 1 and close.stderr.index("not in the registry") < close.stderr.index("Did you mean")
    assert "ephedrine" in close.stderr.lower()


def test_list_shows_what_one_list_held_on_a_date() -> None:
    registry = load(REGISTRY)
    now = json.loads(chemref("list", "--list", "US List I", "-f", "json").stdout)
    then = json.loads(chemref("list", "--list", "US List I", "--on", "2020-01-01", "-f", "json").stdout)
    now_ids = {c["chemical"]["id"] for c in now["chemicals"]}
    then_ids = {c["chemical"]["id"] for c in then["chemicals"]}
    assert now["regime"] == "US-CSA-LIST-I" and "ephedrine" in now_ids
    assert "4-ap" in now_ids and "4-ap" not in then_ids  # listed from 2020-05-15
    assert then_ids < now_ids
    # Every chemical answered is controlled under that list on the date, by its own events.
    for record in now["chemicals"]:
        us = next(item for item in record["jurisdictions"] if item["jurisdiction"] == "US")
        assert us["decision"] == "controlled", record["chemical"]["id"]
    assert len(now_ids) <= len(registry.chemicals)
    bad = chemref("list", "--list", "Nonexistent List")
    assert bad.returncode == 2 and "the lists are:" in bad.stderr


def test_list_filters_by_decision_and_jurisdiction() -> None:
    data = json.loads(chemref("list", "-j", "US", "--decision", "not-controlled", "-f", "json").stdout)
    assert data["chemicals"], "some chemical is not controlled in the United States"
    for record in data["chemicals"]:
        assert [item["jurisdiction"] for item in record["jurisdictions"]] == ["US"]
        assert record["jurisdictions"][0]["decision"] == "not-controlled"
    assert chemref("list", "--decision", "maybe").returncode == 2


def test_changes_between_two_dates_name_each_instrument() -> None:
    data = json.loads(chemref("changes", "--from", "2024-01-01", "--to", "2024-12-31", "-j", "UN", "-f", "json").stdout)
    additions = {(c["chemical"], c["kind"]) for c in data["changes"]}
    assert ("4-piperidone", "addition") in additions and ("1-boc-4-piperidone", "addition") in additions
    assert all(c["jurisdiction"] == "UN" and c["date"].startswith("2024") for c in data["changes"])
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                chemref(
                    "changes", "--from", "2001-01-01", "--to", "2001-12-31", "--list", "UN Table I", "-f", "csv"
                ).stdout
            )
        )
    )
    assert all(row["regime"] == "UN-1988-TABLE-I" or row["previous_regime"] == "UN-1988-TABLE-I" for row in csv_rows)
    assert chemref("changes", "--from", "2025-01-01", "--to", "2024-01-01").returncode == 2


def test_the_list_grid_fits_eighty_columns_in_one_line_per_chemical() -> None:
    text = chemref("list", "-f", "markdown").stdout
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Id")]
    assert len(rows) == len(load(REGISTRY).chemicals)


# -- readings, cross-checked both ways ---------------------------------------------------------------------


def _reading(root: Path, reading_id: str) -> Path:
    return root / "readings" / f"{reading_id}.yml"


def test_a_whole_reading_that_leaves_out_a_listed_chemical_is_an_error(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    change(
        _reading(root, "mx-lfcpq-precursores-2026-03-21"),
        lambda data: data.__setitem__("entries", [e for e in data["entries"] if e["chemical"] != "ephedrine"]),
    )
    problems = [p for p in validate(root, identity=False) if p.rule == "reading-missing"]
    assert len(problems) == 1 and "ephedrine" in problems[0].message and "mx-" in problems[0].message


def test_a_reading_entry_no_event_puts_on_the_list_is_an_error(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    change(
        _reading(root, "mx-lfcpq-precursores-2026-03-21"),
        lambda data: data["entries"].append({"chemical": "caffeine-free-name", "printed": "Cafeína"}),
    )
    change(
        _reading(root, "mx-lfcpq-quimicos-esenciales-2026-03-21"),
        lambda data: data["entries"].append({"chemical": "4-ap", "printed": "4-AP"}),
    )
    problems = [p for p in validate(root, identity=False) if p.rule == "reading-entry"]
    messages = " ".join(p.message for p in problems)
    assert "'caffeine-free-name': no chemical has that id" in messages
    assert "4-ap is listed by this reading of MX-LFCPQ-QUIMICOS-ESENCIALES" in messages


def test_the_shipped_readings_agree_with_the_events() -> None:
    assert [p for p in validate(REGISTRY, identity=False) if p.rule.startswith("reading")] == []
    assert len(load(REGISTRY).readings) >= 30


def test_before_a_list_was_read_in_full_the_answer_is_unknown() -> None:
    """Canada's readings answer from 2019 on; for 2015, even Canada cannot say 'on none of its lists'."""
    early = cells(lookup(CAFFEINE, "--on", "2015-01-01"))
    assert early["CA"]["decision"] == "unknown" and early["CA"]["unknown_why"] == "lists-not-read"
    assert cells(lookup(CAFFEINE, "--on", "2020-01-01"))["CA"]["decision"] == "not-controlled"


def test_a_salt_of_a_listed_acid_with_any_base_is_a_salt_of_that_acid() -> None:
    """The pipeline sets phenylacetate aside as a counter-ion; the lists name phenylacetic acid's salts."""
    with_amine = lookup("OC(=O)Cc1ccccc1.CCCCCN")["matches"]
    assert [(m["id"], m["tier"]) for m in with_amine] == [("phenylacetic-acid", "parent")]
    assert "counter-ion or solvent" in with_amine[0]["explanation"]
    sodium = lookup("[Na+].[O-]C(=O)Cc1ccccc1")["matches"]
    assert [(m["id"], m["tier"]) for m in sodium] == [("phenylacetic-acid", "parent")]  # not a stereo variant
    both = {m["id"] for m in lookup("OC(=O)Cc1ccccc1.c1ccc(NC2CCNCC2)cc1")["matches"]}
    assert both == {"phenylacetic-acid", "4-ap"}


def test_a_listed_solvent_drawn_with_another_component_is_still_found() -> None:
    assert [m["id"] for m in lookup("CC(C)=O.Cl")["matches"]] == ["acetone"]
    assert lookup("OS(=O)(=O)O.CCCCCN")["matches"] == []  # sulfate from a salt is never sulfuric acid
