"""Tiered matching of a structure against the registry, with an explanation for every match.

Tiers, best first:
- exact: the input is the registered structure;
- parent: the same parent once salts, solvents, charges or isotope labels are removed;
- tautomer: the same compound drawn as another tautomer (its registration hash's tautomer layer, or
  its canonical tautomer, which also joins keto and enol forms);
- stereo: same connectivity, different or missing stereo or isotope layers (review);
- class: matched by a class-clause rule of a listing in force on the day (legal review needed);
- similar: opt-in nearest neighbours by Morgan-fingerprint Tanimoto similarity.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from chemref.chem.index import Registered, Rule, StructureIndex, fingerprint, uncharged
from chemref.chem.parent import Component, Parent, component_of, formula, parent_of, tautomer_key
from chemref.chem.toolkit import Chem, DataStructs, Mol

Tier = Literal["exact", "parent", "tautomer", "stereo", "class", "similar"]
TIERS: tuple[Tier, ...] = ("exact", "parent", "tautomer", "stereo", "class", "similar")
CONTROL_TIERS = frozenset({"exact", "parent", "tautomer", "stereo", "class"})


# RDKit's SMILES writer and standardization recurse along a chain of atoms, and overflow the stack (the
# process dies) somewhere past 15,000 atoms in a row; registered chemicals have a few dozen.
MAX_MATCH_ATOMS = 2_000


class StructureTooLarge(ValueError):
    """A structure too large to standardize and match safely; the message says how large."""


@dataclass(frozen=True)
class Match:
    """One registered chemical (or listing clause) a component matched, and why."""

    id: str
    name: str
    tier: Tier
    explanation: str
    component: str
    rule: Rule | None = None
    similarity: float | None = None


def _parent_note(parent: Parent) -> str:
    parts = []
    if parent.removed:
        parts.append("removed " + ", ".join(parent.removed))
    parts.extend(parent.changes)
    return "; ".join(parts)


def _identity_tier(component: Component, item: Registered, parent: Parent, whole_input: bool) -> Tier | None:
    ref = item.component
    if component.inchikey == ref.inchikey:
        return "exact" if parent.unchanged and whole_input else "parent"
    if component.tautomer_hash == ref.tautomer_hash:
        return "tautomer"
    if component.connectivity == ref.connectivity:
        return "stereo"
    return None


def _canonical_tier(key: str, item: Registered, index: StructureIndex) -> Tier | None:
    """The tier of a component whose canonical tautomer has ``key`` against a registered chemical of the same
    formula: the same canonical tautomer is the same compound (a keto form and its enol); the same skeleton
    with other stereo layers is the stereo tier, as without a change of tautomer."""
    registered = index.tautomer_key(item)
    if key == registered:
        return "tautomer"
    if key[:14] == registered[:14]:
        return "stereo"
    return None


def _explain(tier: Tier, item: Registered, parent: Parent, component: Component, retautomerized: bool) -> str:
    note = _parent_note(parent)
    if tier == "exact":
        return f"the input is the registered structure of {item.name}"
    if tier == "parent":
        return f"same parent compound as {item.name} ({note or 'after standardization'})"
    if tier == "tautomer":
        return f"{item.name} drawn as another tautomer" + (f" ({note})" if note else "")
    return (
        f"same connectivity as {item.name}{' drawn as another tautomer' if retautomerized else ''} but different "
        f"or missing stereo or isotope layers ({component.inchikey} vs {item.component.inchikey}); review"
    )


def match_components(
    parent: Parent, index: StructureIndex, mols: list[Mol], similar: float | None = None
) -> list[Match]:
    """Matches for each parent component (``mols`` are the components, in the same order)."""
    best: dict[tuple[str, str], Match] = {}
    whole = len(parent.components) == 1
    for component, mol in zip(parent.components, mols, strict=True):
        # The registered chemicals it may be a tautomer of: those of its molecular formula.
        isomers = {item.id for item in index.molecular_formulas.get(formula(mol), [])}
        canonical: str | None = None  # the component's canonical-tautomer key, once needed
        for item in index.registered:
            tier = _identity_tier(component, item, parent, whole)
            retautomerized = False
            if tier is None and item.id in isomers:
                canonical = canonical or tautomer_key(mol)
                tier, retautomerized = _canonical_tier(canonical, item, index), True
            if tier is None:
                continue
            if item.inorganic and tier != "exact":
                # A counter-ion is never a listed substance: chloride from a hydrochloride, or from potassium
                # chloride, is not hydrochloric acid. An inorganic substance matches only as the whole input.
                continue
            explanation = _explain(tier, item, parent, component, retautomerized)
            found = Match(item.id, item.name, tier, explanation, component.smiles)
            key = (item.id, "")
            if key not in best or TIERS.index(tier) < TIERS.index(best[key].tier):
                best[key] = found
        for rule in index.rules:
            if rule.in_force is False:
                continue
            if (rule.listing, "") in best and best[(rule.listing, "")].tier != "similar":
                continue  # the listed chemical itself is not "covered by its own clause"
            if not any(mol.HasSubstructMatch(index.query(s)) for s in rule.smarts):
                continue
            when = "" if rule.in_force else " (the clause's effective date is too imprecise to be sure it applies)"
            explanation = (
                f"may be covered as one of {rule.listing_name}'s {rule.term.removeprefix('its ')} under the "
                f"{rule.jurisdiction} listing ({rule.reading}){when} — legal review needed"
            )
            key = (rule.listing, f"{rule.jurisdiction}:{rule.regime}:{rule.term}")
            best.setdefault(key, Match(rule.listing, rule.listing_name, "class", explanation, component.smiles, rule))
    if similar is not None:
        named = {item_id for item_id, _ in best}
        for match in neighbours(mols, index, similar, exclude=named):
            best[(match.id, "")] = match
    return sorted(best.values(), key=lambda m: (TIERS.index(m.tier), -(m.similarity or 0), m.id))


def neighbours(
    mols: list[Mol], index: StructureIndex, threshold: float, exclude: set[str] | None = None
) -> list[Match]:
    """Registered chemicals at or above ``threshold`` Morgan (radius 2) Tanimoto similarity to any of
    ``mols``, best score per chemical, most similar first."""
    best: dict[str, tuple[float, str]] = {}
    excluded = exclude or set()
    for mol in mols:
        scores = DataStructs.BulkTanimotoSimilarity(fingerprint(mol), index.fingerprints)
        if max(scores, default=0.0) < threshold:  # most records: nothing near, no need to look closer
            continue
        for item, score in zip(index.registered, scores, strict=True):
            if item.id in excluded or score < threshold:
                continue
            if score > best.get(item.id, (-1.0, ""))[0]:
                best[item.id] = (score, str(Chem.MolToSmiles(mol)))
    return [
        Match(
            key,
            index.names[key],
            "similar",
            f"structurally similar to {index.names[key]} (Morgan radius 2 Tanimoto {score:.2f})",
            smiles,
            None,
            score,
        )
        for key, (score, smiles) in sorted(best.items(), key=lambda pair: -pair[1][0])
    ]


def match_mol(mol: Mol, index: StructureIndex, similar: float | None = None) -> tuple[Parent, list[Match]]:
    """Standardize ``mol``, split it into parent components and match each one; StructureTooLarge for a
    structure of more than ``MAX_MATCH_ATOMS`` atoms."""
    if mol.GetNumAtoms() > MAX_MATCH_ATOMS:
        raise StructureTooLarge(
            f"the structure has {mol.GetNumAtoms():,} atoms; chemref matches structures of up to "
            f"{MAX_MATCH_ATOMS:,} (RDKit's standardization cannot safely take more)"
        )
    parent, mols = parent_of(mol)
    matches = match_components(parent, index, mols, similar)
    matches = _removed_matches(parent, index, matches) + matches
    if index.whole:
        matches = _whole_matches(mol, index, parent) + matches
    if index.forms and (form := index.forms.get(str(Chem.MolToInchiKey(mol)))) is not None:
        chemical_id, name, cas = form
        note = f"; the input is {name}{f' (CAS {cas})' if cas else ''}, a registered form"
        matches = [
            dataclasses.replace(m, explanation=m.explanation + note) if m.id == chemical_id and m.rule is None else m
            for m in matches
        ]
    return parent, matches


def _removed_matches(parent: Parent, index: StructureIndex, found: list[Match]) -> list[Match]:
    """Registered organic substances the pipeline removed as a counter-ion or solvent: a salt of a listed
    acid (phenylacetic acid in an amine's phenylacetate) is a salt of that acid, which the lists' salts
    clauses name, and a listed solvent drawn with another component is present. An inorganic one (chloride,
    sulfate) never matches: a counter-ion is not hydrochloric or sulfuric acid."""
    named = {m.id for m in found if m.rule is None and m.tier != "similar"}
    matches = []
    for smiles in parent.removed_smiles:
        fragment = Chem.MolFromSmiles(smiles)
        if fragment is None:
            continue
        component = component_of(uncharged(fragment))
        for item in index.registered:
            if item.inorganic or item.id in named or component.inchikey != item.component.inchikey:
                continue
            named.add(item.id)
            explanation = (
                f"{item.name} is a component of the input, as a counter-ion or solvent that the structure "
                f"pipeline sets aside ({_parent_note(parent)}): a salt, solvate or mixture of {item.name}"
            )
            matches.append(Match(item.id, item.name, "parent", explanation, component.smiles))
    return matches


# At or above this Morgan (radius 2) Tanimoto similarity to a registered scheduled drug, an unregistered
# structure is said to resemble it, and is never cleared as "on none of the precursor lists".
DRUG_RESEMBLANCE = 0.5


def resembles_drug(mol: Mol, index: StructureIndex) -> tuple[str, float] | None:
    """The registered scheduled drug ``mol`` (any of its fragments) most resembles, with the score, if any
    reaches ``DRUG_RESEMBLANCE``."""
    if not index.drugs:
        return None
    best: tuple[str, float] | None = None
    pieces = list(Chem.GetMolFrags(mol, asMols=True)) if mol.GetNumAtoms() else []
    for piece in pieces:
        scores = DataStructs.BulkTanimotoSimilarity(fingerprint(piece), index.fingerprints)
        for item, score in zip(index.registered, scores, strict=True):
            if item.id in index.drugs and score >= DRUG_RESEMBLANCE and (best is None or score > best[1]):
                best = (item.name, float(score))
    return best


def fragment_keys(mol: Mol) -> Counter[str]:
    """The InChIKeys of a structure's disconnected pieces, counted."""
    return Counter(str(Chem.MolToInchiKey(piece)) for piece in Chem.GetMolFrags(mol, asMols=True))


def _whole_matches(mol: Mol, index: StructureIndex, parent: Parent) -> list[Match]:
    """Registered salts matched as a whole (exact), or whose ions all occur in a larger input (parent tier:
    the ions could also come from other salts in the mixture, so the explanation says so)."""
    whole = str(Chem.MolToInchiKey(mol))
    if (item := index.whole.get(whole)) is not None:
        return [Match(item.id, item.name, "exact", f"the input is the registered structure of {item.name}", whole)]
    pieces = fragment_keys(mol)
    found = []
    for key, item in index.whole.items():
        ions = index.whole_ions[key]
        if not ions - pieces:
            why = f"the input contains the ions of {item.name} among other pieces (they could also pair otherwise)"
            found.append(Match(item.id, item.name, "parent", why, parent.input_smiles))
    return found
