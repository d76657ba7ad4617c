"""The source articles' named chemicals are registered and their claims' verdicts still hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REGISTRY, ROOT

from chemref.dates import PartialDate
from chemref.models import ControlEvent, Registry
from chemref.names import find
from chemref.registry import load

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
    assert claim["verdict"] in {"agrees", "not-supported"}
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
