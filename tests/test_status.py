"""Status on a date is computed from dated events: checked on the real registry and on made-up events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import REGISTRY

from chemref.answers.status import history, jurisdiction_status, status
from chemref.registry.load import load
from chemref.registry.models import Chemical, ControlEvent, Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load(REGISTRY)


def on(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_boc_4_ap_in_the_us_class_then_named(registry: Registry) -> None:
    boc = registry.chemicals["1-boc-4-ap"]
    before = jurisdiction_status(registry, boc, "US", on("2020-05-14"))
    assert before.controlled is False
    first_day = jurisdiction_status(registry, boc, "US", on("2020-05-15"))
    assert first_day.controlled is True
    assert first_day.main is not None and first_day.main.coverage == "class"
    later = jurisdiction_status(registry, boc, "US", on("2023-01-01"))
    assert later.main is not None
    assert later.main.coverage == "named"
    assert later.main.since is not None and later.main.since.iso() == "2020-05-15"
    assert later.main.named_since is not None and later.main.named_since.iso() == "2022-11-09"
    assert "named on the list since 2022-11-09" in later.reason


def test_un_listing_only_from_its_effective_date(registry: Registry) -> None:
    ap = registry.chemicals["4-ap"]
    assert jurisdiction_status(registry, ap, "UN", on("2022-11-22")).controlled is False
    assert jurisdiction_status(registry, ap, "UN", on("2022-11-23")).controlled is True
    pending = jurisdiction_status(registry, ap, "UN", on("2022-06-01"))
    assert [e.id for e in pending.pending] == ["un-2022-table-i"]
    assert "2022-11-23" in pending.reason


def test_year_precision_makes_status_unknown_within_that_year(registry: Registry) -> None:
    fentanyl = registry.chemicals["fentanyl"]
    assert jurisdiction_status(registry, fentanyl, "UN", on("1963-12-31")).controlled is False
    inside = jurisdiction_status(registry, fentanyl, "UN", on("1964-06-01"))
    assert inside.controlled is None
    assert "1964" in inside.reason
    assert jurisdiction_status(registry, fentanyl, "UN", on("1965-01-01")).controlled is True


def test_unknown_start_is_controlled_only_from_in_force_by(registry: Registry) -> None:
    fentanyl = registry.chemicals["fentanyl"]
    early = jurisdiction_status(registry, fentanyl, "CN", on("2000-01-01"))
    assert early.controlled is None
    late = jurisdiction_status(registry, fentanyl, "CN", on("2025-03-04"))
    assert late.controlled is True
    assert "start date not established" in late.reason


def test_every_jurisdiction_is_answered(registry: Registry) -> None:
    answers = status(registry, registry.chemicals["norfentanyl"], on("2026-01-01"))
    assert [a.jurisdiction for a in answers] == list(registry.jurisdictions)


def test_history_is_oldest_first(registry: Registry) -> None:
    events = history(registry.chemicals["4-ap"])
    starts = [e.effective.first_day() for e in events if e.effective]
    assert starts == sorted(starts)
    assert [e.jurisdiction for e in history(registry.chemicals["4-ap"], "US")] == ["US", "US"]


# Made-up events exercise the actions the real data does not yet use.


def _chemical(events: list[dict[str, Any]]) -> Chemical:
    base = {
        "jurisdiction": "US",
        "regime": "US-CSA-LIST-I",
        "coverage": {"kind": "named"},
        "sources": [{"source": "us-govinfo-fr-2020-07064"}],
    }
    return Chemical.model_validate(
        {
            "id": "made-up",
            "name": "made-up",
            "iupac_name": "made-up",
            "identifiers": {
                "smiles": "C",
                "inchi": "InChI=1S/CH4/h1H4",
                "inchikey": "VNWKTOKETHGBQD-UHFFFAOYSA-N",
                "formula": "CH4",
                "molecular_weight": 16.043,
            },
            "events": [ControlEvent.model_validate({**base, **event}) for event in events],
        }
    )


def test_temporary_control_ends_after_its_last_day(registry: Registry) -> None:
    chem = _chemical(
        [{"id": "temp", "action": "temporary-control", "effective": "2018-02-06", "expires": "2020-02-06"}]
    )
    assert jurisdiction_status(registry, chem, "US", on("2020-02-06")).controlled is True
    after = jurisdiction_status(registry, chem, "US", on("2020-02-07"))
    assert after.controlled is False
    assert "ended on 2020-02-06" in after.reason


def test_extension_moves_the_end(registry: Registry) -> None:
    chem = _chemical(
        [
            {"id": "temp", "action": "temporary-control", "effective": "2018-02-06", "expires": "2020-02-06"},
            {"id": "ext", "action": "extended", "effective": "2020-02-06", "expires": "2021-05-06"},
        ]
    )
    assert jurisdiction_status(registry, chem, "US", on("2021-05-06")).controlled is True
    assert jurisdiction_status(registry, chem, "US", on("2021-05-07")).controlled is False


def test_removal_ends_control(registry: Registry) -> None:
    chem = _chemical(
        [
            {"id": "add", "action": "added", "effective": "2010-01-01"},
            {"id": "del", "action": "removed", "effective": "2015-01-01"},
        ]
    )
    assert jurisdiction_status(registry, chem, "US", on("2014-12-31")).controlled is True
    gone = jurisdiction_status(registry, chem, "US", on("2015-01-01"))
    assert gone.controlled is False
    assert "removed" in gone.reason


def test_moved_between_lists(registry: Registry) -> None:
    chem = _chemical(
        [
            {"id": "add", "action": "added", "effective": "2010-01-01"},
            {
                "id": "move",
                "action": "moved",
                "regime": "US-CSA-SCHEDULE-II",
                "previous_regime": "US-CSA-LIST-I",
                "effective": "2015-01-01",
            },
        ]
    )
    result = jurisdiction_status(registry, chem, "US", on("2016-01-01"))
    assert result.controlled is True
    assert result.main is not None and result.main.regime == "US-CSA-SCHEDULE-II"
    by_regime = {r.regime: r.controlled for r in result.regimes}
    assert by_regime == {"US-CSA-LIST-I": False, "US-CSA-SCHEDULE-II": True}


def test_findings_answer_jurisdictions_without_events(registry: Registry) -> None:
    finding = {"jurisdiction": "CN", "outcome": "no-control-found", "as_of": "2025-03", "note": "not in the catalogue"}
    chem = Chemical.model_validate({**_chemical([]).model_dump(mode="json"), "findings": [finding]})
    result = jurisdiction_status(registry, chem, "CN", on("2025-06-01"))
    assert result.controlled is False and "no control found as of 2025-03" in result.reason
    silent = jurisdiction_status(registry, chem, "UN", on("2025-06-01"))
    assert silent.controlled is None and "no research" in silent.reason
