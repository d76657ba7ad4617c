"""Batch screening: a pure function over a batch of records, and a streaming runner around it.

``screen_batch(records, context)`` has no side effects and depends only on its arguments, so a
distributed engine (e.g. Dask's ``map_partitions``) can map it over partitions; the runner here
maps it over chunks in this process or in a bounded pool of worker processes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from chemref.answers.decision import Decision
from chemref.answers.models import ScreenRow
from chemref.answers.status import status, unregistered_status
from chemref.chem.index import StructureIndex
from chemref.chem.match import CONTROL_TIERS, Match, StructureTooLarge, match_mol, neighbours, resembles_drug
from chemref.chem.parent import Parent
from chemref.chem.parse import FULL_CHECKS, quick_checks, rdkit_messages, sanitize_problem
from chemref.chem.toolkit import Chem, Mol, rdinchi
from chemref.registry.models import Registry
from chemref.screen.chunks import blocks
from chemref.screen.decisions import record_decisions
from chemref.screen.inputs import MAX_RECORD_BYTES, Record, SmiLine
from chemref.screen.rows import Block, decision_columns, invalid_row, make_row, parse, row_for, screen_each

NO_MATCH = "no registered chemical matches"

__all__ = ["ScreenContext", "run", "screen_batch"]


@dataclass
class ScreenContext:
    """What every batch needs: the structure index for the day, and who controls each chemical then."""

    index: StructureIndex
    controlled: dict[str, list[str]]
    similar: float | None = None
    decisions: dict[str, dict[str, Decision]] = field(default_factory=dict)
    jurisdictions: list[str] = field(default_factory=list)
    # The answer for a structure outside the registry that no class clause reaches, per jurisdiction.
    outside: dict[str, Decision] = field(default_factory=dict)
    # Matches by exact input text: catalogues repeat structures (the same salt under many ids).
    # A cache of a deterministic function: it changes speed, never results.
    memo: dict[str, tuple[Parent, list[Match]]] = field(default_factory=dict, repr=False, compare=False)
    _unmatched_row: ScreenRow | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["memo"] = {}
        state["_unmatched_row"] = None
        return state

    @classmethod
    def build(
        cls, registry: Registry, day: dt.date, similar: float | None = None, jurisdictions: list[str] | None = None
    ) -> ScreenContext:
        keys = list(jurisdictions) if jurisdictions is not None else list(registry.jurisdictions)
        decisions = {
            chemical.id: {s.jurisdiction: s.decision for s in status(registry, chemical, day, keys)}
            for chemical in registry.chemicals.values()
        }
        controlled = {cid: [k for k, d in found.items() if d == "controlled"] for cid, found in decisions.items()}
        index = StructureIndex.build(registry, day)
        if jurisdictions is not None:
            index.rules = [r for r in index.rules if r.jurisdiction in keys]
        outside = {key: unregistered_status(registry, key, day).decision for key in keys}
        return cls(
            index=index,
            controlled=controlled,
            similar=similar,
            decisions=decisions,
            jurisdictions=keys,
            outside=outside,
        )

    def unmatched(self, record: Record, **fields: object) -> ScreenRow:
        """The row of a record that matched nothing registered: the outside-the-registry answer. Its reason
        is the same whether the cheap checks or full matching found nothing."""
        if fields:
            return make_row(
                record.number,
                record.id,
                "no_match",
                line=record.line,
                **decision_columns(self.outside, self.jurisdictions),
                **{"reason": NO_MATCH, **fields},
            )
        # Most records of a catalogue get this row: a copy of one built once, with its own lists.
        template = self._unmatched_row
        if template is None:
            template = self._unmatched_row = self.unmatched(record, reason=NO_MATCH)
        return row_for(template, record)


def _unsanitized(record: Record) -> tuple[Mol | None, str]:
    """The record's molecule before sanitization, or None with what the parser said."""
    if record.kind == "molblock":
        return rdkit_messages(Chem.MolFromMolBlock, record.text, False, False)
    if record.kind == "inchi":
        mol, _code, message, log = rdinchi.InchiToMol(record.text, False, False)
        return mol, " ".join(line for line in f"{message} {log}".split("\n") if "rror" in line).strip()
    return Chem.MolFromSmiles(record.text, sanitize=False), ""


def _why_unreadable(record: Record) -> str:
    if record.kind == "molblock":
        _, log = rdkit_messages(Chem.MolFromMolBlock, record.text, False, False)
        return f"not a valid molblock: {log or 'RDKit could not parse it'}"
    if record.kind == "inchi":
        _, log = _unsanitized(record)
        return f"not a valid InChI: {log or 'the InChI library could not read it'}"
    _, log = rdkit_messages(Chem.MolFromSmiles, record.text, False)
    return f"not a valid SMILES: {log or 'RDKit could not parse it'}"


def _neighbours(record: Record, mol: Mol, context: ScreenContext) -> list[Match]:
    assert context.similar is not None
    # A SMILES without a dot is one connected piece; otherwise ask RDKit.
    one_piece = record.kind == "smiles" and "." not in record.text
    pieces = [mol] if one_piece or len(Chem.GetMolFrags(mol)) == 1 else list(Chem.GetMolFrags(mol, asMols=True))
    return neighbours(pieces, context.index, context.similar)


def _row(
    record: Record, matches: list[Match], context: ScreenContext, parent: Parent | None = None, mol: Mol | None = None
) -> ScreenRow:
    listed = "|".join(
        f"{m.id}:{m.tier}"
        + (f"({m.rule.jurisdiction} {m.rule.term})" if m.rule else "")
        + (f"({m.similarity:.2f})" if m.similarity is not None else "")
        for m in matches
    )
    parent_smiles = ".".join(c.smiles for c in parent.components) if parent else ""
    parent_key = ";".join(c.inchikey for c in parent.components) if parent else ""
    controlling = [m for m in matches if m.tier in CONTROL_TIERS]
    named = [m for m in controlling if m.tier != "class"]
    resembles = resembles_drug(mol, context.index) if mol is not None and not named else None
    drug_note = (
        f"resembles {resembles[0]}, a scheduled drug (Morgan Tanimoto {resembles[1]:.2f}); not cleared by the "
        "precursor lists"
        if resembles
        else ""
    )
    if not controlling:
        reason = "only structurally similar chemicals found" if matches else NO_MATCH
        decisions = dict(context.outside)
        if resembles:
            decisions = {key: "unknown" for key in context.jurisdictions}
            reason = f"{drug_note}; {reason}"
        return make_row(
            record.number,
            record.id,
            "no_match",
            matches=listed,
            reason=reason,
            line=record.line,
            parent_smiles=parent_smiles,
            parent_inchikey=parent_key,
            **decision_columns(decisions, context.jurisdictions),
        )
    best = controlling[0]
    covered = [
        j for j in context.jurisdictions if any(m.rule is not None and m.rule.jurisdiction == j for m in controlling)
    ]
    decisions = record_decisions(controlling, context.decisions, context.jurisdictions, context.outside)
    if resembles:
        decisions = {key: ("review" if value == "review" else "unknown") for key, value in decisions.items()}
    reason = best.explanation if not drug_note else f"{drug_note}; {best.explanation}"
    return make_row(
        record.number,
        record.id,
        "match",
        matched_id=best.id,
        tier=best.tier,
        may_be_covered_in=covered,
        matches=listed,
        reason=reason,
        line=record.line,
        parent_smiles=parent_smiles,
        parent_inchikey=parent_key,
        registered=bool(named),
        **decision_columns(decisions, context.jurisdictions),
    )


def screen_record(record: Record, context: ScreenContext) -> ScreenRow:
    """Screen one record; any failure becomes an 'invalid' row with its reason.

    Whether a record is invalid never depends on ``--similar``: every record gets the quick checks
    (clean-up, organometallic clean-up, valences, kekulization), and a record that could match a
    registered chemical gets RDKit's full sanitization, with or without ``--similar``; both are
    the checks ``lookup`` makes (``parse.sanitize_problem``).
    """
    if record.error is not None:
        return invalid_row(record, record.error)
    if not record.text.strip():
        return invalid_row(record, "empty structure")
    if len(record.text) > MAX_RECORD_BYTES * (10 if record.kind == "molblock" else 1):
        return invalid_row(record, "structure is too long")
    mol, _ = _unsanitized(record)
    if mol is None:
        return invalid_row(record, _why_unreadable(record))
    if mol.GetNumAtoms() == 0:
        return invalid_row(record, "structure has no atoms")
    index = context.index
    if context.similar is None:
        problem = sanitize_problem(mol, quick_checks(record.text, record.kind))
        if problem is not None:
            return invalid_row(record, f"not chemically valid: {problem}")
        candidate = index.may_match(mol, connected=record.kind == "smiles" and "." not in record.text)
        if not candidate:
            return context.unmatched(record)
        problem = sanitize_problem(mol, FULL_CHECKS)
    else:
        # Every record is fingerprinted, so fully sanitized, in one pass; when that fails, the
        # record is judged as it is without --similar (the prefilter reads bonds as any bond, so
        # sanitization does not change its answer).
        candidate = index.may_match(mol, connected=record.kind == "smiles" and "." not in record.text)
        problem = sanitize_problem(mol, FULL_CHECKS)
        if problem is not None:
            fresh, _ = _unsanitized(record)
            quick = sanitize_problem(fresh, quick_checks(record.text, record.kind))
            if quick is not None:
                return invalid_row(record, f"not chemically valid: {quick}")
    if problem is not None:
        if candidate:
            return invalid_row(record, f"not chemically valid: {problem}")
        return context.unmatched(record, reason=f"similarity not computed: {problem}")
    if not (candidate and index.worth_standardizing(mol)):
        if context.similar is None:
            return context.unmatched(record)
        return _row(record, _neighbours(record, mol, context), context, mol=mol)
    memo = context.memo.get(record.text)
    if memo is None:
        try:
            memo = match_mol(mol, index, context.similar)
        except StructureTooLarge as exc:
            return invalid_row(record, f"not screened: {exc}")
        if len(context.memo) > 10_000:
            context.memo.clear()
        context.memo[record.text] = memo
    parent, matches = memo
    return _row(record, matches, context, parent, mol)


def screen_batch(records: Sequence[Record], context: ScreenContext) -> list[ScreenRow]:
    """Screen a batch of records: one row per record, in order. Pure: no I/O, no shared state."""
    return screen_each(screen_record, records, context)


def run(records: Iterable[Record], context: ScreenContext, jobs: int = 1, chunk_size: int = 500) -> Iterator[ScreenRow]:
    """Rows for ``records`` in input order, streaming chunk by chunk (in this process or ``jobs`` workers)."""
    if jobs <= 1:
        from chemref.screen.chunks import chunks

        for chunk in chunks(records, chunk_size):
            yield from screen_batch(chunk, context)
        return
    for block in blocks(records, screen_batch, context, "jsonl", jobs, chunk_size):
        for line in block.text.splitlines():
            yield parse(line)


def run_rendered(
    records: Iterable[Record | SmiLine], context: ScreenContext, fmt: str, jobs: int = 1, chunk_size: int = 1000
) -> Iterator[Block]:
    """Rendered output blocks in input order (see ``batch.blocks``)."""
    return blocks(records, screen_batch, context, fmt, jobs, chunk_size)
