"""Batch screening: a pure function over a batch of records, and a streaming runner around it.

``screen_batch(records, context)`` has no side effects and depends only on its arguments, so a
distributed engine (e.g. Dask's ``map_partitions``) can map it over partitions; the runner here
maps it over chunks in this process or in a bounded pool of worker processes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from chemref.decision import Decision
from chemref.models import Registry
from chemref.status import status
from chemref.structure.batch import blocks
from chemref.structure.decisions import record_decisions
from chemref.structure.index import StructureIndex
from chemref.structure.match import CONTROL_TIERS, Match, match_mol, neighbours
from chemref.structure.parent import Parent
from chemref.structure.parse import FULL_CHECKS, quick_checks, rdkit_messages, sanitize_problem
from chemref.structure.rd import Chem, Mol, rdinchi
from chemref.structure.readers import MAX_RECORD_BYTES, Record, SmiLine
from chemref.structure.rows import (
    COLUMNS,
    Block,
    Row,
    Status,
    decision_columns,
    header,
    invalid_row,
    render,
    screen_each,
)

__all__ = ["COLUMNS", "Block", "Row", "ScreenContext", "Status", "header", "render", "run", "screen_batch"]


@dataclass
class ScreenContext:
    """What every batch needs: the structure index for the day, and who controls each chemical then."""

    index: StructureIndex
    controlled: dict[str, list[str]]
    similar: float | None = None
    decisions: dict[str, dict[str, Decision]] = field(default_factory=dict)
    jurisdictions: list[str] = field(default_factory=list)
    # Matches by exact input text: catalogues repeat structures (the same salt under many ids).
    # A cache of a deterministic function: it changes speed, never results.
    memo: dict[str, tuple[Parent, list[Match]]] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["memo"] = {}
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
        return cls(index=index, controlled=controlled, similar=similar, decisions=decisions, jurisdictions=keys)


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


def _row(record: Record, matches: list[Match], context: ScreenContext, parent: Parent | None = None) -> Row:
    listed = "|".join(
        f"{m.id}:{m.tier}"
        + (f"({m.rule.jurisdiction} {m.rule.term})" if m.rule else "")
        + (f"({m.similarity:.2f})" if m.similarity is not None else "")
        for m in matches
    )
    parent_smiles = ".".join(c.smiles for c in parent.components) if parent else ""
    parent_key = ";".join(c.inchikey for c in parent.components) if parent else ""
    controlling = [m for m in matches if m.tier in CONTROL_TIERS]
    if not controlling:
        reason = "only structurally similar chemicals found" if matches else ""
        return Row(
            record.number,
            record.id,
            "no_match",
            matches=listed,
            reason=reason,
            line=record.line,
            parent_smiles=parent_smiles,
            parent_inchikey=parent_key,
        )
    best = controlling[0]
    named = [m for m in controlling if m.tier != "class"]
    controlled = sorted({j for m in named for j in context.controlled.get(m.id, [])})
    covered = sorted({m.rule.jurisdiction for m in controlling if m.rule is not None})
    return Row(
        record.number,
        record.id,
        "match",
        matched_id=best.id,
        tier=best.tier,
        controlled_in=";".join(controlled),
        may_be_covered_in=";".join(covered),
        matches=listed,
        reason=best.explanation,
        **decision_columns(record_decisions(controlling, context.decisions, context.jurisdictions)),
        line=record.line,
        parent_smiles=parent_smiles,
        parent_inchikey=parent_key,
    )


def screen_record(record: Record, context: ScreenContext) -> Row:
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
        candidate = index.may_match(mol)
        if not candidate:
            return Row(record.number, record.id, "no_match", line=record.line)
        problem = sanitize_problem(mol, FULL_CHECKS)
    else:
        # Every record is fingerprinted, so fully sanitized, in one pass; when that fails, the
        # record is judged as it is without --similar (the prefilter reads bonds as any bond, so
        # sanitization does not change its answer).
        candidate = index.may_match(mol)
        problem = sanitize_problem(mol, FULL_CHECKS)
        if problem is not None:
            fresh, _ = _unsanitized(record)
            quick = sanitize_problem(fresh, quick_checks(record.text, record.kind))
            if quick is not None:
                return invalid_row(record, f"not chemically valid: {quick}")
    if problem is not None:
        if candidate:
            return invalid_row(record, f"not chemically valid: {problem}")
        return Row(record.number, record.id, "no_match", reason=f"similarity not computed: {problem}", line=record.line)
    if not (candidate and index.worth_standardizing(mol)):
        if context.similar is None:
            return Row(record.number, record.id, "no_match", line=record.line)
        return _row(record, _neighbours(record, mol, context), context)
    memo = context.memo.get(record.text)
    if memo is None:
        memo = match_mol(mol, index, context.similar)
        if len(context.memo) > 10_000:
            context.memo.clear()
        context.memo[record.text] = memo
    parent, matches = memo
    return _row(record, matches, context, parent)


def screen_batch(records: Sequence[Record], context: ScreenContext) -> list[Row]:
    """Screen a batch of records: one row per record, in order. Pure: no I/O, no shared state."""
    return screen_each(screen_record, records, context)


def run(records: Iterable[Record], context: ScreenContext, jobs: int = 1, chunk_size: int = 500) -> Iterator[Row]:
    """Rows for ``records`` in input order, streaming chunk by chunk (in this process or ``jobs`` workers)."""
    if jobs <= 1:
        from chemref.structure.batch import chunks

        for chunk in chunks(records, chunk_size):
            yield from screen_batch(chunk, context)
        return
    import json

    for block in blocks(records, screen_batch, context, "jsonl", jobs, chunk_size):
        for line in block.text.splitlines():
            yield Row(**json.loads(line))


def run_rendered(
    records: Iterable[Record | SmiLine], context: ScreenContext, fmt: str, jobs: int = 1, chunk_size: int = 1000
) -> Iterator[Block]:
    """Rendered output blocks in input order (see ``batch.blocks``)."""
    return blocks(records, screen_batch, context, fmt, jobs, chunk_size)
