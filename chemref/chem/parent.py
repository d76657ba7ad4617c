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
from typing import Any

from chemref.chem.toolkit import Chem, Mol, RegistrationHash, rdMolDescriptors, rdMolStandardize, standardizer


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
    # SMILES of each distinct fragment removed as a counter-ion or solvent (``removed`` describes them).
    removed_smiles: tuple[str, ...] = ()

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
def _tautomers() -> Any:
    return rdMolStandardize.TautomerEnumerator()


def tautomer_key(mol: Mol) -> str:
    """The InChIKey of RDKit's canonical tautomer of ``mol``: one key for every tautomer of a compound,
    its keto and enol forms included (old defect 29). The registration hash's tautomer layer and standard
    InChI move hydrogens only between heteroatoms, so they tell an enol from its ketone; this does not.
    Tautomers are one compound, so this merges no two compounds; stereo at an atom whose hydrogens move
    between tautomers is dropped, as RDKit's canonicalizer does."""
    return str(Chem.MolToInchiKey(_tautomers().Canonicalize(mol)))


def formula(mol: Mol) -> str:
    """The molecular formula, hydrogens and charge included: tautomers share it."""
    return str(rdMolDescriptors.CalcMolFormula(mol))


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


# A carbon bearing two OH groups and otherwise only carbon or hydrogen: the hydrate of a ketone or
# aldehyde (a gem-diol), as catalogues draw e.g. 4-piperidone hydrochloride monohydrate. A third
# heteroatom on that carbon would make it another functional group, so it is left alone, and so
# are diols on two different carbons.
_GEM_DIOL = "[CX4;!$(C(-[OX2H1])(-[OX2H1])-[!#6;!#1])](-[OX2H1])-[OX2H1]"


@functools.cache
def _gem_diol() -> Mol:
    return Chem.MolFromSmarts(_GEM_DIOL)


def gem_diol_count(mol: Mol) -> int:
    """How many gem-diol carbons ``mol`` has (each reads as one carbonyl and one water)."""
    return len({match[0] for match in mol.GetSubstructMatches(_gem_diol())})


def carbonyl_form(mol: Mol) -> tuple[Mol, int]:
    """``mol`` with every gem-diol read as its carbonyl (water removed), and how many were."""
    seen: set[int] = set()
    pairs = []
    for carbon, keep, drop in mol.GetSubstructMatches(_gem_diol()):
        if carbon not in seen:
            seen.add(carbon)
            pairs.append((carbon, keep, drop))
    if not pairs:
        return mol, 0
    editable = Chem.RWMol(mol)
    for carbon, keep, _ in pairs:
        editable.GetBondBetweenAtoms(carbon, keep).SetBondType(Chem.BondType.DOUBLE)
        editable.GetAtomWithIdx(keep).SetNumExplicitHs(0)
        editable.GetAtomWithIdx(keep).SetNoImplicit(False)
    for _, _, drop in sorted(pairs, key=lambda p: -p[2]):
        editable.RemoveAtom(drop)
    result = editable.GetMol()
    Chem.SanitizeMol(result)
    return result, len(pairs)


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
    mols = []
    hydrates = 0
    for part in parts:
        Chem.SanitizeMol(part)
        if Chem.GetFormalCharge(part) != 0 and len(parts) > 1:
            # The pipeline leaves an input made only of listed ions (sodium phenylacetate) as its ions; each
            # organic ion is read as its neutral acid or base, as the pipeline reads any other parent.
            part = standardizer.uncharge_mol(part)
        part, count = carbonyl_form(part)
        hydrates += count
        mols.append(part)
    if any(atom.GetFormalCharge() for atom in mol.GetAtoms()) and not any(
        atom.GetFormalCharge() for p in mols for atom in p.GetAtoms()
    ):
        changes.append("charges neutralized")
    if hydrates:
        changes.append("gem-diol read as its carbonyl (the hydrate's water removed)")
    account = Parent(
        input_smiles=input_smiles,
        components=tuple(component_of(p) for p in mols),
        removed=removed,
        changes=tuple(changes),
        removed_smiles=tuple(sorted(removed_counts)),
    )
    return account, mols
