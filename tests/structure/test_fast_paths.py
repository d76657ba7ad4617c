"""The screening shortcuts give the answers of the long way round, on RDKit's NCI sample and on
structures chosen to break them (metals, dummy atoms, charges, several pieces)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest_registry import REGISTRY
from rdkit import RDConfig

from chemref.chem.index import StructureIndex, heavy_atom_counts, uncharged, whole_formula
from chemref.chem.parse import QUICK_CHECKS, quick_checks
from chemref.chem.toolkit import Chem, standardizer
from chemref.registry.load import load

DAY = dt.date(2026, 12, 6)
NCI = [line.split()[0] for line in (Path(RDConfig.RDDataDir) / "NCI" / "first_5K.smi").read_text().splitlines()]
AWKWARD = [
    "CN(C)(C)[Cu]",  # a hypervalent nitrogen on a metal: the organometallic clean-up's case
    "[NH3][Pt]([NH3])(Cl)Cl",
    "C[N](C)(C)*",
    "CC(=O)[O-].[Na+]",
    "C[N+](C)(C)CC([O-])CC[O-]",
    "[NH3+]CC(=O)[O-]",
    "O=C1CC[NH2+]CC1.[Cl-]",
    "c1ccc(NC2CCNCC2)cc1",
    "C1.C1",
    "c1ccccc1.O=C1CCNCC1",
    "N(=O)(=O)c1ccccc1",
    "c1cccc1",  # not kekulizable
    "CN(C)(C)(C)C",  # a valence error
]


@pytest.fixture(scope="module")
def index() -> StructureIndex:
    return StructureIndex.build(load(REGISTRY), DAY)


def _sanitized(smiles: str, checks: object) -> tuple[object, str | None]:
    mol = Chem.MolFromSmiles(smiles, sanitize=False)
    verdict = Chem.SanitizeMol(mol, checks, catchErrors=True)
    return verdict, Chem.MolToSmiles(mol) if verdict == Chem.SanitizeFlags.SANITIZE_NONE else None


def test_quick_checks_for_a_smiles_agree_with_the_full_quick_checks() -> None:
    differ = [s for s in AWKWARD + NCI if _sanitized(s, quick_checks(s, "smiles")) != _sanitized(s, QUICK_CHECKS)]
    assert differ == []
    assert any(_sanitized(s, QUICK_CHECKS)[1] is None for s in AWKWARD)  # failures are compared too


def test_quick_checks_keep_the_organometallic_clean_up_where_it_can_matter() -> None:
    for text, kind in [("CN(C)(C)[Cu]", "smiles"), ("C*", "smiles"), ("CCO", "molblock"), ("CCO", "inchi")]:
        assert quick_checks(text, kind) == QUICK_CHECKS, (text, kind)
    assert quick_checks("CCO", "smiles") != QUICK_CHECKS


def test_the_skeleton_bundle_matches_when_any_skeleton_does(index: StructureIndex) -> None:
    hits = 0
    for smiles in AWKWARD + NCI:
        mol = Chem.MolFromSmiles(smiles, sanitize=False)
        expected = any(mol.HasSubstructMatch(query) for query in index.skeletons)
        assert bool(mol.HasSubstructMatch(index.skeleton_bundle)) is expected, smiles
        if expected:
            assert index.may_match(mol), smiles  # the class-tier half of the prefilter
        hits += expected
    assert hits > 0  # the sample does reach the skeletons, so agreement is not vacuous


def test_uncharged_equals_the_pipeline_uncharger() -> None:
    mols = [m for m in (Chem.MolFromSmiles(s) for s in AWKWARD[3:] + NCI[:1000]) if m is not None]
    fragments = [f for mol in mols for f in Chem.GetMolFrags(mol, asMols=True, sanitizeFrags=False)]
    assert any(f.HasSubstructMatch(Chem.MolFromSmarts("[!+0]")) for f in fragments)  # both branches are taken
    differ = [
        Chem.MolToSmiles(f)
        for f in fragments
        if Chem.MolToSmiles(uncharged(f)) != Chem.MolToSmiles(standardizer.uncharge_mol(Chem.Mol(f)))
    ]
    assert differ == []


def test_rules_quoting_one_clause_are_matched_once(index: StructureIndex) -> None:
    quoted = [smarts for rule in index.live_rules for smarts in rule.smarts]
    assert sorted(index.live_smarts) == sorted(set(quoted))
    assert len(quoted) > len(index.live_smarts)  # the registry does repeat clauses across jurisdictions


def test_the_formula_of_a_one_piece_molecule_read_by_rdkit_equals_the_count_over_its_atoms() -> None:
    checked = 0
    for smiles in AWKWARD + NCI:
        mol = Chem.MolFromSmiles(smiles, sanitize=False)
        assert whole_formula(mol) is None  # valences not computed: the caller counts atoms instead
        if Chem.SanitizeMol(mol, QUICK_CHECKS, catchErrors=True) != Chem.SanitizeFlags.SANITIZE_NONE:
            continue
        key = whole_formula(mol)
        if "*" in smiles:
            assert key is None, smiles  # a dummy atom: no formula read
        else:
            assert key == heavy_atom_counts(mol), smiles
            checked += 1
    assert checked > 4000


def test_the_one_piece_prefilter_agrees_with_the_piece_by_piece_prefilter(index: StructureIndex) -> None:
    """``connected`` changes how the formula and graph are found, never the answer: on the NCI sample and
    on every registered structure drawn as users draw it (isomers, charges, isotopes, hydrates)."""
    from test_prefilter import drawings

    registered = [
        form
        for number, chemical in enumerate(sorted(load(REGISTRY).chemicals.values(), key=lambda c: c.id))
        if chemical.identifiers.smiles is not None
        for form in drawings(chemical.identifiers.smiles, number)
    ]
    hits = 0
    for smiles in AWKWARD + NCI + registered:
        if "." in smiles:
            continue
        mol = Chem.MolFromSmiles(smiles, sanitize=False)
        if Chem.SanitizeMol(mol, quick_checks(smiles, "smiles"), catchErrors=True) != Chem.SanitizeFlags.SANITIZE_NONE:
            continue
        fast = index.may_match(mol, connected=True)
        assert fast == index.may_match(mol), smiles
        assert index._formula_candidate(mol, connected=True) == index._formula_candidate(mol), smiles
        hits += fast
    assert hits > 300  # both answers occur, so agreement is not vacuous


def test_a_skeleton_query_starts_from_its_rarest_element_and_takes_salts_of_several_pieces() -> None:
    from chemref.chem.index import skeleton_query

    piperidone = skeleton_query(Chem.MolFromSmiles("O=C1CCNCC1"))
    assert piperidone.GetAtomWithIdx(0).GetAtomicNum() in {7, 8}  # not one of the five carbons
    for smiles in ["O=C1CCNCC1", "[K+].[O-][Mn](=O)(=O)=O", "Cl.c1ccc(NC2CCNCC2)cc1"]:
        mol = Chem.MolFromSmiles(smiles)
        query = skeleton_query(mol)
        assert query.GetNumAtoms() == mol.GetNumAtoms() and mol.HasSubstructMatch(query), smiles
