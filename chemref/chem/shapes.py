"""What a text looks like (a SMILES, an InChIKey), by its characters alone: no RDKit here, so identifier
screening can tell a SMILES from a name without importing it."""

from __future__ import annotations

import re

INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$", re.I)
# A string made only of SMILES tokens (organic-subset and bracket atoms, ring closures, bonds,
# branches) is taken as an attempt at a SMILES: if RDKit cannot read it, that is bad input.
_SMILES_SHAPE = re.compile(r"(?:\[[^\[\]\s]*\]|Br|Cl|[BCNOSPFI]|[bcnosp]|%\d\d|\d|[-=#$:/\\.()~@+*])+")
_ATOM = re.compile(r"\[|Br|Cl|[BCNOSPFIbcnosp*]")


def smiles_shaped(text: str) -> bool:
    """True when ``text`` is made only of SMILES tokens and has an atom: an attempt at a SMILES."""
    return _SMILES_SHAPE.fullmatch(text) is not None and _ATOM.search(text) is not None
