"""Tables for the tabular output formats, rendered from the typed answers (``chemref.answers.models``).

Tables show short list labels and decisions in words (``chemref.answers.decision``); JSON keeps the
full legal names. Dates, CAS RNs, ids and labels are ``whole`` columns: never broken inside.
"""

from __future__ import annotations

from chemref.answers.decision import UNKNOWN_WHY_WORDS, word
from chemref.answers.models import (
    Cell,
    ChemicalStatus,
    CoverageAnswer,
    EventAnswer,
    HistoryAnswer,
    Identity,
    LookupAnswer,
    ShowAnswer,
    SourceAnswer,
)
from chemref.answers.provenance import provenance_line
from chemref.render.formats import Table, cell


def decision_words(item: Cell) -> str:
    """The decision in words, with why for an unknown one."""
    text = word(item.decision)
    if item.decision == "unknown" and item.unknown_why:
        text += f" ({UNKNOWN_WHY_WORDS[item.unknown_why]})"
    return text


def status_note(item: Cell) -> str | None:
    """What a reader needs beside the decision: why it is not simply 'controlled since'."""
    if item.decision == "controlled":
        extra = []
        if item.list_since and item.since and item.list_since != item.since:
            extra.append(f"on {item.regime_short} since {item.list_since}")
        if item.coverage == "class":
            extra.append("through a class clause (not named)")
        if item.until:
            extra.append(f"temporary, until {item.until}")
        if item.in_force_by and not item.since:
            extra.append(f"date of effect not established; in force by {item.in_force_by}")
        if "; moved to " in item.reason:
            extra.append(item.reason.split("; moved to ", 1)[1].join(["moved to ", ""]))
        return "; ".join(extra) if extra else None
    return item.reason


def status_notes(cells: list[Cell]) -> list[str]:
    """'KEY: note' for each cell that needs one; jurisdictions with the same note share one line
    ('UN, EU, CA: ...', or 'every jurisdiction: ...' for a name outside the registry)."""
    keys_by_note: dict[str, list[str]] = {}
    for item in cells:
        if (note := status_note(item)) is not None:
            keys_by_note.setdefault(note, []).append(item.jurisdiction)
    every = len(cells) > 1
    return [
        f"{'every jurisdiction' if every and len(keys) == len(cells) else ', '.join(keys)}: {note}"
        for note, keys in keys_by_note.items()
    ]


def list_legend(items: list[Cell]) -> list[str]:
    """'UN Table I: 1988 Convention, Table I' for each short list label the table shows."""
    seen: dict[str, str] = {}
    for item in items:
        if item.decision in {"controlled", "review"} and item.regime_short and item.regime_name:
            seen.setdefault(item.regime_short, item.regime_name)
    return [f"{short}: {name}" for short, name in seen.items()]


def cells_table(cells: list[Cell], title: str, footer: str = "") -> Table:
    """One row per jurisdiction: decision, list, since and instrument, with a note where the decision needs one."""
    rows = []
    for item in cells:
        shows_list = item.decision in {"controlled", "review"}
        rows.append(
            [
                item.jurisdiction,
                decision_words(item),
                item.regime_short if shows_list else None,
                item.since_text() if item.decision == "controlled" else (item.since if shows_list else None),
                cell(item.instruments_short or item.instruments) if item.decision == "controlled" else None,
            ]
        )
    notes = status_notes(cells) + list_legend(cells)
    return Table(
        ["Jur.", "Decision", "List", "Since", "Instrument"],
        rows,
        title=title,
        notes=notes,
        whole=frozenset({"Jur.", "List", "Since"}),
        footer=footer,
    )


def status_table(record: ChemicalStatus, footer: str = "") -> Table:
    chem = record.chemical
    return cells_table(record.jurisdictions, f"{chem.name} ({chem.id}) on {record.on}", footer)


STATUS_CSV_COLUMNS = [
    "chemical", "name", "cas", "on", "jurisdiction", "decision", "unknown_why", "since", "list_since",
    "in_force_by", "regime", "regime_short", "coverage", "instruments", "reason",
]  # fmt: skip


def status_csv(records: list[ChemicalStatus]) -> Table:
    """The tidy table: one row per chemical x jurisdiction, each fact in its own column."""
    rows = []
    for record in records:
        chem = record.chemical
        for item in record.jurisdictions:
            listed = item.decision == "controlled"
            rows.append(
                [
                    chem.id,
                    chem.name,
                    chem.cas,
                    record.on,
                    item.jurisdiction,
                    item.decision,
                    item.unknown_why,
                    item.since,
                    item.list_since,
                    item.in_force_by,
                    item.regime if listed else None,
                    item.regime_short if listed else None,
                    item.coverage,
                    cell(item.instruments),
                    item.reason,
                ]
            )
    return Table(list(STATUS_CSV_COLUMNS), rows)


DECISION_MARKS = {"controlled": "yes", "not-controlled": "no", "unknown": "?", "not-applicable": "n/a", "review": "rev"}
LIST_LEGEND = "yes = controlled, no = not controlled, ? = unknown, n/a = not applicable (chemref status ID says why)"


def list_table(records: list[ChemicalStatus], jurisdictions: list[str], on: str, footer: str = "") -> Table:
    """The matrix: one row per chemical, one compact decision mark per jurisdiction, and a legend."""
    rows = []
    for record in records:
        by_key = {item.jurisdiction: item for item in record.jurisdictions}
        chem = record.chemical
        rows.append([chem.id, chem.cas, *(DECISION_MARKS[by_key[k].decision] for k in jurisdictions)])
    return Table(
        ["Id", "CAS RN", *jurisdictions],
        rows,
        title=f"Status on {on}",
        notes=[LIST_LEGEND],
        whole=frozenset({"Id", "CAS RN", *jurisdictions}),
        footer=footer,
    )


def _source_note(number: int, source: SourceAnswer) -> str:
    official = source.official_url
    text = f"[{number}] {official or source.url or source.key}"
    if official and source.url and source.url != official:
        text += f" (read at {source.url})"
    if source.checked:
        text += f", checked {source.checked}"
    return text


def effective_text(event: EventAnswer) -> str:
    """An event's date of effect in words: a date, 'by DATE', or 'not established'."""
    if event.effective_date:
        return event.effective_date
    return f"by {event.in_force_by}" if event.in_force_by else "not established"


def history_table(record: HistoryAnswer, footer: str = "") -> Table:
    """One row per event, sources as numbered notes."""
    chem = record.chemical
    numbers: dict[str, int] = {}
    by_key: dict[str, SourceAnswer] = {}
    for event in record.events:
        for source in event.sources:
            if source.key not in numbers:
                numbers[source.key] = len(numbers) + 1
                by_key[source.key] = source
    rows: list[list[str | None]] = []
    for event in record.events:
        marks = sorted({numbers[s.key] for s in event.sources})
        coverage = event.coverage + (f" (via {event.covered_via})" if event.covered_via else "")
        instrument = event.instrument
        rows.append(
            [
                effective_text(event),
                event.jurisdiction,
                event.action,
                event.regime_short or event.regime_name,
                coverage,
                instrument.short or instrument.citation or "not established",
                event.published_date,
                event.confidence,
                " ".join(f"[{n}]" for n in marks),
            ]
        )
    notes = [_source_note(n, by_key[k]) for k, n in numbers.items()]
    legend: dict[str, str] = {}
    for event in record.events:
        if event.regime_short and event.regime_name:
            legend.setdefault(event.regime_short, event.regime_name)
    notes += [f"{short}: {name}" for short, name in legend.items()]
    if not rows and record.empty_reason:
        notes = [record.empty_reason]
    return Table(
        ["Effective", "Jur.", "Action", "List", "Coverage", "Instrument", "Published", "Basis", "Sources"],
        rows,
        title=f"Control history of {chem.name} ({chem.id}, CAS {chem.cas or 'not recorded'})",
        notes=notes,
        whole=frozenset({"Effective", "Jur.", "List", "Published", "Basis"}),
        footer=footer,
    )


HISTORY_CSV_COLUMNS = [
    "chemical", "event", "effective_date", "in_force_by", "jurisdiction", "action", "regime", "regime_short",
    "coverage", "covered_via", "instrument", "published_date", "decided_date", "basis", "source_urls",
]  # fmt: skip


def history_csv(record: HistoryAnswer) -> Table:
    """One row per event, snake_case columns like every other CSV, with the chemical's id."""
    rows: list[list[str | None]] = []
    for event in record.events:
        rows.append(
            [
                record.chemical.id,
                event.id,
                event.effective_date,
                event.in_force_by,
                event.jurisdiction,
                event.action,
                event.regime,
                event.regime_short,
                event.coverage,
                event.covered_via,
                event.instrument.citation,
                event.published_date,
                event.decided_date,
                event.confidence,
                " ".join(s.official_url or s.url or s.key for s in event.sources),
            ]
        )
    return Table(list(HISTORY_CSV_COLUMNS), rows)


def identity_table(record: Identity | ShowAnswer) -> Table:
    ids = record.identifiers
    rows: list[list[str | None]] = [
        ["Name", record.name],
        ["IUPAC name", record.iupac_name],
        ["Synonyms", cell(record.synonyms)],
        ["CAS RN", ids.cas],
        ["Formula", ids.formula],
        ["Molecular weight", f"{ids.molecular_weight:.3f}" if ids.molecular_weight is not None else None],
        ["SMILES", ids.smiles],
        ["InChI", ids.inchi],
        ["InChIKey", ids.inchikey],
    ]
    if ids.no_structure:
        rows.append(["Structure", f"none: {ids.no_structure}"])
    for form in record.forms:
        rows.append([f"Form ({form.kind})", form.name + (f", CAS {form.cas}" if form.cas else "")])
    if isinstance(record, ShowAnswer) and record.matched_form is not None:
        rows.append(["Matched form", record.matched_form.name])
    for code in ids.customs_codes:
        rows.append([f"Customs code ({code.jurisdiction})", f"{code.code} ({code.scheme})"])
    return Table(["Field", "Value"], rows, title=f"{record.name} ({record.id})", whole=frozenset({"Field"}))


IDENTITY_CSV_COLUMNS = ["chemical", "field", "value"]


def identity_csv(record: ShowAnswer) -> Table:
    """``show -f csv``: one rectangular table of field/value rows: identity, then the status in each
    jurisdiction (``status UN``: the decision, list and date)."""
    rows = [[record.id, row[0], row[1]] for row in identity_table(record).rows]
    for item in record.status.jurisdictions:
        parts = [decision_words(item)]
        if item.decision == "controlled":
            parts.append(f"{item.regime_short}, since {item.since_text()}")
        rows.append([record.id, f"status {item.jurisdiction} on {record.status.on}", "; ".join(parts)])
    return Table(list(IDENTITY_CSV_COLUMNS), rows)


def lookup_tables(record: LookupAnswer, footer: str = "") -> list[Table]:
    """One status table per match, titled by its tier and explanation; the outside-registry answer when
    nothing matched."""
    tables = []
    for match in record.matches:
        table = cells_table(match.status, f"{match.name} ({match.id}): {match.tier} match on {record.on}")
        table.notes = [f"match: {match.explanation}", *table.notes]
        tables.append(table)
    lines = [f"input: {record.query} ({record.kind})"]
    if record.parent:
        lines.append(f"parent: {', '.join(record.parent.components)}")
    if record.ignored:
        lines.append(f"ignored: {record.ignored}")
    if record.unmatched:
        title = f"{record.query}: not a registered chemical; its answer on {record.on}"
        tables.append(cells_table(record.unmatched, title))
    tables[-1].notes += lines
    tables[-1].footer = footer
    return tables


LOOKUP_CSV_COLUMNS = [
    "query", "on", "matched_id", "tier", "jurisdiction", "decision", "since", "regime", "regime_short", "reason",
    "explanation",
]  # fmt: skip


def lookup_rows(record: LookupAnswer) -> list[list[str | None]]:
    """One row per match x jurisdiction; with no match, one row per jurisdiction for the unregistered answer."""
    rows: list[list[str | None]] = []
    for match in record.matches:
        for item in match.status:
            rows.append(
                [
                    record.query,
                    record.on,
                    match.id,
                    match.tier,
                    item.jurisdiction,
                    item.decision,
                    item.since,
                    item.regime,
                    item.regime_short,
                    item.reason,
                    match.explanation,
                ]
            )
    for item in record.unmatched:
        rows.append(
            [
                record.query,
                record.on,
                None,
                None,
                item.jurisdiction,
                item.decision,
                None,
                item.regime,
                item.regime_short,
                item.reason,
                "no registered chemical matches",
            ]
        )
    return rows


def lookup_csv(record: LookupAnswer) -> Table:
    return Table(list(LOOKUP_CSV_COLUMNS), lookup_rows(record))


def coverage_tables(record: CoverageAnswer) -> list[Table]:
    """Every cell (chemical x jurisdiction), then the totals."""
    rows: list[list[str | None]] = [
        [c.chemical, c.jurisdiction, word(c.decision), c.basis, c.last_checked, "stale" if c.stale else None]
        for c in record.cells
    ]
    cells = Table(
        ["Chemical", "Jur.", "Decision", "Basis", "Checked", "Finding"],
        rows,
        title=f"Coverage on {record.on}",
        whole=frozenset({"Chemical", "Jur.", "Basis", "Checked"}),
    )
    t = record.totals
    share = f"{t.primary_text_share:.0%}" if t.primary_text_share is not None else None
    unknown_share = f" ({t.unknown / t.cells:.0%})" if t.cells else ""
    totals = Table(
        ["Total", "Value"],
        [
            ["cells", str(t.cells)],
            ["answered (controlled or not)", str(t.answered)],
            ["unknown", f"{t.unknown}{unknown_share}"],
            ["not applicable", str(t.not_applicable)],
            ["stale findings", str(t.stale_findings)],
            ["events on primary text", f"{t.events_primary_text} of {t.events} ({share})"],
            ["oldest check", t.oldest_check],
        ],
        title="Totals",
        footer=provenance_line(record.provenance) if record.provenance else "",
    )
    return [cells, totals]
