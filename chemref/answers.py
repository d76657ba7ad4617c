"""The everyday answers, ``status`` and ``history`` of one chemical in every jurisdiction today,
kept as plain data so that asking again costs no typing of the registry.

They are what people ask most, and each depends only on the registry's files, chemref's code and
the day. The first such command computes them for every chemical, with the functions below that
every command uses, and keeps them in the cache directory beside the typed registry (``chemref.cache``),
under the same key of file sizes, modification times and versions. A later command of the same day
reads its answer there without importing the models or unpickling the registry: most of a command's
start-up. Another question (``-j``, ``--on``, a name not found, a malformed query) goes the long way,
and so does anything this module cannot read, so the output is the same either way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from chemref import cache
from chemref.location import file_names

if TYPE_CHECKING:
    from chemref.models import Chemical, Registry

Kind = Literal[
    "status",  # chemref status CHEMICAL: the decision in each jurisdiction on a day
    "history",  # chemref history CHEMICAL: the dated control events, oldest first
]
KINDS: tuple[Kind, ...] = ("status", "history")


def compute(
    registry: Registry, path: Path, kind: Kind, chemical: Chemical, day: dt.date, keys: list[str] | None = None
) -> dict[str, Any]:
    """The JSON record ``chemref KIND`` prints for ``chemical`` (``keys``: only these jurisdictions)."""
    from chemref.provenance import provenance
    from chemref.records import history_record, status_record

    if kind == "status":
        record = status_record(registry, chemical, day, keys)
        record["provenance"] = provenance(registry, path, day)
        return record
    record = history_record(registry, chemical, keys)
    if not record["events"]:
        current = status_record(registry, chemical, day, keys)["jurisdictions"]
        known = "; ".join(f"{item['jurisdiction']}: {item['reason']}" for item in current)
        record["empty_reason"] = f"no recorded events. chemref status on {day.isoformat()}: {known}"
    record["provenance"] = provenance(registry, path)
    return record


def _folder(path: Path) -> str | None:
    """The cache sub-directory of this registry's answers: an index, then one file per answer, so
    that a command reads a few kilobytes, not every answer."""
    if cache.directory() is None or not path.is_dir():
        return None
    key = cache.key(path, file_names(path))
    return None if key is None else f"answers-{key}"


def _current(data: object, path: Path, day: dt.date) -> bool:
    # The path is kept as given: the answers quote it in their provenance.
    return isinstance(data, dict) and data.get("day") == day.isoformat() and data.get("path") == str(path)


def stored(path: Path, kind: Kind, query: str, day: dt.date) -> dict[str, Any] | None:
    """The stored answer for ``query`` on ``day``, or None: nothing stored for these files and this
    day, or a query that does not name exactly one chemical by an exact key."""
    from chemref.keys import QueryError, query_key

    folder = _folder(path)
    if folder is None:
        return None
    kept = cache.read_json(f"{folder}/index.json")
    if not _current(kept, path, day):
        return None
    try:
        hits = kept["names"].get(query_key(query), [])
    except (QueryError, KeyError, AttributeError, TypeError):  # malformed: the long way says why
        return None
    if len(hits) != 1 or not isinstance(hits[0], str):
        return None
    answer = cache.read_json(f"{folder}/{kind}-{hits[0]}.json")
    return answer if isinstance(answer, dict) else None


def store(registry: Registry, path: Path, day: dt.date) -> None:
    """Compute and keep today's answers for every chemical, unless they are kept already."""
    from chemref.names import index

    folder = _folder(path)
    if folder is None or _current(cache.read_json(f"{folder}/index.json"), path, day):
        return
    for kind in KINDS:
        for chemical in registry.chemicals.values():
            cache.write_json(f"{folder}/{kind}-{chemical.id}.json", compute(registry, path, kind, chemical, day))
    # The index last: until it names this day, no answer written above is read.
    cache.write_json(f"{folder}/index.json", {"day": day.isoformat(), "path": str(path), "names": index(registry)})
