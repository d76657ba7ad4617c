"""Reading a query as a structure, with RDKit's own reason when it cannot be read."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from chemref.chem.shapes import INCHIKEY as _INCHIKEY
from chemref.chem.shapes import smiles_shaped
from chemref.chem.text import clip, clip_runs
from chemref.chem.toolkit import Chem, Mol, rdinchi
from chemref.registry.cas import looks_like_cas

Kind = Literal["smiles", "inchi", "inchikey", "cas", "name", "molblock"]
KINDS: tuple[Kind, ...] = ("smiles", "inchi", "inchikey", "cas", "name", "molblock")

MAX_INPUT = 100_000  # characters; longer input is refused before RDKit sees it


# The organometallic clean-up only rewrites single bonds from a hypervalent non-metal to a metal.
# A SMILES without brackets or dummy atoms can hold no metal (only the organic subset is written
# bare), so for such a SMILES it is a no-op, and skipping it saves a fifth of the quick checks.
ORGANIC_QUICK_CHECKS = (
    Chem.SanitizeFlags.SANITIZE_CLEANUP | Chem.SanitizeFlags.SANITIZE_PROPERTIES | Chem.SanitizeFlags.SANITIZE_KEKULIZE
)
QUICK_CHECKS = ORGANIC_QUICK_CHECKS | Chem.SanitizeFlags.SANITIZE_CLEANUP_ORGANOMETALLICS
FULL_CHECKS = Chem.SanitizeFlags.SANITIZE_ALL
_TIMESTAMP = re.compile(r"^\[\d\d:\d\d:\d\d\] ", re.M)

_LOG = logging.getLogger("rdkit")  # configured in chemref.chem.toolkit


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


_RECENT = _Capture()
_LOG.addHandler(_RECENT)  # what RDKit logged last, to say why a sanitization failed


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
    text = "; ".join(dict.fromkeys(clip_runs(line) for line in lines if line and set(line) != {"~", "^"}))
    return result, text


def sanitize_problem(mol: Mol, checks: Any = FULL_CHECKS) -> str | None:
    """Sanitize ``mol`` in place with ``checks``; None when that succeeds, else RDKit's reason.

    The one test of chemical validity: ``lookup`` applies QUICK_CHECKS then FULL_CHECKS, and
    ``screen`` the same (FULL_CHECKS only to records that could match), with or without --similar.
    """
    _RECENT.lines.clear()
    if Chem.SanitizeMol(mol, checks, catchErrors=True) == Chem.SanitizeFlags.SANITIZE_NONE:
        return None
    lines = [line.strip() for text in _RECENT.lines for line in _TIMESTAMP.sub("", text).splitlines()]
    _RECENT.lines.clear()
    return "; ".join(dict.fromkeys(clip_runs(line) for line in lines if line)) or "RDKit could not sanitize it"


def quick_checks(text: str, kind: str) -> Any:
    """The quick checks for a record: QUICK_CHECKS, less the organometallic clean-up for a SMILES
    that cannot contain a metal (no bracket atom, no dummy atom)."""
    if kind == "smiles" and "[" not in text and "*" not in text:
        return ORGANIC_QUICK_CHECKS
    return QUICK_CHECKS


def split_title(text: str) -> tuple[str, str]:
    """A line as a SMILES and what follows it after the first run of whitespace (a title or a
    CXSMILES extension), as in a .smi file."""
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


@dataclass(frozen=True)
class Query:
    """A query as read: the text to look up, its kind, what was ignored (a title after a SMILES, a
    CXSMILES extension), and, for a query read as a name that looks like a SMILES, RDKit's reason
    for not reading it (so that 'not found' can be reported as bad input instead)."""

    text: str
    kind: Kind
    ignored: str = ""
    smiles_error: str | None = None


def read_query(text: str) -> Query:
    """Guess what a query is: InChI, InChIKey, CAS RN, molblock, SMILES (with a title or CXSMILES
    extension after it), or else a name."""
    value = text.strip()
    if value[:6].casefold() == "inchi=":
        return Query("InChI=" + value[6:], "inchi")
    if _INCHIKEY.match(value):
        return Query(value.upper(), "inchikey")
    if looks_like_cas(value):
        return Query(value, "cas")
    if "M  END" in value or "V2000" in value or "V3000" in value:
        return Query(text, "molblock")
    head, rest = split_title(value)
    if not head or not smiles_shaped(head):
        return Query(value, "name")
    mol, log = rdkit_messages(Chem.MolFromSmiles, head, False)
    if mol is not None and mol.GetNumAtoms() > 0:
        if not rest:
            return Query(head, "smiles")
        what = "CXSMILES extension" if rest.startswith("|") else "title"
        return Query(head, "smiles", ignored=f"{what} {clip(rest)!r}")
    return Query(value, "name", smiles_error=f"not a valid SMILES: {log or 'RDKit could not parse it'}")


def detect_kind(text: str) -> Kind:
    """Guess what a query is: InChI, InChIKey, CAS RN, molblock, SMILES, or else a name."""
    return read_query(text).kind


def _sanitized(mol: Mol, what: str) -> Mol:
    reason = sanitize_problem(mol, QUICK_CHECKS) or sanitize_problem(mol, FULL_CHECKS)
    if reason is not None:
        raise StructureError(f"{what} is not chemically valid: {reason}")
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
    if value[:6].casefold() != "inchi=":
        raise StructureError("an InChI starts with 'InChI='")
    value = "InChI=" + value[6:]
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
