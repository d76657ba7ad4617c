"""Reading a query as a structure, with RDKit's own reason when it cannot be read."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, Literal

from chemref.cas import looks_like_cas
from chemref.structure.rd import Chem, Mol, rdinchi

Kind = Literal["smiles", "inchi", "inchikey", "cas", "name", "molblock"]
KINDS: tuple[Kind, ...] = ("smiles", "inchi", "inchikey", "cas", "name", "molblock")

MAX_INPUT = 100_000  # characters; longer input is refused before RDKit sees it

_INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")
_SMILES_CHARS = re.compile(r"^[A-Za-z0-9@+\-\[\]\(\)=#$:/\\.%*~&!,;]+$")
_TIMESTAMP = re.compile(r"^\[\d\d:\d\d:\d\d\] ", re.M)

_LOG = logging.getLogger("rdkit")  # configured in chemref.structure.rd


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class StructureError(ValueError):
    """The input cannot be read as the kind given; the message says why."""


def rdkit_messages(function: Callable[..., Any], *args: Any) -> tuple[Any, str]:
    """Call an RDKit function and return its result with what RDKit logged, timestamps removed."""
    capture = _Capture()
    _LOG.addHandler(capture)
    try:
        result = function(*args)
    finally:
        _LOG.removeHandler(capture)
    lines = [line.strip() for text in capture.lines for line in _TIMESTAMP.sub("", text).splitlines()]
    text = "; ".join(dict.fromkeys(line for line in lines if line and set(line) != {"~", "^"}))
    return result, text


def detect_kind(text: str) -> Kind:
    """Guess what a query is: InChI, InChIKey, CAS RN, molblock, SMILES, or else a name."""
    value = text.strip()
    if value.startswith("InChI="):
        return "inchi"
    if _INCHIKEY.match(value):
        return "inchikey"
    if looks_like_cas(value):
        return "cas"
    if "M  END" in value or "V2000" in value or "V3000" in value:
        return "molblock"
    if _SMILES_CHARS.match(value):
        mol, _ = rdkit_messages(Chem.MolFromSmiles, value, False)
        if mol is not None and mol.GetNumAtoms() > 0:
            return "smiles"
    return "name"


def _chemistry_problems(mol: Mol) -> str | None:
    problems = Chem.DetectChemistryProblems(mol)
    if not problems:
        return None
    return "; ".join(dict.fromkeys(str(p.Message()) for p in problems))


def _sanitized(mol: Mol, what: str) -> Mol:
    reason = _chemistry_problems(mol)
    if reason is not None:
        raise StructureError(f"{what} is not chemically valid: {reason}")
    Chem.SanitizeMol(mol)
    return mol


def mol_from_smiles(text: str) -> Mol:
    value = text.strip()
    if not value:
        raise StructureError("empty SMILES")
    if len(value) > MAX_INPUT:
        raise StructureError(f"SMILES longer than {MAX_INPUT:,} characters")
    if " " in value or "\t" in value:
        raise StructureError("a SMILES has no spaces; quote a single SMILES or give a name with --as name")
    mol, log = rdkit_messages(Chem.MolFromSmiles, value, False)
    if mol is None:
        raise StructureError(f"not a valid SMILES: {log or 'RDKit could not parse it'}")
    if mol.GetNumAtoms() == 0:
        raise StructureError("the SMILES has no atoms")
    return _sanitized(mol, "the SMILES")


def mol_from_inchi(text: str) -> Mol:
    value = text.strip()
    if not value.startswith("InChI="):
        raise StructureError("an InChI starts with 'InChI='")
    if len(value) > MAX_INPUT:
        raise StructureError(f"InChI longer than {MAX_INPUT:,} characters")
    mol, code, message, log = rdinchi.InchiToMol(value, True, True)
    if mol is None:
        lines = [line.strip() for line in f"{message}\n{log}".splitlines() if "rror" in line]
        reason = re.sub(r"^Structure: \d+ ", "", lines[-1]) if lines else f"InChI library returned code {code}"
        raise StructureError(f"not a valid InChI: {reason}")
    return mol


def mol_from_molblock(text: str) -> Mol:
    if len(text) > MAX_INPUT * 10:
        raise StructureError("molblock too large")
    mol, log = rdkit_messages(Chem.MolFromMolBlock, text, False, False)
    if mol is None:
        raise StructureError(f"not a valid molblock: {log or 'RDKit could not parse it'}")
    return _sanitized(mol, "the molblock")


def mol_from(text: str, kind: Kind) -> Mol:
    """The structure ``text`` describes, as ``kind``; StructureError says what is wrong."""
    if kind == "smiles":
        return mol_from_smiles(text)
    if kind == "inchi":
        return mol_from_inchi(text)
    if kind == "molblock":
        return mol_from_molblock(text)
    raise StructureError(f"a {kind} is not a structure")
