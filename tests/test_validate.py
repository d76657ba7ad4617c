"""chemref validate: the clean registry passes; each deliberately broken copy fails on its rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REGISTRY, change, edit

from chemref.checks.validate import validate

TODAY = dt.date(2026, 12, 6)


def test_bundled_registry_is_valid() -> None:
    problems = [p for p in validate(REGISTRY, on=TODAY) if p.severity == "error"]
    assert problems == [], "registry invalid; run 'chemref validate' for details:\n" + "\n".join(
        f"{p.where()}: [{p.rule}] {p.message}" for p in problems
    )


def _chem(root: Path, name: str = "4-ap") -> Path:
    return root / "chemicals" / f"{name}.yml"


# Each case: (rule expected, file expected, mutation). One fault per copy.
BREAKAGES: dict[str, tuple[str, str, Callable[[Path], None]]] = {
    "yaml-syntax": ("yaml-syntax", "chemicals/4-ap.yml", lambda r: edit(_chem(r), "name: 4-AP", "name: [4-AP")),
    "duplicate-key": (
        "yaml-syntax",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), "name: 4-AP\n", "name: 4-AP\nname: 4-AP again\n"),
    ),
    "unknown-key": (
        "unknown-key",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), "name: 4-AP\n", "name: 4-AP\nsynthesis_steps: none\n"),
    ),
    "schema-type": (
        "schema",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), "action: scope-widened", "action: widened"),
    ),
    "bad-date": (
        "schema",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), 'effective: "2020-05-15"', 'effective: "2020-02-30"'),
    ),
    "unquoted-octal-code": (
        "schema",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), 'code: "2933399073"', "code: 02733000"),  # YAML 1.1 reads this as an octal number
    ),
    "cas-check-digit": (
        "cas-check-digit",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), '"23056-29-3"', '"23056-29-4"'),
    ),
    "id-filename": ("id-filename", "chemicals/4-ap.yml", lambda r: edit(_chem(r), "id: 4-ap", "id: four-ap")),
    "duplicate-event": (
        "duplicate-event",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), "id: us-2023-halides", "id: us-2020-list-i"),
    ),
    "duplicate-identity": (
        "duplicate-identity",
        "chemicals/norfentanyl.yml",
        lambda r: edit(
            _chem(r, "norfentanyl"),
            "synonyms: [N-phenyl-N-(piperidin-4-yl)propionamide, NORFENTANILO,",
            "synonyms: [N-phenyl-N-(piperidin-4-yl)propionamide, NORFENTANILO, 4-anilinopiperidine,",
        ),
    ),
    "date-order": (
        "date-order",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), 'published: "2020-04-15"', 'published: "2020-06-15"'),
    ),
    "expiry-on-permanent": (
        "date-order",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), 'effective: "2020-05-15"\n', 'effective: "2020-05-15"\n  expires: "2021-05-15"\n'),
    ),
    "future-date": (
        "future-date",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), 'effective: "2023-11-30"', 'effective: "2027-11-30"'),
    ),
    "scheduled-past": (
        "scheduled-past",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), 'effective: "2023-11-30"\n', 'effective: "2023-11-30"\n  scheduled: true\n'),
    ),
    "no-source": (
        "no-source",
        "chemicals/fentanyl.yml",
        lambda r: change(_chem(r, "fentanyl"), lambda data: data["events"][0].__setitem__("sources", [])),
    ),
    "source-without-url": (
        "schema",
        "sources.yml",
        lambda r: edit(
            r / "sources.yml", "  url: http://unis.unvienna.org/unis/en/pressrels/2017/unisnar1315.html\n", ""
        ),
    ),
    "unresolved-source": (
        "unresolved-reference",
        "chemicals/fentanyl.yml",
        lambda r: edit(_chem(r, "fentanyl"), "- source: un-unis-nar-1315", "- source: un-unis-nar-9999"),
    ),
    "unresolved-regime": (
        "unresolved-reference",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), "regime: UN-1988-TABLE-I", "regime: UN-1988-TABLE-IX"),
    ),
    "unresolved-via": (
        "unresolved-reference",
        "chemicals/1-boc-4-ap.yml",
        lambda r: edit(_chem(r, "1-boc-4-ap"), "via: 4-ap", "via: 4-anilino"),
    ),
    "regime-jurisdiction": (
        "regime-jurisdiction",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), "regime: CN-PRECURSOR-CATEGORY-II", "regime: US-CSA-LIST-I"),
    ),
    "coverage": (
        "coverage",
        "chemicals/1-boc-4-ap.yml",
        lambda r: edit(_chem(r, "1-boc-4-ap"), "    via: 4-ap\n", ""),
    ),
    "coverage-via-a-listing-not-in-force": (
        "coverage",
        "chemicals/1-boc-4-ap.yml",
        lambda r: edit(
            _chem(r, "1-boc-4-ap"),
            "  coverage:\n    kind: class\n    via: 4-ap\n    clause: its amides, its carbamates, and its salts\n"
            '  published: "2020-04-15"',
            "  coverage:\n    kind: class\n    via: 4-piperidone\n"
            "    clause: its amides, its carbamates, and its salts\n"
            '  published: "2020-04-15"',
        ),
    ),
    "unsupported-fact": (
        "unsupported-fact",
        "chemicals/fentanyl.yml",
        lambda r: edit(_chem(r, "fentanyl"), "    supports: [effective]\n", "    supports: [regime]\n"),
    ),
    "synthesis-prose": (
        "synthesis-prose",
        "chemicals/fentanyl.yml",
        lambda r: edit(
            _chem(r, "fentanyl"),
            "The issuing document and date of that edition",
            "The reagent grade of that edition",
        ),
    ),
    "not-canonical": (
        "not-canonical",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), "name: 4-AP\n", "name: '4-AP'\n"),
    ),
    "changelog-unknown-chemical": (
        "changelog-record",
        "changelog.yml",
        lambda r: edit(r / "changelog.yml", "records: [", "records: [no-such-chemical, "),
    ),
    "changelog-unknown-event": (
        "changelog-record",
        "changelog.yml",
        lambda r: edit(r / "changelog.yml", "records: [", "records: [4-ap/no-such-event, "),
    ),
    "changelog-unknown-file": (
        "changelog-record",
        "changelog.yml",
        lambda r: edit(r / "changelog.yml", "records: [", "records: [schedules.yml, "),
    ),
    "changelog-unknown-vocabulary-key": (
        "changelog-record",
        "changelog.yml",
        lambda r: edit(r / "changelog.yml", "records: [", "records: [regimes.yml/NO-SUCH-LIST, "),
    ),
    "missing-file": ("file-missing", "regimes.yml", lambda r: (r / "regimes.yml").unlink()),
    "duplicate-id": (
        "duplicate-id",
        "chemicals/4-ap-copy.yml",
        lambda r: (r / "chemicals" / "4-ap-copy.yml").write_text(
            _chem(r).read_text(encoding="utf-8"), encoding="utf-8"
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_each_broken_copy_is_caught(case: str, registry_copy: Callable[[], Path]) -> None:
    rule, file, mutate = BREAKAGES[case]
    root = registry_copy()
    mutate(root)
    problems = validate(root, on=TODAY, identity=False)
    found = [p for p in problems if p.rule == rule and p.file == file]
    assert found, (
        f"{case}: expected a [{rule}] problem in {file}, got {[(p.rule, p.file, p.message) for p in problems]}"
    )


@pytest.mark.parametrize("case", ["cas-check-digit", "date-order", "synthesis-prose", "unknown-key", "yaml-syntax"])
def test_problems_carry_a_line_number(case: str, registry_copy: Callable[[], Path]) -> None:
    rule, file, mutate = BREAKAGES[case]
    root = registry_copy()
    mutate(root)
    problem = next(p for p in validate(root, on=TODAY, identity=False) if p.rule == rule)
    assert problem.line is not None and problem.line > 1
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    assert 0 < problem.line <= len(lines)


def test_cas_problem_names_the_right_digit(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    BREAKAGES["cas-check-digit"][2](root)
    problem = next(p for p in validate(root, on=TODAY, identity=False) if p.rule == "cas-check-digit")
    assert "should be 3" in problem.message
    assert problem.path == "identifiers.cas"


def test_scheduled_future_event_is_accepted(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    edit(_chem(root), 'effective: "2023-11-30"\n', 'effective: "2027-01-01"\n  scheduled: true\n')
    problems = validate(root, on=TODAY, identity=False)
    assert [p for p in problems if p.rule in {"future-date", "scheduled-past"}] == []


def test_prose_in_an_official_title_may_use_the_legal_words() -> None:
    from chemref.checks.synthesis import drift

    title = "Precursor Chemicals Used in the Illicit Manufacture of Fentanyl"
    assert drift(title, "title") == []
    assert drift(title, "notes") == ["use in manufacture"]
    assert drift("heated under reflux", "notes") == ["conditions"]
    assert drift("Designated an immediate precursor of fentanyl", "notes") == []


def test_changelog_records_of_every_form_resolve(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    edit(
        root / "changelog.yml",
        "records: [",
        "records: [4-ap, 4-ap/us-2020-list-i, chemicals/4-ap.yml, regimes.yml/US-CSA-LIST-I, jurisdictions.yml/GB, ",
    )
    assert [p for p in validate(root, on=TODAY, identity=False) if p.rule == "changelog-record"] == []


def test_a_jurisdiction_may_cite_law_it_applies(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    edit(
        root / "jurisdictions.yml",
        "US:\n",
        "XN:\n  name: A territory applying US law (test only)\n  kind: subdivision\n  applies_law_of: [US]\nUS:\n",
    )
    edit(_chem(root), "- id: us-2020-list-i\n  jurisdiction: US", "- id: us-2020-list-i\n  jurisdiction: XN")
    problems = validate(root, on=TODAY, identity=False)
    assert [p for p in problems if p.rule in {"regime-jurisdiction", "unresolved-reference"}] == []


# The RDKit-backed rules (identity, class-rule) run with identity=True.
STRUCTURE_BREAKAGES: dict[str, tuple[str, str, Callable[[Path], None]]] = {
    "inchikey-mismatch": (
        "identity",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), "LKRMTUUCKBQGFO-UHFFFAOYSA-N", "LKRMTUUCKBQGFO-UHFFFAOYSA-O"),
    ),
    "formula-mismatch": (
        "identity",
        "chemicals/norfentanyl.yml",
        lambda r: edit(_chem(r, "norfentanyl"), "formula: C14H20N2O", "formula: C14H20N2O2"),
    ),
    "unreadable-smiles": (
        "identity",
        "chemicals/fentanyl.yml",
        lambda r: edit(
            _chem(r, "fentanyl"), "smiles: CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "smiles: CCC(=O)N(c1ccccc1"
        ),
    ),
    "smarts-does-not-parse": (
        "class-rule",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), "smarts: ['c1ccccc1[NX3][CX4]1", "smarts: ['c1ccccc1[NX3][CX4"),
    ),
    "rule-without-a-registered-skeleton": (
        "class-rule",
        "chemicals/4-ap.yml",
        lambda r: edit(_chem(r), "smarts: ['c1ccccc1[NX3][CX4]1[CX4][CX4][NX3][CX4][CX4]1']", "smarts: ['c1ccccc1']"),
    ),
    "class-coverage-not-matched-by-its-rules": (
        "class-rule",
        "chemicals/1-boc-4-ap.yml",
        # 4-AP's carbamate rules now demand a thiocarbamate, which 1-boc-4-AP is not.
        lambda r: edit(_chem(r), "$(N-[CX3](=O)O[#6])", "$(N-[CX3](=O)S[#6])", count=-1),
    ),
}


@pytest.mark.parametrize("case", sorted(STRUCTURE_BREAKAGES))
def test_each_broken_structure_is_caught(case: str, registry_copy: Callable[[], Path]) -> None:
    rule, file, mutate = STRUCTURE_BREAKAGES[case]
    root = registry_copy()
    mutate(root)
    problems = validate(root, on=TODAY)
    found = [p for p in problems if p.rule == rule and p.file == file]
    assert found, (
        f"{case}: expected a [{rule}] problem in {file}, got {[(p.rule, p.file, p.message) for p in problems]}"
    )
