"""The timeline chart: one lane per jurisdiction, coverage and temporary controls told apart."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from conftest import REGISTRY

from chemref.registry.models import Chemical, ControlEvent, Registry
from chemref.site.timeline import lanes, placed_date, timeline_svg

from .conftest import typed

TODAY = dt.date(2026, 12, 6)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return typed(REGISTRY)


def _chart(registry: Registry, chemical: Chemical) -> ET.Element:
    return ET.fromstring(timeline_svg(registry, chemical, TODAY))


def _classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def test_one_lane_per_jurisdiction_with_events(registry: Registry) -> None:
    for chemical in registry.chemicals.values():
        expected = sorted({e.jurisdiction for e in chemical.events if placed_date(e) is not None})
        if not expected:
            assert timeline_svg(registry, chemical, TODAY) == "", chemical.id  # nothing to place: no chart
            continue
        chart = _chart(registry, chemical)
        found = [g.get("data-jurisdiction") for g in chart.iter(f"{SVG}g") if "lane" in _classes(g)]
        assert sorted(found) == expected, chemical.id


def test_every_placed_event_is_a_link_to_its_row(registry: Registry) -> None:
    for chemical in registry.chemicals.values():
        placed = {e.id for e in chemical.events if e.effective or e.in_force_by}
        if not placed:
            continue
        hrefs = {a.get("href") for a in _chart(registry, chemical).iter(f"{SVG}a")}
        assert hrefs == {f"#event-{event_id}" for event_id in placed}


def test_class_and_named_coverage_are_drawn_differently(registry: Registry) -> None:
    widened = [c for c in registry.chemicals.values() if {e.coverage.kind for e in c.events} == {"class", "named"}]
    if not widened:
        pytest.skip("no chemical in the registry has both class and named coverage")
    bars = [r for r in _chart(registry, widened[0]).iter(f"{SVG}rect") if "bar" in _classes(r)]
    fills = {next(iter(_classes(b) & {"coverage-class", "coverage-named"})): b.get("fill") for b in bars}
    assert set(fills) == {"coverage-class", "coverage-named"}
    assert fills["coverage-class"] != fills["coverage-named"]


def _with_events(registry: Registry, events: list[ControlEvent]) -> Chemical:
    return next(iter(registry.chemicals.values())).model_copy(update={"events": events})


def _event(**fields: object) -> ControlEvent:
    base = {
        "jurisdiction": "US",
        "regime": "US-CSA-LIST-I",
        "coverage": {"kind": "named"},
        "sources": [{"source": "x"}],
    }
    return ControlEvent.model_validate({**base, **fields})


def test_a_temporary_control_shows_its_end(registry: Registry) -> None:
    chemical = _with_events(
        registry,
        [
            _event(id="temp", action="temporary-control", effective="2021-01-10", expires="2023-01-09"),
            _event(id="longer", action="extended", effective="2023-01-01", expires="2024-06-30"),
        ],
    )
    (lane,) = lanes(registry, chemical)
    (segment,) = lane.rows[0].segments
    assert segment.temporary and segment.end == dt.date(2024, 6, 30)
    chart = _chart(registry, chemical)
    assert [e for e in chart.iter(f"{SVG}line") if "end-tick" in _classes(e)]
    assert "until 2024-06-30" in {t.text for t in chart.iter(f"{SVG}text")}


def test_removal_ends_the_bar_and_a_move_switches_rows(registry: Registry) -> None:
    chemical = _with_events(
        registry,
        [
            _event(id="on", action="added", effective="2010-05-01"),
            _event(id="off", action="removed", effective="2015-05-01"),
            _event(id="again", action="added", regime="US-CSA-LIST-I", effective="2018-01-01"),
            _event(
                id="move",
                action="moved",
                regime="US-CSA-SCHEDULE-II",
                previous_regime="US-CSA-LIST-I",
                effective="2020-01-01",
            ),
        ],
    )
    (lane,) = lanes(registry, chemical)
    rows = {row.regime: row for row in lane.rows}
    spans = [(s.start, s.end) for s in rows["US-CSA-LIST-I"].segments]
    assert spans == [(dt.date(2010, 5, 1), dt.date(2015, 5, 1)), (dt.date(2018, 1, 1), dt.date(2020, 1, 1))]
    (moved,) = rows["US-CSA-SCHEDULE-II"].segments
    assert moved.start == dt.date(2020, 1, 1) and moved.end is None


def test_registry_text_in_the_chart_is_escaped(registry: Registry) -> None:
    chemical = _with_events(registry, [_event(id="on", action="added", effective="2010-05-01")])
    chemical = chemical.model_copy(update={"name": "<script>alert(1)</script>"})
    text = timeline_svg(registry, chemical, TODAY)
    assert "<script>" not in text
    assert ET.fromstring(text).find(f"{SVG}title").text == "Timeline of the control of <script>alert(1)</script>"  # type: ignore[union-attr]
