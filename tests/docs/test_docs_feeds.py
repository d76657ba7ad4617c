"""The Atom feed and the iCalendar file: valid, one item per event, stable identifiers."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from conftest import REGISTRY

from chemref.registry.models import Registry
from chemref.site.context import Site
from chemref.site.feeds import atom_feed, icalendar

from .conftest import BuiltSite, typed

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return typed(REGISTRY)


def _events(registry: Registry) -> list[tuple[str, str]]:
    return [(c.id, e.id) for c in registry.chemicals.values() for e in c.events]


def test_atom_feed_has_an_entry_per_event(registry: Registry) -> None:
    feed = ET.fromstring(atom_feed(Site(registry, TODAY)))
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None, tag
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(_events(registry))
    ids = set()
    for entry in entries:
        for tag in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated", "").replace("Z", "+00:00"))
        assert "#event-" in (entry.find(f"{ATOM}link").get("href") or "")  # type: ignore[union-attr]
        ids.add(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(entries)


def test_atom_links_are_absolute_when_the_site_url_is_known(registry: Registry) -> None:
    feed = ET.fromstring(atom_feed(Site(registry, TODAY), "https://chemref.example/"))
    hrefs = [link.get("href") or "" for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith("https://chemref.example/") for h in hrefs)


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines: list[str] = []
    for line in text.split("\r\n")[:-1]:
        assert len(line.encode("utf-8")) <= 75
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def _vevents(text: str) -> list[dict[str, str]]:
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    assert current is None
    return events


def test_icalendar_has_an_event_per_known_effective_day(registry: Registry) -> None:
    events = _vevents(icalendar(Site(registry, TODAY)))
    expected = {
        (c.id, e.id): e.effective.first_day()
        for c in registry.chemicals.values()
        for e in c.events
        if e.effective is not None and e.effective.precision == "day"
    }
    assert len(events) == len(expected)
    uids = {event["UID"] for event in events}
    assert uids == {f"{chemical}/{event}@chemref" for chemical, event in expected}
    for event in events:
        assert event["DTSTAMP"] == TODAY.strftime("%Y%m%dT000000Z")
        chemical, rest = event["UID"].split("/", 1)
        day = expected[(chemical, rest.removesuffix("@chemref"))]
        assert event["DTSTART;VALUE=DATE"] == day.strftime("%Y%m%d")
        assert event["SUMMARY"]


def test_icalendar_escapes_text(registry: Registry) -> None:
    chemical = next(c for c in registry.chemicals.values() if any(e.effective for e in c.events))
    odd = chemical.model_copy(update={"name": "a, b; c\\d\nnext"})
    other = {k: v for k, v in registry.chemicals.items() if k != chemical.id}
    events = _vevents(icalendar(Site(registry.model_copy(update={"chemicals": {**other, chemical.id: odd}}), TODAY)))
    summaries = [e["SUMMARY"] for e in events if e["UID"].startswith(f"{chemical.id}/")]
    assert summaries and all(s.startswith("a\\, b\\; c\\\\d\\nnext:") for s in summaries)


def test_built_feeds_are_served_with_the_site(built_site: BuiltSite) -> None:
    feed = ET.parse(built_site.site / "feeds" / "changes.atom").getroot()
    assert len(feed.findall(f"{ATOM}entry")) == len(_events(built_site.registry))
    calendar = (built_site.site / "feeds" / "effective-dates.ics").read_bytes().decode("utf-8")
    assert _vevents(calendar)
