"""A page per list ('US List I'): what it obliges, what it holds today, what changed on it and how chemref read
it; and the index of every list, by jurisdiction."""

from __future__ import annotations

from chemref.answers.status import reading_for
from chemref.registry.models import Regime
from chemref.site import html, links
from chemref.site.cells import (
    NONE,
    effective_words,
    filter_attrs,
    instrument_cell,
    name_label,
)
from chemref.site.context import DatedEvent, Site, changes_order, list_events
from chemref.site.filters import filter_form
from chemref.site.markdown import Row, cards, event_link, external, front_matter, jurisdiction_link, link, list_link
from chemref.site.text import md


def obliges_line(site: Site, regime: Regime) -> str:
    """What a listing obliges, in one line with its sources, or that no source chemref read states it."""
    if not regime.obliges:
        return "not recorded: no source chemref has read states it."
    sources = [site.registry.sources[k] for k in regime.obliges_sources if k in site.registry.sources]
    cited = "; ".join(external(s.url, s.publisher, s.title) for s in sources)
    return f"{md(regime.obliges)}" + (f" (sources: {cited})" if cited else "")


def _holdings(site: Site, page: str, key: str) -> str:
    regime = site.regime(key)
    rows = []
    for chemical, answer in site.holdings(key):
        since = (
            html.date(answer.since)
            if answer.since
            else (html.by_date(answer.in_force_by) if answer.in_force_by else "not established")
        )
        if answer.events:
            since = link(page, links.chemical_page(chemical.id), since, links.event_anchor(answer.events[0]))
        notes = []
        if answer.named_since and answer.named_since != answer.since:
            notes.append(f"named since {html.date(answer.named_since)}")
        if answer.until:
            notes.append(f"temporary, until {html.date(answer.until)}")
        rows.append(
            Row(
                [
                    link(page, links.chemical_page(chemical.id), name_label(chemical)),
                    html.cas(chemical.identifiers.cas) if chemical.identifiers.cas else NONE,
                    since,
                    md(answer.coverage or "named"),
                    "; ".join(notes) or NONE,
                ],
                filter_attrs(site, chemical, [regime.jurisdiction]),
            )
        )
    if not rows:
        return "No registered chemical is on this list today.\n"
    return (
        filter_form(site, page, "chemref-holdings", decisions=False)
        + '<div id="chemref-holdings" markdown="1">\n\n'
        + cards(["Chemical", "CAS RN", "Since", "Coverage", "Note"], rows, "holdings")
        + "\n</div>\n"
    )


def _changes(site: Site, page: str, key: str) -> str:
    dated, undated = changes_order(site, list(reversed(list_events(site, key))))
    if not dated and not undated:
        return "No event on this list is recorded.\n"
    text = _events(site, page, key, dated) if dated else "None with a date of effect.\n"
    if undated:
        text += "\n### Date of effect not established {#changes-undated}\n\n" + _events(site, page, key, undated)
    return text


def _events(site: Site, page: str, key: str, pairs: list[DatedEvent]) -> str:
    rows = []
    for pair in pairs:
        event = pair.event
        record = site.event(pair.chemical, event)
        action = md(event.action)
        if event.previous_regime == key and event.regime != key:
            action += " (off this list, to " + list_link(page, event.regime, md(site.regime(event.regime).short)) + ")"
        rows.append(
            Row(
                [
                    event_link(page, pair.chemical, event.id, effective_words(event)),
                    link(page, links.chemical_page(pair.chemical.id), name_label(pair.chemical)),
                    action,
                    md(event.coverage.kind),
                    instrument_cell(site, event),
                    html.nowrap(record.confidence, "id"),
                ]
            )
        )
    return cards(["Effective", "Chemical", "Action", "Coverage", "Instrument", "Basis"], rows, "events")


def _readings(site: Site, page: str, key: str) -> str:
    rows = []
    for reading in site.readings_of(key):
        source = site.registry.sources.get(reading.source)
        where = external(source.url, source.publisher, source.title) if source else md(reading.source)
        if reading.locator:
            where += f", {md(reading.locator)}"
        extent = "whole list" if reading.whole else "part: " + md(reading.part_read or "not stated")
        rows.append(
            Row(
                [
                    html.date(reading.current_to.iso()),
                    html.date(reading.read.isoformat()),
                    extent,
                    str(len(reading.entries)),
                    where,
                ]
            )
        )
    if not rows:
        return (
            "chemref has not read this list in full. Without a whole reading it can say that a chemical is on it, "
            "never that a chemical is not.\n"
        )
    return cards(["Current to", "Read on", "Extent", "Entries", "Source"], rows, "readings")


def list_page(site: Site, key: str) -> str:
    page = links.list_page(key)
    regime = site.regime(key)
    jurisdiction = site.registry.jurisdictions.get(regime.jurisdiction)
    facts = [
        f"{jurisdiction_link(page, regime.jurisdiction)}"
        + (f" ({md(jurisdiction.name)})" if jurisdiction else "")
        + f", {md(regime.kind)} list."
    ]
    facts.append(f"Legal basis: {md(regime.legal_basis)}.")
    if regime.established:
        facts.append(f"Kept since {html.date(regime.established.iso())}.")
    if regime.ended:
        facts.append(f"Ended {html.date(regime.ended.iso())}.")
    if regime.url:
        facts.append(f"Current text: {external(regime.url, regime.url)}.")
    held = site.holdings(key)
    current = reading_for(site.registry, key, site.today, site.today)
    newest = site.latest_whole_reading(key)
    if current is not None:
        read = f"Read in full, current to {html.date(current.current_to.iso())}."
    elif newest is not None:
        read = (
            f"The newest reading of the whole list is current to {html.date(newest.current_to.iso())}, too old to "
            "answer for today: without a newer one chemref cannot say a chemical is not on it."
        )
    else:
        read = "Not read in full: chemref can say a chemical is on it, never that one is not."
    return "\n".join(
        [
            front_matter(regime.short),
            f"# {md(regime.short)}\n",
            f'<p class="chemref-subtitle">{md(regime.name)}</p>\n',
            f'<p class="chemref-obliges"><strong>What a listing obliges:</strong> {obliges_line(site, regime)}</p>\n',
            " ".join(facts) + f" {read} Data: {link(page, links.api_list(key), 'API')}.\n",
            f"## Holds on {site.today.isoformat()} ({len(held)}) {{#holds}}\n",
            _holdings(site, page, key),
            "## What changed {#changes}\n",
            "Every recorded event on this list, by date of effect, newest first.\n",
            _changes(site, page, key),
            "## Readings {#readings}\n",
            "Each dated reading of the whole list (or of part of it) that chemref recorded.\n",
            _readings(site, page, key),
        ]
    )


def lists_index(site: Site) -> str:
    page = links.LISTS_INDEX
    rows = []
    for key in site.regimes:
        regime = site.regime(key)
        current = reading_for(site.registry, key, site.today, site.today)
        rows.append(
            Row(
                [
                    list_link(page, key, md(regime.short)),
                    md(regime.name),
                    jurisdiction_link(page, regime.jurisdiction),
                    md(regime.kind),
                    str(len(site.holdings(key))),
                    f"current to {html.date(current.current_to.iso())}" if current else "no",
                    "yes" if regime.obliges else "not recorded",
                ]
            )
        )
    not_covered = link(page, links.NOT_COVERED, "what chemref does not cover")
    return "\n".join(
        [
            front_matter("Lists", hide=("toc",)),
            "# Lists\n",
            f"Every list and schedule chemref records, by jurisdiction: what it holds today, whether chemref has "
            f"read it in full for today, and whether a source states what a listing obliges. See also {not_covered}.\n",
            cards(
                ["Label", "List", "Jurisdiction", "Kind", "Holds today", "Read in full", "Obligations"], rows, "lists"
            ),
        ]
    )
