"""RDKit and the ChEMBL structure pipeline, typed as ``Any`` in one place.

RDKit ships partial stubs (for example ``Descriptors.MolWt`` and ``RDLogger.DisableLog`` are
missing), which ``mypy --strict`` would otherwise reject. Every structure module imports RDKit
from here, and RDKit's log is silenced once: chemref reports unreadable input in its own words.
"""

import importlib
import logging
from typing import Any

from chembl_structure_pipeline import standardizer as _standardizer
from rdkit import Chem as _Chem
from rdkit import DataStructs as _DataStructs
from rdkit import RDLogger as _RDLogger
from rdkit import rdBase as _rdBase
from rdkit.Chem import RegistrationHash as _RegistrationHash
from rdkit.Chem import rdFingerprintGenerator as _rdFingerprintGenerator
from rdkit.Chem import rdinchi as _rdinchi
from rdkit.Chem import rdMolDescriptors as _rdMolDescriptors
from rdkit.Chem.MolStandardize import rdMolStandardize as _rdMolStandardize

Chem: Any = _Chem
DataStructs: Any = _DataStructs
rdFingerprintGenerator: Any = _rdFingerprintGenerator
rdMolDescriptors: Any = _rdMolDescriptors
rdMolStandardize: Any = _rdMolStandardize
standardizer: Any = _standardizer
rdBase: Any = _rdBase
rdinchi: Any = _rdinchi
RegistrationHash: Any = _RegistrationHash
Mol = Any

RDLogger: Any = _RDLogger

# RDKit's messages go to Python logging, where nothing prints them unless a capture is attached
# (chemref.chem.parse): chemref reports unreadable input in its own words, with RDKit's reason.
rdBase.LogToPythonLogger()
_log = logging.getLogger("rdkit")
_log.propagate = False
_log.handlers[:] = [logging.NullHandler()]  # RDKit attaches a stderr handler of its own
for _channel in ("rdApp.debug", "rdApp.info"):
    RDLogger.DisableLog(_channel)

# Imported on first use: drawing and the descriptor module cost more to import than a lookup
# or a screen needs (about 37 ms, a tenth of a screening run's start-up).
_LAZY = {
    "Descriptors": "rdkit.Chem.Descriptors",
    "rdDepictor": "rdkit.Chem.rdDepictor",
    "rdMolDraw2D": "rdkit.Chem.Draw.rdMolDraw2D",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
