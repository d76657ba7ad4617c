"""Subscriptions to control events: an Atom feed and an iCalendar file of effective dates.

Both are deterministic: identifiers derive from chemical and event ids, and the only clock is the
build date (``chemref.registry.dates.today``, which honours ``CHEMREF_TODAY``).
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from chemref.registry.order import event_sort_key
from chemref.site import links
from chemref.site.cells import regime_name
from chemref.site.context import DatedEvent, Site, all_events, changes_order
from chemref.site.text import ical_text, xml_chars

ATOM_NS = "http://www.w3.org/2005/Atom"
# Fixed namespace for chemref's UUIDs, so an event keeps its id in every build.
CHEMREF_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "chemref:events")


def event_uuid(pair: DatedEvent) -> uuid.UUID:
    return uuid.uuid5(CHEMREF_NAMESPACE, f"{pair.chemical.id}/{pair.event.id}")


def event_title(site: Site, pair: DatedEvent) -> str:
    event = pair.event
    when = f"effective {event.effective.iso()}" if event.effective else "date of effect not established"
    return f"{pair.chemical.name}: {event.action}, {regime_name(site, event.regime)} ({event.jurisdiction}), {when}"


def site_link(from_file: str, url_path: str, base_url: str | None) -> str:
    """Absolute when the site's URL is configured, else relative to the feed file."""
    if base_url:
        return base_url.rstrip("/") + "/" + url_path
    return links.url_from(from_file, url_path)


def event_url(from_file: str, pair: DatedEvent, base_url: str | None) -> str:
    page = links.page_url(links.chemical_page(pair.chemical.id))
    return f"{site_link(from_file, page, base_url)}#{links.event_anchor(pair.event.id)}"


def _atom_time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = xml_chars(text)
    return element


def atom_feed(site: Site, base_url: str | None = None) -> str:
    """One entry per event, newest first by the date the event is placed at."""
    here = links.ATOM_FEED
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _sub(feed, "id", uuid.uuid5(CHEMREF_NAMESPACE, "feed/changes").urn)
    _sub(feed, "title", "chemref: control events of precursor chemicals")
    _sub(feed, "subtitle", "Dated legal control events, each with its instrument and sources.")
    _sub(feed, "updated", _atom_time(site.today))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=site_link(here, links.ATOM_FEED, base_url))
    _sub(feed, "link", rel="alternate", type="text/html", href=site_link(here, links.page_url(links.CHANGES), base_url))
    _sub(_sub(feed, "author"), "name", "chemref")
    pairs = sorted(all_events(site), key=lambda p: (event_sort_key(p.event), p.chemical.id), reverse=True)
    for pair in pairs:
        event = pair.event
        dated = event.effective or event.in_force_by or event.published or event.decided
        entry = _sub(feed, "entry")
        _sub(entry, "id", event_uuid(pair).urn)
        _sub(entry, "title", event_title(site, pair))
        _sub(entry, "updated", _atom_time(dated.first_day() if dated else site.today))
        _sub(entry, "link", rel="alternate", type="text/html", href=event_url(here, pair, base_url))
        _sub(entry, "category", term=event.jurisdiction)
        summary = [f"Jurisdiction: {event.jurisdiction}", f"List: {regime_name(site, event.regime)}"]
        instrument = site.registry.instruments.get(event.instrument) if event.instrument else None
        summary.append(f"Instrument: {instrument.citation if instrument else 'not established'}")
        summary.append(f"Coverage: {event.coverage.kind}")
        if event.expires is not None:
            summary.append(f"Expires: {event.expires.iso()}")
        _sub(entry, "summary", ". ".join(summary) + ".", type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines longer than 75 octets continue on lines starting with a space."""
    parts: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
        else:
            current += char
    parts.append(current)
    return [parts[0], *(" " + p for p in parts[1:])]


def icalendar(site: Site, base_url: str | None = None) -> str:
    """A VEVENT for every event whose effective date is known to the day.

    URL properties must be absolute URIs, so events carry one only when the site's URL is configured.
    """
    here = links.ICALENDAR
    stamp = site.today.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//chemref//effective dates of control events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:chemref effective dates",
    ]
    dated, _ = changes_order(site)
    for pair in reversed(dated):
        effective = pair.event.effective
        if effective is None or effective.precision != "day":
            continue
        day = effective.first_day()
        lines += [
            "BEGIN:VEVENT",
            f"UID:{pair.chemical.id}/{pair.event.id}@chemref",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{ical_text(event_title(site, pair))}",
            f"CATEGORIES:{ical_text(pair.event.jurisdiction)}",
        ]
        if base_url:
            lines.append(f"URL:{event_url(here, pair, base_url)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))
