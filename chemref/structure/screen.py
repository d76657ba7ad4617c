"""Batch screening: a pure function over a batch of records, and a streaming runner around it.

``screen_batch(records, context)`` has no side effects and depends only on its arguments, so a
distributed engine (e.g. Dask's ``map_partitions``) can map it over partitions; the runner here
maps it over chunks in this process or in a bounded pool of worker processes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, TypeVar

from chemref.decision import Decision
from chemref.models import Registry
from chemref.status import status
from chemref.structure.decisions import by_decision, record_decisions
from chemref.structure.index import StructureIndex
from chemref.structure.match import CONTROL_TIERS, Match, match_mol, neighbours
from chemref.structure.parse import rdkit_messages
from chemref.structure.rd import Chem, Mol
from chemref.structure.readers import MAX_RECORD_BYTES, Record, records_from_lines

Status = Literal["match", "no_match", "invalid"]
T = TypeVar("T")

COLUMNS = [
    "record", "id", "status", "matched_id", "tier", "controlled_in", "may_be_covered_in", "matches", "reason",
    "not_controlled_in", "unknown_in", "review_in", "not_applicable_in",
]  # fmt: skip

_QUICK_CHECKS = (
    Chem.SanitizeFlags.SANITIZE_CLEANUP | Chem.SanitizeFlags.SANITIZE_PROPERTIES | Chem.SanitizeFlags.SANITIZE_KEKULIZE
)


class Row(NamedTuple):
    """One output row per input record (a tuple: cheap to build, pickle and write)."""

    record: int
    id: str
    status: Status
    matched_id: str = ""
    tier: str = ""
    controlled_in: str = ""
    may_be_covered_in: str = ""
    matches: str = ""
    reason: str = ""
    not_controlled_in: str = ""
    unknown_in: str = ""
    review_in: str = ""
    not_applicable_in: str = ""

    def as_dict(self) -> dict[str, object]:
        return self._asdict()


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
    memo: dict[str, list[Match]] = field(default_factory=dict, repr=False, compare=False)

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


def _invalid(record: Record, reason: str) -> Row:
    return Row(record.number, record.id, "invalid", reason=reason)


def _unsanitized(record: Record) -> tuple[Mol | None, str]:
    if record.kind == "molblock":
        return rdkit_messages(Chem.MolFromMolBlock, record.text, False, False)
    return Chem.MolFromSmiles(record.text, sanitize=False), ""


def _why_unreadable(record: Record) -> str:
    if record.kind == "molblock":
        _, log = rdkit_messages(Chem.MolFromMolBlock, record.text, False, False)
        return f"not a valid molblock: {log or 'RDKit could not parse it'}"
    _, log = rdkit_messages(Chem.MolFromSmiles, record.text, False)
    return f"not a valid SMILES: {log or 'RDKit could not parse it'}"


def _why_invalid(record: Record) -> str:
    mol, _ = _unsanitized(record)
    problems = Chem.DetectChemistryProblems(mol) if mol is not None else []
    reasons = "; ".join(dict.fromkeys(str(p.Message()) for p in problems))
    return f"not chemically valid: {reasons or 'RDKit could not sanitize it'}"


def _neighbours(mol: Mol, context: ScreenContext) -> list[Match]:
    assert context.similar is not None
    pieces = list(Chem.GetMolFrags(mol, asMols=True)) if len(Chem.GetMolFrags(mol)) > 1 else [mol]
    return neighbours(pieces, context.index, context.similar)


def _row(record: Record, matches: list[Match], context: ScreenContext) -> Row:
    listed = "|".join(
        f"{m.id}:{m.tier}"
        + (f"({m.rule.jurisdiction} {m.rule.term})" if m.rule else "")
        + (f"({m.similarity:.2f})" if m.similarity is not None else "")
        for m in matches
    )
    controlling = [m for m in matches if m.tier in CONTROL_TIERS]
    if not controlling:
        reason = "only structurally similar chemicals found" if matches else ""
        return Row(record.number, record.id, "no_match", matches=listed, reason=reason)
    best = controlling[0]
    named = [m for m in controlling if m.tier != "class"]
    controlled = sorted({j for m in named for j in context.controlled.get(m.id, [])})
    covered = sorted({m.rule.jurisdiction for m in controlling if m.rule is not None})
    grouped = by_decision(record_decisions(controlling, context.decisions, context.jurisdictions))
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
        not_controlled_in=";".join(grouped.get("not-controlled", [])),
        unknown_in=";".join(grouped.get("unknown", [])),
        review_in=";".join(grouped.get("review", [])),
        not_applicable_in=";".join(grouped.get("not-applicable", [])),
    )


def screen_record(record: Record, context: ScreenContext) -> Row:
    """Screen one record; any failure becomes an 'invalid' row with its reason."""
    if record.error is not None:
        return _invalid(record, record.error)
    if not record.text.strip():
        return _invalid(record, "empty structure")
    if len(record.text) > MAX_RECORD_BYTES * (10 if record.kind == "molblock" else 1):
        return _invalid(record, "structure is too long")
    mol, _ = _unsanitized(record)
    if mol is None:
        return _invalid(record, _why_unreadable(record))
    if mol.GetNumAtoms() == 0:
        return _invalid(record, "structure has no atoms")
    # Without --similar most records need only the checks that decide validity; with it, every
    # record is fingerprinted and so fully sanitized, in one pass.
    checks = _QUICK_CHECKS if context.similar is None else Chem.SanitizeFlags.SANITIZE_ALL
    if Chem.SanitizeMol(mol, checks, catchErrors=True) != Chem.SanitizeFlags.SANITIZE_NONE:
        return _invalid(record, _why_invalid(record))
    index = context.index
    candidate = index.may_match(mol)
    if not candidate and context.similar is None:
        return Row(record.number, record.id, "no_match")
    if context.similar is None and Chem.SanitizeMol(mol, catchErrors=True) != Chem.SanitizeFlags.SANITIZE_NONE:
        return _invalid(record, _why_invalid(record))
    if not (candidate and index.worth_standardizing(mol)):
        if context.similar is None:
            return Row(record.number, record.id, "no_match")
        return _row(record, _neighbours(mol, context), context)
    matches = context.memo.get(record.text)
    if matches is None:
        _, matches = match_mol(mol, index, context.similar)
        if len(context.memo) > 10_000:
            context.memo.clear()
        context.memo[record.text] = matches
    return _row(record, matches, context)


def screen_batch(records: Sequence[Record], context: ScreenContext) -> list[Row]:
    """Screen a batch of records: one row per record, in order. Pure: no I/O, no shared state."""
    rows = []
    for record in records:
        try:
            rows.append(screen_record(record, context))
        except Exception as exc:
            rows.append(_invalid(record, f"could not be processed: {type(exc).__name__}: {exc}"))
    return rows


def render(rows: Sequence[Row], fmt: str) -> str:
    """Rows as CSV lines (no header) or JSON Lines."""
    if fmt == "jsonl":
        return "".join(json.dumps(row._asdict(), ensure_ascii=False) + "\n" for row in rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def header(fmt: str) -> str:
    return "" if fmt == "jsonl" else ",".join(COLUMNS) + "\n"


@dataclass(frozen=True)
class Block:
    """The rendered output of one chunk, with its counts by status."""

    text: str
    counts: dict[str, int]
    last_record: int


def _block(rows: list[Row], fmt: str) -> Block:
    counts = {"match": 0, "no_match": 0, "invalid": 0}
    for row in rows:
        counts[row.status] += 1
    return Block(render(rows, fmt), counts, rows[-1].record if rows else 0)


def _chunks(records: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER_CONTEXT: ScreenContext | None = None


def _init_worker(context: ScreenContext) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = context


def _records_of(chunk: Sequence[Record | bytes | str], first: int) -> list[Record]:
    """A chunk as Records: it already is, or it holds raw SMILES lines numbered from ``first``."""
    if all(isinstance(item, Record) for item in chunk):
        return [item for item in chunk if isinstance(item, Record)]
    return records_from_lines(first, [item for item in chunk if not isinstance(item, Record)])


def _screen_in_worker(first: int, chunk: list[Record | bytes | str], fmt: str) -> Block:
    assert _WORKER_CONTEXT is not None
    return _block(screen_batch(_records_of(chunk, first), _WORKER_CONTEXT), fmt)


def run(records: Iterable[Record], context: ScreenContext, jobs: int = 1, chunk_size: int = 500) -> Iterator[Row]:
    """Rows for ``records`` in input order (in this process), streaming chunk by chunk."""
    for chunk in _chunks(records, chunk_size):
        yield from screen_batch(chunk, context)


def run_rendered(
    records: Iterable[Record | bytes | str],
    context: ScreenContext,
    fmt: str,
    jobs: int = 1,
    chunk_size: int = 1000,
) -> Iterator[Block]:
    """Rendered output blocks in input order.

    ``records`` are Records, or the raw lines of a SMILES file (see ``readers.smi_lines``). With
    ``jobs > 1`` workers build, screen and render whole chunks, so this process only reads and
    writes; at most ``2 * jobs`` chunks are in flight.
    """
    if jobs <= 1:
        number = 1
        for chunk in _chunks(records, chunk_size):
            batch = _records_of(chunk, number)
            number += len(chunk)
            yield _block(screen_batch(batch, context), fmt)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(context,)) as pool:
        pending: deque[Future[Block]] = deque()
        number = 1
        for chunk in _chunks(records, chunk_size):
            pending.append(pool.submit(_screen_in_worker, number, chunk, fmt))
            number += len(chunk)
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
