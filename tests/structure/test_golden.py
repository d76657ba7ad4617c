"""Structure keys are pinned: an RDKit or pipeline change that alters them fails here, loudly."""

from __future__ import annotations

import json

from golden_inputs import GOLDEN, keys


def test_structure_keys_match_the_golden_file() -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = keys()
    for label in expected:
        assert actual[label] == expected[label], (
            f"structure keys changed for {label!r} (RDKit or ChEMBL pipeline upgrade?). Review the change, then "
            "regenerate with: python tests/structure/golden_inputs.py"
        )
    assert set(actual) == set(expected)


def test_salt_forms_share_the_parent_key() -> None:
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    parent = data["4-ap"]["components"][0]["inchikey"]
    for label in ("4-ap kekule", "4-ap dihydrochloride", "4-ap hydrochloride ionic", "4-ap pamoate", "4-ap d5"):
        assert [c["inchikey"] for c in data[label]["components"]] == [parent], label
    assert data["4-ap dihydrochloride"]["input_inchikey"] != parent
    mixture = {c["inchikey"] for c in data["4-ap + norfentanyl mixture"]["components"]}
    assert parent in mixture and data["norfentanyl"]["components"][0]["inchikey"] in mixture
