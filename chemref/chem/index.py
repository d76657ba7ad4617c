"""The registered structures and class rules, prepared once for matching.

Also builds the screening prefilter: a structure can only match a registered chemical (at any
tier from exact to class) if it contains that chemical's skeleton, read with element-only atoms
and any-order bonds. That test runs on unsanitized molecules, so most records of a catalogue
are ruled out before the costly standardization.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from chemref.answers.status import applies, history, jurisdiction_status
from chemref.chem.parent import Component, component_of, gem_diol_count, tautomer_key
from chemref.chem.parent import formula as molecular_formula
from chemref.chem.toolkit import Chem, Mol, rdFingerprintGenerator, rdMolDescriptors, standardizer
from chemref.registry.dates import PartialDate
from chemref.registry.models import Chemical, ControlEvent, Registry


@dataclass(frozen=True)
class Registered:
    """A registered chemical's parent structure and keys."""

    id: str
    name: str
    component: Component
    heavy_atoms: tuple[tuple[int, int], ...]

    @property
    def inorganic(self) -> bool:
        """No carbon: an acid or element (hydrochloric acid, iodine) that an input's ion must never match."""
        return all(element != 6 for element, _ in self.heavy_atoms)


@dataclass(frozen=True)
class Rule:
    """One class-clause rule of one event, and whether it is in force on the day asked."""

    listing: str  # id of the chemical whose listing carries the clause
    listing_name: str
    event_id: str
    jurisdiction: str
    regime: str
    term: str
    reading: str
    smarts: tuple[str, ...]
    effective: PartialDate | None
    in_force: bool | None  # True, False, or None when the date is too imprecise to say


def heavy_atom_counts(mol: Mol) -> tuple[tuple[int, int], ...]:
    counts = Counter(atom.GetAtomicNum() for atom in mol.GetAtoms() if atom.GetAtomicNum() > 1)
    return tuple(sorted(counts.items()))


_CHARGED_ATOM = Chem.MolFromSmarts("[!+0]")
_HILL_ITEM = re.compile(r"([A-Z][a-z]?)(\d*)")
_HILL = re.compile(r"((?:[A-Z][a-z]?\d*)+)(?:[+-]\d*)?")
_PERIODIC = Chem.GetPeriodicTable()


@functools.lru_cache(maxsize=65536)
def hill_counts(formula: str) -> tuple[tuple[int, int], ...] | None:
    """Heavy-atom counts (as ``heavy_atom_counts``) read from RDKit's molecular formula ("C2H3O2-"), or None
    for one this does not read (a dummy atom); catalogues repeat formulas, so each is read once."""
    whole = _HILL.fullmatch(formula)
    if whole is None:
        return None
    counts: Counter[int] = Counter()
    for symbol, number in _HILL_ITEM.findall(whole.group(1)):
        try:
            element = _PERIODIC.GetAtomicNumber(symbol)
        except RuntimeError:
            return None
        if element > 1:
            counts[element] += int(number or 1)
    return tuple(sorted(counts.items()))


def whole_formula(mol: Mol) -> tuple[tuple[int, int], ...] | None:
    """``mol``'s heavy-atom counts computed by RDKit in one call, or None when its valences have not been
    computed (an unsanitized molecule) or its formula has a dummy atom."""
    if mol.NeedsUpdatePropertyCache():
        return None
    return hill_counts(rdMolDescriptors.CalcMolFormula(mol))


# Cached properties of an index, rebuilt in each process rather than pickled.
_DERIVED = (
    "skeletons",
    "skeleton_bundle",
    "live_rules",
    "live_smarts",
    "formulas",
    "skeleton_keys",
    "whole_piece_formulas",
    "whole_piece_keys",
    "skeleton_needs",
    "formula_graphs",
    "hydrate_formulas",
    "whole_ions",
    "names",
    "fingerprints",
    "molecular_formulas",
)


def uncharged(fragment: Mol) -> Mol:
    """A copy of ``fragment`` neutralized as the ChEMBL pipeline does; with no charged atom there is
    nothing to neutralize, so the pipeline's work (a tenth of a millisecond) is skipped."""
    if fragment.HasSubstructMatch(_CHARGED_ATOM):
        return standardizer.uncharge_mol(Chem.Mol(fragment))
    neutral = Chem.Mol(fragment)
    neutral.UpdatePropertyCache(strict=False)  # as uncharge_mol leaves its result
    return neutral


# Elements a standardizer never disconnects: with only these in a piece, standardizing it (neutralizing,
# normalizing groups, choosing a tautomer) changes charges, hydrogens and bond orders, never which heavy
# atoms are bonded to which. A piece with any other element (a metal) may lose a bond to it.
_NON_METALS = frozenset({1, 2, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 33, 34, 35, 36, 52, 53, 54, 85, 86})


def skeleton_key(mol: Mol, atoms: Iterable[int] | None = None) -> str:
    """The heavy-atom graph of ``mol`` (or of its piece made of ``atoms``) as canonical SMILES: elements and
    bonds only, every bond single, without charges, hydrogens, isotopes or stereo."""
    graph = Chem.RWMol()
    index: dict[int, int] = {}
    for i in range(mol.GetNumAtoms()) if atoms is None else atoms:
        number = mol.GetAtomWithIdx(i).GetAtomicNum()
        if number > 1:
            atom = Chem.Atom(number)
            atom.SetNoImplicit(True)
            index[i] = graph.AddAtom(atom)
    for bond in mol.GetBonds():
        begin, end = index.get(bond.GetBeginAtomIdx()), index.get(bond.GetEndAtomIdx())
        if begin is not None and end is not None:
            graph.AddBond(begin, end, Chem.BondType.SINGLE)
    graph.UpdatePropertyCache(strict=False)
    return str(Chem.MolToSmiles(graph))


def _has_gem_diol(mol: Mol) -> bool:
    """Whether ``mol`` (sanitized or not) has a gem-diol carbon, which standardizing reads as a carbonyl."""
    counted = Chem.Mol(mol)
    counted.UpdatePropertyCache(strict=False)  # the pattern counts hydrogens
    return gem_diol_count(counted) > 0


def dehydrated(counts: tuple[tuple[int, int], ...], waters: int) -> tuple[tuple[int, int], ...]:
    """Heavy-atom counts with one oxygen less per gem-diol read as its carbonyl."""
    table = dict(counts)
    table[8] = table.get(8, 0) - waters
    return tuple(sorted((element, n) for element, n in table.items() if n > 0))


def skeleton_query(mol: Mol) -> Mol:
    """A query matching ``mol``'s heavy-atom skeleton: atoms by element only, bonds of any order.

    A one-piece query starts from an atom of its rarest element (a nitrogen, not one of many carbons), since
    the matcher tries the first query atom against every atom of that element in the molecule: this halves
    the time of a test that runs on every record screened."""
    counts = Counter(atom.GetAtomicNum() for atom in mol.GetAtoms())
    root = -1  # RDKit's choice: a SMILES of several pieces can't be rooted at one atom
    if len(Chem.GetMolFrags(mol)) == 1:
        root = min(
            mol.GetAtoms(), key=lambda a: (counts[a.GetAtomicNum()], a.GetAtomicNum() == 6, -a.GetDegree(), a.GetIdx())
        ).GetIdx()
    smarts = Chem.MolFragmentToSmiles(
        mol,
        atomsToUse=list(range(mol.GetNumAtoms())),
        atomSymbols=[f"[#{atom.GetAtomicNum()}]" for atom in mol.GetAtoms()],
        bondSymbols=["~"] * mol.GetNumBonds(),
        allBondsExplicit=True,
        canonical=False,
        rootedAtAtom=root,
    )
    return Chem.MolFromSmarts(smarts)


def _rule_in_force(registry: Registry, listing: Chemical, event: ControlEvent, day: dt.date) -> bool | None:
    started = applies(event, day)
    if started == "no":
        return False
    state = jurisdiction_status(registry, listing, event.jurisdiction, day)
    live = {r.regime: r.controlled for r in state.regimes}.get(event.regime)
    if started == "maybe" or live is None:
        return None
    if not live:
        return False
    # A later event on the same list restates the clause; only the newest one in force speaks.
    later = [
        e
        for e in history(listing, event.jurisdiction)
        if e.regime == event.regime and e.class_rules and e is not event and applies(e, day) == "yes"
    ]
    newer = [
        e
        for e in later
        if (e.effective or PartialDate(1)).first_day() > (event.effective or PartialDate(1)).first_day()
    ]
    return not newer


def internationally_scheduled(registry: Registry, chemical: Chemical) -> bool:
    """Whether a UN drug convention schedules the chemical (fentanyl), as opposed to listing it as a precursor."""
    return any(
        (regime := registry.regimes.get(e.regime)) is not None
        and regime.kind == "controlled-substance"
        and regime.jurisdiction == "UN"
        for e in chemical.events
    )


@dataclass
class StructureIndex:
    """Everything the matcher needs, for one registry and one day."""

    day: dt.date
    registered: list[Registered]
    rules: list[Rule]
    # InChIKey of a registered salt or hydrate form, as a whole -> (chemical id, form name, CAS RN).
    forms: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)
    # Ids of the registered chemicals scheduled as drugs under the UN conventions (not as precursors).
    drugs: frozenset[str] = frozenset()
    # Registered salts of more than one component (potassium permanganate): matched only as a whole, by
    # InChIKey, since their parent ion is shared with salts no list names (sodium vs potassium permanganate),
    # and a counter-ion is never a listed substance on its own.
    whole: dict[str, Registered] = field(default_factory=dict)
    _compiled: dict[str, Mol] = field(default_factory=dict, repr=False)
    _tautomer_keys: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, registry: Registry, day: dt.date) -> StructureIndex:
        registered = []
        whole: dict[str, Registered] = {}
        for chemical in sorted(registry.chemicals.values(), key=lambda c: c.id):
            if chemical.identifiers.smiles is None:
                continue  # no single structure (an extract, an allotrope): found by name or CAS RN only
            mol = Chem.MolFromSmiles(chemical.identifiers.smiles)
            item = Registered(chemical.id, chemical.name, component_of(mol), heavy_atom_counts(mol))
            if len(Chem.GetMolFrags(mol)) > 1:
                whole[item.component.inchikey] = item
            else:
                registered.append(item)
        rules = []
        for chemical in sorted(registry.chemicals.values(), key=lambda c: c.id):
            for event in history(chemical):
                for rule in event.class_rules:
                    rules.append(
                        Rule(
                            listing=chemical.id,
                            listing_name=chemical.name,
                            event_id=event.id,
                            jurisdiction=event.jurisdiction,
                            regime=event.regime,
                            term=rule.term,
                            reading=rule.reading,
                            smarts=tuple(rule.smarts),
                            effective=event.effective,
                            in_force=_rule_in_force(registry, chemical, event, day),
                        )
                    )
        forms = {}
        for chemical in registry.chemicals.values():
            for form in chemical.forms:
                form_mol = Chem.MolFromSmiles(form.smiles)
                if form_mol is not None:
                    forms[str(Chem.MolToInchiKey(form_mol))] = (chemical.id, form.name, form.cas)
        drugs = frozenset(c.id for c in registry.chemicals.values() if internationally_scheduled(registry, c))
        return cls(day=day, registered=registered, rules=rules, forms=forms, drugs=drugs, whole=whole)

    def __getstate__(self) -> dict[str, object]:
        # Compiled RDKit queries are rebuilt in each process rather than pickled.
        state = dict(self.__dict__)
        state["_compiled"] = {}
        state["_tautomer_keys"] = {}
        for cached in _DERIVED:
            state.pop(cached, None)
        return state

    def query(self, smarts: str) -> Mol:
        compiled = self._compiled.get(smarts)
        if compiled is None:
            compiled = Chem.MolFromSmarts(smarts)
            if compiled is None:
                raise ValueError(f"invalid SMARTS in the registry: {smarts}")
            self._compiled[smarts] = compiled
        return compiled

    @functools.cached_property
    def skeletons(self) -> list[Mol]:
        """Prefilter queries for the class tier: for each class rule in force, the largest registered skeleton
        it contains, minus any that contains another. Every rule contains some registered skeleton
        (``validate`` checks this), and a structure a rule matches contains what the rule contains, so these
        suffice; the largest one keeps the prefilter selective."""
        registered = [
            (mol, skeleton_query(mol))
            for r in self.registered
            if (mol := Chem.MolFromSmiles(r.component.smiles)) is not None
        ]
        mols = []
        for smarts in self.live_smarts:
            query = self.query(smarts)
            inside = [mol for mol, skeleton in registered if query.HasSubstructMatch(skeleton)]
            if inside:
                mols.append(max(inside, key=lambda m: (m.GetNumAtoms(), Chem.MolToSmiles(m))))
        unique = sorted({Chem.MolToSmiles(m): m for m in mols}.values(), key=lambda m: m.GetNumAtoms())
        minimal: list[Mol] = []
        for mol in unique:
            if not any(mol.HasSubstructMatch(query) for query in minimal):
                minimal.append(skeleton_query(mol))
        return minimal

    @functools.cached_property
    def live_rules(self) -> list[Rule]:
        return [rule for rule in self.rules if rule.in_force is not False]

    def _formula_candidate(
        self, mol: Mol, connected: bool = False, key: tuple[tuple[int, int], ...] | None = None
    ) -> bool:
        """Could a piece of ``mol`` (sanitized or not) be a registered chemical at the exact to stereo tiers?

        Standardization changes charges, hydrogens, isotopes and bond orders, never heavy atoms or which are
        bonded, so such a piece has a registered heavy-atom graph (``skeleton_key``), or is a gem-diol with a
        registered formula plus its extra oxygen; a registered salt of several pieces is looked for in the
        whole input, or where a sodium or potassium ion occurs.

        ``connected`` says the caller knows ``mol`` is one piece (a SMILES without a dot): its formula then
        comes from one RDKit call instead of a count over its atoms in Python (or is given as ``key``)."""
        if connected and (key := key or whole_formula(mol)) is not None:
            return self._piece_candidate(mol, key, None, 1) or self._salt_candidate([key])
        atom = mol.GetAtomWithIdx  # a direct call: indexing GetAtoms() goes through a Python wrapper per atom
        keys = []
        pieces = Chem.GetMolFrags(mol, sanitizeFrags=False)
        for piece in pieces:
            counts = Counter(atom(i).GetAtomicNum() for i in piece)
            counts.pop(1, None)
            key = tuple(sorted(counts.items()))
            if self._piece_candidate(mol, key, piece, len(pieces)):
                return True
            keys.append(key)
        return self._salt_candidate(keys)

    def _piece_candidate(
        self, mol: Mol, key: tuple[tuple[int, int], ...], piece: tuple[int, ...] | None, pieces: int
    ) -> bool:
        """Whether one piece of ``mol`` (its atoms, or None for the whole), with heavy-atom counts ``key``,
        could be a registered chemical or a gem-diol drawing of one."""
        if key in self.formulas:
            if not _NON_METALS.issuperset(element for element, _ in key):
                return True  # a metal may be disconnected: only the pipeline can say what remains
            if all(item.inorganic for item in self.formulas[key]) and pieces > 1:
                pass  # an ion of a salt is never an inorganic acid or element (matched only whole)
            elif self._same_graph(mol, key, piece):
                return True
        return key in self.hydrate_formulas and _has_gem_diol(mol)

    def _same_graph(self, mol: Mol, key: tuple[tuple[int, int], ...], piece: tuple[int, ...] | None) -> bool:
        """Whether the piece has the heavy-atom graph of a registered chemical of formula ``key``.

        For a whole molecule without hydrogen atoms, a graph with a registered graph's atoms and number of
        bonds that contains it is that graph: one substructure test per registered isomer, in RDKit, instead
        of writing the piece's graph out as SMILES."""
        if piece is None and mol.GetNumAtoms() == mol.GetNumHeavyAtoms():
            bonds = mol.GetNumBonds()
            return any(size == bonds and mol.HasSubstructMatch(query) for size, query in self.formula_graphs[key])
        return skeleton_key(mol, piece) in self.skeleton_keys

    def _salt_candidate(self, keys: list[tuple[tuple[int, int], ...]]) -> bool:
        """Whether pieces of these formulas could make up a registered salt matched only whole."""
        if self.whole and self.whole_piece_keys.intersection(keys):
            present = Counter(keys)
            return any(not (ions - present) for ions in self.whole_piece_formulas)
        return False

    def worth_standardizing(self, mol: Mol) -> bool:
        """Second, still cheap, stage on a sanitized molecule: could a piece match exact..class?

        Exact to stereo tiers need a piece with a registered heavy-atom formula (see ``_formula_candidate``);
        the class tier needs a piece that, uncharged, matches a rule in force.
        """
        if self._formula_candidate(mol):
            return True
        if not self.live_smarts or not mol.HasSubstructMatch(self.skeleton_bundle):
            return False
        for fragment in Chem.GetMolFrags(mol, asMols=True, sanitizeFrags=False):
            if any(fragment.HasSubstructMatch(q) for q in self.skeletons):
                neutral = uncharged(fragment)
                if any(neutral.HasSubstructMatch(self.query(smarts)) for smarts in self.live_smarts):
                    return True
        return False

    @functools.cached_property
    def live_smarts(self) -> list[str]:
        """The distinct SMARTS of the rules in force, in rule order (several rules quote one clause)."""
        return list(dict.fromkeys(smarts for rule in self.live_rules for smarts in rule.smarts))

    @functools.cached_property
    def skeleton_keys(self) -> frozenset[str]:
        """The heavy-atom graphs of the registered parents (``skeleton_key``): a piece with a registered
        formula but another graph (an isomer) cannot match at the exact to stereo tiers."""
        return frozenset(skeleton_key(Chem.MolFromSmiles(item.component.smiles)) for item in self.registered)

    @functools.cached_property
    def formulas(self) -> dict[tuple[tuple[int, int], ...], list[Registered]]:
        table: dict[tuple[tuple[int, int], ...], list[Registered]] = {}
        for item in self.registered:
            table.setdefault(item.heavy_atoms, []).append(item)
        return table

    @functools.cached_property
    def whole_ions(self) -> dict[str, Counter[str]]:
        """Each whole-only registered salt's pieces, by InChIKey, counted."""
        return {
            key: Counter(
                str(Chem.MolToInchiKey(p))
                for p in Chem.GetMolFrags(Chem.MolFromSmiles(i.component.smiles), asMols=True)
            )
            for key, i in self.whole.items()
        }

    @functools.cached_property
    def hydrate_formulas(self) -> set[tuple[tuple[int, int], ...]]:
        """Registered formulas with one or two more oxygens: a gem-diol (hydrate) drawing of a ketone."""
        extra = set()
        for formula in self.formulas:
            table = dict(formula)
            for waters in (1, 2):
                extra.add(tuple(sorted({**table, 8: table.get(8, 0) + waters}.items())))
        return extra

    @functools.cached_property
    def whole_piece_formulas(self) -> list[Counter[tuple[tuple[int, int], ...]]]:
        """Each whole-only registered salt's pieces by heavy-atom formula: all must occur in an input."""
        return [
            Counter(heavy_atom_counts(p) for p in Chem.GetMolFrags(Chem.MolFromSmiles(i.component.smiles), asMols=True))
            for i in self.whole.values()
        ]

    @functools.cached_property
    def whole_piece_keys(self) -> frozenset[tuple[tuple[int, int], ...]]:
        """Every piece formula of a whole-only salt: an input with none of them can't hold one (each has pieces)."""
        return frozenset(key for ions in self.whole_piece_formulas for key in ions)

    @functools.cached_property
    def molecular_formulas(self) -> dict[str, list[Registered]]:
        """The registered chemicals by molecular formula: an input can be a tautomer only of one of its own."""
        table: dict[str, list[Registered]] = {}
        for item in self.registered:
            table.setdefault(molecular_formula(Chem.MolFromSmiles(item.component.smiles)), []).append(item)
        return table

    def tautomer_key(self, item: Registered) -> str:
        """The registered chemical's canonical-tautomer key (``parent.tautomer_key``), computed when first asked."""
        key = self._tautomer_keys.get(item.id)
        if key is None:
            key = self._tautomer_keys[item.id] = tautomer_key(Chem.MolFromSmiles(item.component.smiles))
        return key

    @functools.cached_property
    def names(self) -> dict[str, str]:
        return {item.id: item.name for item in self.registered}

    @functools.cached_property
    def fingerprints(self) -> list[object]:
        return [fingerprint(Chem.MolFromSmiles(r.component.smiles)) for r in self.registered]

    def may_match(self, mol: Mol, connected: bool = False) -> bool:
        """Cheap, sound test on an unsanitized molecule: could any tier from exact to class match?

        ``connected``: the caller knows ``mol`` is one piece (see ``_formula_candidate``)."""
        key = whole_formula(mol) if connected else None
        if self._formula_candidate(mol, connected, key):
            return True
        if not self.skeletons:
            return False
        if key is not None and not self._may_hold_a_skeleton(dict(key)):
            return False  # fewer atoms of some element than every skeleton has
        return bool(mol.HasSubstructMatch(self.skeleton_bundle))

    def _may_hold_a_skeleton(self, counts: dict[int, int]) -> bool:
        """Whether heavy-atom ``counts`` reach those of some prefilter skeleton (plain loops: this runs per record)."""
        for needs in self.skeleton_needs:
            for element, number in needs:
                if counts.get(element, 0) < number:
                    break
            else:
                return True
        return False

    @functools.cached_property
    def skeleton_needs(self) -> list[tuple[tuple[int, int], ...]]:
        """Each prefilter skeleton's heavy-atom counts: a molecule with fewer of some element can't contain it."""
        return [heavy_atom_counts(query) for query in self.skeletons]

    @functools.cached_property
    def formula_graphs(self) -> dict[tuple[tuple[int, int], ...], list[tuple[int, Mol]]]:
        """For each registered formula, each registered graph of it: its number of bonds and its skeleton query."""
        table: dict[tuple[tuple[int, int], ...], list[tuple[int, Mol]]] = {}
        for key, items in self.formulas.items():
            for item in items:
                mol = Chem.MolFromSmiles(item.component.smiles)
                table.setdefault(key, []).append((mol.GetNumBonds(), skeleton_query(mol)))
        return table

    @functools.cached_property
    def skeleton_bundle(self) -> Mol:
        """The skeletons as one RDKit query: a bundle matches when any of its members does, and
        matching it is one call instead of one per skeleton (a quarter of the prefilter's time)."""
        bundle = Chem.MolBundle()
        for query in self.skeletons:
            bundle.AddMol(query)
        return bundle


@functools.cache
def _generator() -> object:
    return rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)


def fingerprint(mol: Mol) -> object:
    return _generator().GetFingerprint(mol)  # type: ignore[attr-defined]
