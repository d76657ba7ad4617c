"""The synthesis-prose gate: each named pattern of the denylist trips on a neutral stand-in, and the legal
wording the registry uses does not.

The stand-ins are placeholders (AAA, BBB, Xyz) or tokens in isolation: they trigger a pattern and
describe nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REGISTRY, change

from chemref.checks.synthesis import DENYLIST, drift
from chemref.checks.validate import validate

TODAY = dt.date(2026, 12, 6)

# One or more stand-ins per pattern; every pattern of the denylist has at least one.
STAND_INS: dict[str, list[str]] = {
    "synthesis": ["the synthesis of AAA"],
    "route": ["a synthetic route was described"],
    "reagent": ["the reagent grade is not established"],
    "reaction": ["the reaction of AAA"],
    "yield": ["obtained in 80 % yield"],
    "conditions": ["heated under reflux"],
    "catalysis": ["a catalyst is named"],
    "transformation": ["AAA was alkylated"],
    "quantities": ["5 mmol of AAA"],
    "starting material": ["AAA is a starting material"],
    "conversion": ["converted to the amine"],
    "use in manufacture": ["AAA is used in the manufacture of BBB"],
    "reaction scheme": ["AAA + BBB -> CCC", "AAA + BBB → CCC", "AAA + BBB => CCC", "AAA ⟶ CCC"],
    "reagent formula": ["SOCl2", "with EtOH", "CH3CH3"],
    "named method": ["the Xyz method", "The Xyz route is described.", "the Xyz-Abc synthesis"],
    "synthesis (zh)": ["AAA的合成", "制备AAA"],
    "reaction (zh)": ["AAA反应生成BBB"],
    "yield (zh)": ["收率"],
    "conditions (zh)": ["回流"],
    "synthesis (es)": ["la síntesis de AAA"],
    "reaction (es)": ["la reacción de AAA"],
    "yield (es)": ["el rendimiento"],
    "synthesis (fr)": ["la synthèse de AAA"],
    "reaction (fr)": ["la réaction de AAA"],
    "yield (fr)": ["le rendement"],
}

# Wording the registry uses (in the field it is used in), which the gate must leave alone.
LEGAL: list[tuple[str, str]] = [
    ("Designated an immediate precursor of fentanyl", "notes"),
    ("Control of a Chemical Precursor Used in the Illicit Manufacture of Fentanyl as a List I Chemical", "title"),
    (
        "INCB, Precursors and chemicals frequently used in the illicit manufacture of narcotic drugs and "
        "psychotropic substances",
        "notes",
    ),
    (
        "21 U.S.C. 822(a)(1) (annual registration of persons who manufacture or distribute a controlled substance",
        "title",
    ),
    ("the law sanction the production, distribution and sale of toxic substances, chemical precursors", "found"),
    ("The temporary order was converted into a permanent listing.", "notes"),
    ("A search of the Gazette yielded no other instrument.", "notes"),
    ("The route of appeal was not used.", "notes"),
    ("amendments to the CDSA to create a temporary accelerated pathway", "notes"),
    ("summary of the Controlled Drugs (Procedure for Specification) Regulations", "notes"),
    # Formulas that are identity, not procedure.
    ("The announcement prints the molecular formula C10H14ClN, CAS 25394-33-6", "notes"),
    (
        "formula Br2, CAS 7726-95-6; smiles BrBr is the element as the diatomic molecule named by the formula Br2",
        "notes",
    ),
    ("hydrochloric acid (HCl), sulphuric acid (H2SO4), potassium permanganate (KMnO4)", "notes"),
    ("esters defined as formed with any alcohol", "notes"),
    # Spanish: Mexico's law and its clauses.
    (
        "Ley Federal para el Control de Precursores Químicos, Productos Químicos Esenciales y Máquinas para "
        "Elaborar Cápsulas, Tabletas y/o Comprimidos",
        "citation",
    ),
    ("fraction I precursores químicos, fraction II productos químicos esenciales", "framework"),
    (
        "las sales y los isómeros ópticos de las substancias enlistadas en la presente fracción, en caso de que "
        "su existencia sea posible",
        "clause",
    ),
    # French: Canada's and the EU's texts.
    ("Règlement modifiant le Règlement sur les précurseurs (APAAN), DORS/2016-12", "title"),
    ("Démarrer son activité en lien avec les précurseurs chimiques", "title"),
    ("Tableau des précurseurs de catégorie 1", "locator"),
    # Chinese: the catalogue, its notes, and the definition of the listed ester classes.
    ("易制毒化学品管理条例（附表：易制毒化学品的分类和品种目录）", "original_title"),
    ("可能存在的盐类，也纳入管制；药品类易制毒化学品包括原料药及其单方制剂", "clause"),
    ("（该酸与各种醇反应生成的酯类物质）", "clause"),
    # China lists synthetic cannabinoids as a class under this name.
    ("合成大麻素类物质", "name"),
]


def test_every_pattern_has_a_stand_in() -> None:
    assert set(STAND_INS) == set(DENYLIST)


@pytest.mark.parametrize(
    ("pattern", "text"), [(pattern, text) for pattern, texts in STAND_INS.items() for text in texts]
)
def test_each_pattern_trips_on_its_stand_in(pattern: str, text: str) -> None:
    assert pattern in drift(text, "notes")


@pytest.mark.parametrize(("text", "field"), LEGAL)
def test_legal_wording_is_not_flagged(text: str, field: str) -> None:
    assert drift(text, field) == []


def test_legal_wording_does_not_shield_what_follows_it() -> None:
    assert drift("（该酸与各种醇反应生成的酯类物质）；收率", "clause") == ["yield (zh)"]


@pytest.mark.parametrize(
    "text", ["This method is not recorded.", "The same route of appeal.", "No Method is named.", "MOFCOM, NHFPC"]
)
def test_ordinary_words_are_not_named_methods_or_formulas(text: str) -> None:
    assert drift(text, "notes") == []


def test_a_smiles_in_prose_is_not_a_reagent_formula() -> None:
    assert drift("registered as NC1CCCCC1 and c1ccccc1", "notes") == []


def test_the_bundled_registry_has_no_synthesis_prose() -> None:
    problems = [p for p in validate(REGISTRY, on=TODAY, identity=False) if p.rule == "synthesis-prose"]
    assert problems == [], "\n".join(f"{p.where()}: {p.message}" for p in problems)


def _set_note(text: str) -> Callable[[Any], None]:
    def mutate(data: dict[str, Any]) -> None:
        data["events"][0]["notes"] = text

    return mutate


# Broken-data fixtures: one stand-in of each kind the field test found missing, in an event's notes.
NOTES = {
    "arrow": "AAA + BBB -> CCC",
    "formula": "AAA with SOCl2",
    "named-method": "The Xyz method is described.",
    "chinese": "AAA反应生成BBB",
    "spanish": "la síntesis de AAA",
    "french": "le rendement de AAA",
}


@pytest.mark.parametrize("case", sorted(NOTES))
def test_a_note_with_synthesis_prose_fails_validate(case: str, registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    change(root / "chemicals" / "npp.yml", _set_note(NOTES[case]))
    problems = [p for p in validate(root, on=TODAY, identity=False) if p.rule == "synthesis-prose"]
    assert [(p.file, p.path) for p in problems] == [("chemicals/npp.yml", "events[0].notes")]


def test_a_reading_is_scanned_too(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    reading = sorted((root / "readings").glob("*.yml"))[0]

    def mutate(data: dict[str, Any]) -> None:
        data["notes"] = "AAA + BBB -> CCC"

    change(reading, mutate)
    problems = [p for p in validate(root, on=TODAY, identity=False) if p.rule == "synthesis-prose"]
    assert [p.file for p in problems] == [f"readings/{reading.name}"]
