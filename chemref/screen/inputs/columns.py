"""Choosing a table's structure (or identifier) column and its id column from the header, for CSV,
TSV and Parquet alike."""

from __future__ import annotations

from chemref.screen.inputs.record import InputError

STRUCTURE_COLUMNS = ("smiles", "canonical_smiles", "isomeric_smiles", "structure", "mol", "molecule")
ID_COLUMNS = ("id", "identifier", "compound_id", "catalog_number", "catalogue_number", "name", "cas")


def _pick(header: list[str], wanted: str | None, defaults: tuple[str, ...], what: str) -> int:
    lowered = [h.strip().lower() for h in header]
    if wanted is not None:
        if wanted.strip().lower() in lowered:
            return lowered.index(wanted.strip().lower())
        raise InputError(f"no column {wanted!r} for the {what}; the columns are: {', '.join(header)}")
    for name in defaults:
        if name in lowered:
            return lowered.index(name)
    return -1


def choose_columns(
    header: list[str],
    structure_column: str | None,
    id_column: str | None,
    defaults: tuple[str, ...],
    what: str,
) -> tuple[int, int]:
    """The positions of the column to screen (``structure_column``, else the first of ``defaults``) and
    of the id column (-1 when there is none); InputError when there is no column to screen."""
    option = "--structure-column" if what == "structure" else "--column"
    structure = _pick(header, structure_column, defaults, what)
    if structure < 0:
        raise InputError(f"no {what} column found; the columns are: {', '.join(header)}. Name one with {option}")
    ident = _pick(header, id_column, ID_COLUMNS, "id")
    if ident == structure and id_column is None:
        ident = -1
    return structure, ident
