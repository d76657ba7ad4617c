"""Cells of the generated pages' tables, rendered from the typed answers: a status row, its note, an event's
dates, sources and instrument, a citation line. The words for a date not known come from the answer model
(``Cell.since_text``), so the site and the CLI say the same."""

from __future__ import annotations

from chemref.answers.decision import UNKNOWN_WHY_WORDS, Decision
from chemref.answers.models import Cell, EventAnswer, FindingAnswer
from chemref.registry.models import Chemical, ControlEvent, Finding
from chemref.site import html, links
from chemref.site.context import Site
from chemref.site.markdown import Row, cards, event_link, external, link, list_link
from chemref.site.text import md

# An empty cell of a status table: a dash on a wide screen, left out of a row's block on a phone.
NONE = '<span class="chemref-none">—</span>'


NOWRAP_NAME = 24


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


def regime_label(site: Site, key: str, page: str | None = None) -> str:
    """A list's short label, with its full name on hover; a link to the list's page when ``page`` is given."""
    regime = site.registry.regimes.get(key)
    if regime is None:
        return html.nowrap(key)
    label = f'<span class="chemref-list" title="{md(regime.name)}">{md(regime.short)}</span>'
    return list_link(page, key, label) if page is not None else label


def instrument_cell(site: Site, event: ControlEvent) -> str:
    instrument = site.registry.instruments.get(event.instrument) if event.instrument else None
    if instrument is None:
        return "not established"
    return f'<span title="{md(instrument.title)}">{md(instrument.citation)}</span>'


def cite_url(site: Site, page: str, anchor: str | None = None) -> tuple[str, str]:
    """The link a citation gives and the text it shows: the canonical URL, built from the site's base URL
    (``site_url``), so every copy of the site cites the same address; a relative path only for a site built
    without one."""
    if site.site_url:
        url = links.absolute(site.site_url, page, anchor)
        return url, url
    path = links.page_url(page) + (f"#{anchor}" if anchor else "")
    return html.href(page, page, anchor), path


def cite_line(site: Site, page: str, title: str, anchor: str | None = None) -> str:
    """'Cite this' as one line of inline HTML: title, chemref version, registry hash, date consulted, URL.

    Everything is written at build time, so the line works without JavaScript; the date consulted is the
    build date until the site's script puts in the reader's own date (in the reader's time zone).
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


def research_details(finding: Finding | FindingAnswer) -> str:
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


def sources_cell(record: EventAnswer) -> str:
    parts = []
    for source in record.sources:
        if source.url is None:
            parts.append(md(source.key))
            continue
        basis = "primary text" if source.kind == "primary-text" else "secondary"
        where = f", {md(source.locator)}" if source.locator else ""
        parts.append(f"{external(source.url, source.publisher or source.key, source.title)} ({basis}{where})")
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


def note_text(record: Cell) -> str | None:
    """The words of a status row's note that many rows may share: the 'on none of the lists' reason, or the
    research finding."""
    if record.readings and record.decision == "not-controlled":
        return record.reason
    if record.finding is not None and record.decision != "controlled":
        return record.finding.note
    return None


def status_note(page: str, record: Cell, shared: str | None = None) -> str:
    """What a reader needs beside the decision: coverage and end of a control, or why the answer is unknown,
    the lists read for a 'not on any list' answer, and the legal finding with its research notes collapsed.

    A note equal to ``shared`` (printed once above a group of rows) is left out, its date kept."""
    parts: list[str] = []
    if record.decision == "controlled":
        if record.coverage == "class":
            parts.append(html.glossary_link(page, "class clause", "class clause only"))
        if record.until:
            parts.append(f"temporary, until {html.date(record.until)}")
        if record.list_since and record.list_since != record.since:
            parts.append(f"on this list since {html.date(record.list_since)}")
    elif record.decision == "unknown" and record.unknown_why:
        why = UNKNOWN_WHY_WORDS[record.unknown_why]
        parts.append(html.glossary_link(page, why))
    finding = record.finding
    same = shared is not None and note_text(record) == shared
    if record.readings and record.decision == "not-controlled":
        parts.append("as the note above says" if same else md(record.reason))
    elif finding is not None and record.decision != "controlled":
        words = "the note above" if same else md(finding.note)
        parts.append(f"{words} (as of {html.date(finding.as_of)})")
        parts.append(research_details(finding))
    return "<br>".join(p for p in parts if p) or NONE


def since_cell(record: Cell) -> str:
    text = record.since_text()
    if text is None:
        return NONE
    if record.since:
        return html.date(record.since)
    if record.in_force_by:
        return html.by_date(record.in_force_by)
    return md(text)


def decision_cell(page: str, decision: Decision) -> str:
    return html.badge(decision)


def status_cells(site: Site, page: str, chemical: Chemical, key: str, first: str) -> list[str]:
    """One row of a status table: first column, decision, list, since, instrument, note."""
    record = site.cell(chemical, key)
    since = since_cell(record)
    if record.events and record.decision == "controlled":
        since = event_link(page, chemical, record.events[0], since)
    controlled = record.decision == "controlled"
    lists = site.controlled_lists(chemical, key) if controlled else []
    return [
        first,
        decision_cell(page, record.decision),
        "<br>".join(regime_label(site, r, page) for r in lists) or NONE,
        since,
        instruments_cell(record) if controlled else NONE,
        status_note(page, record),
    ]


def instruments_cell(record: Cell) -> str:
    """The instruments of a control in force, by their short citations, each kept on one line."""
    short = record.instruments_short
    full = record.instruments
    if not short:
        return "not established"
    return "<br>".join(
        f'<span class="chemref-id" title="{md(long)}">{md(label)}</span>'
        for label, long in zip(short, full, strict=False)
    )


def name_label(chemical: Chemical) -> str:
    """A chemical's name as a link label: short names (most are ids like 1-boc-4-AP) never wrap at a hyphen."""
    return html.nowrap(chemical.name, "id") if len(chemical.name) <= NOWRAP_NAME else md(chemical.name)


def status_table(header: list[str], rows: list[Row]) -> str:
    """A status table; on a phone each row becomes a card (see chemref.css), so no column runs off screen."""
    return cards(header, rows, "status")


def filter_attrs(site: Site, chemical: Chemical, jurisdictions: list[str]) -> dict[str, str]:
    """What the filter script matches a chemical's row on: its id (the script finds names and identifiers in
    api/v1/lookup.json), the lists it is on and its decision in each jurisdiction shown."""
    return {
        "data-chemical": chemical.id,
        "data-lists": " ".join(r for key in jurisdictions for r in site.controlled_lists(chemical, key)),
        "data-status": " ".join(f"{key}={site.cell(chemical, key).decision}" for key in jurisdictions),
    }


def status_header(page: str, first: str) -> list[str]:
    return [
        first,
        f"[Decision]({links.relative(page, links.GLOSSARY)}#decisions)",
        "List",
        html.glossary_link(page, "since", "Since"),
        "Instrument",
        "Note",
    ]
