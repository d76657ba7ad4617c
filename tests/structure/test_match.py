"""Tiered matching against the bundled registry."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest_registry import REGISTRY

from chemref.chem.index import StructureIndex
from chemref.chem.match import match_mol
from chemref.chem.toolkit import Chem
from chemref.registry.load import load


def tiers(smiles: str, day: str = "2024-06-01", similar: float | None = None) -> list[tuple[str, str]]:
    index = StructureIndex.build(load(REGISTRY), dt.date.fromisoformat(day))
    _, matches = match_mol(Chem.MolFromSmiles(smiles), index, similar)
    return [(m.id, m.tier) for m in matches]


@pytest.mark.parametrize(
    ("smiles", "expected"),
    [
        ("c1ccc(NC2CCNCC2)cc1", ("4-ap", "exact")),
        ("C1=CC=CC=C1NC1CCNCC1", ("4-ap", "exact")),
        ("Cl.Cl.c1ccc(NC2CCNCC2)cc1", ("4-ap", "parent")),
        ("[Cl-].c1ccc(NC2CC[NH2+]CC2)cc1", ("4-ap", "parent")),
        ("[2H]c1c([2H])c([2H])c(NC2CCNCC2)c([2H])c1[2H]", ("4-ap", "parent")),
        ("O=C(O)c1cc2ccccc2c(Cc2c(O)c(C(=O)O)cc3ccccc23)c1O.c1ccc(NC2CCNCC2)cc1", ("4-ap", "parent")),
        ("OC(=O)C(=O)O.CCC(=O)N(c1ccccc1)C1CCNCC1", ("norfentanyl", "parent")),
        ("CC(C)(C)OC(=O)N1CCC(Nc2ccccc2)CC1", ("1-boc-4-ap", "exact")),
        ("OC(=O)CC(O)(CC(=O)O)C(=O)O.CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", ("fentanyl", "parent")),
    ],
)
def test_registered_structures_and_salts(smiles: str, expected: tuple[str, str]) -> None:
    assert tiers(smiles)[0] == expected


def test_every_component_of_a_mixture_is_matched() -> None:
    found = tiers("c1ccc(NC2CCNCC2)cc1.CCC(=O)N(c1ccccc1)C1CCNCC1")
    assert ("4-ap", "parent") in found and ("norfentanyl", "parent") in found


def test_tautomer_tier() -> None:
    # 4-piperidone-like enol forms are not registered here; use the imidic-acid form of norfentanyl.
    found = tiers("CCC(O)=[N+](c1ccccc1)C1CCNCC1")
    assert found and found[0][0] == "norfentanyl"


def test_stereo_and_isotope_layers_are_flagged() -> None:
    found = tiers("C[C@H](C(=O)N(c1ccccc1)C1CCNCC1)[2H]")
    assert ("norfentanyl", "stereo") in found or ("norfentanyl", "parent") in found


def test_class_clause_honours_its_dates() -> None:
    halide = "Fc1ccc(NC2CCNCC2)cc1"
    assert not any(tier == "class" for _, tier in tiers(halide, day="2023-01-01"))
    later = tiers(halide, day="2024-01-01")
    assert ("4-ap", "class") in later


def test_carbamate_is_class_covered_from_2020() -> None:
    found = tiers("CC(C)(C)OC(=O)N1CCC(Nc2c(F)cccc2)CC1", day="2024-01-01")
    assert ("4-ap", "class") in found
    assert not any(t == "class" for _, t in tiers("CC(C)(C)OC(=O)N1CCC(Nc2ccccc2)CC1", day="2020-01-01"))


def test_unrelated_structures_do_not_match() -> None:
    assert tiers("CCO") == []
    assert tiers("c1ccncc1") == []


def test_similar_is_opt_in_and_ranked() -> None:
    cyclohexyl = "CCC(=O)N(c1ccccc1)C1CCCCC1"  # no piperidine: not covered by any registered clause
    assert tiers(cyclohexyl) == []
    found = tiers(cyclohexyl, similar=0.3)
    assert found and all(t == "similar" for _, t in found)
    assert found[0][0] == "norfentanyl"


def test_broad_analogue_clauses_are_per_jurisdiction() -> None:
    benzyl = "c1ccc(CN2CCC(Nc3ccccc3)CC2)cc1"
    index = StructureIndex.build(load(REGISTRY), dt.date(2024, 6, 1))
    _, matches = match_mol(Chem.MolFromSmiles(benzyl), index)
    covered = {m.rule.jurisdiction for m in matches if m.rule is not None}
    assert "CA" in covered and "US" not in covered


def test_similarity_keeps_the_best_component_of_a_mixture() -> None:
    index = StructureIndex.build(load(REGISTRY), dt.date(2024, 6, 1))
    mixture = "c1ccccc1O.CCC(=O)N(c1ccccc1)C1CCCCC1"  # phenol first, the close analogue second
    _, matches = match_mol(Chem.MolFromSmiles(mixture), index, 0.3)
    _, alone = match_mol(Chem.MolFromSmiles("CCC(=O)N(c1ccccc1)C1CCCCC1"), index, 0.3)
    best = {m.id: m.similarity for m in matches}
    assert best["norfentanyl"] == next(m.similarity for m in alone if m.id == "norfentanyl")


# -- old defect 29: keto and enol forms are one compound ------------------------------------------

ENOLS = [
    ("OC1=CCNCC1", "4-piperidone"),
    ("OC1=CCN(CCc2ccccc2)CC1", "npp"),
    ("CC(C)(C)OC(=O)N1CCC(O)=CC1", "1-boc-4-piperidone"),
    ("CC(O)=C(C(=O)O)c1ccccc1", "3-oxo-2-phenylbutanoic-acid"),
]


@pytest.mark.parametrize(("enol", "ketone"), ENOLS)
def test_an_enol_matches_its_registered_ketone_at_the_tautomer_tier(enol: str, ketone: str) -> None:
    assert tiers(enol)[0] == (ketone, "tautomer")
    index = StructureIndex.build(load(REGISTRY), dt.date(2024, 6, 1))
    _, matches = match_mol(Chem.MolFromSmiles(enol), index)
    assert "drawn as another tautomer" in matches[0].explanation


def test_a_salt_of_an_enol_is_still_its_ketone() -> None:
    assert tiers("Cl.OC1=CCN(CCc2ccccc2)CC1")[0] == ("npp", "tautomer")


def test_isomers_that_are_not_tautomers_are_not_merged() -> None:
    # Same formula as 1-phenyl-2-propanone and propiophenone (C9H10O), but a phenol: not a tautomer of either.
    assert tiers("C=CCc1ccc(O)cc1") == []
    # The two registered ketones are isomers, not tautomers: each matches itself only.
    assert tiers("CC(=O)Cc1ccccc1") == [("1-phenyl-2-propanone", "exact")]
    assert tiers("CCC(=O)c1ccccc1") == [("propiophenone", "exact")]
    # Each one's enol is that one only.
    assert tiers("CC(O)=Cc1ccccc1") == [("1-phenyl-2-propanone", "tautomer")]
    assert tiers("CC=C(O)c1ccccc1") == [("propiophenone", "tautomer")]
    # Butanone's enol is butanone; but-3-en-2-ol, an allylic alcohol of the same formula, is not.
    assert tiers("CC(O)=CC")[0] == ("methyl-ethyl-ketone", "tautomer")
    assert tiers("C=CC(C)O") == []
    # A phenol and the ketone of a different compound stay apart, whatever their canonical tautomers.
    assert tiers("Oc1ccccc1") == [] and tiers("O=C1C=CCC=C1") == []


def test_no_two_registered_chemicals_share_a_canonical_tautomer() -> None:
    from chemref.chem.parent import tautomer_key

    registry = load(REGISTRY)
    keys: dict[str, list[str]] = {}
    for chemical in registry.chemicals.values():
        if chemical.identifiers.smiles is not None:
            key = tautomer_key(Chem.MolFromSmiles(chemical.identifiers.smiles))
            keys.setdefault(key, []).append(chemical.id)
    assert [ids for ids in keys.values() if len(ids) > 1] == []


def test_the_screen_prefilter_lets_enols_through() -> None:
    from chemref.screen.inputs import Record
    from chemref.screen.structures import ScreenContext, screen_batch

    context = ScreenContext.build(load(REGISTRY), dt.date(2026, 12, 6))
    rows = screen_batch([Record(i, f"e{i}", enol) for i, (enol, _) in enumerate(ENOLS, start=1)], context)
    assert [(row.status, row.matched_id, row.tier) for row in rows] == [
        ("match", ketone, "tautomer") for _, ketone in ENOLS
    ]
