"""Looking up each record of a small file (MOL, SDF, .smi, CSV, TSV) on its own, with the screen's readers."""

from __future__ import annotations

from dataclasses import dataclass

from chemref.answers.models import LookupFileAnswer, LookupRecord, Provenance
from chemref.chem.lookup import Answer, Lookup, LookupInputError
from chemref.screen.inputs import InputError, InputFormat, Reader, detect_format

MAX_FILE_RECORDS = 1000


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


@dataclass
class FileLookup:
    """``chemref lookup --file``: the typed answer for every record, and what decides the exit code."""

    answer: LookupFileAnswer
    unreadable: int
    matched: bool


def lookup_file(lookup: Lookup, path: str, stamp: Provenance) -> FileLookup:
    """Every record of the file at ``path`` looked up and typed; an InputError when the file can't be read."""
    results = answer_file(lookup, path)
    records = [
        LookupRecord(
            record=item.number,
            line=item.line,
            id=item.id,
            error=item.error,
            answer=lookup.typed(item.answer, path) if item.answer is not None else None,
        )
        for item in results
    ]
    return FileLookup(
        answer=LookupFileAnswer(file=path, on=lookup.day.isoformat(), records=records, provenance=stamp),
        unreadable=sum(item.answer is None for item in results),
        matched=any(item.answer is not None and item.answer.matched for item in results),
    )
