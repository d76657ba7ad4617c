"""The screen's cheap checks (heavy-atom formula, then heavy-atom graph) never skip a record that full
matching would match: every registered structure, drawn as users draw it, and isomers that must be
skipped."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from conftest_registry import REGISTRY

from chemref.chem.index import skeleton_key
from chemref.chem.match import match_mol
from chemref.chem.toolkit import Chem
from chemref.registry.load import load
from chemref.screen.inputs import Record
from chemref.screen.structures import ScreenContext, screen_batch

DAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def context() -> ScreenContext:
    return ScreenContext.build(load(REGISTRY), DAY)


def drawings(smiles: str, seed: int) -> list[str]:
    """The registered SMILES as users write it: atoms in other orders, Kekulé, without stereo, protonated,
    as a hydrochloride, deuterated on one hydrogen-bearing carbon, with a sodium counter-ion, and a
    ketone or aldehyde as its gem-diol (hydrate)."""
    mol = Chem.MolFromSmiles(smiles)
    rng = random.Random(seed)
    forms = [smiles, Chem.MolToSmiles(mol, doRandom=True), Chem.MolToSmiles(mol, doRandom=True)]
    kekule = Chem.Mol(mol)
    Chem.Kekulize(kekule, clearAromaticFlags=True)
    forms.append(Chem.MolToSmiles(kekule, kekuleSmiles=True))
    forms.append(Chem.MolToSmiles(mol, isomericSmiles=False))
    forms.append(f"{smiles}.Cl")
    forms.append(f"{smiles}.[Na+].[Cl-]")
    nitrogens = [a.GetIdx() for a in mol.GetAtoms() if a.GetSymbol() == "N" and a.GetTotalNumHs() > 0]
    if nitrogens:
        charged = Chem.RWMol(mol)
        atom = charged.GetAtomWithIdx(rng.choice(nitrogens))
        atom.SetFormalCharge(1)
        atom.SetNumExplicitHs(atom.GetTotalNumHs() + 1)
        atom.SetNoImplicit(True)
        forms.append(Chem.MolToSmiles(charged) + ".[Cl-]")
    carbons = [a.GetIdx() for a in mol.GetAtoms() if a.GetSymbol() == "C" and a.GetTotalNumHs() > 0]
    if carbons:
        heavy = Chem.RWMol(Chem.AddHs(mol))
        carbon = heavy.GetAtomWithIdx(rng.choice(carbons))
        hydrogen = next(n for n in carbon.GetNeighbors() if n.GetAtomicNum() == 1)
        hydrogen.SetIsotope(2)
        forms.append(Chem.MolToSmiles(Chem.RemoveHs(heavy)))
    carbonyl = Chem.MolFromSmarts("[CX3;$(C([#6,#1])([#6,#1])=O),$([CH1]=O),$([CH2]=O)]=[OX1]")
    found = mol.GetSubstructMatches(carbonyl)
    if found:
        hydrate = Chem.RWMol(mol)
        carbon, oxygen = found[0]
        hydrate.GetBondBetweenAtoms(carbon, oxygen).SetBondType(Chem.BondType.SINGLE)
        hydrate.AddBond(carbon, hydrate.AddAtom(Chem.Atom(8)), Chem.BondType.SINGLE)
        Chem.SanitizeMol(hydrate)
        forms.append(Chem.MolToSmiles(hydrate))  # the ketone or aldehyde drawn as its gem-diol
    return forms


def test_every_registered_structure_in_every_drawing_is_screened_as_full_matching_finds(
    context: ScreenContext,
) -> None:
    """A record the cheap checks let through gets full matching, so only a ``no_match`` row can disagree
    with it: full matching runs on every such row and must find nothing either."""
    registry = load(REGISTRY)
    chosen = [
        (chemical.id, form)
        for number, chemical in enumerate(sorted(registry.chemicals.values(), key=lambda c: c.id))
        if chemical.identifiers.smiles is not None
        for form in drawings(chemical.identifiers.smiles, number)
    ]
    assert len(chosen) > 500
    rows = screen_batch([Record(i, "", smiles) for i, (_, smiles) in enumerate(chosen, start=1)], context)
    # Only an inorganic substance drawn with another component is no match: it matches only as the whole input.
    inorganic = {item.id for item in context.index.registered if item.inorganic}
    for (chemical, smiles), row in zip(chosen, rows, strict=True):
        if row.status == "no_match":
            assert chemical in inorganic, f"{smiles}: a drawing of {chemical} matched nothing"
            _, matches = match_mol(Chem.MolFromSmiles(smiles), context.index)
            assert not matches, f"{smiles}: the screen found nothing, full matching finds {matches}"
        else:
            assert row.status == "match", (smiles, row.status, row.reason)


def test_the_graph_ignores_what_standardizing_changes_and_tells_isomers_apart() -> None:
    def key(smiles: str) -> str:
        return skeleton_key(Chem.MolFromSmiles(smiles))

    assert key("CC(=O)CC(C)=O") == key("CC(O)=CC(C)=O")  # keto and enol
    assert key("C[N+](=O)[O-]") == key("CN(=O)=O")  # charge-separated and pentavalent nitro
    assert key("c1ccc(NC2CC[NH2+]CC2)cc1") == key("C1=CC=CC(NC2CCNCC2)=C1")  # protonated, Kekulé
    assert key("[2H]C([2H])([2H])C[C@@H](N)C") == key("CCC(N)C")  # isotopes and stereo
    assert key("CCCC(C)=O") != key("CCC(=O)CC")  # pentan-2-one and pentan-3-one: one formula, two graphs


def test_an_ion_of_a_salt_is_never_screened_as_an_inorganic_acid(context: ScreenContext) -> None:
    rows = screen_batch(
        [Record(1, "", "[Na+].[Cl-]"), Record(2, "", "Cl"), Record(3, "", "OS(=O)(=O)O.CCCCCN")], context
    )
    assert [row.status for row in rows] == ["no_match", "match", "no_match"]
