"""Markdown pages generated from the registry.

Every value read from the registry goes through ``text.md`` (or ``text.xml_text`` inside raw HTML),
so registry text is shown as written and never interpreted as Markdown or HTML. Links between
generated pages are Markdown links to ``.md`` files, so ``mkdocs build --strict`` checks them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from chemref.canonical import jurisdiction_order
from chemref.decision import word as decision_word
from chemref.docs import links
from chemref.docs.text import md, md_or_dash, xml_text
from chemref.docs.timeline import timeline_svg, unplaced_events
from chemref.models import Chemical, ControlEvent, Registry
from chemref.records import event_record, jurisdiction_record
from chemref.status import JurisdictionStatus, event_sort_key, history, jurisdiction_status

CHEMICAL_SEARCH_BOOST = 8


@dataclass(frozen=True)
class Site:
    """The registry and the build date every generated page is computed from."""

    registry: Registry
    today: dt.date

    @property
    def jurisdictions(self) -> list[str]:
        return jurisdiction_order(self.registry)

    @property
    def chemicals(self) -> list[Chemical]:
        return sorted(self.registry.chemicals.values(), key=lambda c: c.id)

    def status(self, chemical: Chemical, jurisdiction: str) -> JurisdictionStatus:
        return jurisdiction_status(self.registry, chemical, jurisdiction, self.today)


@dataclass(frozen=True)
class DatedEvent:
    chemical: Chemical
    event: ControlEvent


def all_events(site: Site) -> list[DatedEvent]:
    """Every event of every chemical, oldest first (events without any date last)."""
    pairs = [DatedEvent(c, e) for c in site.chemicals for e in c.events]
    return sorted(pairs, key=lambda p: (event_sort_key(p.event), p.chemical.id))


def front_matter(title: str, boost: int | None = None, hide: tuple[str, ...] = ("toc",)) -> str:
    """YAML front matter; the title is HTML-escaped because the theme prints titles as HTML.

    Generated pages hold wide tables, so the table of contents (and, for the widest, the navigation)
    is hidden to give them the page's width.
    """
    lines = ["---", f"title: {json.dumps(xml_text(title), ensure_ascii=False)}"]
    if hide:
        lines += ["hide:", *(f"  - {part}" for part in hide)]
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    return "\n".join([*lines, "---", "", ""])


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def external(url: str, label: str, title: str | None = None) -> str:
    """A link out of the site, as inline HTML so that no URL character is read as Markdown."""
    tip = f' title="{xml_text(title)}"' if title else ""
    return f'<a href="{xml_text(url)}"{tip}>{xml_text(label)}</a>'


def link(from_file: str, to_file: str, label_markdown: str, anchor: str | None = None) -> str:
    target = links.relative(from_file, to_file) + (f"#{anchor}" if anchor else "")
    return f"[{label_markdown}]({target})"


def event_link(from_file: str, chemical: Chemical, event_id: str, label_markdown: str) -> str:
    return link(from_file, links.chemical_page(chemical.id), label_markdown, links.event_anchor(event_id))


def jurisdiction_link(site: Site, from_file: str, key: str) -> str:
    return link(from_file, links.jurisdiction_page(key), md(key))


def effective_words(event: ControlEvent) -> str:
    if event.effective is not None:
        return event.effective.iso() + (" (scheduled)" if event.scheduled else "")
    if event.in_force_by is not None:
        return f"in force by {event.in_force_by.iso()}"
    return "not established"


def regime_name(site: Site, key: str) -> str:
    regime = site.registry.regimes.get(key)
    return regime.name if regime is not None else key


def instrument_cell(site: Site, event: ControlEvent) -> str:
    instrument = site.registry.instruments.get(event.instrument) if event.instrument else None
    if instrument is None:
        return "not established"
    return f'<span title="{xml_text(instrument.title)}">{md(instrument.citation)}</span>'


def coverage_cell(site: Site, page: str, event: ControlEvent) -> str:
    coverage = event.coverage
    if coverage.kind == "named":
        text = "named"
    else:
        parent = site.registry.chemicals.get(coverage.via) if coverage.via else None
        text = "class clause"
        if parent is not None:
            text += " of " + link(page, links.chemical_page(parent.id), md(parent.name))
    if coverage.clause:
        text += f"<br><small>“{md(coverage.clause)}”</small>"
    return text


def sources_cell(record: dict[str, Any]) -> str:
    parts = []
    for source in record["sources"]:
        if "url" not in source:
            parts.append(md(source["key"]))
            continue
        label = source["publisher"]
        basis = "primary text" if source["kind"] == "primary-text" else "secondary"
        where = f", {md(source['locator'])}" if source.get("locator") else ""
        parts.append(f"{external(source['url'], label, source['title'])} ({basis}{where})")
    return "<br>".join(parts)


def dates_cell(event: ControlEvent) -> str:
    named = [
        ("decided", event.decided),
        ("published", event.published),
        ("effective", event.effective),
        ("expires", event.expires),
        ("in force by", event.in_force_by),
    ]
    lines = [f"{label} {value.iso()}" for label, value in named if value is not None]
    if event.scheduled:
        lines.append("scheduled")
    return "<br>".join(lines) or "not established"


# --- chemical pages -------------------------------------------------------------------------------


def _identity_rows(chemical: Chemical, page: str, site: Site) -> list[list[str]]:
    ids = chemical.identifiers
    rows = [
        ["Preferred name", md(chemical.name)],
        ["IUPAC name", md(chemical.iupac_name)],
        ["Synonyms", "; ".join(md(s) for s in chemical.synonyms) or "none recorded"],
        ["CAS RN", external(links.cas_common_chemistry(ids.cas), ids.cas) if ids.cas else "not recorded"],
        ["InChIKey", external(links.pubchem_by_inchikey(ids.inchikey), ids.inchikey, "Search PubChem")],
        ["InChI", md(ids.inchi)],
        ["SMILES", md(ids.smiles)],
        ["Formula", md(ids.formula)],
        ["Molecular weight", f"{ids.molecular_weight:.3f} g/mol"],
    ]
    if ids.pubchem_cid is not None:
        rows.append(["PubChem CID", external(links.pubchem_compound(ids.pubchem_cid), str(ids.pubchem_cid))])
    if ids.unii:
        rows.append(["UNII", external(links.fda_unii(ids.unii), ids.unii)])
    for code in ids.customs_codes:
        source = site.registry.sources.get(code.source)
        cited = f"; {external(source.url, source.publisher, source.title)}" if source else ""
        rows.append(["Customs code", f"{md(code.code)} ({md(code.scheme)}, {md(code.jurisdiction)}{cited})"])
    cited_by = []
    for citation in ids.sources:
        source = site.registry.sources.get(citation.source)
        if source is not None:
            facts = ", ".join(citation.supports)
            cited_by.append(f"{external(source.url, source.publisher, source.title)} ({md(facts)})")
    rows.append(["Identifier sources", "<br>".join(cited_by) or "none recorded"])
    rows.append(["Data", link(page, links.chemical_json(chemical.id), "JSON")])
    return rows


def _status_rows(site: Site, chemical: Chemical, page: str) -> list[list[str]]:
    rows = []
    for key in site.jurisdictions:
        item = site.status(chemical, key)
        record = jurisdiction_record(site.registry, chemical, item)
        main = item.main
        since = record["since"] or "—"
        if item.controlled and main is not None and main.since is None and main.in_force_by is not None:
            since = f"in force by {main.in_force_by.iso()}"
        if record["events"] and item.controlled:
            since = event_link(page, chemical, record["events"][0], since)
        state = f"**{decision_word(item.decision)}**"
        if item.controlled and record["coverage"]:
            state += "<br>" + ("named" if record["coverage"] == "named" else "class clause only")
        if item.controlled and record["until"]:
            state += f"<br>temporary, until {md(record['until'])}"
        rows.append(
            [
                jurisdiction_link(site, page, key),
                state,
                md_or_dash(record["regime_name"] if item.controlled is not False else None),
                since,
                "; ".join(md(c) for c in record["instruments"]) or "—",
                md(item.reason),
            ]
        )
    return rows


def _history_rows(site: Site, chemical: Chemical, page: str) -> list[list[str]]:
    rows = []
    for event in history(chemical):
        record = event_record(site.registry, event)
        anchor = f'<span id="{links.event_anchor(event.id)}" class="chemref-anchor"></span>'
        rows.append(
            [
                anchor + md(effective_words(event)),
                jurisdiction_link(site, page, event.jurisdiction),
                f"**{md(event.action)}**<br>{md(regime_name(site, event.regime))}",
                coverage_cell(site, page, event),
                instrument_cell(site, event),
                dates_cell(event),
                f"`{record['confidence']}`",
                sources_cell(record),
            ]
        )
    return rows


def chemical_page(site: Site, chemical: Chemical) -> str:
    page = links.chemical_page(chemical.id)
    ids = chemical.identifiers
    also = [ids.cas] if ids.cas else []
    parts = [
        front_matter(chemical.name, boost=CHEMICAL_SEARCH_BOOST),
        f"# {md(chemical.name)}\n",
        f"{md(chemical.iupac_name)}" + "".join(f" · CAS RN {md(c)}" for c in also) + "\n",
        f"![2D structure of {chemical.id}]({links.relative(page, links.structure_svg(chemical.id))})"
        "{ .chemref-structure }\n",
        "## Identity {#identity}\n",
        '<div class="chemref-identity" markdown>\n',
        table(["Identifier", "Value"], _identity_rows(chemical, page, site)),
        "</div>\n",
        f"## Status on {site.today.isoformat()} {{#status-today}}\n",
        table(
            ["Jurisdiction", "Status", "List", "Since", "Instrument", "Reason"],
            _status_rows(site, chemical, page),
        ),
        "## Timeline {#timeline}\n",
    ]
    chart = timeline_svg(site.registry, chemical, site.today)
    if chart:
        parts.append(f'<div class="chemref-timeline-wrap" data-search-exclude>\n{chart}\n</div>\n')
        parts.append(
            "One lane per jurisdiction with a recorded event and one row per list. Solid bars: named on the "
            "list; hatched bars: covered only by a class clause; amber bars: temporary control, ending at the "
            "tick. A dashed outline marks a start known only as a date by which control was in force. Each dot "
            "is an event; select it to open its row below.\n"
        )
        unplaced = unplaced_events(chemical)
        if unplaced:
            names = ", ".join(event_link(page, chemical, e.id, md(e.id)) for e in unplaced)
            parts.append(f"Not on the chart, because no date of effect is established: {names}.\n")
    else:
        parts.append("No control event with a known date is recorded for this chemical.\n")
    parts.append("## History {#history}\n")
    rows = _history_rows(site, chemical, page)
    if rows:
        parts.append(
            table(
                [
                    "Effective",
                    "Jurisdiction",
                    "Action and list",
                    "Coverage",
                    "Instrument",
                    "Dates",
                    "Confidence",
                    "Sources",
                ],
                rows,
            )
        )
        notes = [e for e in history(chemical) if e.notes]
        if notes:
            parts.append("### Notes {#notes}\n")
            for event in notes:
                label = event_link(page, chemical, event.id, f"{md(event.jurisdiction)}, {md(effective_words(event))}")
                parts.append(f"- {label}: {md(event.notes or '')}")
            parts.append("")
    else:
        parts.append("No control event is recorded.\n")
    if chemical.findings:
        parts.append("## Research findings {#findings}\n")
        finding_rows = []
        for finding in sorted(chemical.findings, key=lambda f: (f.jurisdiction, f.as_of.first_day())):
            sources = [site.registry.sources.get(c.source) for c in finding.sources]
            finding_rows.append(
                [
                    jurisdiction_link(site, page, finding.jurisdiction),
                    md(finding.outcome),
                    finding.as_of.iso(),
                    md(finding.note),
                    "<br>".join(external(s.url, s.publisher, s.title) for s in sources if s is not None),
                ]
            )
        parts.append(table(["Jurisdiction", "Outcome", "As of", "Note", "Sources"], finding_rows))
    return "\n".join(parts)


def chemicals_index(site: Site) -> str:
    page = links.CHEMICALS_INDEX
    rows = [
        [
            link(page, links.chemical_page(c.id), md(c.name)),
            md_or_dash(c.identifiers.cas),
            md(c.identifiers.inchikey),
            "; ".join(md(s) for s in c.synonyms) or "—",
        ]
        for c in site.chemicals
    ]
    return (
        front_matter("Chemicals")
        + "# Chemicals\n\n"
        + "Every chemical in the registry, with its identity, its status today and its full control history.\n\n"
        + table(["Name", "CAS RN", "InChIKey", "Synonyms"], rows)
    )


# --- matrix, jurisdictions, changes, downloads -----------------------------------------------------


def _matrix_cell(site: Site, chemical: Chemical, key: str) -> str:
    page = links.MATRIX
    item = site.status(chemical, key)
    main = item.main
    if item.controlled and main is not None:
        if main.since is not None:
            when = main.since.iso()
        elif main.in_force_by is not None:
            when = f"in force by {main.in_force_by.iso()}"
        else:
            when = "date not established"
        cell = event_link(page, chemical, main.events[0], md(when)) if main.events else md(when)
        cell += f"<br>{md(regime_name(site, main.regime))}"
        if main.coverage == "class":
            cell += "<br>(class clause)"
        if main.until is not None:
            cell += f"<br>temporary, until {main.until.iso()}"
        return cell
    events = history(chemical, key)
    if not events:
        return md(item.reason.split(":")[0])
    word = decision_word(item.decision)
    target = main.events[-1] if main is not None and main.events else events[-1].id
    return event_link(page, chemical, target, word)


def matrix_page(site: Site) -> str:
    header = ["Chemical", *(link(links.MATRIX, links.jurisdiction_page(k), md(k)) for k in site.jurisdictions)]
    rows = [
        [link(links.MATRIX, links.chemical_page(c.id), md(c.name))]
        + [_matrix_cell(site, c, k) for k in site.jurisdictions]
        for c in site.chemicals
    ]
    return (
        front_matter("Matrix", hide=("navigation", "toc"))
        + "# Matrix\n\n"
        + f"Status on {site.today.isoformat()}. Each cell gives the date control took effect and the list; "
        "the date links to the event on the chemical's page. “unknown” means the sources do not establish "
        "the status on that day; “no control recorded” means no event is recorded.\n\n"
        + '<div class="chemref-matrix" markdown>\n\n'
        + table(header, rows)
        + "\n</div>\n"
    )


def _events_table(site: Site, page: str, pairs: list[DatedEvent], with_jurisdiction: bool = True) -> str:
    header = ["Effective", "Chemical"] + (["Jurisdiction"] if with_jurisdiction else [])
    header += ["Action", "List", "Instrument", "Confidence"]
    rows = []
    for pair in pairs:
        event = pair.event
        record = event_record(site.registry, event)
        row = [
            event_link(page, pair.chemical, event.id, md(effective_words(event))),
            link(page, links.chemical_page(pair.chemical.id), md(pair.chemical.name)),
        ]
        if with_jurisdiction:
            row.append(jurisdiction_link(site, page, event.jurisdiction))
        row += [
            md(event.action),
            md(regime_name(site, event.regime)),
            instrument_cell(site, event),
            f"`{record['confidence']}`",
        ]
        rows.append(row)
    return table(header, rows) if rows else "None recorded.\n"


def jurisdictions_index(site: Site) -> str:
    page = links.JURISDICTIONS_INDEX
    rows = []
    for key in site.jurisdictions:
        jurisdiction = site.registry.jurisdictions[key]
        lists = [r.name for r in site.registry.regimes.values() if r.jurisdiction == key]
        count = sum(1 for p in all_events(site) if p.event.jurisdiction == key)
        rows.append(
            [
                link(page, links.jurisdiction_page(key), md(key)),
                md(jurisdiction.name),
                md(jurisdiction.kind),
                "<br>".join(md(n) for n in sorted(lists)) or "—",
                str(count),
            ]
        )
    return (
        front_matter("Jurisdictions") + "# Jurisdictions\n\n" + table(["Key", "Name", "Kind", "Lists", "Events"], rows)
    )


def jurisdiction_page(site: Site, key: str) -> str:
    page = links.jurisdiction_page(key)
    jurisdiction = site.registry.jurisdictions[key]
    parts = [
        front_matter(f"{key}: {jurisdiction.name}"),
        f"# {md(key)}: {md(jurisdiction.name)}\n",
        f"Kind: {md(jurisdiction.kind)}.\n",
    ]
    if jurisdiction.note:
        parts.append(f"{md(jurisdiction.note)}\n")
    if jurisdiction.applies_law_of:
        applied = ", ".join(jurisdiction_link(site, page, k) for k in jurisdiction.applies_law_of)
        parts.append(f"The law of {applied} also has effect here.\n")
    regime_rows = [
        [
            md(regime.name) + f" (`{md(regime_key)}`)",
            md(regime.kind),
            md(regime.legal_basis),
            external(regime.url, "current text") if regime.url else "—",
        ]
        for regime_key, regime in sorted(site.registry.regimes.items())
        if regime.jurisdiction == key
    ]
    parts += ["## Lists and regimes {#lists}\n", table(["List", "Kind", "Legal basis", "Text"], regime_rows)]
    instrument_rows = [
        [md(i.citation), md(i.title), md(i.issuer), md(i.kind)]
        for _, i in sorted(site.registry.instruments.items())
        if i.jurisdiction == key
    ]
    if instrument_rows:
        parts += ["## Instruments {#instruments}\n", table(["Citation", "Title", "Issuer", "Kind"], instrument_rows)]
    pairs = [p for p in all_events(site) if p.event.jurisdiction == key]
    parts += ["## Events {#events}\n", _events_table(site, page, pairs, with_jurisdiction=False)]
    return "\n".join(parts)


def changes_order(site: Site) -> tuple[list[DatedEvent], list[DatedEvent]]:
    """Events with an effective date, newest first; and events whose date of effect is not established."""
    pairs = all_events(site)
    dated = [p for p in pairs if p.event.effective is not None]
    dated.sort(key=lambda p: (p.event.effective.first_day() if p.event.effective else dt.date.min, p.event.id))
    dated.reverse()
    undated = [p for p in pairs if p.event.effective is None]
    return dated, undated


def changes_page(site: Site) -> str:
    page = links.CHANGES
    dated, undated = changes_order(site)
    feed = link(page, links.ATOM_FEED, "Atom feed")
    calendar = link(page, links.ICALENDAR, "iCalendar file of effective dates")
    return "\n".join(
        [
            front_matter("What changed", hide=("navigation", "toc")),
            "# What changed\n",
            f"Every control event by the date it took effect, newest first. Subscribe: {feed} · {calendar}.\n",
            _events_table(site, page, dated),
            "## Date of effect not established {#undated}\n",
            _events_table(site, page, undated),
        ]
    )


def downloads_page(site: Site) -> str:
    page = links.DOWNLOADS
    per_chemical = [
        [link(page, links.chemical_page(c.id), md(c.name)), link(page, links.chemical_json(c.id), f"{c.id}.json")]
        for c in site.chemicals
    ]
    return "\n".join(
        [
            front_matter("Data downloads"),
            "# Data downloads\n",
            f"Built from the registry on {site.today.isoformat()}. The data are the same the `chemref export` "
            "command writes.\n",
            table(
                ["File", "What it holds"],
                [
                    [link(page, links.ALL_JSON, "chemref.json"), "Everything: chemicals, events, lists, sources."],
                    [link(page, links.EVENTS_CSV, "events.csv"), "One row per control event."],
                    [link(page, links.SCHEMA_JSON, "chemical.schema.json"), "JSON Schema of one chemical file."],
                    [link(page, links.ATOM_FEED, "changes.atom"), "Atom feed of control events."],
                    [link(page, links.ICALENDAR, "effective-dates.ics"), "iCalendar file of effective dates."],
                ],
            ),
            "## One file per chemical {#per-chemical}\n",
            table(["Chemical", "JSON"], per_chemical),
        ]
    )
