"""Looking up one query (or each record of a small file): which registered chemicals it matches.

Input that cannot be read is bad input (``LookupInputError``, exit 2), never "not found": a
malformed SMILES, an InChIKey or CAS RN given with ``--as`` that is not one, an unreadable record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chemref.answers.models import LookupAnswer, ParentAnswer
from chemref.chem.explain import identifier_cells, identifier_explanation, match_answer, outside_cells
from chemref.chem.index import StructureIndex
from chemref.chem.match import CONTROL_TIERS, Match, StructureTooLarge, match_mol, resembles_drug
from chemref.chem.parse import Kind, Query, StructureError, mol_from, read_query, split_title
from chemref.chem.shapes import smiles_shaped
from chemref.chem.text import clip
from chemref.registry.cas import looks_like_cas
from chemref.registry.models import Registry
from chemref.registry.names import Finder, NotFound, QueryError, inchikey_relatives, is_inchikey

MAX_FILE_RECORDS = 1000


class LookupInputError(Exception):
    """The query cannot be read as what it claims or seems to be (exit 2); the message says why."""


@dataclass
class Answer:
    """What one query matched, and how it was read."""

    query: str
    kind: Kind
    matches: list[Match]
    ignored: str = ""
    parent: dict[str, Any] = field(default_factory=dict)
    resembles: tuple[str, float] | None = None
    not_found: NotFound | None = None  # an identifier that names no registered chemical

    @property
    def matched(self) -> bool:
        """Whether a registered chemical (or a class clause) matched, as opposed to nothing or only neighbours."""
        return any(m.tier in CONTROL_TIERS for m in self.matches)


@dataclass
class Lookup:
    """Look-ups against one registry on one day (the structure index is built once, when needed)."""

    registry: Registry
    day: dt.date
    jurisdictions: list[str] | None = None
    similar: float | None = None
    _finder: Finder | None = None
    _index: StructureIndex | None = None

    @property
    def finder(self) -> Finder:
        if self._finder is None:
            self._finder = Finder(self.registry)
        return self._finder

    @property
    def index(self) -> StructureIndex:
        if self._index is None:
            self._index = StructureIndex.build(self.registry, self.day)
            if self.jurisdictions is not None:
                self._index.rules = [r for r in self._index.rules if r.jurisdiction in self.jurisdictions]
        return self._index

    def read(self, text: str, as_kind: str | None = None) -> Query:
        """How ``text`` is read: as ``as_kind`` (checked), or guessed; a registered name wins."""
        value = text.strip()
        if as_kind is None:
            query = read_query(text)
            if query.kind == "smiles":
                try:
                    self.finder.find(value, suggestions=False)
                except (NotFound, QueryError):
                    return query
                return Query(value, "name")  # e.g. 'NPP', a registered synonym that RDKit also reads
            return query
        if as_kind == "cas" and not looks_like_cas(value):
            raise LookupInputError(f"{clip(value)!r} is not a CAS RN: expected the form 1234567-12-1")
        if as_kind == "inchikey":
            if not is_inchikey(value):
                raise LookupInputError(f"{clip(value)!r} is not an InChIKey: expected 14-10-1 letters")
            return Query(value.upper(), "inchikey")
        if as_kind == "smiles":
            head, rest = split_title(value)
            if rest and smiles_shaped(head):
                what = "CXSMILES extension" if rest.startswith("|") else "title"
                return Query(head, "smiles", ignored=f"{what} {clip(rest)!r}")
        return Query(value if as_kind != "molblock" else text, as_kind)  # type: ignore[arg-type]

    def answer(self, text: str, as_kind: str | None = None) -> Answer:
        """Matches for one query; LookupInputError for unreadable input, NotFound when nothing matches
        an identifier (a structure with no match is an Answer with no matches)."""
        query = self.read(text, as_kind)
        if query.kind in {"name", "cas", "inchikey"}:
            return self._identifier(query)
        try:
            mol = mol_from(query.text, query.kind)
        except StructureError as exc:
            raise LookupInputError(f"cannot read the input as {query.kind}: {exc}") from exc
        try:
            parent, matches = match_mol(mol, self.index, self.similar)
        except StructureTooLarge as exc:
            raise LookupInputError(f"cannot look the input up: {exc}") from exc
        info = {
            "input": parent.input_smiles,
            "components": [c.smiles for c in parent.components],
            "removed": list(parent.removed),
            "changes": list(parent.changes),
        }
        resembles = None
        if not any(m.tier in CONTROL_TIERS and m.rule is None for m in matches):
            resembles = resembles_drug(mol, self.index)
        return Answer(query.text, query.kind, matches, query.ignored, info, resembles)

    def typed(self, answer: Answer, query: str | None = None) -> LookupAnswer:
        """The typed answer for ``answer``: each match with a decision per jurisdiction, and when no registered
        chemical matched, the answer for a substance outside the registry."""
        matches = [
            match_answer(self.registry, m, self.day, self.jurisdictions, answer.resembles) for m in answer.matches
        ]
        if answer.matched:
            unmatched = []
        elif answer.not_found is not None:
            unmatched = identifier_cells(self.registry, self.jurisdictions, answer.kind)
        else:
            unmatched = outside_cells(self.registry, self.day, self.jurisdictions, answer.resembles)
        return LookupAnswer(
            query=query if query is not None else answer.query,
            kind=answer.kind,
            on=self.day.isoformat(),
            ignored=answer.ignored or None,
            parent=ParentAnswer(**answer.parent) if answer.parent else None,
            matches=matches,
            unmatched=unmatched,
        )

    def _identifier(self, query: Query) -> Answer:
        try:
            chemical = self.finder.find(query.text)
        except QueryError as exc:
            raise LookupInputError(str(exc)) from exc
        except NotFound as exc:
            if query.smiles_error is not None:
                raise LookupInputError(
                    f"cannot read {clip(query.text)!r}: no registered name matches it, and as a SMILES it is "
                    f"{query.smiles_error}"
                ) from exc
            if query.kind == "inchikey":
                relatives = inchikey_relatives(self.registry, query.text)
                if relatives:
                    matches = [Match(c.id, c.name, tier, why, "") for c, tier, why in relatives]  # type: ignore[arg-type]
                    return Answer(query.text, query.kind, matches, query.ignored)
            return Answer(query.text, query.kind, [], query.ignored, not_found=exc)
        match = Match(chemical.id, chemical.name, "exact", identifier_explanation(chemical, query.text, query.kind), "")
        return Answer(query.text, query.kind, [match], query.ignored)
