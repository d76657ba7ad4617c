"""Identifiers recomputed from a structure, and the registry check that they match what is stored."""

from __future__ import annotations

from dataclasses import dataclass

from chemref.models import Registry
from chemref.problems import Problem
from chemref.registry import CHEMICALS_DIR, RegistryFiles
from chemref.structure.rd import Chem, Descriptors, Mol, rdMolDescriptors


@dataclass(frozen=True)
class Identity:
    """The identifiers chemref stores for a parent structure, as RDKit computes them."""

    smiles: str
    inchi: str
    inchikey: str
    formula: str
    molecular_weight: float


def identity_of(mol: Mol) -> Identity:
    return Identity(
        smiles=str(Chem.MolToSmiles(mol)),
        inchi=str(Chem.MolToInchi(mol)),
        inchikey=str(Chem.MolToInchiKey(mol)),
        formula=str(rdMolDescriptors.CalcMolFormula(mol)),
        molecular_weight=round(float(Descriptors.MolWt(mol)), 3),
    )


def identity_of_smiles(smiles: str) -> Identity | None:
    mol = Chem.MolFromSmiles(smiles)
    return None if mol is None else identity_of(mol)


def check_registry(registry: Registry, files: RegistryFiles) -> list[Problem]:
    """Problems where a stored identifier differs from the one RDKit computes from the stored SMILES."""
    problems = []
    for chemical in registry.chemicals.values():
        file = f"{CHEMICALS_DIR}/{chemical.id}.yml"
        stored = chemical.identifiers
        computed = identity_of_smiles(stored.smiles)
        if computed is None:
            path = ("identifiers", "smiles")
            problems.append(
                Problem("identity", file, "RDKit cannot read the SMILES", "identifiers.smiles", files.line(file, path))
            )
            continue
        for field in ("smiles", "inchi", "inchikey", "formula", "molecular_weight"):
            want = getattr(computed, field)
            have = getattr(stored, field)
            if have != want:
                problems.append(
                    Problem(
                        "identity",
                        file,
                        f"{field} {have!r} differs from {want!r}, computed by RDKit from the stored SMILES",
                        f"identifiers.{field}",
                        files.line(file, ("identifiers", field)),
                    )
                )
    return problems
