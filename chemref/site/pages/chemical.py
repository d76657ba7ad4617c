"""A chemical's page: identity, status today, timeline, history with citations, research findings."""

from __future__ import annotations

from chemref.answers.status import history
from chemref.registry.models import Chemical
from chemref.site import html, links
from chemref.site.cells import (
    coverage_cell,
    cite_line,
    dates_cell,
    effective_words,
    event_title,
    instrument_cell,
    regime_label,
    research_details,
    sources_cell,
    status_header,
    status_row,
    status_table,
)
from chemref.site.context import Site
from chemref.site.markdown import event_link, external, front_matter, jurisdiction_link, link, table
from chemref.site.text import md
from chemref.site.timeline import timeline_svg, unplaced_events


CHEMICAL_SEARCH_BOOST = 8


def _identity_rows(chemical: Chemical, page: str, site: Site) -> list[list[str]]:
    ids = chemical.identifiers
    rows = [
        ["Preferred name", md(chemical.name)],
        ["IUPAC name", md(chemical.iupac_name) if chemical.iupac_name else "not recorded"],
        ["Synonyms", "; ".join(md(s) for s in chemical.synonyms) or "none recorded"],
        [
            "CAS RN",
            html.nowrap_html(external(links.cas_common_chemistry(ids.cas), ids.cas), "cas") if ids.cas else "none",
        ],
        [
            "InChIKey",
            html.nowrap_html(external(links.pubchem_by_inchikey(ids.inchikey), ids.inchikey, "Search PubChem"))
            if ids.inchikey
            else "none",
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
    rows.append(["Data", link(page, links.chemical_json(chemical.id), "JSON")])
    return rows


def _status_rows(site: Site, chemical: Chemical, page: str) -> list[list[str]]:
    return [status_row(site, page, chemical, key, jurisdiction_link(page, key)) for key in site.jurisdictions]


def _history_rows(site: Site, chemical: Chemical, page: str) -> list[list[str]]:
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
            [
                anchor + effective_words(event) + " " + permalink + cite,
                jurisdiction_link(page, event.jurisdiction),
                f"**{md(event.action)}**<br>{regime_label(site, event.regime)}",
                coverage_cell(site, page, event),
                instrument_cell(site, event),
                dates_cell(event),
                html.glossary_link(page, record.confidence, html.nowrap(record.confidence, "id")),
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
        (md(chemical.iupac_name) if chemical.iupac_name else "") + "".join(f" · CAS RN {html.cas(c)}" for c in also) + "\n",
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
                    jurisdiction_link(page, finding.jurisdiction),
                    md(finding.outcome),
                    html.date(finding.as_of.iso()),
                    md(finding.note) + research_details(finding),
                    "<br>".join(external(s.url, s.publisher, s.title) for s in sources if s is not None),
                ]
            )
        parts.append(table(["Jurisdiction", "Outcome", "As of", "Note", "Sources"], finding_rows))
    return "\n".join(parts)
