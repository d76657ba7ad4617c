"""Choosing a table's structure (or identifier) column and its id column from the header, for CSV,
TSV and Parquet alike."""

from __future__ import annotations

from chemref.chem.text import clip
from chemref.screen.inputs.record import InputError

STRUCTURE_COLUMNS = ("smiles", "canonical_smiles", "isomeric_smiles", "structure", "mol", "molecule")
ID_COLUMNS = ("id", "identifier", "compound_id", "catalog_number", "catalogue_number", "name", "cas")
LISTED = 20  # columns a message lists


def listed(header: list[str]) -> str:
    """The columns, as a message lists them: each name clipped, and at most ``LISTED`` of them."""
    shown = ", ".join(clip(name) for name in header[:LISTED])
    return shown + (f", … ({len(header)} columns in all)" if len(header) > LISTED else "")


def _pick(header: list[str], wanted: str | None, defaults: tuple[str, ...], what: str, option: str) -> int:
    """The position of the column named ``wanted`` (or given by its 1-based position, when no column has
    that name), else of the first of ``defaults`` present; -1 when none is. A name that more than one
    column has is refused: taking the first would silently screen the wrong one (field test M9)."""
    lowered = [h.strip().lower() for h in header]
    if wanted is not None:
        name = wanted.strip().lower()
        if name not in lowered:
            if name.isdigit() and 1 <= int(name) <= len(header):
                return int(name) - 1
            raise InputError(f"no column {clip(wanted)!r} for the {what}; the columns are: {listed(header)}")
    else:
        found = next((default for default in defaults if default in lowered), None)
        if found is None:
            return -1
        name = found
    positions = [i for i, h in enumerate(lowered) if h == name]
    if len(positions) > 1:
        times = "twice" if len(positions) == 2 else f"{len(positions)} times"
        where = ", ".join(str(i + 1) for i in positions[:-1]) + f" and {positions[-1] + 1}"
        raise InputError(
            f"column {clip(header[positions[0]])!r} appears {times} (columns {where}); chemref cannot tell which one "
            f"holds the {what}: rename one, or give the column's position, e.g. {option} {positions[-1] + 1}"
        )
    return positions[0]


def choose_columns(
    header: list[str],
    structure_column: str | None,
    id_column: str | None,
    defaults: tuple[str, ...],
    what: str,
) -> tuple[int, int]:
    """The positions of the column to screen (``structure_column``, else the first of ``defaults``) and
    of the id column (-1 when there is none); InputError when there is no column to screen, or when the
    one to screen, or the id column, is not one column but several of the same name."""
    option = "--structure-column" if what == "structure" else "--column"
    structure = _pick(header, structure_column, defaults, what, option)
    if structure < 0:
        raise InputError(f"no {what} column found; the columns are: {listed(header)}. Name one with {option}")
    ident = _pick(header, id_column, ID_COLUMNS, "id", "--id-column")
    if ident == structure and id_column is None:
        ident = -1
    return structure, ident
