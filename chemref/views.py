"""Tables for the tabular output formats, built from the JSON-ready records.

Tables show short list labels and decisions in words (``chemref.decision``); JSON keeps the full
legal names. Dates, CAS RNs, ids and labels are ``whole`` columns: never broken inside.
"""

from __future__ import annotations

from typing import Any

from chemref.decision import UNKNOWN_WHY_WORDS, word
from chemref.output import Table, cell


def since_cell(item: dict[str, Any]) -> str | None:
    """When control began: the continuous start, else the date by which a source shows it in force."""
    if item["decision"] != "controlled":
        return None
    if item["since"]:
        return str(item["since"])
    if item.get("in_force_by"):
        return f"by {item['in_force_by']}"
    return "not known"


def _status_note(item: dict[str, Any]) -> str | None:
    """What a reader needs beside the decision: why it is not simply 'controlled since'."""
    key = item["jurisdiction"]
    if item["decision"] == "controlled":
        extra = []
        if item.get("list_since") and item["since"] and item["list_since"] != item["since"]:
            extra.append(f"on {item['regime_short']} since {item['list_since']}")
        if item["coverage"] == "class":
            extra.append("through a class clause (not named)")
        if item.get("until"):
            extra.append(f"temporary, until {item['until']}")
        if item.get("in_force_by") and not item["since"]:
            extra.append(f"date of effect not established; in force by {item['in_force_by']}")
        return f"{key}: {'; '.join(extra)}" if extra else None
    return f"{key}: {item['reason']}"


def status_table(record: dict[str, Any], footer: str = "") -> Table:
    chem = record["chemical"]
    rows = []
    for item in record["jurisdictions"]:
        decision = word(item["decision"])
        if item["decision"] == "unknown" and item.get("unknown_why"):
            decision += f" ({UNKNOWN_WHY_WORDS[item['unknown_why']]})"
        instrument = cell(item.get("instruments_short") or item["instruments"])
        rows.append(
            [
                item["jurisdiction"],
                decision,
                item["regime_short"] if item["decision"] == "controlled" else None,
                since_cell(item),
                instrument if item["decision"] == "controlled" else None,
            ]
        )
    notes = [note for item in record["jurisdictions"] if (note := _status_note(item)) is not None]
    notes += list_legend(record["jurisdictions"])
    return Table(
        ["Jur.", "Decision", "List", "Since", "Instrument"],
        rows,
        title=f"{chem['name']} ({chem['id']}) on {record['on']}",
        notes=notes,
        whole=frozenset({"Jur.", "List", "Since"}),
        footer=footer,
    )


def list_legend(items: list[dict[str, Any]]) -> list[str]:
    """'UN Table I: 1988 Convention, Table I' for each short list label the table shows."""
    seen: dict[str, str] = {}
    for item in items:
        if item.get("decision") == "controlled" and item.get("regime_short") and item.get("regime_name"):
            seen.setdefault(item["regime_short"], item["regime_name"])
    return [f"{short}: {name}" for short, name in seen.items()]


def status_csv(records: list[dict[str, Any]]) -> Table:
    """The tidy table: one row per chemical x jurisdiction, each fact in its own column."""
    rows = []
    for record in records:
        chem = record["chemical"]
        for item in record["jurisdictions"]:
            rows.append(
                [
                    chem["id"],
                    chem["name"],
                    chem.get("cas"),
                    record["on"],
                    item["jurisdiction"],
                    item["decision"],
                    item.get("unknown_why"),
                    item["since"],
                    item.get("list_since"),
                    item.get("in_force_by"),
                    item["regime"] if item["decision"] == "controlled" else None,
                    item["regime_short"] if item["decision"] == "controlled" else None,
                    item["coverage"],
                    cell(item["instruments"]),
                    item["reason"],
                ]
            )
    headers = [
        "chemical", "name", "cas", "on", "jurisdiction", "decision", "unknown_why", "since", "list_since",
        "in_force_by", "regime", "regime_short", "coverage", "instruments", "reason",
    ]  # fmt: skip
    return Table(headers, rows)


DECISION_MARKS = {"controlled": "yes", "not-controlled": "no", "unknown": "?", "not-applicable": "n/a", "review": "rev"}


def list_table(records: list[dict[str, Any]], jurisdictions: list[str], on: str, footer: str = "") -> Table:
    """The matrix: one row per chemical, one compact decision mark per jurisdiction, and a legend."""
    rows = []
    for record in records:
        by_key = {item["jurisdiction"]: item for item in record["jurisdictions"]}
        chem = record["chemical"]
        rows.append([chem["id"], chem.get("cas"), *(DECISION_MARKS[by_key[k]["decision"]] for k in jurisdictions)])
    legend = "yes = controlled, no = not controlled, ? = unknown, n/a = not applicable (chemref status ID says why)"
    return Table(
        ["Id", "CAS RN", *jurisdictions],
        rows,
        title=f"Status on {on}",
        notes=[legend],
        whole=frozenset({"Id", "CAS RN", *jurisdictions}),
        footer=footer,
    )


def _source_note(number: int, source: dict[str, Any]) -> str:
    official = source.get("official_url")
    text = f"[{number}] {official or source.get('url', source['key'])}"
    if official and source.get("url") and source["url"] != official:
        text += f" (read at {source['url']})"
    if source.get("checked"):
        text += f", checked {source['checked']}"
    return text


def history_table(record: dict[str, Any], inline_urls: bool = False, footer: str = "") -> Table:
    """One row per event; sources as numbered notes, or inline (for CSV, which has no notes)."""
    chem = record["chemical"]
    numbers: dict[str, int] = {}
    by_key: dict[str, dict[str, Any]] = {}
    for event in record["events"]:
        for source in event["sources"]:
            if source["key"] not in numbers:
                numbers[source["key"]] = len(numbers) + 1
                by_key[source["key"]] = source
    rows: list[list[str | None]] = []
    for event in record["events"]:
        marks = sorted({numbers[s["key"]] for s in event["sources"]})
        coverage = event["coverage"]
        if event["covered_via"]:
            coverage += f" (via {event['covered_via']})"
        effective = event["effective_date"] or (
            f"by {event['in_force_by']}" if event["in_force_by"] else "not established"
        )
        instrument = event["instrument"]
        rows.append(
            [
                effective,
                event["jurisdiction"],
                event["action"],
                event.get("regime_short") or event["regime_name"],
                coverage,
                instrument.get("short") or instrument["citation"] or "not established",
                event["published_date"],
                event["confidence"],
                " ".join(s.get("official_url") or s.get("url", s["key"]) for s in event["sources"])
                if inline_urls
                else " ".join(f"[{n}]" for n in marks),
            ]
        )
    notes = [_source_note(n, by_key[k]) for k, n in numbers.items()]
    notes += list_legend([{**e, "decision": "controlled"} for e in record["events"]])
    if not rows and record.get("empty_reason"):
        notes = [record["empty_reason"]]
    return Table(
        ["Effective", "Jur.", "Action", "List", "Coverage", "Instrument", "Published", "Basis", "Sources"],
        rows,
        title=f"Control history of {chem['name']} ({chem['id']}, CAS {chem['cas'] or 'not recorded'})",
        notes=[] if inline_urls else notes,
        whole=frozenset({"Effective", "Jur.", "List", "Published", "Basis"}),
        footer=footer,
    )


def identity_table(record: dict[str, Any]) -> Table:
    ids = record["identifiers"]
    rows: list[list[str | None]] = [
        ["Name", record["name"]],
        ["IUPAC name", record["iupac_name"]],
        ["Synonyms", cell(record["synonyms"])],
        ["CAS RN", cell(ids.get("cas"))],
        ["Formula", ids["formula"]],
        ["Molecular weight", f"{ids['molecular_weight']:.3f}"],
        ["SMILES", ids["smiles"]],
        ["InChI", ids["inchi"]],
        ["InChIKey", ids["inchikey"]],
    ]
    for form in record.get("forms", []):
        rows.append([f"Form ({form['kind']})", f"{form['name']}" + (f", CAS {form['cas']}" if form.get("cas") else "")])
    if record.get("matched_form"):
        rows.append(["Matched form", record["matched_form"]["name"]])
    for code in ids.get("customs_codes", []):
        rows.append([f"Customs code ({code['jurisdiction']})", f"{code['code']} ({code['scheme']})"])
    return Table(["Field", "Value"], rows, title=f"{record['name']} ({record['id']})", whole=frozenset({"Field"}))


def lookup_tables(record: dict[str, Any], footer: str = "") -> list[Table]:
    """One status table per match, titled by its tier and explanation; a note when nothing matched."""
    tables = []
    for match in record["matches"]:
        status = {"chemical": {"name": match["name"], "id": match["id"]}, "on": record["on"]}
        table = status_table({**status, "jurisdictions": match["status"]})
        table.title = f"{match['name']} ({match['id']}): {match['tier']} match on {record['on']}"
        table.notes = [f"match: {match['explanation']}", *table.notes]
        tables.append(table)
    parent = record.get("parent")
    lines = [f"input: {record['query']} ({record['kind']})"]
    if parent:
        lines.append(f"parent: {', '.join(parent['components'])}")
    if record.get("ignored"):
        lines.append(f"ignored: {record['ignored']}")
    if not tables:
        lines.append("no registered chemical matches")
        tables.append(Table(["Input"], [], title=f"{record['query']} on {record['on']}"))
    tables[-1].notes += lines
    tables[-1].footer = footer
    return tables


def lookup_csv(record: dict[str, Any]) -> Table:
    """One row per match x jurisdiction."""
    rows = []
    for match in record["matches"]:
        for item in match["status"]:
            rows.append(
                [
                    record["query"],
                    record["on"],
                    match["id"],
                    match["tier"],
                    item["jurisdiction"],
                    item["decision"],
                    item.get("since"),
                    item.get("regime"),
                    item.get("regime_short"),
                    item["reason"],
                    match["explanation"],
                ]
            )
    headers = [
        "query", "on", "matched_id", "tier", "jurisdiction", "decision", "since", "regime", "regime_short", "reason",
        "explanation",
    ]  # fmt: skip
    return Table(headers, rows)


def coverage_tables(record: dict[str, Any]) -> list[Table]:
    """Every cell (chemical x jurisdiction), then the totals."""
    from chemref.provenance import provenance_line

    rows: list[list[str | None]] = [
        [
            c["chemical"],
            c["jurisdiction"],
            word(c["decision"]),
            c["basis"],
            c["last_checked"],
            "stale" if c["stale"] else None,
        ]
        for c in record["cells"]
    ]
    cells = Table(
        ["Chemical", "Jur.", "Decision", "Basis", "Checked", "Finding"],
        rows,
        title=f"Coverage on {record['on']}",
        whole=frozenset({"Chemical", "Jur.", "Basis", "Checked"}),
    )
    t = record["totals"]
    share = f"{t['primary_text_share']:.0%}" if t["primary_text_share"] is not None else None
    totals = Table(
        ["Total", "Value"],
        [
            ["cells", str(t["cells"])],
            ["answered (controlled or not)", str(t["answered"])],
            ["unknown", str(t["unknown"])],
            ["not applicable", str(t["not_applicable"])],
            ["stale findings", str(t["stale_findings"])],
            ["events on primary text", f"{t['events_primary_text']} of {t['events']} ({share})"],
            ["oldest check", t["oldest_check"]],
        ],
        title="Totals",
        footer=provenance_line(record["provenance"]),
    )
    return [cells, totals]
