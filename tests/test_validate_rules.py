"""Broken-data fixtures for the validator rules added with decisions, forms, names and the data changelog.

Each copy of the bundled registry is broken in one place, through its YAML structure rather than its
text, so the fixtures keep working as the data grows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from chemref.checks.validate import validate

TODAY = dt.date(2026, 12, 6)
YAML = Callable[[Any], None]


def change(root: Path, name: str, mutate: YAML) -> None:
    path = root / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def first_event(data: dict[str, Any], where: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    event: dict[str, Any] = next(e for e in data["events"] if where(e))
    return event


def _decided_after_effective(data: dict[str, Any]) -> None:
    event = first_event(data, lambda e: "effective" in e and len(str(e["effective"])) == 10)
    event.pop("published", None)
    day = dt.date.fromisoformat(str(event["effective"]))
    event["decided"] = (day + dt.timedelta(days=31)).isoformat()


def _in_force_by_before_published(data: dict[str, Any]) -> None:
    event = first_event(data, lambda e: "published" in e and len(str(e["published"])) == 10)
    event.pop("effective", None)
    event["in_force_by"] = "2001-04-30"
    event["sources"] = [{"source": s["source"]} for s in event["sources"]]


def _stale_finding(data: dict[str, Any]) -> None:
    data["events"] = [e for e in data["events"] if e["jurisdiction"] != "MX"]
    data.setdefault("findings", []).append(
        {"jurisdiction": "MX", "outcome": "no-control-found", "as_of": "2020-01-01", "note": "test finding"}
    )


def _duplicate_short(data: dict[str, Any]) -> None:
    data["US-CSA-LIST-I"]["short"] = data["UN-1988-TABLE-I"]["short"]


def _alias_is_a_code(data: dict[str, Any]) -> None:
    data["US"]["aliases"] = ["USA", "CA"]


def _cited_name_not_a_synonym(data: dict[str, Any]) -> None:
    data["name_sources"] = [{"source": data["events"][0]["sources"][0]["source"], "names": ["not-a-name-of-4-ap"]}]


def _form_cas_check_digit(data: dict[str, Any]) -> None:
    source = data["events"][0]["sources"][0]["source"]
    data["forms"] = [
        {"name": "4-AP test salt", "kind": "salt", "cas": "99999-99-1", "smiles": "C", "sources": [source]}
    ]


def _member_of_nothing(data: dict[str, Any]) -> None:
    data["member_of"] = "no-such-chemical"


def _changelog_prose(data: list[dict[str, Any]]) -> None:
    data.append({"date": "2026-11-28", "kind": "update", "summary": "a synthetic route was noted", "records": ["4-ap"]})


SOURCE = "cn-chemradar-2024-announcement"


def _source(**fields: Any) -> Callable[[dict[str, Any]], None]:
    """Set (or, with None, remove) fields of one source."""

    def mutate(data: dict[str, Any]) -> None:
        for key, value in fields.items():
            if value is None:
                data[SOURCE].pop(key, None)
            else:
                data[SOURCE][key] = value

    return mutate


def _regime_url(url: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        data["US-CSA-LIST-I"]["url"] = url

    return mutate


def _bidi_note(data: dict[str, Any]) -> None:
    data["events"][0]["notes"] = "Listed \u202eevil\u202c text"


BREAKAGES: dict[str, tuple[str, str, Callable[[Path], None]]] = {
    "decided-after-effective-without-published": (
        "date-order",
        "chemicals/4-ap.yml",
        lambda r: change(r, "chemicals/4-ap.yml", _decided_after_effective),
    ),
    "in-force-by-before-publication": (
        "date-order",
        "chemicals/4-ap.yml",
        lambda r: change(r, "chemicals/4-ap.yml", _in_force_by_before_published),
    ),
    "duplicate-short-label": ("regime-short", "regimes.yml", lambda r: change(r, "regimes.yml", _duplicate_short)),
    "alias-is-a-code": ("alias", "jurisdictions.yml", lambda r: change(r, "jurisdictions.yml", _alias_is_a_code)),
    "cited-name-not-a-synonym": (
        "names",
        "chemicals/4-ap.yml",
        lambda r: change(r, "chemicals/4-ap.yml", _cited_name_not_a_synonym),
    ),
    "form-cas-check-digit": (
        "cas-check-digit",
        "chemicals/4-ap.yml",
        lambda r: change(r, "chemicals/4-ap.yml", _form_cas_check_digit),
    ),
    "member-of-nothing": (
        "member-of",
        "chemicals/4-ap.yml",
        lambda r: change(r, "chemicals/4-ap.yml", _member_of_nothing),
    ),
    "chemical-file-named-yaml": (
        "id-filename",
        "chemicals/npp.yaml",
        lambda r: (r / "chemicals" / "npp.yml").rename(r / "chemicals" / "npp.yaml"),
    ),
    "file-too-large": (
        "file-too-large",
        "chemicals/4-ap.yml",
        lambda r: (r / "chemicals" / "4-ap.yml").write_text("# padding\n" * 120_000, encoding="utf-8"),
    ),
    "changelog-prose": ("synthesis-prose", "changelog.yml", lambda r: change(r, "changelog.yml", _changelog_prose)),
    "source-checked-in-the-future": (
        "future-date",
        "sources.yml",
        lambda r: change(r, "sources.yml", _source(checked="2027-11-25")),
    ),
    "source-unchecked": ("source-unchecked", "sources.yml", lambda r: change(r, "sources.yml", _source(checked=None))),
    "url-with-markup": (
        "unsafe-url",
        "sources.yml",
        lambda r: change(r, "sources.yml", _source(url='https://x.example/a"><script>')),
    ),
    "url-javascript": (
        "unsafe-url",
        "sources.yml",
        lambda r: change(r, "sources.yml", _source(official_url="javascript:alert(1)")),
    ),
    "regime-url-javascript": (
        "unsafe-url",
        "regimes.yml",
        lambda r: change(r, "regimes.yml", _regime_url("javascript:alert(1)")),
    ),
    "bidi-control-in-notes": (
        "bidi-control",
        "chemicals/4-ap.yml",
        lambda r: change(r, "chemicals/4-ap.yml", _bidi_note),
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_each_broken_copy_is_caught(case: str, registry_copy: Callable[[], Path]) -> None:
    rule, file, mutate = BREAKAGES[case]
    root = registry_copy()
    mutate(root)
    problems = validate(root, on=TODAY, identity=False)
    found = [p for p in problems if p.rule == rule and p.file == file and p.severity == "error"]
    assert found, f"{case}: expected [{rule}] in {file}, got {[(p.rule, p.file, p.message) for p in problems]}"


def test_a_finding_followed_by_an_event_is_history_not_stale(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()

    def old_finding_then_event(data: dict[str, Any]) -> None:
        assert any(e["jurisdiction"] == "MX" for e in data["events"])
        data.setdefault("findings", []).append(
            {"jurisdiction": "MX", "outcome": "no-control-found", "as_of": "2020-01-01", "note": "test finding"}
        )

    change(root, "chemicals/4-ap.yml", old_finding_then_event)
    assert [p for p in validate(root, on=TODAY, identity=False) if p.rule == "stale-finding"] == []


def test_a_stale_finding_is_a_warning_not_an_error(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    change(root, "chemicals/4-ap.yml", _stale_finding)
    problems = validate(root, on=TODAY, identity=False)
    stale = [p for p in problems if p.rule == "stale-finding" and p.file == "chemicals/4-ap.yml"]
    assert stale and all(p.severity == "warning" for p in stale)
    assert "re-check MX" in stale[0].message


def test_the_bundled_registry_has_no_errors() -> None:
    from conftest import REGISTRY

    errors = [p for p in validate(REGISTRY, on=TODAY) if p.severity == "error"]
    assert errors == [], "\n".join(f"{p.where()}: [{p.rule}] {p.message}" for p in errors)


@pytest.mark.parametrize(
    "text",
    [
        "The temporary order was converted into a permanent listing.",
        "A search of the Gazette yielded no other instrument.",
        "The route of appeal was not used.",
        "The temporary order was converted into a permanent listing; a search of the Gazette yielded no other "
        "instrument, and the route of appeal was not used.",
    ],
)
def test_legal_wording_is_not_synthesis_prose(text: str) -> None:
    from chemref.checks.synthesis import drift

    assert drift(text, "notes") == []


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("a synthetic route was described", "route"),
        ("obtained in 80 % yield", "yield"),
        ("a yield of 75%", "yield"),
        ("converted to the amine", "conversion"),
        ("the reagent grade is not established", "reagent"),
    ],
)
def test_synthesis_prose_is_still_caught(text: str, hit: str) -> None:
    from chemref.checks.synthesis import drift

    assert hit in drift(text, "notes")


def test_a_source_checked_after_chemref_today_is_in_the_future(
    registry_copy: Callable[[], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = registry_copy()
    change(root, "sources.yml", _source(checked="2026-12-07"))
    monkeypatch.setenv("CHEMREF_TODAY", "2026-12-06")
    future = [p for p in validate(root, identity=False) if p.rule == "future-date"]
    assert [(p.file, p.path) for p in future] == [("sources.yml", f"{SOURCE}.checked")]
    assert future[0].line is not None and "2026-12-07 is in the future" in future[0].message
    monkeypatch.setenv("CHEMREF_TODAY", "2026-12-07")
    assert [p for p in validate(root, identity=False) if p.rule == "future-date"] == []


def test_version_never_prints_a_checked_through_date_after_today(registry_copy: Callable[[], Path]) -> None:
    from helpers import chemref

    root = registry_copy()
    change(root, "sources.yml", _source(checked="2027-11-25"))
    for today in ("2026-12-05", "2026-12-06", "2026-12-31"):
        ran = chemref("--registry", str(root), "--version", env={"CHEMREF_TODAY": today})
        assert ran.returncode == 0, ran.stderr
        printed = [line.split()[-1] for line in ran.stdout.splitlines() if "checked through" in line]
        assert printed and all(dt.date.fromisoformat(day) <= dt.date.fromisoformat(today) for day in printed)


def test_source_unchecked_names_the_source(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    change(root, "sources.yml", _source(checked=None))
    problems = [p for p in validate(root, on=TODAY, identity=False) if p.rule == "source-unchecked"]
    assert [(p.path, p.severity) for p in problems] == [(SOURCE, "error")]
    assert problems[0].line is not None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ('https://x.example/a"><script>', "'\"'"),
        ("https://x.example/<a>", "'<'"),
        ("https://x.example/a b", "whitespace"),
        ("https://x.example/a\tb", "whitespace"),
        ("javascript:alert(1)", "http:// or https://"),
        ("ftp://x.example/a", "http:// or https://"),
        ("https:x.example", "http:// or https://"),
    ],
)
def test_unsafe_urls_are_named_with_the_reason(url: str, words: str) -> None:
    from chemref.checks.validate import url_problem

    reason = url_problem(url)
    assert reason is not None and words in reason


@pytest.mark.parametrize(
    "url", ["https://www.federalregister.gov/d/2022-24155", "http://x.example/a?b=1&c=%22d%22#e", "HTTPS://X.EXAMPLE/"]
)
def test_plain_http_urls_pass(url: str) -> None:
    from chemref.checks.validate import url_problem

    assert url_problem(url) is None


def test_a_javascript_url_gets_one_clear_message(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    change(root, "sources.yml", _source(official_url="javascript:alert(1)"))
    here = [p for p in validate(root, on=TODAY, identity=False) if p.path == f"{SOURCE}.official_url"]
    assert [p.rule for p in here] == ["unsafe-url"]
    assert "official_url" in here[0].message and "http:// or https://" in here[0].message


@pytest.mark.parametrize(
    "char", [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]]
)
def test_every_bidi_control_is_rejected(char: str) -> None:
    from chemref.checks.validate import check_bidi
    from chemref.registry.load import RegistryFiles

    files = RegistryFiles(root=Path("."), data={"sources.yml": {"k": {"title": f"Listed {char}evil text"}}})
    problems = list(check_bidi(files))
    assert [(p.rule, p.path) for p in problems] == [("bidi-control", "k.title")]
    assert f"U+{ord(char):04X}" in problems[0].message


def test_bidi_controls_are_found_in_keys_and_lists() -> None:
    from chemref.checks.validate import check_bidi
    from chemref.registry.load import RegistryFiles

    data = {"chemicals/x.yml": {"synonyms": ["a", "b\u2067c"], "k\u200f": "v"}}
    paths = sorted(p.path for p in check_bidi(RegistryFiles(root=Path("."), data=data)))
    assert paths == ["k\u200f", "synonyms[1]"]


def test_the_bidi_fixture_is_located(registry_copy: Callable[[], Path]) -> None:
    root = registry_copy()
    change(root, "chemicals/4-ap.yml", _bidi_note)
    problems = [p for p in validate(root, on=TODAY, identity=False) if p.rule == "bidi-control"]
    assert [p.path for p in problems] == ["events[0].notes"]
    assert problems[0].line is not None and "U+202C, U+202E" in problems[0].message


def test_a_bidi_control_written_as_a_yaml_escape_is_found(registry_copy: Callable[[], Path]) -> None:
    """The rule skips files whose text holds no control character; an escape (\\u202e) must not slip past."""
    root = registry_copy()
    path = root / "chemicals" / "4-ap.yml"
    path.write_text(path.read_text(encoding="utf-8") + 'comment: "Listed \\u202eevil text"\n', encoding="utf-8")
    assert "\u202e" not in path.read_text(encoding="utf-8")
    problems = [p for p in validate(root, on=TODAY, identity=False) if p.rule == "bidi-control"]
    assert [p.path for p in problems] == ["comment"]
