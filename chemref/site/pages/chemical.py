"""A chemical's page: the answer first (a status strip under the title, then the status table), then identity
and structure, the timeline, the history with citations and the research findings."""

from __future__ import annotations

from chemref.answers.decision import word
from chemref.answers.status import history
from chemref.registry.models import Chemical
from chemref.site import html, links
from chemref.site.cells import (
    cite_line,
    coverage_cell,
    dates_cell,
    effective_words,
    event_title,
    instrument_cell,
    regime_label,
    research_details,
    sources_cell,
    status_cells,
    status_header,
    status_table,
)
from chemref.site.context import Site, names_of
from chemref.site.markdown import Row, cards, event_link, external, front_matter, jurisdiction_link, link
from chemref.site.matrix import start_event
from chemref.site.text import md, xml_text
from chemref.site.timeline import timeline_items, timeline_svg, unplaced_events

CHEMICAL_SEARCH_BOOST = 8

NO_CAS = "not recorded: no source chemref has read gives one"


def _identity_rows(chemical: Chemical, page: str, site: Site) -> list[list[str]]:
    ids = chemical.identifiers
    rows = [
        ["Preferred name", md(chemical.name)],
        ["IUPAC name", md(chemical.iupac_name) if chemical.iupac_name else "not recorded"],
        ["Synonyms", "; ".join(md(s) for s in chemical.synonyms) or "none recorded"],
        [
            "CAS RN",
            html.nowrap_html(external(links.cas_common_chemistry(ids.cas), ids.cas), "cas") if ids.cas else NO_CAS,
        ],
    ]
    if chemical.forms:
        forms = []
        for form in chemical.forms:
            cas = (
                " · CAS RN " + html.nowrap_html(external(links.cas_common_chemistry(form.cas), form.cas), "cas")
                if form.cas
                else ""
            )
            forms.append(f"{md(form.name)} ({md(form.kind)}){cas}")
        rows.append(["Forms", "<br>".join(forms)])
    rows += [
        [
            "InChIKey",
            html.nowrap_html(external(links.pubchem_by_inchikey(ids.inchikey), ids.inchikey, "Search PubChem"))
            if ids.inchikey
            else "none (no single structure)",
        ],
        ["InChI", md(ids.inchi) if ids.inchi else "none"],
        ["SMILES", md(ids.smiles) if ids.smiles else "none"],
        ["Formula", md(ids.formula) if ids.formula else "none"],
        ["Molecular weight", f"{ids.molecular_weight:.3f} g/mol" if ids.molecular_weight is not None else "none"],
    ]
    if ids.no_structure:
        rows.append(["Structure", f"none: {md(ids.no_structure)}"])
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
    rows.append(
        [
            "Data",
            link(page, links.chemical_json(chemical.id), "JSON")
            + " · "
            + link(page, links.api_chemical(chemical.id), "API"),
        ]
    )
    return rows


def status_strip(site: Site, chemical: Chemical) -> str:
    """The answer at a glance, under the title: per jurisdiction its decision, list and date, each linking to
    the event that began the control (or to the jurisdiction's row of the status table)."""
    items = []
    for key in site.jurisdictions:
        record = site.cell(chemical, key)
        decision = record.decision
        if decision == "controlled":
            label = xml_text(record.regime_short or record.regime or "")
            when = ""
            if record.since:
                when = " " + html.date(record.since)
            elif record.in_force_by:
                when = " " + html.by_date(record.in_force_by)
            target = start_event(chemical, key, record)
            anchor = links.event_anchor(target) if target else links.status_anchor(key)
            inner = f'{html.sr(word(decision) + ":")} <span class="chemref-list">{label}</span>{when}'
        else:
            anchor = links.status_anchor(key)
            inner = xml_text(word(decision))
        items.append(
            f'<li><a class="chemref-strip-item chemref-d-{decision}" href="#{anchor}">'
            f'<span class="chemref-strip-j">{xml_text(key)}</span> {html.icon(decision)} {inner}</a></li>'
        )
    label = f"Status on {site.today.isoformat()}"
    return (
        f'<nav class="chemref-strip" aria-label="{xml_text(label)}" data-search-exclude>'
        f'<span class="chemref-strip-on">{xml_text(label)}:</span><ul>' + "".join(items) + "</ul></nav>\n"
    )


def _status_rows(site: Site, chemical: Chemical, page: str) -> list[Row]:
    return [
        Row(
            status_cells(site, page, chemical, key, jurisdiction_link(page, key)),
            {"id": links.status_anchor(key)},
        )
        for key in site.jurisdictions
    ]


def _history_rows(site: Site, chemical: Chemical, page: str) -> list[Row]:
    rows = []
    for event in history(chemical):
        record = site.event(chemical, event)
        anchor = f'<span id="{links.event_anchor(event.id)}" class="chemref-anchor"></span>'
        permalink = f'<a class="chemref-event-link" href="#{links.event_anchor(event.id)}" title="Permalink">¶</a>'
        cite = (
            '<details class="chemref-cite" data-search-exclude><summary>cite</summary>'
            + cite_line(site, page, event_title(site, chemical, event), links.event_anchor(event.id))
            + "</details>"
        )
        rows.append(
            Row(
                [
                    anchor + effective_words(event) + " " + permalink + cite,
                    jurisdiction_link(page, event.jurisdiction),
                    f"**{md(event.action)}**<br>{regime_label(site, event.regime, page)}",
                    coverage_cell(site, page, event),
                    instrument_cell(site, event),
                    dates_cell(event),
                    html.glossary_link(page, record.confidence, html.nowrap(record.confidence, "id")),
                    sources_cell(record),
                ]
            )
        )
    return rows


def _timeline(site: Site, chemical: Chemical, page: str) -> list[str]:
    parts = ["## Timeline {#timeline}\n"]
    chart = timeline_svg(site.registry, chemical, site.today)
    if not chart:
        return [*parts, "No control event with a known date is recorded for this chemical.\n"]
    parts.append(f'<div class="chemref-timeline-wrap" data-search-exclude>\n{chart}\n</div>\n')
    # The same spans as words: shown instead of the chart on a narrow screen, and read by screen readers.
    items = []
    for key, regime, spans in timeline_items(site.registry, chemical, site.today):
        items.append(
            f"<li><strong>{xml_text(key)}</strong> {regime_label(site, regime)}: {xml_text('; '.join(spans))}</li>"
        )
    parts.append(f'<ul class="chemref-timeline-list" data-search-exclude>{"".join(items)}</ul>\n')
    parts.append(
        '<p class="chemref-timeline-help">One lane per jurisdiction with a recorded event and one row per list. '
        "Solid bars: named on the list; hatched bars: covered only by a class clause; amber bars: temporary "
        "control, ending at the tick. A dashed outline marks a start known only as a date by which control was in "
        "force. Each dot is an event; select it to open its row below.</p>\n"
    )
    unplaced = unplaced_events(chemical)
    if unplaced:
        names = ", ".join(event_link(page, chemical, e.id, md(e.id)) for e in unplaced)
        parts.append(f"Not on the chart, because no date of effect is established: {names}.\n")
    return parts


def chemical_page(site: Site, chemical: Chemical) -> str:
    page = links.chemical_page(chemical.id)
    ids = chemical.identifiers
    subtitle = [md(chemical.iupac_name)] if chemical.iupac_name else []
    if ids.cas:
        subtitle.append(f"CAS RN {html.cas(ids.cas)}")
    parts = [
        front_matter(chemical.name, boost=CHEMICAL_SEARCH_BOOST, tags=names_of(chemical)),
        f"# {md(chemical.name)}\n",
        f'<p class="chemref-subtitle">{" · ".join(subtitle)}</p>\n' if subtitle else "",
        status_strip(site, chemical),
        '<p class="chemref-cite" data-search-exclude><strong>Cite this page:</strong> '
        f"{cite_line(site, page, chemical.name)}</p>\n",
        f"## Status on {site.today.isoformat()} {{#status-today}}\n",
        f"Words are defined in the {link(page, links.GLOSSARY, 'glossary')}; hover a list label for its full name, "
        "select it for the list's page.\n",
        status_table(status_header(page, "Jurisdiction"), _status_rows(site, chemical, page)),
        "## Identity {#identity}\n",
        f'<img class="chemref-structure" src="{html.href(page, links.structure_svg(chemical.id))}" '
        f'alt="2D structure of {xml_text(chemical.name)}" width="360" height="260">\n',
        cards(["Identifier", "Value"], [Row(r) for r in _identity_rows(chemical, page, site)], "identity"),
        *_timeline(site, chemical, page),
        "## History {#history}\n",
    ]
    rows = _history_rows(site, chemical, page)
    if rows:
        parts.append(
            cards(
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
                "history",
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
                Row(
                    [
                        jurisdiction_link(page, finding.jurisdiction),
                        md(finding.outcome),
                        html.date(finding.as_of.iso()),
                        md(finding.note) + research_details(finding),
                        "<br>".join(external(s.url, s.publisher, s.title) for s in sources if s is not None),
                    ]
                )
            )
        parts.append(cards(["Jurisdiction", "Outcome", "As of", "Note", "Sources"], finding_rows, "findings"))
    return "\n".join(parts)
