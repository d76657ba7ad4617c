"""Screening a list of identifiers (CAS RNs, names, InChIKeys, InChIs) instead of structures.

The same look-up rules as ``chemref show`` and ``lookup`` (``chemref.registry.names``): exact CAS RN with
its check digit validated (a bad one makes the record ``invalid``, with the reason), names and
synonyms ignoring case and punctuation, InChIKeys. InChIs are screened as structures, through the
same tiers as a SMILES. The rows and decisions are those of a structure screen. Names, CAS RNs
and InChIKeys need no RDKit: it is imported only when an InChI is met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from chemref.answers.decision import Decision
from chemref.answers.models import ScreenRow
from chemref.answers.status import status
from chemref.chem.shapes import smiles_shaped
from chemref.chem.text import clip
from chemref.registry.cas import canonical_cas, cas_key, cas_problem, looks_like_cas
from chemref.registry.models import Registry
from chemref.registry.names import inchikey_relatives, index, is_inchikey, normalize
from chemref.screen.inputs import Record
from chemref.screen.rows import decision_columns, invalid_row, make_row, row_for, screen_each

IdKind = Literal["cas", "name", "inchikey", "inchi", "auto"]
ID_KINDS: tuple[IdKind, ...] = ("cas", "name", "inchikey", "inchi", "auto")

# Default column to read, by identifier kind, when --column is not given.
COLUMNS: dict[str, tuple[str, ...]] = {
    "cas": ("cas", "cas_rn", "casrn", "cas_number", "cas number", "cas no", "cas_no", "identifier"),
    "name": ("name", "chemical", "chemical_name", "substance", "synonym", "identifier"),
    "inchikey": ("inchikey", "inchi_key", "standard_inchikey", "identifier"),
    "inchi": ("inchi", "standard_inchi", "identifier"),
    "auto": ("identifier", "cas", "cas_rn", "casrn", "cas_number", "inchikey", "inchi", "name", "chemical"),
}

_HOW = {"name": "name or synonym", "cas": "CAS RN", "inchikey": "InChIKey"}


@dataclass
class IdentifierContext:
    """What every batch of identifiers needs: the name index, and who controls each chemical on the day."""

    kind: IdKind
    registry: Registry
    day: dt.date
    jurisdictions: list[str] | None
    table: dict[str, list[str]]
    controlled: dict[str, list[str]]
    decisions: dict[str, dict[str, Decision]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    _structures: Any = field(default=None, repr=False, compare=False)
    # The row of an identifier naming no registered chemical, by what it is ('CAS RN'), built once.
    _unregistered: dict[str, ScreenRow] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_structures"] = None  # rebuilt where needed
        state["_unregistered"] = {}
        return state

    @classmethod
    def build(
        cls, registry: Registry, day: dt.date, kind: IdKind, jurisdictions: list[str] | None = None
    ) -> IdentifierContext:
        decisions = {
            chemical.id: {s.jurisdiction: s.decision for s in status(registry, chemical, day, jurisdictions)}
            for chemical in registry.chemicals.values()
        }
        controlled = {cid: [k for k, d in found.items() if d == "controlled"] for cid, found in decisions.items()}
        order = list(jurisdictions) if jurisdictions is not None else list(registry.jurisdictions)
        return cls(kind, registry, day, jurisdictions, index(registry), controlled, decisions, order)

    def unregistered(self, record: Record, what: str) -> ScreenRow:
        """An identifier that names no registered chemical: from it alone chemref cannot tell which substance it
        is, or whether a list covers it as a salt or other form, so every jurisdiction answers unknown."""
        template = self._unregistered.get(what)
        if template is None:
            template = self._unregistered[what] = make_row(
                record.number,
                record.id,
                "no_match",
                line=record.line,
                reason=f"this {what} names no registered chemical; screen the structure to get an answer",
                **decision_columns(dict.fromkeys(self.order, "unknown"), self.order),
            )
        return row_for(template, record)

    @property
    def structures(self) -> Any:
        """The structure screening context, for InChIs (imports RDKit)."""
        if self._structures is None:
            from chemref.screen.structures import ScreenContext

            self._structures = ScreenContext.build(self.registry, self.day, None, self.jurisdictions)
        return self._structures


def kind_of(text: str) -> IdKind:
    """What an identifier is, for --id-kind auto."""
    if text[:6].casefold() == "inchi=":
        return "inchi"
    if is_inchikey(text):
        return "inchikey"
    if looks_like_cas(text):
        return "cas"
    return "name"


def screen_identifier(record: Record, context: IdentifierContext) -> ScreenRow:
    """Screen one identifier; a malformed one is an 'invalid' row with its reason."""
    if record.error is not None:
        return invalid_row(record, record.error)
    text = record.text.strip()
    if not text:
        return invalid_row(record, "empty identifier")
    kind = kind_of(text) if context.kind == "auto" else context.kind
    if kind == "name" and normalize(text) not in context.table and smiles_shaped(text):
        if context.kind == "auto":
            from chemref.screen.structures import screen_record

            return screen_record(record._replace(text=text, kind="smiles"), context.structures)
        return invalid_row(
            record, "looks like a SMILES, not a name: screen it as a structure (without --id-kind, or --id-kind auto)"
        )
    if kind == "inchi":
        if text[:6].casefold() != "inchi=":
            return invalid_row(record, "not an InChI: an InChI starts with 'InChI='")
        from chemref.screen.structures import screen_record

        return screen_record(record._replace(text="InChI=" + text[6:], kind="inchi"), context.structures)
    if kind == "cas":
        key, problem = cas_key(text)
        if key is None:
            return invalid_row(record, problem or "not a CAS RN")
        hits = context.table.get(key, ())
        if len(hits) == 1:
            chemical = context.registry.chemicals[hits[0]]
            return _match(record, chemical.id, "exact", f"the CAS RN of {chemical.name}", context)
        if hits:
            return invalid_row(record, f"ambiguous: it names {', '.join(sorted(hits))}")
        return context.unregistered(record, "CAS RN")
    if kind == "inchikey" and not is_inchikey(text):
        return invalid_row(record, f"{clip(text)!r} is not an InChIKey: expected 14-10-1 letters")
    if looks_like_cas(text):
        problem = cas_problem(text)
        if problem is not None:
            return invalid_row(record, problem)
        text = canonical_cas(text)
    key = normalize(text)
    if not key:
        return invalid_row(record, "the identifier has no letters or digits")
    hits = context.table.get(key, ())
    if len(hits) > 1:
        return invalid_row(record, f"ambiguous: it names {', '.join(sorted(hits))}")
    if hits:
        chemical = context.registry.chemicals[hits[0]]
        how = _HOW["inchikey" if is_inchikey(text) else "cas" if looks_like_cas(text) else "name"]
        return _match(record, chemical.id, "exact", f"the {how} of {chemical.name}", context)
    if kind == "inchikey":
        relatives = inchikey_relatives(context.registry, text)
        if relatives:
            chemical, tier, why = relatives[0]
            return _match(record, chemical.id, tier, why, context)
    return context.unregistered(record, "InChIKey" if kind == "inchikey" else "name")


def _match(record: Record, chemical_id: str, tier: str, why: str, context: IdentifierContext) -> ScreenRow:
    chemical = context.registry.chemicals[chemical_id]
    identifiers = chemical.identifiers
    form = next(
        (f for f in chemical.forms if normalize(record.text) in {normalize(f.name), normalize(f.cas or "")}), None
    )
    if form is not None and tier == "exact":
        tier, why = "parent", f"{why} ({form.name}, a registered {form.kind} form)"
    return make_row(
        record.number,
        record.id,
        "match",
        matched_id=chemical_id,
        tier=tier,
        matches=f"{chemical_id}:{tier}",
        reason=why,
        line=record.line,
        parent_smiles=identifiers.smiles,
        parent_inchikey=identifiers.inchikey,
        registered=True,
        **decision_columns(context.decisions.get(chemical_id, {}), context.order),
    )


def screen_identifiers(records: Sequence[Record], context: IdentifierContext) -> list[ScreenRow]:
    """Screen a batch of identifier records: one row per record, in order. Pure, like ``screen_batch``."""
    return screen_each(screen_identifier, records, context)
