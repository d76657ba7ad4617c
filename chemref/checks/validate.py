"""``chemref validate``: the data gate run in CI.

Each rule returns Problems with the file, the field path and (where possible) the line. Rules:

- yaml-syntax (including a key given twice), file-missing: the files can be read at all
- schema, unknown-key: every record matches the typed models
- id-filename, duplicate-id, duplicate-event: ids are unique and a chemical's file is named by its id
- cas-check-digit: CAS RNs are well formed
- duplicate-identity: no name, synonym, CAS RN or InChIKey is claimed by two chemicals
- date-order, future-date, scheduled-past: every pair of an event's dates is in order (decided <= published <=
  effective < expires; in_force_by not before decided, published or effective); no silent future, and no
  source checked after today
- source-unchecked: every source records when chemref last read it
- stale-finding (warning): a 'no control found' finding is past the registry's freshness window
- regime-short: short list labels are unique
- names, forms, member-of: every name a source is cited for is one of the chemical's names; forms carry valid
  CAS RNs; a family member names a registered parent
- unresolved-reference, regime-jurisdiction: keys between files resolve and agree
- coverage: class coverage names its parent and clause; named coverage does not
- no-source, unsupported-fact: every event is cited, and each fact it states has a supporting source
- synthesis-prose: no text drifts into synthesis information: English procedure words, reaction arrows,
  reagent formulas, named methods, and Chinese, Spanish and French synthesis wording (``chemref.checks.synthesis``)
- unsafe-url: every URL (url, official_url and any other *_url) is an http(s) address with no quote, angle
  bracket, whitespace or control character
- bidi-control: no text holds a bidirectional control character, which would reorder what is shown after it
- changelog-record: each entry of the data changelog names records that exist
- reading, reading-entry, reading-missing: each whole-list reading agrees with the events on its date, both
  ways (``chemref.checks.readings``)
- not-canonical: files are in the form ``chemref lint --fix`` writes
- identity (when RDKit is installed): structure identifiers agree with the recorded SMILES
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from chemref.answers.status import applies, finding_is_stale
from chemref.checks import synthesis as prose
from chemref.checks.readings import check_readings
from chemref.registry import canonical
from chemref.registry.cas import cas_problem
from chemref.registry.dates import today
from chemref.registry.load import RegistryFiles, build, read_files
from chemref.registry.models import VOCABULARIES, Chemical, ControlEvent, Finding, Instrument, Regime, Registry
from chemref.registry.names import keys_of
from chemref.registry.paths import CHANGELOG_FILE, CHEMICALS_DIR, READINGS_DIR, SETTINGS_FILE, resolve_path
from chemref.registry.problems import Problem

Rule = Callable[[Registry, RegistryFiles, dt.date], Iterator[Problem]]


def _chem_file(chemical: Chemical) -> str:
    return f"{CHEMICALS_DIR}/{chemical.id}.yml"


def _problem(files: RegistryFiles, rule: str, file: str, path: tuple[str | int, ...], message: str) -> Problem:
    text = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
    return Problem(rule, file, message, path=text, line=files.line(file, path))


def _events(chemical: Chemical) -> Iterator[tuple[int, ControlEvent]]:
    yield from enumerate(chemical.events)


def check_ids(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    for name in files.chemical_files():
        raw = files.data.get(name)
        stem = Path(name).stem
        if name.endswith(".yaml"):
            yield _problem(
                files, "id-filename", name, ("id",), f"name the file {stem}.yml: 'chemref lint --fix' renames it"
            )
        if isinstance(raw, dict) and raw.get("id") != stem:
            yield _problem(
                files, "id-filename", name, ("id",), f"id {raw.get('id')!r} does not match the file name {stem!r}"
            )
    for chemical in registry.chemicals.values():
        seen: set[str] = set()
        for index, event in _events(chemical):
            if event.id in seen:
                yield _problem(
                    files,
                    "duplicate-event",
                    _chem_file(chemical),
                    ("events", index, "id"),
                    f"event id {event.id!r} is used twice",
                )
            seen.add(event.id)


def check_cas(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    for chemical in registry.chemicals.values():
        cas = chemical.identifiers.cas
        if cas is not None and (reason := cas_problem(cas)) is not None:
            yield _problem(files, "cas-check-digit", _chem_file(chemical), ("identifiers", "cas"), reason)


def check_identity_claims(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    owners: dict[str, str] = {}
    for chemical in sorted(registry.chemicals.values(), key=lambda c: c.id):
        for key in dict.fromkeys(keys_of(chemical)):
            other = owners.setdefault(key, chemical.id)
            if other != chemical.id:
                yield _problem(
                    files,
                    "duplicate-identity",
                    _chem_file(chemical),
                    (),
                    f"a name, synonym, CAS RN or InChIKey (normalized {key!r}) is also claimed by {other!r}",
                )


# Pairs (earlier, later) that must be in order on one event, whichever of them are given.
_DATE_PAIRS = (
    ("decided", "published"),
    ("decided", "effective"),
    ("published", "effective"),
    ("decided", "in_force_by"),
    ("published", "in_force_by"),
    ("effective", "in_force_by"),
)


def check_dates(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    for chemical in registry.chemicals.values():
        file = _chem_file(chemical)
        for index, event in _events(chemical):
            here = ("events", index)
            for earlier, later in _DATE_PAIRS:
                a, b = getattr(event, earlier), getattr(event, later)
                if a is not None and b is not None and a.surely_after(b):
                    yield _problem(files, "date-order", file, (*here, later), f"{later} {b} is before {earlier} {a}")
            start = event.effective or event.published or event.decided
            if event.expires is not None and start is not None and not event.expires.surely_after(start):
                yield _problem(
                    files, "date-order", file, (*here, "expires"), f"expires {event.expires} is not after {start}"
                )
            if event.expires is not None and event.action not in {"temporary-control", "extended", "moved"}:
                yield _problem(
                    files,
                    "date-order",
                    file,
                    (*here, "expires"),
                    f"a '{event.action}' event has no expiry; only temporary controls (or one moved) do",
                )
            # An expiry in the future is ordinary: a temporary control runs until then.
            future = [
                name
                for name in ("decided", "published", "effective", "in_force_by")
                if getattr(event, name) is not None and getattr(event, name).first_day() > today
            ]
            for name in future:
                if name == "effective" and event.scheduled:
                    continue
                yield _problem(
                    files,
                    "future-date",
                    file,
                    (*here, name),
                    f"{name} {getattr(event, name)} is in the future; "
                    "mark the event 'scheduled: true' if it is announced",
                )
            if event.scheduled and (event.effective is None or event.effective.last_day() < today):
                yield _problem(
                    files,
                    "scheduled-past",
                    file,
                    (*here, "scheduled"),
                    "event is marked scheduled but its effective date has passed (or is unknown): "
                    "confirm it and drop 'scheduled'",
                )
        for index, finding in enumerate(chemical.findings):
            if finding.as_of.first_day() > today:
                yield _problem(
                    files, "future-date", file, ("findings", index, "as_of"), f"as_of {finding.as_of} is in the future"
                )
            elif finding_is_stale(registry, finding, today) and not _superseded(chemical, finding):
                problem = _problem(
                    files,
                    "stale-finding",
                    file,
                    ("findings", index, "as_of"),
                    f"'no control found' as of {finding.as_of} is past the {registry.settings.finding_freshness_days}-"
                    f"day freshness window: re-check {finding.jurisdiction} (until then the answer is 'unknown')",
                )
                yield dataclasses.replace(problem, severity="warning")
    for key, jurisdiction in registry.jurisdictions.items():
        for index, sweep in enumerate(jurisdiction.sweeps):
            if sweep.date > today:
                yield _problem(
                    files, "future-date", "jurisdictions.yml", (key, "sweeps", index, "date"), "sweep date in future"
                )
    for key, source in registry.sources.items():
        if source.checked is not None and source.checked > today:
            yield _problem(
                files,
                "future-date",
                "sources.yml",
                (key, "checked"),
                f"checked {source.checked} is in the future: a source can only have been read on or before today",
            )


def check_sources(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    for key, source in registry.sources.items():
        if source.checked is None:
            yield _problem(
                files,
                "source-unchecked",
                "sources.yml",
                (key,),
                "source has no 'checked' date: record the day chemref last read it (YYYY-MM-DD)",
            )


def _superseded(chemical: Chemical, finding: Finding) -> bool:
    """Whether an event in the finding's jurisdiction is dated after it: the finding is then history."""
    after = finding.as_of.last_day()
    for event in chemical.events:
        dates = (event.effective, event.in_force_by, event.published, event.decided)
        if event.jurisdiction == finding.jurisdiction and any(d and d.first_day() > after for d in dates):
            return True
    return False


def check_labels(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    owners: dict[str, str] = {}
    for key, regime in sorted(registry.regimes.items()):
        other = owners.setdefault(regime.short.casefold(), key)
        if other != key:
            yield _problem(
                files, "regime-short", "regimes.yml", (key, "short"), f"short label {regime.short!r} is also {other}'s"
            )
    codes = {key.casefold() for key in registry.jurisdictions}
    for key, jurisdiction in registry.jurisdictions.items():
        for index, alias in enumerate(jurisdiction.aliases):
            if alias.casefold() in codes:
                yield _problem(
                    files,
                    "alias",
                    "jurisdictions.yml",
                    (key, "aliases", index),
                    f"alias {alias!r} is a jurisdiction's own code",
                )


def check_names_and_forms(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    from chemref.registry.names import normalize

    for chemical in registry.chemicals.values():
        file = _chem_file(chemical)
        known = {normalize(name) for name in chemical.all_names()}
        for index, citation in enumerate(chemical.name_sources):
            for n_index, name in enumerate(citation.names):
                if normalize(name) not in known:
                    yield _problem(
                        files,
                        "names",
                        file,
                        ("name_sources", index, "names", n_index),
                        f"{name!r} is cited but is not among the chemical's name and synonyms",
                    )
        for index, form in enumerate(chemical.forms):
            if form.cas is not None and (reason := cas_problem(form.cas)) is not None:
                yield _problem(files, "cas-check-digit", file, ("forms", index, "cas"), reason)
            if form.cas is not None and form.cas == chemical.identifiers.cas:
                yield _problem(
                    files, "forms", file, ("forms", index, "cas"), "a form's CAS RN cannot be the parent's own"
                )
        if chemical.member_of is not None and chemical.member_of not in registry.chemicals:
            yield _problem(
                files, "member-of", file, ("member_of",), f"member_of {chemical.member_of!r}: no chemical has that id"
            )
        if chemical.member_of == chemical.id:
            yield _problem(files, "member-of", file, ("member_of",), "a chemical cannot be a member of itself")


def check_references(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    tables: dict[str, dict[str, object]] = {
        "jurisdiction": dict(registry.jurisdictions),
        "regime": dict(registry.regimes),
        "instrument": dict(registry.instruments),
        "source": dict(registry.sources),
        "chemical": dict(registry.chemicals),
    }

    def unresolved(file: str, path: tuple[str | int, ...], kind: str, key: str | None) -> Iterator[Problem]:
        if key is not None and key not in tables[kind]:
            where = "no chemical has that id" if kind == "chemical" else f"it is not defined in {kind}s.yml"
            yield _problem(files, "unresolved-reference", file, path, f"{kind} {key!r}: {where}")

    for key, regime in registry.regimes.items():
        yield from unresolved("regimes.yml", (key, "jurisdiction"), "jurisdiction", regime.jurisdiction)
    for key, instrument in registry.instruments.items():
        yield from unresolved("instruments.yml", (key, "jurisdiction"), "jurisdiction", instrument.jurisdiction)
    for key, jurisdiction in registry.jurisdictions.items():
        for index, other in enumerate(jurisdiction.applies_law_of):
            yield from unresolved("jurisdictions.yml", (key, "applies_law_of", index), "jurisdiction", other)
        for index, sweep in enumerate(jurisdiction.sweeps):
            for s_index, source in enumerate(sweep.sources):
                yield from unresolved("jurisdictions.yml", (key, "sweeps", index, "sources", s_index), "source", source)
    for chemical in registry.chemicals.values():
        file = _chem_file(chemical)
        for index, event in _events(chemical):
            here: tuple[str | int, ...] = ("events", index)
            yield from unresolved(file, (*here, "jurisdiction"), "jurisdiction", event.jurisdiction)
            yield from unresolved(file, (*here, "regime"), "regime", event.regime)
            yield from unresolved(file, (*here, "previous_regime"), "regime", event.previous_regime)
            yield from unresolved(file, (*here, "instrument"), "instrument", event.instrument)
            yield from unresolved(file, (*here, "coverage", "via"), "chemical", event.coverage.via)
            for s_index, citation in enumerate(event.sources):
                yield from unresolved(file, (*here, "sources", s_index, "source"), "source", citation.source)
            if event.action == "moved" and event.previous_regime is None:
                yield _problem(
                    files, "schema", file, (*here, "previous_regime"), "a 'moved' event must name previous_regime"
                )
            # An event may cite its own jurisdiction's lists and instruments, or those of a
            # jurisdiction whose law applies there (EU precursor law in Northern Ireland).
            home = registry.jurisdictions.get(event.jurisdiction)
            allowed = {event.jurisdiction, *(home.applies_law_of if home is not None else [])}
            when = event.effective or event.published or event.decided or event.in_force_by
            for former in home.former_law_of if home is not None else []:
                if when is not None and when.first_day() <= former.until.last_day():
                    allowed.add(former.jurisdiction)
            owners: list[tuple[str, str | None, Regime | Instrument | None]] = [
                ("regime", event.regime, registry.regimes.get(event.regime)),
                ("previous_regime", event.previous_regime, registry.regimes.get(event.previous_regime or "")),
                ("instrument", event.instrument, registry.instruments.get(event.instrument or "")),
            ]
            for field, reference, target in owners:
                if target is not None and target.jurisdiction not in allowed:
                    yield _problem(
                        files,
                        "regime-jurisdiction",
                        file,
                        (*here, field),
                        f"{field.replace('_', ' ')} {reference!r} belongs to {target.jurisdiction}, "
                        f"not {event.jurisdiction}",
                    )
        for index, finding in enumerate(chemical.findings):
            yield from unresolved(file, ("findings", index, "jurisdiction"), "jurisdiction", finding.jurisdiction)
            for s_index, citation in enumerate(finding.sources):
                yield from unresolved(
                    file, ("findings", index, "sources", s_index, "source"), "source", citation.source
                )
        for n_index, name_citation in enumerate(chemical.name_sources):
            yield from unresolved(file, ("name_sources", n_index, "source"), "source", name_citation.source)
        for f_index, form in enumerate(chemical.forms):
            for s_index, key in enumerate(form.sources):
                yield from unresolved(file, ("forms", f_index, "sources", s_index), "source", key)
        idents = chemical.identifiers
        for s_index, ident_citation in enumerate(idents.sources):
            yield from unresolved(file, ("identifiers", "sources", s_index, "source"), "source", ident_citation.source)
        for c_index, code in enumerate(idents.customs_codes):
            here = ("identifiers", "customs_codes", c_index)
            yield from unresolved(file, (*here, "source"), "source", code.source)
            yield from unresolved(file, (*here, "jurisdiction"), "jurisdiction", code.jurisdiction)


def check_coverage(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    for chemical in registry.chemicals.values():
        file = _chem_file(chemical)
        for index, event in _events(chemical):
            coverage = event.coverage
            here = ("events", index, "coverage")
            if coverage.kind == "class" and (coverage.via is None or not coverage.clause):
                yield _problem(
                    files,
                    "coverage",
                    file,
                    here,
                    "class coverage needs 'via' (the listed chemical) and 'clause' (its wording)",
                )
            if coverage.kind == "named" and coverage.via is not None:
                yield _problem(
                    files, "coverage", file, (*here, "via"), "named coverage cannot be 'via' another chemical"
                )
            if coverage.via == chemical.id:
                yield _problem(files, "coverage", file, (*here, "via"), "a chemical cannot be covered via itself")
            listing = registry.chemicals.get(coverage.via or "")
            if coverage.kind == "class" and listing is not None and event.effective is not None:
                day = event.effective.last_day()
                if not any(
                    other.jurisdiction == event.jurisdiction
                    and other.regime == event.regime
                    and applies(other, day) == "yes"
                    for other in listing.events
                ):
                    yield _problem(
                        files,
                        "coverage",
                        file,
                        (*here, "via"),
                        f"covered via {listing.id}, but no {event.jurisdiction} listing of {listing.id} under "
                        f"{event.regime} was in force on {day}",
                    )


def check_citations(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    for chemical in registry.chemicals.values():
        file = _chem_file(chemical)
        for index, event in _events(chemical):
            if not event.sources:
                yield _problem(
                    files,
                    "no-source",
                    file,
                    ("events", index, "sources"),
                    "event has no source: cite where it was read",
                )
                continue
            supported: set[str] = set()
            for citation in event.sources:
                supported.update(event.stated_facts() if citation.supports is None else citation.supports)
            for fact in event.stated_facts():
                if fact not in supported:
                    yield _problem(
                        files,
                        "unsupported-fact",
                        file,
                        ("events", index, fact),
                        f"no source supports '{fact}': add it to a citation's 'supports' or remove the fact",
                    )
        idents = chemical.identifiers
        named = {fact for c in idents.sources for fact in c.supports}
        if idents.cas is not None and "cas" not in named:
            yield _problem(files, "unsupported-fact", file, ("identifiers", "cas"), "no source supports the CAS RN")
        if idents.pubchem_cid is not None and "pubchem_cid" not in named:
            yield _problem(
                files, "unsupported-fact", file, ("identifiers", "pubchem_cid"), "no source supports the PubChem CID"
            )
        if idents.unii is not None and "unii" not in named:
            yield _problem(files, "unsupported-fact", file, ("identifiers", "unii"), "no source supports the UNII")


# Identifiers and structure notations (SMILES, SMARTS) are not prose; the URL rule checks URLs.
_NOT_PROSE = frozenset(
    {"smiles", "smarts", "inchi", "inchikey", "formula", "url", "official_url", "cas", "source", "code"}
)


def _texts(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    if isinstance(value, str):
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        if field not in _NOT_PROSE:
            yield path, field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def check_prose(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    targets: list[tuple[str, tuple[str | int, ...], Any]] = [
        (_chem_file(c), (), c.model_dump(mode="json")) for c in registry.chemicals.values()
    ]
    for index, change in enumerate(registry.changelog):
        targets.append(("changelog.yml", (index,), change.model_dump(mode="json")))
    for kind in ("jurisdictions", "regimes", "instruments", "sources"):
        for key, record in getattr(registry, kind).items():
            targets.append((f"{kind}.yml", (key,), record.model_dump(mode="json")))
    for name in files.reading_files():
        reading = registry.readings.get(Path(name).stem)
        if reading is not None:
            targets.append((name, (), reading.model_dump(mode="json")))
    for file, prefix, data in targets:
        for path, field, text in _texts(data, prefix):
            hits = prose.drift(text, field)
            if hits:
                yield _problem(
                    files,
                    "synthesis-prose",
                    file,
                    path,
                    f"text drifts into synthesis information ({', '.join(hits)}): chemref records identity, "
                    "legal status, dates and citations only",
                )


def changelog_record_problem(registry: Registry, files: RegistryFiles, record: str) -> str | None:
    """Why a changelog entry's record does not resolve, or None when it does.

    A record is a chemical id, 'chemical-id/event-id', a registry file name ('regimes.yml',
    'chemicals/4-ap.yml'), 'file.yml/KEY' for one record of a vocabulary, or 'readings/ID' for a list reading.
    """
    head, _, rest = record.partition("/")
    if head.endswith((".yml", ".yaml")):
        if not rest:
            known = {SETTINGS_FILE, CHANGELOG_FILE, *(f"{k}.yml" for k in VOCABULARIES)}
            return None if head in known or head in files.texts else f"no registry file is named {head!r}"
        vocabulary = head.removesuffix(".yml").removesuffix(".yaml")
        if vocabulary not in VOCABULARIES:
            return f"{head!r} is not a vocabulary file, so {rest!r} cannot name one of its records"
        table: dict[str, object] = getattr(registry, vocabulary)
        return None if rest in table else f"{head} has no record {rest!r}"
    if head == CHEMICALS_DIR and rest:
        return None if record in files.texts else f"no registry file is named {record!r}"
    if head == READINGS_DIR and rest:
        return None if rest in registry.readings else f"no list reading has the id {rest!r}"
    chemical = registry.chemicals.get(head)
    if chemical is None:
        return f"no chemical has the id {head!r}"
    if rest and not any(event.id == rest for event in chemical.events):
        return f"chemical {head!r} has no event {rest!r}"
    return None


def check_changelog(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    for index, change in enumerate(registry.changelog):
        for r_index, record in enumerate(change.records):
            reason = changelog_record_problem(registry, files, record)
            if reason is not None:
                yield _problem(
                    files,
                    "changelog-record",
                    CHANGELOG_FILE,
                    (index, "records", r_index),
                    f"record {record!r} does not resolve: {reason}",
                )


def check_canonical(registry: Registry, files: RegistryFiles, today: dt.date) -> Iterator[Problem]:
    for name, expected in canonical.canonical_files(registry).items():
        actual = files.texts.get(name)
        if actual is None or actual == expected:
            continue
        line = next(
            (
                i
                for i, (a, b) in enumerate(zip(actual.splitlines(), expected.splitlines(), strict=False), start=1)
                if a != b
            ),
            min(len(actual.splitlines()), len(expected.splitlines())) + 1,
        )
        yield Problem("not-canonical", name, "file is not in canonical form: run 'chemref lint --fix'", line=line)


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a plain http(s) address that is safe to print as a link, or None when it is."""
    scheme, colon, _ = url.partition(":")
    if not colon or scheme.casefold() not in {"http", "https"} or not url[len(scheme) + 1 :].startswith("//"):
        return f"{url[:60]!r} is not an http:// or https:// address; no other scheme is allowed"
    for char in url:
        if char in '"<>':
            return f"contains {char!r}, which ends a link on a page: percent-encode it (%{ord(char):02X})"
        if char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F:
            return f"contains whitespace or a control character (U+{ord(char):04X}): percent-encode it or remove it"
    return None


def _strings(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str | None, str]]:
    """Every string in parsed YAML, keys included, with its path and the key it is the value of."""
    if isinstance(value, str):
        field = path[-1] if path and isinstance(path[-1], str) else None
        yield path, field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield (*path, key), None, key
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def check_urls(files: RegistryFiles) -> Iterator[Problem]:
    for name in sorted(files.data):
        for path, field, text in _strings(files.data[name], ()):
            is_url = field is not None and (field == "url" or field.endswith("_url"))
            if is_url and (reason := url_problem(text)) is not None:
                yield _problem(files, "unsafe-url", name, path, f"{field}: {reason}")


# Bidirectional controls: embeddings and overrides, isolates, and the implicit marks (LRM, RLM, ALM).
BIDI_CONTROLS = frozenset(
    {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\u200e", "\u200f", "\u061c"}
)


def _may_hold_bidi(text: str) -> bool:
    """Whether a file's text can hold a bidi control: written as itself, or as a YAML escape (\\u202e)."""
    return "\\" in text or not BIDI_CONTROLS.isdisjoint(text)


def check_bidi(files: RegistryFiles) -> Iterator[Problem]:
    for name in sorted(files.data):
        if not _may_hold_bidi(files.texts.get(name, "\\")):
            continue  # most files: nothing to find, and no need to walk every string
        for path, _, text in _strings(files.data[name], ()):
            found = sorted({f"U+{ord(c):04X}" for c in text if c in BIDI_CONTROLS})
            if found:
                yield _problem(
                    files,
                    "bidi-control",
                    name,
                    path,
                    f"text holds bidirectional control character(s) {', '.join(found)}, which reorder what is "
                    "shown after them on a page or a terminal: remove them",
                )


RULES: list[Rule] = [
    check_ids,
    check_cas,
    check_identity_claims,
    check_dates,
    check_sources,
    check_labels,
    check_names_and_forms,
    check_references,
    check_coverage,
    check_citations,
    check_prose,
    check_changelog,
    check_readings,
    check_canonical,
]


# Rules on the parsed files rather than the typed registry: they run even when a record fails its schema.
RAW_RULES: list[Callable[[RegistryFiles], Iterator[Problem]]] = [check_urls, check_bidi]


def validate(root: Path | None = None, on: dt.date | None = None, identity: bool = True) -> list[Problem]:
    """Every problem in the registry at ``root``; an empty list means it is valid."""
    files = read_files(resolve_path(root))
    registry = build(files)
    raw = [problem for rule in RAW_RULES for problem in rule(files)]
    if registry is None:
        # A URL the model's pattern rejects is reported once, by the URL rule, which says why.
        urls = {(p.file, p.path) for p in raw if p.rule == "unsafe-url"}
        return [p for p in files.problems if not (p.rule == "schema" and (p.file, p.path) in urls)] + raw
    day = on or today()
    problems: list[Problem] = list(raw)
    for rule in RULES:
        problems.extend(rule(registry, files, day))
    if identity:
        problems.extend(_identity_problems(registry, files))
    return problems


def _identity_problems(registry: Registry, files: RegistryFiles) -> list[Problem]:
    try:
        from chemref.checks import identity
    except ImportError:  # RDKit missing: the identity rule cannot run, and says so
        return [Problem("identity", "chemicals/", "RDKit is not installed: structure identifiers were not checked")]
    problems: list[Problem] = identity.check_registry(registry, files)
    problems.extend(identity.check_class_rules(registry, files))
    return problems
