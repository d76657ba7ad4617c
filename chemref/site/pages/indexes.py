"""The index pages (chemicals, jurisdictions), each jurisdiction's page, what changed, downloads and the data
changelog."""

from __future__ import annotations

from collections import Counter

from chemref.answers.decision import DECISIONS, Decision, word
from chemref.registry.models import Chemical
from chemref.site import html, links
from chemref.site.cells import (
    NONE,
    effective_words,
    filter_attrs,
    instrument_cell,
    instruments_cell,
    name_label,
    note_text,
    regime_label,
    since_cell,
    status_note,
)
from chemref.site.context import DatedEvent, Site, all_events, changes_order, decision_counts
from chemref.site.filters import filter_form
from chemref.site.markdown import (
    Row,
    cards,
    event_link,
    front_matter,
    jurisdiction_link,
    link,
    list_link,
    table,
)
from chemref.site.text import md


def status_icons(site: Site, page: str, chemical: Chemical) -> str:
    """A chemical's decision in every jurisdiction, as compact labelled icons (the words for a screen reader)."""
    items = []
    for key in site.jurisdictions:
        decision = site.cell(chemical, key).decision
        items.append(
            f'<span class="chemref-mini chemref-d-{decision}" title="{md(key)}: {md(word(decision))}">'
            f"{md(key)}{html.icon(decision)}{html.sr(' ' + word(decision) + ';')}</span>"
        )
    return " ".join(items)


def chemicals_index(site: Site) -> str:
    page = links.CHEMICALS_INDEX
    rows = [
        Row(
            [
                link(page, links.chemical_page(c.id), name_label(c)),
                html.cas(c.identifiers.cas) if c.identifiers.cas else NONE,
                status_icons(site, page, c),
            ],
            filter_attrs(site, c, site.jurisdictions),
        )
        for c in site.chemicals
    ]
    not_covered = link(page, links.NOT_COVERED, "what chemref does not cover")
    return "\n".join(
        [
            front_matter("Chemicals", hide=("toc",)),
            "# Chemicals\n",
            f"All {len(site.chemicals)} registered chemicals, with their status today in every jurisdiction "
            f"(● controlled, ○ not controlled, ? unknown; the {link(page, links.GLOSSARY, 'glossary')} defines "
            "the words). Filter by a name, synonym or CAS RN (of the substance or of a salt or hydrate), by a "
            f"list, or by a decision. A chemical that is not here is not thereby uncontrolled: see {not_covered}.\n",
            filter_form(site, page, "chemref-chemicals", lists=site.regimes, jurisdictions=True),
            '<div id="chemref-chemicals" markdown="1">\n',
            cards(["Name", "CAS RN", "Status today"], rows, "chemicals"),
            "</div>\n",
        ]
    )


def _events_table(site: Site, page: str, pairs: list[DatedEvent], with_jurisdiction: bool = True) -> str:
    header = ["Effective", "Chemical"] + (["Jurisdiction"] if with_jurisdiction else [])
    header += ["Action", "List", "Instrument", f"[Basis]({links.relative(page, links.GLOSSARY)}#basis)"]
    rows = []
    for pair in pairs:
        event = pair.event
        record = site.event(pair.chemical, event)
        row = [
            event_link(page, pair.chemical, event.id, effective_words(event)),
            link(page, links.chemical_page(pair.chemical.id), md(pair.chemical.name)),
        ]
        if with_jurisdiction:
            row.append(jurisdiction_link(page, event.jurisdiction))
        row += [
            md(event.action),
            regime_label(site, event.regime, page),
            instrument_cell(site, event),
            html.nowrap(record.confidence, "id"),
        ]
        attrs = {
            "data-chemical": pair.chemical.id,
            "data-lists": " ".join(r for r in (event.regime, event.previous_regime) if r),
            "data-j": event.jurisdiction,
        }
        rows.append(Row(row, attrs))
    return cards(header, rows, "events") if rows else "None recorded.\n"


def jurisdictions_index(site: Site) -> str:
    page = links.JURISDICTIONS_INDEX
    rows = []
    for key in site.jurisdictions:
        jurisdiction = site.registry.jurisdictions[key]
        lists = [r for r in site.regimes if site.regime(r).jurisdiction == key]
        count = sum(1 for p in all_events(site) if p.event.jurisdiction == key)
        counts = decision_counts(site, key)
        summary = ", ".join(f"{n} {html.badge(d)}" for d, n in sorted(counts.items(), key=lambda x: -x[1]))
        rows.append(
            Row(
                [
                    link(page, links.jurisdiction_page(key), html.nowrap(key)),
                    md(jurisdiction.name),
                    summary,
                    "<br>".join(regime_label(site, r, page) for r in lists) or NONE,
                    str(count),
                ]
            )
        )
    return (
        front_matter("Jurisdictions")
        + "# Jurisdictions\n\n"
        + f"Today ({html.date(site.today.isoformat())}), the registered chemicals in each jurisdiction, by "
        + f"[decision]({links.relative(page, links.GLOSSARY)}#decisions). Every list has "
        + f"{link(page, links.LISTS_INDEX, 'its own page')}.\n\n"
        + cards(["Key", "Name", "Chemicals today", "Lists", "Events"], rows, "jurisdictions")
    )


GROUP_TITLES: dict[Decision, str] = {
    "controlled": "Controlled",
    "not-controlled": "Not controlled",
    "unknown": "Unknown",
    "review": "Under review",
    "not-applicable": "Not applicable",
}


def _group(title: str, anchor: str, count: int, body: str) -> str:
    noun = "chemical" if count == 1 else "chemicals"
    return f'<div class="chemref-group" markdown="1">\n\n### {title} ({count} {noun}) {{#{anchor}}}\n\n{body}\n</div>\n'


def list_instruments(site: Site, chemical: Chemical, event_ids: list[str]) -> str:
    """The instruments of the events that decide one list's answer, by their short citations."""
    events = {e.id: e for e in chemical.events}
    found = []
    for event_id in event_ids:
        event = events.get(event_id)
        instrument = site.registry.instruments.get(event.instrument) if event and event.instrument else None
        if instrument is not None and instrument not in found:
            found.append(instrument)
    return "<br>".join(
        f'<span class="chemref-id" title="{md(i.citation)}">{md(i.short or i.citation)}</span>' for i in found
    )


def _list_group(site: Site, page: str, key: str, regime: str) -> str:
    held = site.holdings(regime, key)
    rows = []
    for chemical, answer in held:
        record = site.cell(chemical, key)
        since = (
            html.date(answer.since)
            if answer.since
            else (html.by_date(answer.in_force_by) if answer.in_force_by else since_cell(record))
        )
        if answer.events:
            since = link(page, links.chemical_page(chemical.id), since, links.event_anchor(answer.events[0]))
        notes = []
        if answer.coverage == "class":
            notes.append(html.glossary_link(page, "class clause", "class clause only"))
        if answer.until:
            notes.append(f"temporary, until {html.date(answer.until)}")
        others = [r for r in site.controlled_lists(chemical, key) if r != regime]
        if others:
            notes.append("also on " + ", ".join(regime_label(site, r, page) for r in others))
        rows.append(
            Row(
                [
                    link(page, links.chemical_page(chemical.id), name_label(chemical)),
                    html.cas(chemical.identifiers.cas) if chemical.identifiers.cas else NONE,
                    since,
                    list_instruments(site, chemical, answer.events) or instruments_cell(record),
                    "; ".join(notes) or NONE,
                ],
                filter_attrs(site, chemical, [key]),
            )
        )
    regime_record = site.regime(regime)
    title = list_link(page, regime, md(regime_record.short))
    obliges = md(regime_record.obliges) if regime_record.obliges else "not recorded"
    body = (
        f'<p class="chemref-note">{md(regime_record.name)}. <strong>What a listing obliges:</strong> {obliges}</p>\n\n'
    ) + (cards(["Chemical", "CAS RN", "Since", "Instrument", "Note"], rows, "holdings") if rows else "None today.\n")
    return _group(title, f"list-{regime.lower()}", len(rows), body) if rows else ""


SHARED_NOTE = 3


def _decision_group(site: Site, page: str, key: str, decision: Decision) -> str:
    """The chemicals with one decision; a note most of them share is printed once, above them."""
    chemicals = [c for c in site.chemicals if site.cell(c, key).decision == decision]
    if not chemicals:
        return ""
    texts = Counter(t for c in chemicals if (t := note_text(site.cell(c, key))) is not None)
    common = texts.most_common(1)
    shared = common[0][0] if common and common[0][1] >= SHARED_NOTE else None
    rows = [
        Row(
            [
                link(page, links.chemical_page(c.id), name_label(c)),
                html.badge(decision),
                status_note(page, site.cell(c, key), shared),
            ],
            filter_attrs(site, c, [key]),
        )
        for c in chemicals
    ]
    intro = ""
    if shared is not None:
        count = common[0][1]
        intro = f'<p class="chemref-shared-note"><strong>Note shared by {count} of them:</strong> {md(shared)}</p>\n\n'
    return _group(
        GROUP_TITLES[decision],
        f"decision-{decision}",
        len(rows),
        intro + cards(["Chemical", "Decision", "Note"], rows, "decisions"),
    )


def jurisdiction_page(site: Site, key: str) -> str:
    """What is controlled here today, list by list, and every other chemical by decision; then the events, the
    lists with what each obliges, and the legal framework."""
    page = links.jurisdiction_page(key)
    jurisdiction = site.registry.jurisdictions[key]
    glossary = link(page, links.GLOSSARY, "glossary")
    lists = site.regimes_of(key)
    counts = decision_counts(site, key)
    summary = ", ".join(f"{counts[d]} {html.badge(d)}" for d in DECISIONS if counts.get(d))
    groups = [_list_group(site, page, key, r) for r in lists]
    groups += [_decision_group(site, page, key, d) for d in DECISIONS if d != "controlled"]
    parts = [
        front_matter(f"{key}: {jurisdiction.name}"),
        f"# {md(key)}: {md(jurisdiction.name)}\n",
        f"{md(jurisdiction.kind).capitalize()}."
        + (f" Also known as {', '.join(html.nowrap(a) for a in jurisdiction.aliases)}." if jurisdiction.aliases else "")
        + f" Words are defined in the {glossary}.\n",
        f"## Status on {site.today.isoformat()} {{#status-today}}\n",
        f"Every chemical in the registry, as chemref answers for {md(key)} on {html.date(site.today.isoformat())}: "
        f"{summary}. Controlled chemicals are grouped by the list they are on (a chemical on two lists is in "
        "both groups); the others by decision.\n",
        filter_form(site, page, "chemref-status-groups", lists=lists),
        '<div id="chemref-status-groups" markdown="1">\n',
        *[g for g in groups if g],
        "</div>\n",
    ]
    dated, undated = changes_order(site, [p for p in all_events(site) if p.event.jurisdiction == key])
    parts += ["## Events {#events}\n", "By date of effect, newest first.\n"]
    parts.append(_events_table(site, page, dated, with_jurisdiction=False))
    if undated:
        parts += ["### Date of effect not established {#events-undated}\n"]
        parts.append(_events_table(site, page, undated, with_jurisdiction=False))
    regime_rows = [
        Row(
            [
                list_link(page, regime_key, md(site.regime(regime_key).short)),
                md(site.regime(regime_key).name),
                md(site.regime(regime_key).kind),
                str(len(site.holdings(regime_key, key))),
                md(site.regime(regime_key).obliges or "not recorded"),
            ]
        )
        for regime_key in lists
    ]
    parts += [
        "## Lists {#lists}\n",
        "Each list's page shows what it holds today, what changed on it, how chemref read it and, in one cited "
        "line, what a listing obliges.\n",
        cards(["Label", "List", "Kind", "Holds today", "What it obliges"], regime_rows, "lists"),
        "## Legal framework {#framework}\n",
    ]
    if jurisdiction.framework:
        parts.append(f"{md(jurisdiction.framework)}\n")
    else:
        parts.append("chemref does not yet record a note on this jurisdiction's legal framework.\n")
    if jurisdiction.note:
        parts.append(f"{md(jurisdiction.note)}\n")
    if jurisdiction.applies_law_of:
        applied = ", ".join(jurisdiction_link(page, k) for k in jurisdiction.applies_law_of)
        parts.append(f"The law of {applied} also has effect here.\n")
    instrument_rows = [
        Row([md(i.citation), md(i.title), md(i.issuer), md(i.kind)])
        for _, i in sorted(site.registry.instruments.items())
        if i.jurisdiction == key
    ]
    if instrument_rows:
        parts += [
            "### Instruments {#instruments}\n",
            cards(["Citation", "Title", "Issuer", "Kind"], instrument_rows, "instruments"),
        ]
    if jurisdiction.sweeps:
        sweep_rows = [
            [html.date(s.date.isoformat()), "<br>".join(md(x) for x in s.searched), md(s.found)]
            for s in sorted(jurisdiction.sweeps, key=lambda s: s.date, reverse=True)
        ]
        parts += ["### Searches for changes {#sweeps}\n", table(["Date", "Searched", "Found"], sweep_rows)]
    return "\n".join(parts)


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
            f"{link(page, links.DATA_CHANGELOG, 'data changelog')}. Each list's page has its own changes.\n",
            filter_form(
                site, page, "chemref-changes", lists=site.regimes, jurisdictions=True, decisions=False, noun="event"
            ),
            '<div id="chemref-changes" markdown="1">\n',
            _events_table(site, page, dated),
            "## Date of effect not established {#undated}\n",
            _events_table(site, page, undated),
            "</div>\n",
        ]
    )


def downloads_page(site: Site) -> str:
    page = links.DOWNLOADS
    per_chemical = [
        [link(page, links.chemical_page(c.id), md(c.name)), link(page, links.chemical_json(c.id), f"{c.id}.json")]
        for c in site.chemicals
    ]
    cite = link(page, links.CITE, "how to cite chemref")
    return "\n".join(
        [
            front_matter("Data downloads"),
            "# Data downloads\n",
            f"Built from the registry on {site.today.isoformat()}. The data are the same the `chemref export` "
            f"command writes, under the Creative Commons Attribution 4.0 licence (CC BY 4.0); see {cite}.\n",
            table(
                ["File", "What it holds"],
                [
                    [link(page, links.ALL_JSON, "chemref.json"), "Everything: chemicals, events, lists, sources."],
                    [link(page, links.EVENTS_CSV, "events.csv"), "One row per control event."],
                    [link(page, links.SCHEMA_JSON, "chemical.schema.json"), "JSON Schema of one chemical file."],
                    [link(page, links.ATOM_FEED, "changes.atom"), "Atom feed of control events."],
                    [link(page, links.ICALENDAR, "effective-dates.ics"), "iCalendar file of effective dates."],
                    [
                        link(page, links.CITATION_CFF, "CITATION.cff"),
                        "How to cite this version (Citation File Format).",
                    ],
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
        Row(
            [
                html.date(entry.date.isoformat()),
                md(entry.kind),
                md(entry.summary),
                "<br>".join(_changelog_record(site, page, r) for r in entry.records),
            ]
        )
        for entry in entries
    ]
    return "\n".join(
        [
            front_matter("Data changelog", hide=("navigation", "toc")),
            "# Data changelog\n",
            "Corrections and additions to chemref's registry itself, newest first. Changes in the law are on "
            f"{link(page, links.CHANGES, 'What changed')}. The registry's content hash identifies the data version: "
            f"this build is registry {html.nowrap(site.registry.content_hash[:12])}.\n",
            cards(["Date", "Kind", "What changed", "Records"], rows, "changelog") if rows else "No entry yet.\n",
        ]
    )
