"""The matrix page: one cell per chemical x jurisdiction, with its decision, short list label and date.

The table is raw HTML so each cell can carry its decision (for colour, icon and the filter script) and
its jurisdiction. Without JavaScript the whole table shows and the filter stays hidden.
"""

from __future__ import annotations

from chemref.answers.decision import DECISIONS, UNKNOWN_WHY_WORDS, Decision, word
from chemref.answers.models import Cell
from chemref.answers.status import ON_ACTIONS, history
from chemref.registry.models import Chemical
from chemref.site import html, links
from chemref.site.cells import filter_attrs, name_label
from chemref.site.context import Site
from chemref.site.filters import filter_form
from chemref.site.markdown import front_matter, link
from chemref.site.text import xml_text

PAGE = links.MATRIX


def start_event(chemical: Chemical, key: str, record: Cell) -> str | None:
    """The event that began the control the cell dates: the one effective on 'since', else the list's first."""
    for event in history(chemical, key):
        if event.action in ON_ACTIONS and event.effective is not None and event.effective.iso() == record.since:
            return event.id
    return record.events[0] if record.events else None


def cell_parts(site: Site, chemical: Chemical, key: str) -> tuple[Decision, str]:
    """The decision and the inner HTML of one cell."""
    record = site.cell(chemical, key)
    decision: Decision = record.decision
    chemical_page = links.chemical_page(chemical.id)
    if decision == "controlled":
        label = record.regime_short or record.regime or ""
        lines = [
            f'<span class="chemref-list" title="{xml_text(record.regime_name or label)}">'
            f"{html.icon(decision)} {html.sr('controlled:')} {xml_text(label)}</span>"
        ]
        if record.since:
            when = html.date(record.since)
        elif record.in_force_by:
            when = html.by_date(record.in_force_by)
        else:
            when = '<span class="chemref-note">date not established</span>'
        target = start_event(chemical, key, record)
        if target is not None:
            when = html.a(html.href(PAGE, chemical_page, links.event_anchor(target)), when)
        lines.append(when)
        extra = []
        if record.coverage == "class":
            extra.append("class clause")
        if record.until:
            extra.append(f"until {html.date(record.until)}")
        if extra:
            lines.append(f'<span class="chemref-note">{", ".join(extra)}</span>')
        return decision, "<br>".join(lines)
    text = word(decision)
    detail = ""
    if decision == "unknown" and record.unknown_why:
        detail = xml_text(UNKNOWN_WHY_WORDS[record.unknown_why])
    finding = record.finding
    if decision == "not-controlled" and record.readings:
        newest = max(r.current_to for r in record.readings)
        detail = f"lists read to {html.date(newest)}"
    elif decision == "not-controlled" and finding:
        detail = f"as of {html.date(finding.as_of)}"
    target_url = html.href(PAGE, chemical_page, "status-today")
    inner = html.a(target_url, f'<span class="chemref-list">{html.icon(decision)} {xml_text(text)}</span>')
    if detail:
        inner += f'<br><span class="chemref-note">{detail}</span>'
    return decision, inner


def _legend() -> str:
    items = []
    for decision in DECISIONS:
        term = html.glossary_link(PAGE, word(decision), html.badge(decision))
        items.append(f"- {term}")
    return (
        '<div class="chemref-legend" markdown>\n\n'
        + "\n".join(items)
        + "\n- "
        + html.date("2020-05-15")
        + ": "
        + html.glossary_link(PAGE, "since", "controlled since")
        + " (continuous control; links to the event)\n- "
        + html.by_date("2021-03-01")
        + ": "
        + html.glossary_link(PAGE, "in force by")
        + " (a date of evidence, not of effect)\n\n</div>\n"
    )


def _explanation() -> str:
    glossary = link(PAGE, links.GLOSSARY, "glossary")
    return (
        "Each cell shows the decision, the list's short label (hover for its full name; every list is named in "
        f"full on its jurisdiction's page) and the date; words are defined in the {glossary}. Select a date to "
        "open its event, a jurisdiction to see all of its chemicals.\n"
    )


def matrix_table(site: Site) -> str:
    head = ['<th scope="col" class="chemref-corner">Chemical</th>']
    for key in site.jurisdictions:
        name = site.registry.jurisdictions[key].name
        url = html.href(PAGE, links.jurisdiction_page(key))
        head.append(f'<th scope="col" data-j="{xml_text(key)}">{html.a(url, html.nowrap(key), title=name)}</th>')
    rows = []
    for chemical in site.chemicals:
        url = html.href(PAGE, links.chemical_page(chemical.id))
        first = html.a(url, name_label(chemical))
        if chemical.identifiers.cas:
            first += f"<br>{html.cas(chemical.identifiers.cas)}"
        cells = [f'<th scope="row" data-chemical="{xml_text(chemical.id)}">{first}</th>']
        for key in site.jurisdictions:
            decision, inner = cell_parts(site, chemical, key)
            lists = " ".join(site.controlled_lists(chemical, key))
            cells.append(
                f'<td data-j="{xml_text(key)}" data-d="{decision}" data-lists="{xml_text(lists)}" '
                f'class="chemref-d-{decision}">{inner}</td>'
            )
        attrs = filter_attrs(site, chemical, site.jurisdictions)
        rows.append("<tr" + "".join(f' {k}="{xml_text(v)}"' for k, v in attrs.items()) + ">" + "".join(cells) + "</tr>")
    return (
        f'<p class="chemref-note chemref-matrix-caption">{len(site.chemicals)} chemicals × '
        f"{len(site.jurisdictions)} jurisdictions; the table scrolls inside its box, with the chemical column "
        "and the header kept in view.</p>\n"
        '<div class="chemref-matrix-scroll" tabindex="0" role="region" aria-label="Matrix">\n'
        + '<table class="chemref-matrix" id="chemref-matrix">\n<thead><tr>'
        + "".join(head)
        + "</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</div>\n"
    )


def matrix_page(site: Site) -> str:
    pages = " · ".join(html.a(html.href(PAGE, links.jurisdiction_page(k)), xml_text(k)) for k in site.jurisdictions)
    return (
        front_matter("Matrix", hide=("navigation", "toc"))
        + "# Matrix\n\n"
        + f"Status of every registered chemical in every jurisdiction on {html.date(site.today.isoformat())}.\n\n"
        + _legend()
        + "\n"
        + filter_form(site, PAGE, "chemref-matrix", lists=site.regimes, jurisdictions=True)
        + f'<noscript><p class="chemref-note">Filtering needs JavaScript. One jurisdiction at a time: {pages}'
        "</p></noscript>\n\n" + matrix_table(site) + "\n" + _explanation()
    )
