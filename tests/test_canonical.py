from __future__ import annotations

from conftest import REGISTRY

from chemref.registry.canonical import canonical_files
from chemref.registry.load import load


def test_registry_is_in_canonical_form() -> None:
    for name, text in canonical_files(load(REGISTRY)).items():
        assert (REGISTRY / name).read_text(encoding="utf-8") == text, (
            f"{name} is not canonical: run 'chemref lint --fix'"
        )


def test_identifier_like_strings_are_quoted() -> None:
    text = (REGISTRY / "chemicals" / "4-ap.yml").read_text(encoding="utf-8")
    assert 'cas: "23056-29-3"' in text
    assert 'code: "2933399073"' in text
