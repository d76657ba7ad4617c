"""Identifiers recomputed from a structure, and the registry check that they match what is stored."""

from __future__ import annotations

from dataclasses import dataclass

from chemref.chem import toolkit as rd
from chemref.chem.toolkit import Chem, Mol, rdMolDescriptors
from chemref.registry.load import RegistryFiles
from chemref.registry.models import Registry
from chemref.registry.paths import CHEMICALS_DIR
from chemref.registry.problems import Problem


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
        molecular_weight=round(float(rd.Descriptors.MolWt(mol)), 3),
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
        structure = [stored.smiles, stored.inchi, stored.inchikey, stored.formula, stored.molecular_weight]
        if stored.smiles is None:
            if any(value is not None for value in structure) or not stored.no_structure:
                problems.append(
                    Problem(
                        "identity",
                        file,
                        "a chemical without a SMILES must say why in no_structure, and give no other structure field",
                        "identifiers",
                        files.line(file, ("identifiers",)),
                    )
                )
            continue
        if stored.no_structure is not None or any(value is None for value in structure):
            problems.append(
                Problem(
                    "identity",
                    file,
                    "a chemical with a SMILES gives its InChI, InChIKey, formula and weight, and no no_structure",
                    "identifiers",
                    files.line(file, ("identifiers",)),
                )
            )
            continue
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


def check_class_rules(registry: Registry, files: RegistryFiles) -> list[Problem]:
    """Class rules parse, contain some registered chemical's skeleton (so the screening prefilter, which
    looks for the skeletons the rules contain, is sound), and match every chemical the registry records as
    covered through that listing."""
    from chemref.answers.status import applies, history
    from chemref.chem.index import skeleton_query

    problems = []
    mols = {c.id: Chem.MolFromSmiles(c.identifiers.smiles) for c in registry.chemicals.values() if c.identifiers.smiles}
    skeletons = [skeleton_query(mol) for mol in mols.values() if mol is not None]
    for chemical in registry.chemicals.values():
        file = f"{CHEMICALS_DIR}/{chemical.id}.yml"
        for e_index, event in enumerate(chemical.events):
            for r_index, rule in enumerate(event.class_rules):
                for s_index, smarts in enumerate(rule.smarts):
                    path = ("events", e_index, "class_rules", r_index, "smarts", s_index)
                    where = f"events[{e_index}].class_rules[{r_index}].smarts[{s_index}]"
                    query = Chem.MolFromSmarts(smarts)
                    if query is None:
                        problems.append(
                            Problem("class-rule", file, "SMARTS does not parse", where, files.line(file, path))
                        )
                    elif not any(query.HasSubstructMatch(skeleton) for skeleton in skeletons):
                        problems.append(
                            Problem(
                                "class-rule",
                                file,
                                "the rule contains no registered chemical's skeleton, so screening's prefilter "
                                "would miss its matches; write its core atoms explicitly (not only in $(...))",
                                where,
                                files.line(file, path),
                            )
                        )
    for chemical in registry.chemicals.values():
        file = f"{CHEMICALS_DIR}/{chemical.id}.yml"
        mol = mols.get(chemical.id)
        if mol is None:
            continue  # reported by check_registry
        for e_index, event in enumerate(chemical.events):
            listing = registry.chemicals.get(event.coverage.via or "")
            if event.coverage.kind != "class" or listing is None or event.effective is None:
                continue
            day = event.effective.last_day()
            rules = [
                rule
                for other in history(listing, event.jurisdiction)
                if other.regime == event.regime and applies(other, day) == "yes"
                for rule in other.class_rules
            ]
            if not rules:
                continue  # the listing's clause is not encoded as rules yet; nothing to check against
            if not any(mol.HasSubstructMatch(Chem.MolFromSmarts(s)) for rule in rules for s in rule.smarts):
                problems.append(
                    Problem(
                        "class-rule",
                        file,
                        f"recorded as covered via {listing.id}'s clause, but none of that listing's rules "
                        f"in force on {day} matches this structure",
                        f"events[{e_index}].coverage",
                        files.line(file, ("events", e_index, "coverage")),
                    )
                )
    return problems
