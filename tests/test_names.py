from __future__ import annotations

import pytest
from conftest import REGISTRY

from chemref.registry.load import load
from chemref.registry.names import NotFound, QueryError, find


@pytest.fixture(scope="module")
def registry():  # type: ignore[no-untyped-def]
    return load(REGISTRY)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("4-ap", "4-ap"),
        ("4-AP", "4-ap"),
        ("4 ap", "4-ap"),
        ("4-Anilinopiperidine", "4-ap"),
        ("N-PHENYL-4-PIPERIDINAMINE", "4-ap"),
        ("23056-29-3", "4-ap"),
        ("LKRMTUUCKBQGFO-UHFFFAOYSA-N", "4-ap"),
        ("boc-4-AP", "1-boc-4-ap"),
        ("125541-22-2", "1-boc-4-ap"),
        ("tert-butyl 4-(phenylamino)piperidine-1-carboxylate", "1-boc-4-ap"),
        ("Norfentanyl", "norfentanyl"),
        ("1609-66-1", "norfentanyl"),
        ("fentanyl", "fentanyl"),
    ],
)
def test_queries_find_the_chemical(registry, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert find(registry, query).id == expected


def test_a_miss_suggests_close_names(registry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound) as caught:
        find(registry, "norfentanil")
    # the closest names are norfentanyl's own: its Mexican legal name, then its English name
    assert caught.value.suggestions[:2] == ["NORFENTANILO", "norfentanyl"]
    assert find(registry, caught.value.suggestions[0]).id == "norfentanyl"
    assert "Did you mean: NORFENTANILO, norfentanyl" in str(caught.value)


def test_same_connectivity_inchikey_suggests_the_registered_one(registry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound) as caught:
        find(registry, "LKRMTUUCKBQGFO-UHFFFAOYSA-O")
    assert caught.value.suggestions == ["4-AP"]


@pytest.mark.parametrize(("query", "message"), [("23056-29-4", "check digit"), ("  ", "empty"), ("---", "no letters")])
def test_malformed_queries_are_bad_input(registry, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match=message):
        find(registry, query)


def test_name_lookup_does_not_import_rdkit() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from chemref.registry.load import load; "
        "from chemref.registry.names import find;"
        f"find(load(Path(r'{REGISTRY}')), '4-AP'); assert 'rdkit' not in sys.modules, 'rdkit imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
