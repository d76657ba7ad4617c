"""Tables for the tabular output formats, built from the JSON-ready records."""

from __future__ import annotations

from typing import Any

from chemref.output import Table, cell


def controlled_word(value: bool | None) -> str:
    return {True: "controlled", False: "not controlled", None: "unknown"}[value]


def status_table(record: dict[str, Any]) -> Table:
    chem = record["chemical"]
    rows = [
        [
            item["jurisdiction"],
            controlled_word(item["controlled"]),
            cell(item["regime_name"]),
            cell(item["since"]),
            cell(item["coverage"]),
            cell(item["instruments"]) if item["instruments"] else ("not established" if item["regime"] else "—"),
            item["reason"],
        ]
        for item in record["jurisdictions"]
    ]
    return Table(
        ["Jurisdiction", "Status", "List", "Since", "Coverage", "Instrument", "Reason"],
        rows,
        title=f"{chem['name']} ({chem['id']}) on {record['on']}",
    )


def history_table(record: dict[str, Any], inline_urls: bool = False) -> Table:
    """One row per event; source URLs as numbered notes, or inline (for CSV, which has no notes)."""
    chem = record["chemical"]
    urls: dict[str, int] = {}
    rows = []
    for event in record["events"]:
        marks = []
        for source in event["sources"]:
            url = source.get("url", source["key"])
            number = urls.setdefault(url, len(urls) + 1)
            marks.append(f"[{number}]")
        coverage = event["coverage"]
        if event["covered_via"]:
            coverage += f" (via {event['covered_via']})"
        effective = event["effective_date"] or (
            f"in force by {event['in_force_by']}" if event["in_force_by"] else "not established"
        )
        rows.append(
            [
                effective,
                event["jurisdiction"],
                event["action"],
                cell(event["regime_name"]),
                coverage,
                event["instrument"]["citation"] or "not established",
                cell(event["published_date"]),
                event["confidence"],
                " ".join(s.get("url", s["key"]) for s in event["sources"]) if inline_urls else " ".join(marks),
            ]
        )
    notes = [f"[{number}] {url}" for url, number in urls.items()]
    return Table(
        ["Effective", "Jur.", "Action", "List", "Coverage", "Instrument", "Published", "Basis", "Sources"],
        rows,
        title=f"Control history of {chem['name']} ({chem['id']}, CAS {chem['cas'] or 'not recorded'})",
        notes=[] if inline_urls else notes,
    )


def identity_table(record: dict[str, Any]) -> Table:
    ids = record["identifiers"]
    rows = [
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
    for code in ids.get("customs_codes", []):
        rows.append([f"Customs code ({code['jurisdiction']})", f"{code['code']} ({code['scheme']})"])
    return Table(["Field", "Value"], rows, title=f"{record['name']} ({record['id']})")
