"""The built site in a real browser: headless Chromium, driven by Playwright, on a local server.

Screenshots of every chemical page go to build/screenshots/ (kept by CI as artefacts).
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

from chemref.docs import links

from .conftest import BuiltSite

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
    for href in hrefs:
        page.goto("about:blank")
        response = page.goto(href)
        assert response is not None and response.ok, href
        fragment = urlsplit(href).fragment
        if fragment:
            assert page.evaluate("id => document.getElementById(id) !== null", fragment), href


@pytest.mark.parametrize("query", ["norfentanyl", "23056-29-3"])
def test_search_lands_on_the_chemical_page(built_site: BuiltSite, base_url: str, page: Any, query: str) -> None:
    from chemref.names import find

    expected = find(built_site.registry, query)
    page.goto(base_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search_box = page.locator("input.md-search__input")
    # Typed key by key: the theme searches on keyboard events.
    search_box.press_sequentially(query, delay=20)
    first = page.locator(".md-search-result__item .md-search-result__link").first
    first.wait_for(state="visible")
    first.click()
    page.wait_for_load_state("networkidle")
    path = urlsplit(page.url).path
    assert path == "/" + links.page_url(links.chemical_page(expected.id)), page.url
