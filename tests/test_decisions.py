"""One decision per jurisdiction, computed from dated events and findings: decay, not-applicable, continuity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from conftest import REGISTRY

from chemref.answers.decision import DECISIONS
from chemref.answers.status import jurisdiction_status, status
from chemref.registry.load import load


def _add_finding(root: Path, chemical: str, finding: dict[str, Any], settings: dict[str, Any] | None = None) -> None:
    path = root / "chemicals" / f"{chemical}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["events"] = [e for e in data["events"] if e["jurisdiction"] != finding["jurisdiction"]]
    data["findings"] = [f for f in data.get("findings", []) if f["jurisdiction"] != finding["jurisdiction"]]
    data["findings"].append(finding)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if settings is not None:
        (root / "settings.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")


def test_every_answer_is_one_of_the_five_decisions() -> None:
    registry = load(REGISTRY)
    day = dt.date(2026, 12, 6)
    for chemical in registry.chemicals.values():
        for answer in status(registry, chemical, day):
            assert answer.decision in DECISIONS and answer.decision != "review"
            expected = {True: "controlled", False: "not-controlled", None: answer.decision}[answer.controlled]
            assert answer.decision == expected


def test_a_no_control_finding_decays_after_its_window(registry_copy: Callable[[], Path]) -> None:
    """In a jurisdiction whose lists are not all read (GB), a 'no control found' finding is the answer while
    it is fresh; where whole readings answer for the day (MX, CA), they do instead."""
    root = registry_copy()
    finding = {"jurisdiction": "GB", "outcome": "no-control-found", "as_of": "2025-01-10", "note": "none found"}
    _add_finding(root, "4-ap", finding, {"finding_freshness_days": 30})
    registry = load(root)
    chemical = registry.chemicals["4-ap"]
    last_fresh = dt.date(2025, 2, 9)  # as_of + 30 days
    on_the_day = jurisdiction_status(registry, chemical, "GB", last_fresh)
    assert on_the_day.decision == "not-controlled"
    after = jurisdiction_status(registry, chemical, "GB", last_fresh + dt.timedelta(days=1))
    assert after.decision == "unknown" and after.unknown_why == "stale-finding"
    assert "no control found as of 2025-01-10; not re-checked since" in after.reason


def test_the_default_window_is_a_year(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    (root / "settings.yml").unlink()
    finding = {"jurisdiction": "GB", "outcome": "no-control-found", "as_of": "2025-01-10", "note": "none found"}
    _add_finding(root, "4-ap", finding)
    registry = load(root)
    assert registry.settings.finding_freshness_days == 365
    chemical = registry.chemicals["4-ap"]
    assert jurisdiction_status(registry, chemical, "GB", dt.date(2026, 1, 10)).decision == "not-controlled"
    assert jurisdiction_status(registry, chemical, "GB", dt.date(2026, 1, 11)).decision == "unknown"


def test_not_applicable_is_an_answer(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    finding = {
        "jurisdiction": "EU",
        "outcome": "not-applicable",
        "as_of": "2026-11-28",
        "note": "The EU keeps no Union list of narcotic drugs; its member states control them.",
    }
    _add_finding(root, "fentanyl", finding)
    registry = load(root)
    answer = jurisdiction_status(registry, registry.chemicals["fentanyl"], "EU", dt.date(2026, 12, 6))
    assert answer.decision == "not-applicable" and answer.controlled is None
    assert answer.reason.startswith("not applicable: The EU keeps no Union list")


def test_since_is_continuous_control_across_lists() -> None:
    registry = load(REGISTRY)
    answer = jurisdiction_status(registry, registry.chemicals["1-boc-4-ap"], "CA", dt.date(2026, 12, 6))
    assert answer.decision == "controlled"
    assert answer.main is not None and answer.main.since is not None
    assert answer.continuous_since is not None
    assert answer.continuous_since.iso() == "2022-08-31" != answer.main.since.iso()
    assert "without a break since 2022-08-31" in answer.reason
