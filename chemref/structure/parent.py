"""Parent components of a structure, with the ChEMBL structure pipeline, saying what was removed.

The ChEMBL pipeline strips salts and solvents from explicit lists, keeps every fragment when all
of them would be stripped, and never falls back to the largest fragment (which would discard the
controlled part of, say, a pamoate salt). Each remaining component is matched on its own.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from chemref.structure.rd import Chem, Mol, RegistrationHash, standardizer


@dataclass(frozen=True)
class Component:
    """One parent component and the keys it is matched by."""

    smiles: str
    inchikey: str
    tautomer_hash: str

    @property
    def connectivity(self) -> str:
        """The InChIKey's first block: the skeleton without stereo, isotope or protonation layers."""
        return self.inchikey[:14]


@dataclass(frozen=True)
class Parent:
    """What the input reduces to, and how."""

    input_smiles: str
    components: tuple[Component, ...]
    removed: tuple[str, ...]
    changes: tuple[str, ...]

    @property
    def unchanged(self) -> bool:
        return not self.removed and not self.changes


def component_of(mol: Mol) -> Component:
    layers = RegistrationHash.GetMolLayers(mol)
    tautomer = RegistrationHash.GetMolHash(layers, RegistrationHash.HashScheme.TAUTOMER_INSENSITIVE_LAYERS)
    return Component(
        smiles=str(Chem.MolToSmiles(mol)), inchikey=str(Chem.MolToInchiKey(mol)), tautomer_hash=str(tautomer)
    )


@functools.cache
def _fragment_names() -> dict[str, str]:
    """Canonical SMILES -> name, from the ChEMBL pipeline's own salt and solvent lists."""
    folder = Path(standardizer.__file__).parent / "data"
    names: dict[str, str] = {}
    for file in ("salts.smi", "solvents.smi"):
        for line in (folder / file).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 2 or line.startswith("//"):
                continue
            mol = Chem.MolFromSmiles(parts[1])
            if mol is not None:
                names.setdefault(Chem.MolToSmiles(mol), parts[0].strip())
    return names


def _describe(smiles: str, count: int) -> str:
    name = _fragment_names().get(smiles)
    label = f"{name.lower()} ({smiles})" if name else smiles
    return f"{label} ×{count}" if count > 1 else label


def parent_of(mol: Mol) -> tuple[Parent, list[Mol]]:
    """Standardize, strip salts, solvents and isotope labels, neutralize; keep every other component.

    Returns the account of what was done and the component molecules, in the same order.
    """
    input_smiles = str(Chem.MolToSmiles(mol))
    standard = standardizer.standardize_mol(Chem.Mol(mol))
    parent, _excluded = standardizer.get_parent_mol(standard)
    parts = Chem.GetMolFrags(parent, asMols=True, sanitizeFrags=False)
    before = Counter(Chem.MolToSmiles(Chem.Mol(f)) for f in Chem.GetMolFrags(standard, asMols=True))
    after = Counter(Chem.MolToSmiles(p) for p in parts)
    removed_counts = before - after
    if any(atom.GetIsotope() for atom in mol.GetAtoms()):
        # Isotope labels are removed before salt stripping, so labelled fragments never appear in `after`.
        unlabelled = Chem.Mol(standard)
        for atom in unlabelled.GetAtoms():
            atom.SetIsotope(0)
        before = Counter(Chem.MolToSmiles(Chem.RemoveHs(f)) for f in Chem.GetMolFrags(unlabelled, asMols=True))
        removed_counts = before - after
    removed = tuple(_describe(smiles, n) for smiles, n in sorted(removed_counts.items()))
    changes = []
    if any(atom.GetIsotope() for atom in mol.GetAtoms()):
        changes.append("isotope labels removed")
    if any(atom.GetFormalCharge() for atom in mol.GetAtoms()) and not any(
        atom.GetFormalCharge() for p in parts for atom in p.GetAtoms()
    ):
        changes.append("charges neutralized")
    mols = []
    for part in parts:
        Chem.SanitizeMol(part)
        mols.append(part)
    account = Parent(
        input_smiles=input_smiles,
        components=tuple(component_of(p) for p in mols),
        removed=removed,
        changes=tuple(changes),
    )
    return account, mols
