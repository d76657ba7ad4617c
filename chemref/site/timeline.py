"""The timeline chart of a chemical's control: one lane per jurisdiction, one row per list.

A bar spans the time the chemical was on a list. Its fill says how: solid when the listing names the
chemical, hatched when only a class clause covers it; amber when the control is temporary, with a
tick and its end date. A bar whose start is only known as "in force by" a date starts at that date
with a dashed outline. Each event is a dot linking to its row in the history table.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from chemref.answers.status import OFF_ACTIONS, ON_ACTIONS, history
from chemref.registry.dates import PartialDate
from chemref.registry.models import Chemical, ControlEvent, Registry
from chemref.registry.order import jurisdiction_order
from chemref.site.links import event_anchor

TEMPORARY_ACTIONS = frozenset({"temporary-control", "extended"})

WIDTH = 880
LABEL_WIDTH = 92
CHART_LEFT = LABEL_WIDTH + 8
CHART_RIGHT = WIDTH - 24
LEGEND_HEIGHT = 34
ROW_HEIGHT = 36
LANE_PADDING = 8
AXIS_HEIGHT = 30
BAR_HEIGHT = 13
NAMED_COLOUR = "#3949ab"
TEMPORARY_COLOUR = "#ef6c00"
MAX_LIST_NAME = 95
CLASS_PATTERN = "timeline-class-hatch"
# The page's CJK fonts (system ones, then the subset the site ships; see chemref.css), so a Chinese list name
# draws with real glyphs where the reader has no CJK system font.
FONT_FAMILY = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', "
    "'Microsoft YaHei', 'chemref CJK Subset', sans-serif"
)


@dataclass
class Segment:
    """A span of control under one list, with one kind of coverage."""

    start: dt.date
    coverage: str
    temporary: bool
    start_uncertain: bool
    end: dt.date | None = None
    expires: PartialDate | None = None


@dataclass
class Row:
    """One list in one jurisdiction, with its spans of control and its events."""

    regime: str
    segments: list[Segment] = field(default_factory=list)
    events: list[ControlEvent] = field(default_factory=list)


@dataclass
class Lane:
    jurisdiction: str
    rows: list[Row]


def placed_date(event: ControlEvent) -> tuple[PartialDate, bool] | None:
    """Where an event sits on the time axis, and whether that is only an 'in force by' date."""
    if event.effective is not None:
        return event.effective, False
    if event.in_force_by is not None:
        return event.in_force_by, True
    return None


def _row(regime: str, events: list[ControlEvent]) -> Row:
    row = Row(regime)
    current: Segment | None = None

    def close(day: dt.date) -> None:
        nonlocal current
        if current is not None:
            current.end = day
            row.segments.append(current)
            current = None

    for event in events:
        placed = placed_date(event)
        touches = event.regime == regime or event.previous_regime == regime
        if placed is None or not touches:
            continue
        if event.regime == regime:
            row.events.append(event)
        date, uncertain = placed
        day = date.first_day()
        turns_on = event.regime == regime and event.action in ON_ACTIONS
        if not turns_on:
            if event.action in OFF_ACTIONS or event.previous_regime == regime:
                close(day)
            continue
        temporary = event.action in TEMPORARY_ACTIONS
        if current is not None and event.action == "extended" and current.temporary:
            current.expires = event.expires
            continue
        if current is not None and current.coverage == event.coverage.kind and current.temporary == temporary:
            if temporary:
                current.expires = event.expires
            continue
        close(day)
        current = Segment(day, event.coverage.kind, temporary, uncertain, expires=event.expires if temporary else None)
    if current is not None:
        current.end = current.expires.last_day() if current.expires is not None else None
        row.segments.append(current)
    return row


def lanes(registry: Registry, chemical: Chemical) -> list[Lane]:
    """One lane per jurisdiction with at least one event the chart can place, in the registry's order (events
    with no date are listed under the chart instead)."""
    result = []
    for key in jurisdiction_order(registry):
        events = history(chemical, key)
        if not any(placed_date(e) is not None for e in events):
            continue
        regimes: list[str] = []
        for event in events:
            for regime in (event.previous_regime, event.regime):
                if regime is not None and regime not in regimes:
                    regimes.append(regime)
        result.append(Lane(key, [_row(regime, events) for regime in regimes]))
    return result


def unplaced_events(chemical: Chemical) -> list[ControlEvent]:
    """Events with neither an effective date nor an 'in force by' date: the chart cannot place them."""
    return [e for e in history(chemical) if placed_date(e) is None]


class _Axis:
    def __init__(self, lanes_: list[Lane], today: dt.date) -> None:
        days = [today]
        for lane in lanes_:
            for row in lane.rows:
                for segment in row.segments:
                    days.append(segment.start)
                    if segment.end is not None:
                        days.append(segment.end)
        self.first_year = min(days).year
        self.last_year = max(days).year
        if self.last_year - self.first_year < 4:
            self.first_year = self.last_year - 4
        self.start = dt.date(self.first_year, 1, 1)
        self.end = dt.date(self.last_year + 1, 1, 1)

    def x(self, day: dt.date) -> float:
        span = (self.end - self.start).days
        return round(CHART_LEFT + (CHART_RIGHT - CHART_LEFT) * (day - self.start).days / span, 1)

    def tick_years(self) -> list[int]:
        years = self.last_year + 1 - self.first_year
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if years / s <= 10)
        first = -(-self.first_year // step) * step
        return list(range(first, self.last_year + 2, step))


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes: str | float) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _event_label(registry: Registry, event: ControlEvent) -> str:
    placed = placed_date(event)
    when = "date not established" if placed is None else ("in force by " if placed[1] else "") + placed[0].iso()
    regime = registry.regimes.get(event.regime)
    instrument = registry.instruments.get(event.instrument) if event.instrument else None
    text = f"{when}: {event.action}, {regime.name if regime else event.regime} ({event.coverage.kind})"
    if instrument is not None:
        text += f"; {instrument.citation}"
    return text


def _legend(svg: ET.Element) -> None:
    items = [
        ("named", NAMED_COLOUR, "none", "named on the list"),
        ("class", f"url(#{CLASS_PATTERN})", NAMED_COLOUR, "class clause only"),
        ("temporary", TEMPORARY_COLOUR, "none", "temporary (tick: end)"),
        ("uncertain", NAMED_COLOUR, "#1a1a1a", "start known only as in force by"),
    ]
    x = float(CHART_LEFT)
    for kind, fill, stroke, label in items:
        group = _el(svg, "g", class_=f"legend legend-{kind}")
        rect = _el(group, "rect", x=x, y=10, width=22, height=BAR_HEIGHT, fill=fill, stroke=stroke)
        if kind == "uncertain":
            rect.set("stroke-dasharray", "3 2")
        _el(group, "text", label, x=x + 28, y=21, class_="legend-text")
        x += 28 + 6.2 * len(label) + 22


def timeline_svg(registry: Registry, chemical: Chemical, today: dt.date) -> str:
    """The chart as an inline SVG element (no XML declaration), or '' when no event can be placed."""
    chart_lanes = lanes(registry, chemical)
    if not any(row.segments or row.events for lane in chart_lanes for row in lane.rows):
        return ""
    axis = _Axis(chart_lanes, today)
    rows_total = sum(len(lane.rows) for lane in chart_lanes)
    height = LEGEND_HEIGHT + rows_total * ROW_HEIGHT + len(chart_lanes) * LANE_PADDING * 2 + AXIS_HEIGHT
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "chemref-timeline",
            "viewBox": f"0 0 {WIDTH} {height}",
            # A group, not an image: its event dots are links a keyboard and a screen reader can reach.
            "role": "group",
            "aria-labelledby": f"timeline-title-{chemical.id}",
            "font-family": FONT_FAMILY,
            "font-size": "12",
        },
    )
    _el(svg, "title", f"Timeline of the control of {chemical.name}", id=f"timeline-title-{chemical.id}")
    defs = _el(svg, "defs")
    hatch = _el(
        defs,
        "pattern",
        id=CLASS_PATTERN,
        width=6,
        height=6,
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    _el(hatch, "rect", width=6, height=6, fill="#ffffff")
    _el(hatch, "rect", width=2.5, height=6, fill=NAMED_COLOUR)
    _legend(svg)

    top = LEGEND_HEIGHT
    bottom = height - AXIS_HEIGHT
    grid = _el(svg, "g", class_="grid")
    for year in axis.tick_years():
        x = axis.x(dt.date(year, 1, 1))
        if x > CHART_RIGHT + 0.5:
            continue
        _el(grid, "line", x1=x, y1=top, x2=x, y2=bottom, stroke="#e0e0e0")
        _el(grid, "text", str(year), x=x, y=bottom + 18, text_anchor="middle", fill="#555555")
    for index, lane in enumerate(chart_lanes):
        lane_height = len(lane.rows) * ROW_HEIGHT + 2 * LANE_PADDING
        jurisdiction = registry.jurisdictions.get(lane.jurisdiction)
        group = _el(svg, "g", class_="lane", data_jurisdiction=lane.jurisdiction)
        if index % 2 == 0:
            _el(group, "rect", x=0, y=top, width=WIDTH, height=lane_height, fill=NAMED_COLOUR, fill_opacity=0.05)
        label = _el(
            group,
            "text",
            lane.jurisdiction,
            x=10,
            y=top + LANE_PADDING + 24,
            font_weight="bold",
            font_size=14,
            class_="lane-label",
        )
        _el(label, "title", jurisdiction.name if jurisdiction else lane.jurisdiction)
        y = top + LANE_PADDING
        for row in lane.rows:
            _draw_row(registry, group, row, axis, y, today)
            y += ROW_HEIGHT
        top += lane_height
    today_x = axis.x(today)
    _el(svg, "line", x1=today_x, y1=LEGEND_HEIGHT, x2=today_x, y2=bottom, stroke="#c62828", stroke_dasharray="4 3")
    _el(
        svg,
        "text",
        f"build date {today.isoformat()}",
        x=today_x - 4,
        y=LEGEND_HEIGHT + 11,
        text_anchor="end",
        fill="#c62828",
        font_size=10,
    )
    return ET.tostring(svg, encoding="unicode")


def _draw_row(registry: Registry, group: ET.Element, row: Row, axis: _Axis, y: float, today: dt.date) -> None:
    regime = registry.regimes.get(row.regime)
    full = regime.name if regime else row.regime
    name = full if len(full) <= MAX_LIST_NAME else full[: MAX_LIST_NAME - 1] + "…"
    row_group = _el(group, "g", class_="row", data_regime=row.regime)
    label = _el(row_group, "text", name, x=CHART_LEFT, y=y + 12, fill="#333333", font_size=11)
    _el(label, "title", full)
    bar_y = y + 17
    for segment in row.segments:
        x1 = axis.x(segment.start)
        x2 = max(axis.x(segment.end if segment.end is not None else today), x1 + 8)
        fill = TEMPORARY_COLOUR if segment.temporary else NAMED_COLOUR
        if segment.coverage == "class":
            fill = f"url(#{CLASS_PATTERN})"
        bar = _el(
            row_group,
            "rect",
            x=x1,
            y=bar_y,
            width=round(x2 - x1, 1),
            height=BAR_HEIGHT,
            fill=fill,
            class_=f"bar coverage-{segment.coverage}" + (" temporary" if segment.temporary else ""),
        )
        if segment.coverage == "class":
            bar.set("stroke", TEMPORARY_COLOUR if segment.temporary else NAMED_COLOUR)
        if segment.end is None:
            _el(
                row_group,
                "path",
                d=f"M{x2},{bar_y - 3} l7,{BAR_HEIGHT / 2 + 3} l-7,{BAR_HEIGHT / 2 + 3} z",
                fill=TEMPORARY_COLOUR if segment.temporary else NAMED_COLOUR,
                class_="continues",
            )
        if segment.start_uncertain:
            bar.set("stroke", "#1a1a1a")
            bar.set("stroke-dasharray", "3 2")
        until = f", until {segment.expires.iso()}" if segment.expires is not None else ""
        how = "named" if segment.coverage == "named" else "class clause"
        kind = "temporary, " if segment.temporary else ""
        ended = "" if segment.end is None or segment.expires is not None else f" to {segment.end.isoformat()}"
        _el(bar, "title", f"{name}: {kind}{how}, from {segment.start.isoformat()}{ended}{until}")
        if segment.expires is not None:
            _el(
                row_group,
                "line",
                x1=x2,
                y1=bar_y - 4,
                x2=x2,
                y2=bar_y + BAR_HEIGHT + 4,
                stroke="#1a1a1a",
                stroke_width=2,
                class_="end-tick",
            )
            _el(
                row_group,
                "text",
                f"until {segment.expires.iso()}",
                x=x2 + 4,
                y=bar_y + 10,
                font_size=10,
                fill="#1a1a1a",
            )
    for event in row.events:
        placed = placed_date(event)
        if placed is None:
            continue
        link = _el(row_group, "a", href=f"#{event_anchor(event.id)}", class_="event")
        _el(
            link,
            "circle",
            cx=axis.x(placed[0].first_day()),
            cy=bar_y + BAR_HEIGHT / 2,
            r=4.5,
            fill="#ffffff",
            stroke="#1a1a1a",
            stroke_width=1.5,
        )
        _el(link, "title", _event_label(registry, event))


def _span_words(segment: Segment, today: dt.date) -> str:
    how = "named" if segment.coverage == "named" else "class clause"
    kind = "temporary, " if segment.temporary else ""
    start = ("in force by " if segment.start_uncertain else "from ") + segment.start.isoformat()
    if segment.expires is not None:
        end = f" until {segment.expires.iso()}"
    elif segment.end is not None:
        end = f" to {segment.end.isoformat()}"
    else:
        end = " to today"
    return f"{kind}{how}, {start}{end}"


def timeline_items(registry: Registry, chemical: Chemical, today: dt.date) -> list[tuple[str, str, list[str]]]:
    """The chart's content as text: (jurisdiction, list key, spans of control in words), lane by lane."""
    items = []
    for lane in lanes(registry, chemical):
        for row in lane.rows:
            spans = [_span_words(s, today) for s in row.segments]
            if spans or row.events:
                items.append((lane.jurisdiction, row.regime, spans or ["events only, no span of control"]))
    return items
