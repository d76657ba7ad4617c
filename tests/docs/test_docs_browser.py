"""The built site in a real browser: headless Chromium, driven by Playwright, on a local server.

Screenshots of every chemical page, of the matrix on a desktop and on a phone, and of a jurisdiction
page go to build/screenshots/ (kept by CI as artefacts).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import ROOT

from chemref.site import links

from .conftest import BUILD_DATE, BuiltSite

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "build" / "screenshots"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(built_site: BuiltSite) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.is_file():
        _unavailable(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    tab.set_default_timeout(20_000)
    try:
        yield tab
    finally:
        tab.close()


def test_chemical_pages_show_structure_and_timeline(built_site: BuiltSite, base_url: str, page: Any) -> None:
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    for chemical in sorted(built_site.registry.chemicals.values(), key=lambda c: c.id):
        page.goto(base_url + links.page_url(links.chemical_page(chemical.id)))
        page.wait_for_load_state("networkidle")
        image = page.locator("img.chemref-structure")
        assert image.count() == 1
        assert page.evaluate("img => img.complete && img.naturalWidth > 0", image.element_handle())
        # One lane per jurisdiction with an event; no chart at all when no event has a date to place it.
        placed = any(e.effective or e.in_force_by for e in chemical.events)
        lanes = {e.jurisdiction for e in chemical.events} if placed else set()
        assert page.locator("svg.chemref-timeline g.lane").count() == len(lanes)
        assert page.locator("h1").first.inner_text().removesuffix("¶").strip() == chemical.name
        page.screenshot(path=str(SCREENSHOTS / f"{chemical.id}.png"), full_page=True)
    assert len(list(SCREENSHOTS.glob("*.png"))) == len(built_site.registry.chemicals)


def test_matrix_links_reach_their_events(built_site: BuiltSite, base_url: str, page: Any) -> None:
    """Every link in the matrix leads to a page that exists and, for a link with a fragment, to an element of
    that id. Each target page is loaded once, and all of its anchors are checked there."""
    page.goto(base_url + links.page_url(links.MATRIX))
    hrefs = page.eval_on_selector_all(".md-content table a", "links => links.map(a => a.href)")
    event_links = [h for h in hrefs if "#event-" in h]
    controlled = sum(
        1
        for c in built_site.registry.chemicals.values()
        for key in {e.jurisdiction for e in c.events}
        if any(e.effective or e.in_force_by for e in c.events if e.jurisdiction == key)
    )
    assert len(event_links) >= controlled
    fragments: dict[str, set[str]] = {}
    for href in hrefs:
        parts = urlsplit(href)
        fragments.setdefault(parts._replace(fragment="").geturl(), set()).add(parts.fragment)
    for target, wanted in fragments.items():
        response = page.goto(target)
        assert response is not None and response.ok, target
        ids = set(page.eval_on_selector_all("[id]", "nodes => nodes.map(n => n.id)"))
        missing = sorted(f for f in wanted if f and f not in ids)
        assert missing == [], (target, missing)


@pytest.mark.parametrize("query", ["norfentanyl", "23056-29-3"])
def test_search_lands_on_the_chemical_page(built_site: BuiltSite, base_url: str, page: Any, query: str) -> None:
    from chemref.registry.names import find

    expected = find(built_site.registry, query)
    page.goto(base_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search_box = page.locator("input.md-search__input")
    # Typed key by key: the theme searches on keyboard events.
    search_box.press_sequentially(query, delay=20)
    first = page.locator(".md-search-result__item .md-search-result__link").first
    first.wait_for(state="visible")
    # Results update as each key is typed: wait for those of the whole query before following the first.
    wanted = "/" + links.page_url(links.chemical_page(expected.id))
    try:
        page.wait_for_function(
            "wanted => { const a = document.querySelector('.md-search-result__item .md-search-result__link');"
            " return a !== null && new URL(a.href).pathname === wanted; }",
            arg=wanted,
            timeout=20_000,
        )
    except Exception:
        links_shown = ".md-search-result__item .md-search-result__link"
        shown = page.eval_on_selector_all(links_shown, "as => as.map(a => a.href)")
        pytest.fail(f"searching {query!r} does not put {wanted} first; results: {shown[:5]}")
    # A click starts the navigation; waiting for the load state alone can return before it commits.
    with page.expect_navigation():
        first.click()
    path = urlsplit(page.url).path
    assert path == wanted, page.url


# --- The matrix, jurisdiction pages, permalinks and CJK text (issue: the site as a reference people cite) ---

MATRIX_DATES = "table.chemref-matrix .chemref-date"


def _open_matrix(page: Any, base_url: str, width: int, query: str = "") -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + links.page_url(links.MATRIX) + query)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(("width", "name"), [(1280, "matrix-desktop"), (390, "matrix-phone")])
def test_matrix_first_column_stays_and_dates_keep_to_one_line(
    built_site: BuiltSite, base_url: str, page: Any, width: int, name: str
) -> None:
    _open_matrix(page, base_url, width)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    # No date is broken inside itself: one line box each, no taller than a line.
    heights = page.eval_on_selector_all(
        MATRIX_DATES,
        """spans => spans.map(s => ({
            text: s.textContent, rects: s.getClientRects().length, height: s.getBoundingClientRect().height,
            line: parseFloat(getComputedStyle(s).lineHeight) || parseFloat(getComputedStyle(s).fontSize) * 1.4}))""",
    )
    assert len(heights) >= len(built_site.registry.chemicals)
    for item in heights:
        assert item["rects"] == 1, item
        assert item["height"] <= item["line"] * 1.3 + 4, item
    # Not wider than the phone: the page itself does not scroll sideways, only the matrix box does.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # Scrolled to its far right, the chemical column is still in place and on top.
    moved = page.evaluate(
        """() => { const box = document.querySelector('.chemref-matrix-scroll');
                   box.scrollLeft = box.scrollWidth; return box.scrollLeft; }"""
    )
    if width == 390:
        assert moved > 0, "at 390 px the matrix should scroll sideways inside its box"
    page.wait_for_timeout(100)
    visible = page.eval_on_selector_all(
        "table.chemref-matrix tbody th",
        """cells => cells.map(th => {
            const box = document.querySelector('.chemref-matrix-scroll').getBoundingClientRect();
            const r = th.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + 4, r.top + r.height / 2);
            const middle = r.top + r.height / 2;
            return {left: r.left - box.left, width: r.width, onTop: hit !== null && th.contains(hit),
                    top: r.top, inView: middle >= 0 && middle < Math.min(window.innerHeight, box.bottom)};
        })""",
    )
    assert len(visible) == len(built_site.registry.chemicals)
    for cell in visible:
        assert abs(cell["left"]) <= 2 and cell["width"] > 40, cell
        if cell["inView"]:
            assert cell["onTop"], cell
    if width == 390:
        page.screenshot(path=str(SCREENSHOTS / f"{name}-scrolled.png"))


def test_matrix_filter_narrows_to_one_jurisdiction(built_site: BuiltSite, base_url: str, page: Any) -> None:
    _open_matrix(page, base_url, 1280)
    assert page.locator("form.chemref-filter").is_visible()
    page.select_option("form.chemref-filter select[name=j]", "GB")
    shown = page.eval_on_selector_all(
        "table.chemref-matrix [data-j]", "cells => cells.filter(c => c.offsetParent !== null).map(c => c.dataset.j)"
    )
    assert set(shown) == {"GB"}
    assert len(shown) == 1 + len(built_site.registry.chemicals)  # the header and one cell per chemical
    assert "j=GB" in page.url
    page.select_option("form.chemref-filter select[name=d]", "controlled")
    rows = page.eval_on_selector_all(
        "table.chemref-matrix tbody tr",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => r.querySelector('td[data-j=GB]').dataset.d)",
    )
    expected = sum(
        1 for c in built_site.registry.chemicals.values() if _decision(built_site, c.id, "GB") == "controlled"
    )
    assert rows == ["controlled"] * expected
    # The filter's state is in the address, so a filtered matrix can be linked to.
    page.goto(base_url + links.page_url(links.MATRIX) + "?j=US")
    page.wait_for_load_state("networkidle")
    assert set(
        page.eval_on_selector_all(
            "table.chemref-matrix td[data-j]",
            "cells => cells.filter(c => c.offsetParent !== null).map(c => c.dataset.j)",
        )
    ) == {"US"}


def _decision(built_site: BuiltSite, chemical_id: str, key: str) -> str:
    import datetime as dt

    from chemref.answers.status import jurisdiction_status

    from .conftest import BUILD_DATE

    chemical = built_site.registry.chemicals[chemical_id]
    day = dt.date.fromisoformat(BUILD_DATE)
    return jurisdiction_status(built_site.registry, chemical, key, day).decision


def test_matrix_renders_without_javascript(built_site: BuiltSite, base_url: str, page: Any, browser: Any) -> None:
    session = browser.new_cdp_session(page)
    session.send("Emulation.setScriptExecutionDisabled", {"value": True})
    _open_matrix(page, base_url, 390)
    assert page.evaluate("document.querySelector('form.chemref-filter').hidden")
    assert not page.locator("form.chemref-filter").is_visible()
    cells = page.eval_on_selector_all(
        "table.chemref-matrix td[data-j]", "cells => cells.filter(c => c.offsetParent !== null).length"
    )
    assert cells == len(built_site.registry.chemicals) * len(built_site.registry.jurisdictions)
    # Without the script, citations still give a date and a path.
    page.goto(base_url + links.page_url(links.chemical_page("4-ap")))
    assert page.locator("p.chemref-cite time.chemref-consulted").inner_text() == BUILD_DATE


def test_every_jurisdiction_page_lists_every_chemical(built_site: BuiltSite, base_url: str, page: Any) -> None:
    names = sorted(c.name for c in built_site.registry.chemicals.values())
    for key in built_site.registry.jurisdictions:
        page.goto(base_url + links.page_url(links.jurisdiction_page(key)))
        rows = page.evaluate(
            """() => { let node = document.getElementById('status-today').nextElementSibling;
                       while (node && !node.querySelector('table') && node.tagName !== 'TABLE') {
                           node = node.nextElementSibling; }
                       const table = node.tagName === 'TABLE' ? node : node.querySelector('table');
                       return [...table.querySelectorAll('tbody tr')].map(tr => ({
                           name: tr.cells[0].innerText.trim(), visible: tr.getBoundingClientRect().height > 0,
                           decision: tr.cells[1].querySelector('.chemref-decision') !== null})); }"""
        )
        assert sorted(r["name"] for r in rows) == names, key
        assert all(r["visible"] and r["decision"] for r in rows), key
        if key == "GB":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(path=str(SCREENSHOTS / "jurisdiction-GB.png"), full_page=True)


def test_event_permalinks_resolve_to_their_rows(built_site: BuiltSite, base_url: str, page: Any) -> None:
    """Every event's permalink scrolls its row into view, and the row's 'cite' line gives that permalink.
    Each chemical page is loaded once; each event is then reached by setting the fragment, as a click on a
    permalink does."""
    page.set_viewport_size({"width": 1280, "height": 900})
    for chemical in sorted(built_site.registry.chemicals.values(), key=lambda c: c.id):
        url = base_url + links.page_url(links.chemical_page(chemical.id))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        for event in chemical.events:
            anchor = links.event_anchor(event.id)
            row = page.evaluate(
                """anchor => { location.hash = anchor; const t = document.getElementById(anchor);
                           const tr = t && t.closest('tr'); if (!tr) return null;
                           const target = document.querySelector(':target');
                           const r = tr.getBoundingClientRect();
                           return {top: r.top, height: window.innerHeight, target: target && target.id,
                                   cite: tr.querySelector('details.chemref-cite a.chemref-permalink').href}; }""",
                anchor,
            )
            assert row is not None, (url, anchor)
            assert row["target"] == anchor, (url, row)
            assert 0 <= row["top"] < row["height"], (url, anchor, row)
            assert row["cite"] == url + "#" + anchor, (url, row["cite"])
        if chemical.id == "4-ap":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.goto(url)
            page.screenshot(path=str(SCREENSHOTS / "chemical-4-ap.png"), full_page=True)


def test_cjk_list_name_renders_with_real_glyphs(built_site: BuiltSite, base_url: str, page: Any, browser: Any) -> None:
    cjk = next(r.name for r in built_site.registry.regimes.values() if any("\u4e00" <= ch <= "\u9fff" for ch in r.name))
    text = "".join(ch for ch in cjk if "\u4e00" <= ch <= "\u9fff")
    page.goto(base_url + links.page_url(links.jurisdiction_page("CN")))
    page.wait_for_load_state("networkidle")
    assert page.locator("td", has_text=text).count() >= 1
    widths = page.evaluate(
        """async text => {
            const size = 20;
            await document.fonts.load(`${size}px "chemref CJK Subset"`, text);
            const measure = family => {
                const s = document.createElement('span');
                s.style.cssText = `font: ${size}px ${family}; white-space: nowrap; position: absolute;`;
                s.textContent = text; document.body.appendChild(s);
                const w = s.getBoundingClientRect().width; s.remove(); return w;
            };
            return {size, count: [...text].length, subset: measure('"chemref CJK Subset", monospace'),
                    missing: measure('"chemref-no-such-font", monospace'),
                    loaded: document.fonts.check(`${size}px "chemref CJK Subset"`, text)};
        }""",
        text,
    )
    assert widths["loaded"], widths
    # Ideographs are one em wide each in the shipped font: real glyphs, not zero-width or half-width boxes.
    assert widths["subset"] == pytest.approx(widths["count"] * widths["size"], abs=2), widths
    assert widths["subset"] > 0 and widths["missing"] > 0, widths
    # Which fonts drew the list name on the page: a CJK font for every ideograph (system or shipped).
    session = browser.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    page.evaluate(
        """text => { const content = document.querySelector('.md-content');
                     const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
                     while (walker.nextNode()) { if (walker.currentNode.textContent.includes(text)) {
                         walker.currentNode.parentElement.id = 'chemref-cjk-probe'; return; } } }""",
        text,
    )
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": "#chemref-cjk-probe"})["nodeId"]
    assert node
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert fonts, fonts
    cjk_fonts = [f for f in fonts if "CJK" in f["familyName"] or "Han" in f["familyName"]]
    assert sum(f["glyphCount"] for f in cjk_fonts) >= len(text), fonts
