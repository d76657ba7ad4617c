"""The source articles' named chemicals are registered and their claims' verdicts still hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REGISTRY, ROOT

from chemref.registry.dates import PartialDate
from chemref.registry.load import load
from chemref.registry.models import ControlEvent, Registry
from chemref.registry.names import find

SEEDS = yaml.safe_load((ROOT / "seeds" / "articles.yml").read_text(encoding="utf-8"))
SHARED = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load(REGISTRY)


def test_articles_point_at_their_files() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for article in SEEDS["articles"]:
        assert (SHARED / article["file"]).is_file(), article["file"]


@pytest.mark.parametrize("article", SEEDS["articles"], ids=lambda a: a["id"])
def test_every_named_chemical_is_registered(registry: Registry, article: dict[str, Any]) -> None:
    for name in article["names_as_written"]:
        find(registry, name)


def _matching(registry: Registry, claim: dict[str, Any], chemical_id: str) -> list[ControlEvent]:
    claimed = PartialDate.parse(str(claim["date"]))
    matches = []
    for event in registry.chemicals[chemical_id].events:
        if event.jurisdiction != claim["jurisdiction"]:
            continue
        if claim.get("regime") and event.regime != claim["regime"]:
            continue
        recorded = getattr(event, claim["date_field"])
        if recorded is None or recorded.surely_before(claimed) or recorded.surely_after(claimed):
            continue
        if not set(claim.get("measures", [])) <= set(event.measures):
            continue
        matches.append(event)
    return matches


@pytest.mark.parametrize("claim", SEEDS["claims"], ids=lambda c: c["id"])
def test_claim_verdicts_match_the_registry(registry: Registry, claim: dict[str, Any]) -> None:
    # agrees: the registry records the claim; not-supported: it records nothing that matches;
    # imprecise: the literal claim matches nothing, and the comment says what the sources do show.
    assert claim["verdict"] in {"agrees", "not-supported", "imprecise"}
    if claim["verdict"] == "imprecise":
        assert claim.get("comment") and claim.get("sources"), (
            f"{claim['id']}: an imprecise verdict needs its explanation"
        )
        for key in claim["sources"]:
            assert key in registry.sources, f"{claim['id']}: unknown source {key}"
    for chemical_id in claim["chemicals"]:
        found = _matching(registry, claim, chemical_id)
        if claim["verdict"] == "agrees":
            assert found, (
                f"{claim['id']}: no {claim['jurisdiction']} event for {chemical_id} matches; "
                "update the registry or the verdict"
            )
        else:
            assert not found, f"{claim['id']}: the registry now supports this claim; revisit its verdict"


def test_seed_text_is_not_copied() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    texts = " ".join(p.read_text(encoding="utf-8") for p in SHARED.glob("*.txt"))
    for claim in SEEDS["claims"]:
        words = claim["claim"].split()
        for start in range(max(1, len(words) - 7)):
            window = " ".join(words[start : start + 8])
            assert window not in texts, f"{claim['id']} copies the article: {window!r}"


def test_no_article_sentence_in_the_registry() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    texts = " ".join(p.read_text(encoding="utf-8") for p in SHARED.glob("*.txt"))
    sentences = [s.strip() for s in texts.replace("\n", " ").split(".") if len(s.split()) >= 8]
    registry_text = " ".join(p.read_text(encoding="utf-8") for p in Path(REGISTRY).rglob("*.yml"))
    assert not [s for s in sentences if s in registry_text]


SEVEN = {
    "4-ap",
    "1-boc-4-ap",
    "norfentanyl",
    "cannabidiol",
    "bmk-glycidic-acid",
    "3-oxo-2-phenylbutanoic-acid",
    "pmk-glycidic-acid",
}


def test_the_working_group_claim_lists_chinas_seven(registry: Registry) -> None:
    claim = next(c for c in SEEDS["claims"] if c["id"] == "cn-seven-chemicals-august-2024")
    assert set(claim["chemicals"]) == SEVEN and len(claim["chemicals"]) == 7


@pytest.mark.parametrize("chemical_id", sorted(SEVEN))
def test_each_of_the_seven_is_listed_by_the_2024_announcement(registry: Registry, chemical_id: str) -> None:
    chemical = registry.chemicals[chemical_id]
    assert chemical.member_of is None, "the seven are recorded by their parents"
    events = [e for e in chemical.events if e.jurisdiction == "CN" and e.instrument == "cn-2024-precursor-announcement"]
    assert len(events) == 1, f"{chemical_id}: expected one CN event for the 2 August 2024 announcement"
    event = events[0]
    assert event.decided == PartialDate.parse("2024-08-02")
    assert event.effective == PartialDate.parse("2024-09-01")
    assert event.coverage.kind == "named"


@pytest.mark.parametrize("family", ["bmk-glycidic-acid", "3-oxo-2-phenylbutanoic-acid", "pmk-glycidic-acid"])
def test_each_family_of_the_seven_carries_an_esters_rule_in_china(registry: Registry, family: str) -> None:
    event = next(
        e
        for e in registry.chemicals[family].events
        if e.jurisdiction == "CN" and e.instrument == "cn-2024-precursor-announcement"
    )
    assert [rule.term for rule in event.class_rules] == ["its esters"]
    members = [c for c in registry.chemicals.values() if c.member_of == family]
    assert members, f"{family}: no named member registered"
