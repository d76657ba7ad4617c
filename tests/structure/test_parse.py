from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chemref.chem.parse import StructureError, detect_kind, mol_from


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("C1CC", "smiles", "unclosed ring"),
        ("CC(C", "smiles", "parentheses"),
        ("C(C)(C)(C)(C)C", "smiles", "valence"),
        ("c1cccc1", "smiles", "kekulize"),
        ("", "smiles", "empty"),
        ("C C", "smiles", "no spaces"),
        ("C" * 100_001, "smiles", "longer than"),
        ("InChI=1S/C11H16N2/c1-2-4-10(5-3-1)13-11-6-8-12/hXX", "inchi", "Syntax error"),
        ("InChI=1S/garbage", "inchi", "not a valid InChI"),
        ("not an inchi", "inchi", "starts with"),
        ("garbage\nM  END", "molblock", "not a valid molblock"),
    ],
)
def test_unreadable_input_says_why(text: str, kind: str, message: str) -> None:
    with pytest.raises(StructureError, match=message):
        mol_from(text, kind)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("4-AP", "name"),
        ("norfentanyl", "name"),
        ("c1ccc(NC2CCNCC2)cc1", "smiles"),
        ("Cl.Cl.c1ccc(NC2CCNCC2)cc1", "smiles"),
        ("InChI=1S/CH4/h1H4", "inchi"),
        ("LKRMTUUCKBQGFO-UHFFFAOYSA-N", "inchikey"),
        ("23056-29-3", "cas"),
    ],
)
def test_kinds_are_detected(text: str, kind: str) -> None:
    assert detect_kind(text) == kind


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_the_query_parser_never_crashes(text: str) -> None:
    kind = detect_kind(text)
    assert kind in {"smiles", "inchi", "inchikey", "cas", "name", "molblock"}
    if kind in {"smiles", "inchi", "molblock"}:
        try:
            mol = mol_from(text, kind)
        except StructureError as exc:
            assert str(exc)
        else:
            assert mol.GetNumAtoms() > 0
