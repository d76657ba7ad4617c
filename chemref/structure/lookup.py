"""Looking up one query (or each record of a small file): which registered chemicals it matches.

Input that cannot be read is bad input (``LookupInputError``, exit 2), never "not found": a
malformed SMILES, an InChIKey or CAS RN given with ``--as`` that is not one, an unreadable record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chemref.cas import looks_like_cas
from chemref.keys import QueryError
from chemref.models import Registry
from chemref.names import Finder, NotFound, inchikey_relatives, is_inchikey
from chemref.structure.index import StructureIndex
from chemref.structure.match import Match, match_mol
from chemref.structure.parse import Kind, Query, StructureError, mol_from, read_query, smiles_shaped, split_title
from chemref.structure.report import identifier_explanation

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
            raise LookupInputError(f"{value[:80]!r} is not a CAS RN: expected the form 1234567-12-1")
        if as_kind == "inchikey":
            if not is_inchikey(value):
                raise LookupInputError(f"{value[:80]!r} is not an InChIKey: expected 14-10-1 letters")
            return Query(value.upper(), "inchikey")
        if as_kind == "smiles":
            head, rest = split_title(value)
            if rest and smiles_shaped(head):
                what = "CXSMILES extension" if rest.startswith("|") else "title"
                return Query(head, "smiles", ignored=f"{what} {rest!r}")
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
        parent, matches = match_mol(mol, self.index, self.similar)
        info = {
            "input": parent.input_smiles,
            "components": [c.smiles for c in parent.components],
            "removed": list(parent.removed),
            "changes": list(parent.changes),
        }
        return Answer(query.text, query.kind, matches, query.ignored, info)

    def _identifier(self, query: Query) -> Answer:
        try:
            chemical = self.finder.find(query.text)
        except QueryError as exc:
            raise LookupInputError(str(exc)) from exc
        except NotFound as exc:
            if query.smiles_error is not None:
                raise LookupInputError(
                    f"cannot read {query.text[:200]!r}: no registered name matches it, and as a SMILES it is "
                    f"{query.smiles_error}"
                ) from exc
            if query.kind == "inchikey":
                relatives = inchikey_relatives(self.registry, query.text)
                if relatives:
                    matches = [Match(c.id, c.name, tier, why, "") for c, tier, why in relatives]  # type: ignore[arg-type]
                    return Answer(query.text, query.kind, matches, query.ignored)
            raise
        match = Match(chemical.id, chemical.name, "exact", identifier_explanation(chemical, query.text, query.kind), "")
        return Answer(query.text, query.kind, [match], query.ignored)


@dataclass
class RecordAnswer:
    """One record of a file: its number, line and id, and its answer or why it could not be read."""

    number: int
    line: int
    id: str
    answer: Answer | None
    error: str | None = None


def answer_file(lookup: Lookup, path: str) -> list[RecordAnswer]:
    """Each record of a MOL/SDF (or .smi, .csv, .tsv) file looked up on its own, in order."""
    from chemref.structure.readers import InputError, InputFormat, Reader, detect_format

    try:
        fmt: InputFormat = detect_format(path)
    except InputError:
        fmt = "sdf"  # a MOL file by any other name
    reader = Reader(path, fmt)
    results: list[RecordAnswer] = []
    try:
        for record in reader:
            if len(results) >= MAX_FILE_RECORDS:
                raise InputError(f"{path} holds more than {MAX_FILE_RECORDS} records; use 'chemref screen' for it")
            if record.error is not None:
                results.append(RecordAnswer(record.number, record.line, record.id, None, record.error))
                continue
            kind = "molblock" if record.kind == "molblock" else "smiles"
            try:
                result = lookup.answer(record.text, kind)
            except LookupInputError as exc:
                results.append(RecordAnswer(record.number, record.line, record.id, None, str(exc)))
            else:
                results.append(RecordAnswer(record.number, record.line, record.id, result))
    finally:
        reader.close()
    if reader.stats.failure is not None:
        raise InputError(f"input truncated after record {len(results)}: {reader.stats.failure}")
    return results
