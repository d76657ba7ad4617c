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

from chemref import __version__
from chemref.canonical import jurisdiction_order
from chemref.decision import UNKNOWN_WHY_WORDS, Decision
from chemref.docs import html, links
from chemref.docs.text import md, xml_text
from chemref.docs.timeline import timeline_svg, unplaced_events
from chemref.models import Chemical, ControlEvent, Finding, Registry
from chemref.provenance import checked_through
from chemref.records import event_record, jurisdiction_record
from chemref.status import JurisdictionStatus, event_sort_key, history, jurisdiction_status

CHEMICAL_SEARCH_BOOST = 8
# An empty cell of a status table: a dash on a wide screen, left out of a row's block on a phone.
NONE = '<span class="chemref-none">—</span>'
NOWRAP_NAME = 24


@dataclass(frozen=True)
class Site:
    """The registry and the build date every generated page is computed from."""

    registry: Registry
    today: dt.date
    base_url: str | None = None

    @property
    def version(self) -> str:
        return __version__

    @property
    def checked_through(self) -> dt.date | None:
        return checked_through(self.registry)

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
    """The event's date of effect as inline HTML: a date, an 'in force by' date, or 'not established'."""
    if event.effective is not None:
        return html.date(event.effective.iso()) + (" (scheduled)" if event.scheduled else "")
    if event.in_force_by is not None:
        return html.by_date(event.in_force_by.iso())
    return "not established"


def regime_name(site: Site, key: str) -> str:
    regime = site.registry.regimes.get(key)
    return regime.name if regime is not None else key


def regime_label(site: Site, key: str) -> str:
    """A list's short label, with its full name on hover."""
    regime = site.registry.regimes.get(key)
    if regime is None:
        return html.nowrap(key)
    return f'<span class="chemref-list" title="{md(regime.name)}">{md(regime.short)}</span>'


def instrument_cell(site: Site, event: ControlEvent) -> str:
    instrument = site.registry.instruments.get(event.instrument) if event.instrument else None
    if instrument is None:
        return "not established"
    return f'<span title="{xml_text(instrument.title)}">{md(instrument.citation)}</span>'


def cite_url(site: Site, page: str, anchor: str | None = None) -> tuple[str, str]:
    """The link a citation gives (absolute when the site's URL is configured) and the text it shows."""
    path = links.page_url(page) + (f"#{anchor}" if anchor else "")
    if site.base_url:
        url = site.base_url.rstrip("/") + "/" + path
        return url, url
    return html.href(page, page, anchor), path


def cite_line(site: Site, page: str, title: str, anchor: str | None = None) -> str:
    """'Cite this' as one line of inline HTML: title, chemref version, registry hash, date consulted, URL.

    The date consulted is the build date; the site's script replaces it with the reader's date, and a
    relative URL with the absolute one, when JavaScript runs.
    """
    url, shown = cite_url(site, page, anchor)
    digest = site.registry.content_hash
    return (
        f'<span class="chemref-cite-text">“{md(title)}”, chemref {md(site.version)} (registry '
        f'<span class="chemref-id" title="{md(digest)}">{md(digest[:12])}</span>), consulted '
        f'<time class="chemref-consulted chemref-date" datetime="{site.today.isoformat()}">'
        f"{site.today.isoformat()}</time>, "
        f'<a class="chemref-permalink" href="{md(url)}">{md(shown)}</a></span>'
    )


def event_title(site: Site, chemical: Chemical, event: ControlEvent) -> str:
    regime = site.registry.regimes.get(event.regime)
    when = f"effective {event.effective.iso()}" if event.effective else "date of effect not established"
    return f"{chemical.name}: {event.action}, {regime.short if regime else event.regime} ({event.jurisdiction}), {when}"


def research_details(finding: Finding) -> str:
    """A finding's research notes, collapsed: the search log is evidence, not the finding."""
    if not finding.research:
        return ""
    return f'<details class="chemref-research"><summary>Research notes</summary>{md(finding.research)}</details>'


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
    lines = [
        f'<span class="chemref-date">{label} {md(value.iso())}</span>' for label, value in named if value is not None
    ]
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
        [
            "CAS RN",
            html.nowrap_html(external(links.cas_common_chemistry(ids.cas), ids.cas), "cas") if ids.cas else "none",
        ],
        [
            "InChIKey",
            html.nowrap_html(external(links.pubchem_by_inchikey(ids.inchikey), ids.inchikey, "Search PubChem")),
        ],
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


def status_note(site: Site, page: str, record: dict[str, Any], finding: Finding | None) -> str:
    """What a reader needs beside the decision: coverage and end of a control, or why the answer is unknown,
    and the legal finding with its research notes collapsed."""
    parts: list[str] = []
    if record["decision"] == "controlled":
        if record["coverage"] == "class":
            parts.append(html.glossary_link(page, "class clause", "class clause only"))
        if record["until"]:
            parts.append(f"temporary, until {html.date(record['until'])}")
        if record["list_since"] and record["list_since"] != record["since"]:
            parts.append(f"on this list since {html.date(record['list_since'])}")
    elif record["decision"] == "unknown" and record["unknown_why"]:
        why = UNKNOWN_WHY_WORDS[record["unknown_why"]]
        parts.append(html.glossary_link(page, why))
    if finding is not None and record["decision"] != "controlled":
        parts.append(f"{md(finding.note)} (as of {html.date(finding.as_of.iso())})")
        parts.append(research_details(finding))
    return "<br>".join(p for p in parts if p) or NONE


def since_cell(record: dict[str, Any]) -> str:
    if record["decision"] != "controlled":
        return NONE
    if record["since"]:
        return html.date(record["since"])
    if record["in_force_by"]:
        return html.by_date(record["in_force_by"])
    return "not established"


def decision_cell(page: str, decision: Decision) -> str:
    return html.badge(decision)


def status_row(site: Site, page: str, chemical: Chemical, key: str, first: str) -> list[str]:
    """One row of a status table: first column, decision, list, since, instrument, note."""
    item = site.status(chemical, key)
    record = jurisdiction_record(site.registry, chemical, item)
    since = since_cell(record)
    if record["events"] and record["decision"] == "controlled":
        since = event_link(page, chemical, record["events"][0], since)
    controlled = record["decision"] == "controlled"
    return [
        first,
        decision_cell(page, record["decision"]),
        regime_label(site, record["regime"]) if controlled and record["regime"] else NONE,
        since,
        instruments_cell(record) if controlled else NONE,
        status_note(site, page, record, item.finding),
    ]


def instruments_cell(record: dict[str, Any]) -> str:
    """The instruments of a control in force, by their short citations, each kept on one line."""
    short: list[str] = record["instruments_short"]
    full: list[str] = record["instruments"]
    if not short:
        return "not established"
    return "<br>".join(
        f'<span class="chemref-id" title="{md(long)}">{md(label)}</span>'
        for label, long in zip(short, full, strict=False)
    )


def name_label(chemical: Chemical) -> str:
    """A chemical's name as a link label: short names (most are ids like 1-boc-4-AP) never wrap at a hyphen."""
    return html.nowrap(chemical.name, "id") if len(chemical.name) <= NOWRAP_NAME else md(chemical.name)


def status_table(header: list[str], rows: list[list[str]]) -> str:
    """A status table; on a phone each row becomes a block (see chemref.css), so no column runs off screen."""
    return f'<div class="chemref-status" markdown>\n\n{table(header, rows)}\n</div>\n'


def status_header(page: str, first: str) -> list[str]:
    return [
        first,
        f"[Decision]({links.relative(page, links.GLOSSARY)}#decisions)",
        "List",
        html.glossary_link(page, "since", "Since"),
        "Instrument",
        "Note",
    ]


def _status_rows(site: Site, chemical: Chemical, page: str) -> list[list[str]]:
    return [status_row(site, page, chemical, key, jurisdiction_link(site, page, key)) for key in site.jurisdictions]


def _history_rows(site: Site, chemical: Chemical, page: str) -> list[list[str]]:
    rows = []
    for event in history(chemical):
        record = event_record(site.registry, event)
        anchor = f'<span id="{links.event_anchor(event.id)}" class="chemref-anchor"></span>'
        permalink = f'<a class="chemref-event-link" href="#{links.event_anchor(event.id)}" title="Permalink">¶</a>'
        cite = (
            '<details class="chemref-cite" data-search-exclude><summary>cite</summary>'
            + cite_line(site, page, event_title(site, chemical, event), links.event_anchor(event.id))
            + "</details>"
        )
        rows.append(
            [
                anchor + effective_words(event) + " " + permalink + cite,
                jurisdiction_link(site, page, event.jurisdiction),
                f"**{md(event.action)}**<br>{regime_label(site, event.regime)}",
                coverage_cell(site, page, event),
                instrument_cell(site, event),
                dates_cell(event),
                html.glossary_link(page, record["confidence"], html.nowrap(record["confidence"], "id")),
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
        f"{md(chemical.iupac_name)}" + "".join(f" · CAS RN {html.cas(c)}" for c in also) + "\n",
        '<p class="chemref-cite" data-search-exclude><strong>Cite this page:</strong> '
        f"{cite_line(site, page, chemical.name)}</p>\n",
        f"![2D structure of {chemical.id}]({links.relative(page, links.structure_svg(chemical.id))})"
        "{ .chemref-structure }\n",
        "## Identity {#identity}\n",
        '<div class="chemref-identity" markdown>\n',
        table(["Identifier", "Value"], _identity_rows(chemical, page, site)),
        "</div>\n",
        f"## Status on {site.today.isoformat()} {{#status-today}}\n",
        f"Words are defined in the {link(page, links.GLOSSARY, 'glossary')}; hover a list label for its full name.\n",
        status_table(status_header(page, "Jurisdiction"), _status_rows(site, chemical, page)),
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
                    f"[Basis]({links.relative(page, links.GLOSSARY)}#basis)",
                    "Sources",
                ],
                rows,
            )
        )
        notes = [e for e in history(chemical) if e.notes]
        if notes:
            parts.append("### Notes {#notes}\n")
            for event in notes:
                label = event_link(page, chemical, event.id, f"{md(event.jurisdiction)}, {effective_words(event)}")
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
                    html.date(finding.as_of.iso()),
                    md(finding.note) + research_details(finding),
                    "<br>".join(external(s.url, s.publisher, s.title) for s in sources if s is not None),
                ]
            )
        parts.append(table(["Jurisdiction", "Outcome", "As of", "Note", "Sources"], finding_rows))
    return "\n".join(parts)


def chemicals_index(site: Site) -> str:
    page = links.CHEMICALS_INDEX
    rows = [
        [
            link(page, links.chemical_page(c.id), name_label(c)),
            html.cas(c.identifiers.cas) if c.identifiers.cas else "—",
            html.nowrap(c.identifiers.inchikey),
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


# --- jurisdictions, changes, downloads ------------------------------------------------------------


def _events_table(site: Site, page: str, pairs: list[DatedEvent], with_jurisdiction: bool = True) -> str:
    header = ["Effective", "Chemical"] + (["Jurisdiction"] if with_jurisdiction else [])
    header += ["Action", "List", "Instrument", f"[Basis]({links.relative(page, links.GLOSSARY)}#basis)"]
    rows = []
    for pair in pairs:
        event = pair.event
        record = event_record(site.registry, event)
        row = [
            event_link(page, pair.chemical, event.id, effective_words(event)),
            link(page, links.chemical_page(pair.chemical.id), md(pair.chemical.name)),
        ]
        if with_jurisdiction:
            row.append(jurisdiction_link(site, page, event.jurisdiction))
        row += [
            md(event.action),
            regime_label(site, event.regime),
            instrument_cell(site, event),
            html.nowrap(record["confidence"], "id"),
        ]
        rows.append(row)
    return table(header, rows) if rows else "None recorded.\n"


def decision_counts(site: Site, key: str) -> dict[Decision, int]:
    counts: dict[Decision, int] = {}
    for chemical in site.chemicals:
        decision = site.status(chemical, key).decision
        counts[decision] = counts.get(decision, 0) + 1
    return counts


def jurisdictions_index(site: Site) -> str:
    page = links.JURISDICTIONS_INDEX
    rows = []
    for key in site.jurisdictions:
        jurisdiction = site.registry.jurisdictions[key]
        lists = [r for r in site.registry.regimes.values() if r.jurisdiction == key]
        count = sum(1 for p in all_events(site) if p.event.jurisdiction == key)
        counts = decision_counts(site, key)
        summary = ", ".join(f"{n} {html.badge(d)}" for d, n in sorted(counts.items(), key=lambda x: -x[1]))
        rows.append(
            [
                link(page, links.jurisdiction_page(key), html.nowrap(key)),
                md(jurisdiction.name),
                summary,
                "<br>".join(
                    f'<span title="{md(r.name)}">{md(r.short)}</span>' for r in sorted(lists, key=lambda r: r.short)
                )
                or "—",
                str(count),
            ]
        )
    return (
        front_matter("Jurisdictions")
        + "# Jurisdictions\n\n"
        + f"Today ({html.date(site.today.isoformat())}), the registered chemicals in each jurisdiction, by "
        + f"[decision]({links.relative(page, links.GLOSSARY)}#decisions).\n\n"
        + table(["Key", "Name", "Chemicals today", "Lists", "Events"], rows)
    )


def jurisdiction_page(site: Site, key: str) -> str:
    """What is controlled here today (every registered chemical), then the events, then the legal framework."""
    page = links.jurisdiction_page(key)
    jurisdiction = site.registry.jurisdictions[key]
    glossary = link(page, links.GLOSSARY, "glossary")
    parts = [
        front_matter(f"{key}: {jurisdiction.name}"),
        f"# {md(key)}: {md(jurisdiction.name)}\n",
        f"{md(jurisdiction.kind).capitalize()}."
        + (f" Also known as {', '.join(html.nowrap(a) for a in jurisdiction.aliases)}." if jurisdiction.aliases else "")
        + f" Words are defined in the {glossary}.\n",
        f"## Status on {site.today.isoformat()} {{#status-today}}\n",
        f"Every chemical in the registry, as chemref answers for {md(key)} on {html.date(site.today.isoformat())}.\n",
        status_table(
            status_header(page, "Chemical"),
            [
                status_row(site, page, c, key, link(page, links.chemical_page(c.id), name_label(c)))
                for c in site.chemicals
            ],
        ),
    ]
    pairs = [p for p in all_events(site) if p.event.jurisdiction == key]
    parts += ["## Events {#events}\n", _events_table(site, page, pairs, with_jurisdiction=False)]
    parts.append("## Legal framework {#framework}\n")
    if jurisdiction.framework:
        parts.append(f"{md(jurisdiction.framework)}\n")
    else:
        parts.append("chemref does not yet record a note on this jurisdiction's legal framework.\n")
    if jurisdiction.note:
        parts.append(f"{md(jurisdiction.note)}\n")
    if jurisdiction.applies_law_of:
        applied = ", ".join(jurisdiction_link(site, page, k) for k in jurisdiction.applies_law_of)
        parts.append(f"The law of {applied} also has effect here.\n")
    regime_rows = [
        [
            md(regime.short),
            md(regime.name) + f" (`{md(regime_key)}`)",
            md(regime.kind),
            md(regime.legal_basis),
            external(regime.url, "current text") if regime.url else "—",
        ]
        for regime_key, regime in sorted(site.registry.regimes.items())
        if regime.jurisdiction == key
    ]
    parts += ["### Lists {#lists}\n", table(["Label", "List", "Kind", "Legal basis", "Text"], regime_rows)]
    instrument_rows = [
        [md(i.citation), md(i.title), md(i.issuer), md(i.kind)]
        for _, i in sorted(site.registry.instruments.items())
        if i.jurisdiction == key
    ]
    if instrument_rows:
        parts += ["### Instruments {#instruments}\n", table(["Citation", "Title", "Issuer", "Kind"], instrument_rows)]
    if jurisdiction.sweeps:
        sweep_rows = [
            [html.date(s.date.isoformat()), "<br>".join(md(x) for x in s.searched), md(s.found)]
            for s in sorted(jurisdiction.sweeps, key=lambda s: s.date, reverse=True)
        ]
        parts += ["### Searches for changes {#sweeps}\n", table(["Date", "Searched", "Found"], sweep_rows)]
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
            f"Changes in the law: every control event by the date it took effect, newest first. Subscribe: {feed} · "
            f"{calendar}. Corrections and additions to chemref's own data are in the "
            f"{link(page, links.DATA_CHANGELOG, 'data changelog')}.\n",
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


def _changelog_record(site: Site, page: str, record: str) -> str:
    """A changelog entry's record as a link where it is a chemical or one of its events."""
    chemical_id, _, event_id = record.partition("/")
    chemical = site.registry.chemicals.get(chemical_id)
    if chemical is not None:
        if event_id:
            return event_link(page, chemical, event_id, html.nowrap(record))
        return link(page, links.chemical_page(chemical.id), html.nowrap(record))
    return html.nowrap(record)


def data_changelog_page(site: Site) -> str:
    """Corrections and additions to the registry itself, newest first, from registry/changelog.yml."""
    page = links.DATA_CHANGELOG
    entries = sorted(site.registry.changelog, key=lambda c: c.date, reverse=True)
    rows = [
        [
            html.date(entry.date.isoformat()),
            md(entry.kind),
            md(entry.summary),
            "<br>".join(_changelog_record(site, page, r) for r in entry.records),
        ]
        for entry in entries
    ]
    return "\n".join(
        [
            front_matter("Data changelog", hide=("navigation", "toc")),
            "# Data changelog\n",
            "Corrections and additions to chemref's registry itself, newest first. Changes in the law are on "
            f"{link(page, links.CHANGES, 'What changed')}. The registry's content hash identifies the data version: "
            f"this build is registry {html.nowrap(site.registry.content_hash[:12])}.\n",
            table(["Date", "Kind", "What changed", "Records"], rows) if rows else "No entry yet.\n",
        ]
    )
