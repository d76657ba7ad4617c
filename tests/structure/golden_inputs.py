"""Inputs whose structure keys are pinned in golden/keys.json.

Regenerate only after reviewing an RDKit or pipeline upgrade: python tests/structure/golden_inputs.py
"""

from __future__ import annotations

import json
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden" / "keys.json"

INPUTS = {
    "4-ap": "c1ccc(NC2CCNCC2)cc1",
    "4-ap kekule": "C1=CC=CC=C1NC1CCNCC1",
    "4-ap dihydrochloride": "Cl.Cl.c1ccc(NC2CCNCC2)cc1",
    "4-ap hydrochloride ionic": "[Cl-].c1ccc(NC2CC[NH2+]CC2)cc1",
    "4-ap pamoate": "O=C(O)c1cc2ccccc2c(Cc2c(O)c(C(=O)O)cc3ccccc23)c1O.c1ccc(NC2CCNCC2)cc1",
    "4-ap d5": "[2H]c1c([2H])c([2H])c(NC2CCNCC2)c([2H])c1[2H]",
    "1-boc-4-ap": "CC(C)(C)OC(=O)N1CCC(Nc2ccccc2)CC1",
    "norfentanyl": "CCC(=O)N(c1ccccc1)C1CCNCC1",
    "norfentanyl oxalate": "OC(=O)C(=O)O.CCC(=O)N(c1ccccc1)C1CCNCC1",
    "fentanyl citrate": "OC(=O)CC(O)(CC(=O)O)C(=O)O.CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
    "4-ap + norfentanyl mixture": "c1ccc(NC2CCNCC2)cc1.CCC(=O)N(c1ccccc1)C1CCNCC1",
}


def keys() -> dict[str, dict[str, object]]:
    from chemref.chem.parent import parent_of
    from chemref.chem.toolkit import Chem

    table: dict[str, dict[str, object]] = {}
    for label, smiles in INPUTS.items():
        parent, _ = parent_of(Chem.MolFromSmiles(smiles))
        table[label] = {
            "input": smiles,
            "input_inchikey": Chem.MolToInchiKey(Chem.MolFromSmiles(smiles)),
            "components": [
                {"smiles": c.smiles, "inchikey": c.inchikey, "tautomer_hash": c.tautomer_hash}
                for c in parent.components
            ],
            "removed": list(parent.removed),
            "changes": list(parent.changes),
        }
    return table


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(keys(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
