"""Hydrates and registered forms: a gem-diol reads as its carbonyl, and only a gem-diol does."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest_registry import REGISTRY

from chemref.chem.index import StructureIndex
from chemref.chem.match import match_mol
from chemref.chem.parent import carbonyl_form
from chemref.chem.toolkit import Chem
from chemref.registry.load import load

DAY = dt.date(2026, 12, 6)


def matches(smiles: str, registry: Path = REGISTRY) -> list[tuple[str, str, str]]:
    index = StructureIndex.build(load(registry), DAY)
    _, found = match_mol(Chem.MolFromSmiles(smiles), index)
    return [(m.id, m.tier, m.explanation) for m in found if m.tier != "class"]


@pytest.mark.parametrize(
    ("smiles", "chemical"),
    [
        ("OC1(O)CCNCC1.Cl", "4-piperidone"),  # piperidine-4,4-diol hydrochloride, as catalogues draw the monohydrate
        ("OC1(O)CCNCC1", "4-piperidone"),
        ("OC1(O)CCN(CCc2ccccc2)CC1", "npp"),
        ("CC(C)(C)OC(=O)N1CCC(O)(O)CC1", "1-boc-4-piperidone"),
    ],
)
def test_a_ketone_hydrate_reads_as_the_ketone(smiles: str, chemical: str) -> None:
    found = matches(smiles)
    assert found and found[0][0] == chemical and found[0][1] == "parent"
    assert "gem-diol read as its carbonyl" in found[0][2]


@pytest.mark.parametrize(
    "smiles",
    [
        "OC1CNCCC1O",  # piperidine-3,4-diol: two OH on two carbons is a different substance
        "OC1CCNCC1",  # piperidin-4-ol
        "OCC1(O)CCNCC1",  # a diol with one OH on the ring carbon
        "OC1(O)CCNCC1O",  # gem-diol next to another OH: reads as 3-hydroxy-4-piperidone, not 4-piperidone
    ],
)
def test_other_diols_are_not_merged(smiles: str) -> None:
    assert matches(smiles) == []


def test_only_carbon_bearing_gem_diols_are_read_as_carbonyls() -> None:
    for smiles in ("OC(O)(O)C", "NC(O)(O)C", "OC(O)(F)C"):  # an ortho acid, an amino diol, a halo diol
        mol, count = carbonyl_form(Chem.MolFromSmiles(smiles))
        assert count == 0 and Chem.MolToSmiles(mol) == Chem.MolToSmiles(Chem.MolFromSmiles(smiles))
    mol, count = carbonyl_form(Chem.MolFromSmiles("OC(O)C1CCCCC1"))  # an aldehyde hydrate
    assert count == 1 and Chem.MolToSmiles(mol) == "O=CC1CCCCC1"


def test_screening_finds_the_hydrate_drawing(tmp_path: Path) -> None:
    path = tmp_path / "h.smi"
    path.write_text("OC1(O)CCNCC1.Cl hydrate\nOC1CNCCC1O vicinal\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "chemref", "screen", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "CHEMREF_TODAY": DAY.isoformat()},
        check=False,
    )
    lines = result.stdout.splitlines()
    assert ",hydrate,match,4-piperidone,parent," in lines[1] and ",vicinal,no_match," in lines[2]


@pytest.fixture
def with_form(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "registry"
    shutil.copytree(REGISTRY, root)
    path = root / "chemicals" / "4-piperidone.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = data["events"][0]["sources"][0]["source"]
    data["forms"] = [
        {
            "name": "4-piperidone hydrochloride monohydrate (test form)",
            "kind": "salt-hydrate",
            "cas": "40064-34-4",
            "smiles": "OC1(O)CCNCC1.Cl",
            "sources": [source],
        }
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_a_registered_form_is_named_by_structure_and_by_cas(with_form: Path, run_chemref: Callable[..., str]) -> None:
    found = matches("OC1(O)CCNCC1.Cl", with_form)
    assert found[0][0] == "4-piperidone" and "CAS 40064-34-4" in found[0][2] and "registered form" in found[0][2]
    by_cas = json.loads(run_chemref("--registry", str(with_form), "lookup", "40064-34-4", "-f", "json"))
    assert by_cas["matches"][0]["id"] == "4-piperidone"
    assert "a registered salt-hydrate form of 4-piperidone" in by_cas["matches"][0]["explanation"]
    shown = json.loads(run_chemref("--registry", str(with_form), "show", "40064-34-4", "-f", "json"))
    assert shown["id"] == "4-piperidone" and shown["matched_form"]["cas"] == "40064-34-4"


@pytest.fixture
def run_chemref() -> Callable[..., str]:
    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "chemref", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "CHEMREF_TODAY": DAY.isoformat()},
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run
