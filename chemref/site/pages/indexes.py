"""The index pages (chemicals, jurisdictions), each jurisdiction's page, what changed, downloads and the data
changelog."""

from __future__ import annotations

from chemref.site import html, links
from chemref.site.cells import (
    effective_words,
    instrument_cell,
    name_label,
    regime_label,
    status_header,
    status_row,
    status_table,
)
from chemref.site.context import DatedEvent, Site, all_events, changes_order, decision_counts
from chemref.site.markdown import event_link, external, front_matter, jurisdiction_link, link, table
from chemref.site.text import md


def chemicals_index(site: Site) -> str:
    page = links.CHEMICALS_INDEX
    rows = [
        [
            link(page, links.chemical_page(c.id), name_label(c)),
            html.cas(c.identifiers.cas) if c.identifiers.cas else "—",
            html.nowrap(c.identifiers.inchikey) if c.identifiers.inchikey else "none (no single structure)",
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
            regime_label(site, event.regime),
            instrument_cell(site, event),
            html.nowrap(record.confidence, "id"),
        ]
        rows.append(row)
    return table(header, rows) if rows else "None recorded.\n"


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
        applied = ", ".join(jurisdiction_link(page, k) for k in jurisdiction.applies_law_of)
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
