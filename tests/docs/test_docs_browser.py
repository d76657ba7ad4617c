"""The built site in a real browser: headless Chromium, driven by Playwright, on a local server, at a phone's
width (390 px) and a desktop's (1280 px).

Each page is loaded once per width and checked for many things at once; links are checked without a browser
(test_docs_build). Screenshots of the matrix, a list page, a chemical page and a jurisdiction page at both
widths go to build/screenshots/ (kept by CI as artefacts).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import ROOT

from chemref.registry.models import Chemical, Registry
from chemref.site import links
from chemref.site.text import lookup_key

from .conftest import BUILD_DATE, SITE_URL, BuiltSite

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
PHONE, DESKTOP = 390, 1280
HEIGHTS = {PHONE: 844, DESKTOP: 800}
WIDTHS = [PHONE, DESKTOP]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(built_site: BuiltSite) -> Iterator[str]:
    yield from _serve(built_site.site)


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
            viewport={"width": DESKTOP, "height": HEIGHTS[DESKTOP]},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    tab.set_default_timeout(20_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        yield tab
        assert errors == [], errors
    finally:
        tab.close()


def _open(page: Any, url: str, width: int) -> None:
    """Open a page and wait for its load event: its images, styles and scripts are in. Not for "networkidle":
    the theme's search worker may still be fetching and indexing, which no check here needs (the search test
    waits for its results), and on a busy machine that can take longer than any timeout."""
    page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
    page.goto(url, wait_until="load")


def _screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# What every page must do at both widths: no sideways scrolling of the page itself (tables scroll inside their
# own boxes), no filter control past the text column's right edge, and a footer with the version, the registry
# hash and the date checked through.
PAGE_CHECKS = """() => {
    const footer = document.querySelector('.chemref-footer');
    return {
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        footer: footer ? footer.innerText : '',
        canonical: (document.querySelector('link[rel=canonical]') || {}).href || null,
        outside: (() => { const box = document.querySelector('.md-content__inner');
            if (!box) return [];
            const right = box.getBoundingClientRect().right;
            return [...document.querySelectorAll('form.chemref-filter input, form.chemref-filter select')]
                .filter(el => el.getBoundingClientRect().right > right + 0.5)
                .map(el => `${el.tagName.toLowerCase()} ${el.name || el.id || ''}`.trim()); })(),
    };
}"""


def _page_checks(page: Any, built_site: BuiltSite, where: str) -> None:
    from chemref import __version__

    found = page.evaluate(PAGE_CHECKS)
    assert found["overflow"] <= 1, f"{where}: the page scrolls sideways by {found['overflow']} px"
    assert found["outside"] == [], f"{where}: filter controls stick out of the text column: {found['outside']}"
    assert f"chemref {__version__}" in found["footer"], where
    assert built_site.registry.content_hash[:12] in found["footer"], where
    assert "checked through" in found["footer"], where
    assert found["canonical"] and found["canonical"].startswith(SITE_URL), where


SITE_PAGES = [
    "index.md",
    links.CHEMICALS_INDEX,
    links.JURISDICTIONS_INDEX,
    links.jurisdiction_page("MX"),
    links.LISTS_INDEX,
    links.CHANGES,
    links.API_PAGE,
    links.COVERAGE,
    links.NOT_COVERED,
    links.CITE,
    links.GLOSSARY,
    links.DATA_CHANGELOG,
]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(built_site: BuiltSite, base_url: str, page: Any, width: int) -> None:
    """The pages without a test of their own below: each loaded once, checked for overflow and its footer."""
    for md_file in SITE_PAGES:
        _open(page, base_url + links.page_url(md_file), width)
        _page_checks(page, built_site, f"{md_file} at {width} px")


def _sample_chemicals(registry: Registry) -> list[Chemical]:
    """4-AP, and a chemical with a salt form and a Chinese list (fentanyl)."""
    return [registry.chemicals["4-ap"], registry.chemicals["fentanyl"]]


CHEMICAL_CHECKS = """() => {
    const strip = document.querySelector('.chemref-strip');
    const img = document.querySelector('img.chemref-structure');
    const svg = document.querySelector('.chemref-timeline-wrap');
    const list = document.querySelector('.chemref-timeline-list');
    const shown = el => el !== null && el.getBoundingClientRect().height > 0;
    const clipped = [...document.querySelectorAll('details.chemref-research > summary, details.chemref-cite > summary')]
        .filter(s => s.getBoundingClientRect().width > 0)
        .filter(s => { const cell = s.closest('td'); if (!cell) return false;
                       const a = s.getBoundingClientRect(), b = cell.getBoundingClientRect();
                       return a.left < b.left - 0.5 || a.right > b.right + 0.5; })
        .map(s => s.textContent);
    return {
        h1: document.querySelector('h1').innerText.replace('¶', '').trim(),
        stripBottom: strip ? strip.getBoundingClientRect().bottom : null,
        stripItems: strip ? strip.querySelectorAll('.chemref-strip-item').length : 0,
        viewport: window.innerHeight,
        image: img !== null && img.complete && img.naturalWidth > 0,
        alt: img ? img.alt : null,
        chart: shown(svg), words: shown(list),
        clipped,
        cite: document.querySelector('p.chemref-cite a.chemref-permalink').textContent,
    };
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_chemical_pages_give_the_answer_first(built_site: BuiltSite, base_url: str, page: Any, width: int) -> None:
    """The status strip is above the fold; the structure is drawn and named; the timeline is a chart on a wide
    screen and words on a phone; no cite or research-notes link sticks out of its cell; every event's permalink
    scrolls its row into view."""
    registry = built_site.registry
    for chemical in _sample_chemicals(registry):
        url = base_url + links.page_url(links.chemical_page(chemical.id))
        _open(page, url, width)
        where = f"{chemical.id} at {width} px"
        _page_checks(page, built_site, where)
        found = page.evaluate(CHEMICAL_CHECKS)
        assert found["h1"] == chemical.name, where
        assert found["stripItems"] == len(registry.jurisdictions), where
        assert found["stripBottom"] is not None and found["stripBottom"] <= found["viewport"], (where, found)
        assert found["image"] and found["alt"] == f"2D structure of {chemical.name}", where
        assert (found["chart"], found["words"]) == ((False, True) if width == PHONE else (True, False)), where
        assert found["clipped"] == [], where
        assert found["cite"] == links.absolute(SITE_URL, links.chemical_page(chemical.id)), where
        if chemical.id == "4-ap":
            _screenshot(page, f"chemical-4-ap-{width}")
        if width == DESKTOP:
            for event in chemical.events:
                anchor = links.event_anchor(event.id)
                row = page.evaluate(
                    """anchor => { location.hash = anchor; const t = document.getElementById(anchor);
                               const tr = t && t.closest('tr'); if (!tr) return null;
                               const r = tr.getBoundingClientRect();
                               return {top: r.top, height: window.innerHeight,
                                       target: (document.querySelector(':target') || {}).id,
                                       cite: tr.querySelector('details.chemref-cite a.chemref-permalink').href}; }""",
                    anchor,
                )
                assert row is not None and row["target"] == anchor, (where, anchor)
                assert 0 <= row["top"] < row["height"], (where, anchor, row)
                assert row["cite"] == links.absolute(SITE_URL, links.chemical_page(chemical.id), anchor)


def _search_cases(registry: Registry) -> list[tuple[str, str]]:
    """(query, page): a CAS RN, a form's CAS RN, an InChIKey, a synonym no other chemical has, a Chinese name
    and a list's label."""
    ap = registry.chemicals["4-ap"]
    ordered = sorted(registry.chemicals.values(), key=lambda c: c.id)
    with_form = next(c for c in ordered if any(f.cas for f in c.forms))
    form_cas = next(f.cas for f in with_form.forms if f.cas)
    names: dict[str, set[str]] = {}
    for chemical in registry.chemicals.values():
        for value in [chemical.name, *chemical.synonyms]:
            names.setdefault(lookup_key(value), set()).add(chemical.id)
    synonym = next(s for s in ap.synonyms if names[lookup_key(s)] == {ap.id} and "-" in s)
    chinese = next(
        (s, c)
        for c in ordered
        for s in c.synonyms
        if all("\u4e00" <= ch <= "\u9fff" for ch in s) and names[lookup_key(s)] == {c.id}
    )
    assert ap.identifiers.cas and ap.identifiers.inchikey and form_cas
    return [
        (ap.identifiers.cas, links.chemical_page(ap.id)),
        (form_cas, links.chemical_page(with_form.id)),
        (ap.identifiers.inchikey, links.chemical_page(ap.id)),
        (chinese[0], links.chemical_page(chinese[1].id)),
        (registry.regimes["US-CSA-LIST-I"].short, links.list_page("US-CSA-LIST-I")),
        (synonym, links.chemical_page(ap.id)),
    ]


FIRST_RESULT = """wanted => {
    const a = document.querySelector('.md-search-result .md-search-result__link');
    return a !== null && new URL(a.href).pathname.endsWith(wanted);
}"""

ANY_RESULT = """wanted => [...document.querySelectorAll('.md-search-result .md-search-result__link')]
    .some(a => new URL(a.href).pathname.endsWith(wanted))"""


@pytest.mark.parametrize("width", WIDTHS)
def test_search_lands_on_the_chemical_first(built_site: BuiltSite, base_url: str, page: Any, width: int) -> None:
    """A CAS RN, a salt's CAS RN, an InChIKey, a Chinese name, a list's label and a synonym each put their page
    first, and Enter opens it; the start of a Chinese list name finds the list; a name chemref does not hold
    points to what chemref does not cover."""
    _open(page, base_url, width)
    opener = "label.md-header__button[for=__search]" if width == PHONE else "input.md-search__input"
    page.locator(opener).first.click()
    box = page.locator("input.md-search__input")

    def search(query: str, wanted: str, check: str = FIRST_RESULT) -> None:
        box.fill(query)
        box.press("End")  # the theme searches on key events
        try:
            page.wait_for_function(check, arg=wanted, timeout=15_000)
        except Exception:
            shown = page.eval_on_selector_all(".md-search-result__link", "as => as.slice(0, 5).map(a => a.href)")
            pytest.fail(f"searching {query!r} at {width} px does not find {wanted}: {shown}")

    cases = _search_cases(built_site.registry)
    for query, md_file in cases:
        search(query, "/" + links.page_url(md_file))
    with page.expect_navigation():
        box.press("Enter")
    assert urlsplit(page.url).path.endswith("/" + links.page_url(cases[-1][1]))
    _open(page, base_url, width)
    page.locator(opener).first.click()
    cjk = next(r for r in built_site.registry.regimes.values() if any("\u4e00" <= ch <= "\u9fff" for ch in r.name))
    start = cjk.name[cjk.name.index("(") + 1 :][:4]
    key = next(k for k, r in built_site.registry.regimes.items() if r is cjk)
    search(start, "/" + links.page_url(links.list_page(key)), ANY_RESULT)
    box.fill("sufentanil")
    box.press("End")
    note = page.locator(".chemref-goto-none a")
    note.wait_for(state="visible")
    assert urlsplit(note.get_attribute("href") or "").path.endswith("/" + links.page_url(links.NOT_COVERED))


MATRIX_CHECKS = """() => {
    const box = document.querySelector('.chemref-matrix-scroll');
    const luminance = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const contrast = el => { let bg = el; let colour = 'rgba(0, 0, 0, 0)';
        while (bg && (colour = getComputedStyle(bg).backgroundColor) === 'rgba(0, 0, 0, 0)') bg = bg.parentElement;
        const a = luminance(getComputedStyle(el).color), b = luminance(colour);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
    const notes = [...document.querySelectorAll('table.chemref-matrix .chemref-note')].map(contrast);
    const controlled = [...document.querySelectorAll('td[data-d=controlled]')];
    return {
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        boxScrolls: box.scrollWidth > box.clientWidth,
        lowest: Math.min(...notes), notes: notes.length,
        spoken: controlled.filter(td => td.textContent.includes('controlled')).length, controlled: controlled.length,
    };
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_matrix_keeps_its_column_and_reads_well(built_site: BuiltSite, base_url: str, page: Any, width: int) -> None:
    """The page never scrolls sideways (the matrix does, inside its box, with the chemical column kept in
    place); dates keep to one line; secondary text has 4.5:1 contrast; a controlled cell says so to a screen
    reader; printed, the matrix shows every row."""
    _open(page, base_url + links.page_url(links.MATRIX), width)
    _page_checks(page, built_site, f"matrix at {width} px")
    _screenshot(page, f"matrix-{width}")
    found = page.evaluate(MATRIX_CHECKS)
    assert found["overflow"] <= 1, found
    assert found["notes"] > 0 and found["lowest"] >= 4.5, found
    assert found["controlled"] > 0 and found["spoken"] == found["controlled"], found
    if width == PHONE:
        assert found["boxScrolls"], "at 390 px the matrix scrolls sideways inside its box"
    dates = page.eval_on_selector_all(
        "table.chemref-matrix .chemref-date",
        """spans => spans.map(s => ({rects: s.getClientRects().length, height: s.getBoundingClientRect().height,
            line: parseFloat(getComputedStyle(s).lineHeight) || parseFloat(getComputedStyle(s).fontSize) * 1.4}))""",
    )
    assert len(dates) >= len(built_site.registry.chemicals)
    assert all(d["rects"] == 1 and d["height"] <= d["line"] * 1.3 + 4 for d in dates)
    page.evaluate("() => { const b = document.querySelector('.chemref-matrix-scroll'); b.scrollLeft = b.scrollWidth; }")
    page.wait_for_timeout(50)
    column = page.eval_on_selector_all(
        "table.chemref-matrix tbody th",
        """cells => cells.slice(0, 8).map(th => {
            const box = document.querySelector('.chemref-matrix-scroll').getBoundingClientRect();
            const r = th.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + 4, r.top + r.height / 2);
            const middle = r.top + r.height / 2;
            const inView = middle >= Math.max(0, box.top) && middle < Math.min(innerHeight, box.bottom);
            return {left: r.left - box.left, width: r.width, onTop: hit !== null && th.contains(hit), inView};
        })""",
    )
    for cell in column:
        assert abs(cell["left"]) <= 2 and cell["width"] > 40, cell
        assert cell["onTop"] or not cell["inView"], cell
    page.emulate_media(media="print")
    printed = page.evaluate(
        """() => { const b = document.querySelector('.chemref-matrix-scroll');
                   return {maxHeight: getComputedStyle(b).maxHeight, all: b.scrollHeight <= b.clientHeight + 1}; }"""
    )
    page.emulate_media(media="screen")
    assert printed == {"maxHeight": "none", "all": True}, printed


def _decision(built_site: BuiltSite, chemical_id: str, key: str) -> str:
    import datetime as dt

    from chemref.answers.status import jurisdiction_status

    chemical = built_site.registry.chemicals[chemical_id]
    return jurisdiction_status(built_site.registry, chemical, key, dt.date.fromisoformat(BUILD_DATE)).decision


VISIBLE_ROWS = "rows => rows.filter(r => r.getBoundingClientRect().height > 0).map(r => r.dataset.chemical)"


def test_filters_narrow_by_jurisdiction_decision_list_and_name(built_site: BuiltSite, base_url: str, page: Any) -> None:
    """The matrix filter by jurisdiction, decision, list and name or CAS RN, kept in the address; a filter that
    matches nothing points to what chemref does not cover; the same form on a jurisdiction page hides the list
    groups it empties."""
    registry = built_site.registry
    _open(page, base_url + links.page_url(links.MATRIX), DESKTOP)
    assert page.locator("form.chemref-filter").is_visible()
    page.select_option("form.chemref-filter select[name=j]", "GB")
    shown = page.eval_on_selector_all(
        "table.chemref-matrix [data-j]", "cells => cells.filter(c => c.offsetParent !== null).map(c => c.dataset.j)"
    )
    assert set(shown) == {"GB"} and len(shown) == 1 + len(registry.chemicals)
    assert "j=GB" in page.url
    page.select_option("form.chemref-filter select[name=d]", "controlled")
    rows = page.eval_on_selector_all("table.chemref-matrix tbody tr", VISIBLE_ROWS)
    assert sorted(rows) == sorted(c for c in registry.chemicals if _decision(built_site, c, "GB") == "controlled")
    page.select_option("form.chemref-filter select[name=d]", "")
    page.select_option("form.chemref-filter select[name=j]", "")
    page.select_option("form.chemref-filter select[name=l]", "US-CSA-LIST-I")
    on_list = page.eval_on_selector_all("table.chemref-matrix tbody tr", VISIBLE_ROWS)
    api = page.evaluate(f"fetch('{base_url}{links.api_list('US-CSA-LIST-I')}').then(r => r.json())")
    assert sorted(on_list) == sorted(h["chemical"] for h in api["holds"]) and on_list
    page.select_option("form.chemref-filter select[name=l]", "")
    fentanyl = registry.chemicals["fentanyl"]
    form_cas = next(f.cas for f in fentanyl.forms if f.cas)
    page.fill("form.chemref-filter input[name=q]", form_cas)
    page.wait_for_function("() => document.querySelector('.chemref-filter-count').textContent === '1 chemical'")
    assert page.eval_on_selector_all("table.chemref-matrix tbody tr", VISIBLE_ROWS) == ["fentanyl"]
    page.fill("form.chemref-filter input[name=q]", "no-such-chemical-zz")
    page.wait_for_function("() => !document.querySelector('.chemref-nomatch').hidden")
    assert page.locator(".chemref-nomatch a").get_attribute("href", timeout=1000) is not None
    # Kept in the address: a filtered matrix can be linked to.
    _open(page, base_url + links.page_url(links.MATRIX) + "?j=US", DESKTOP)
    us = page.eval_on_selector_all(
        "table.chemref-matrix td[data-j]", "cells => cells.filter(c => c.offsetParent !== null).map(c => c.dataset.j)"
    )
    assert set(us) == {"US"}
    # A jurisdiction page: a CAS RN keeps that chemical's rows and the groups that hold them.
    _open(page, base_url + links.page_url(links.jurisdiction_page("GB")), DESKTOP)
    page.fill("form.chemref-filter input[name=q]", registry.chemicals["4-ap"].identifiers.cas or "")
    page.wait_for_function("() => document.querySelector('.chemref-filter-count').textContent.startsWith('1 ')")
    visible = page.eval_on_selector_all("#chemref-status-groups tr[data-chemical]", VISIBLE_ROWS)
    assert set(visible) == {"4-ap"}
    groups = page.eval_on_selector_all(
        "#chemref-status-groups .chemref-group", "gs => gs.filter(g => !g.hidden).length"
    )
    assert groups == 1
    _screenshot(page, "jurisdiction-GB-filtered")


def test_without_javascript_everything_shows_and_cites(
    built_site: BuiltSite, base_url: str, page: Any, browser: Any
) -> None:
    """Without JavaScript: the whole matrix, no filter form, and 'cite this' with the canonical URL and the
    build date."""
    session = browser.new_cdp_session(page)
    session.send("Emulation.setScriptExecutionDisabled", {"value": True})
    _open(page, base_url + links.page_url(links.MATRIX), PHONE)
    assert not page.locator("form.chemref-filter").is_visible()
    cells = page.eval_on_selector_all(
        "table.chemref-matrix td[data-j]", "cells => cells.filter(c => c.offsetParent !== null).length"
    )
    assert cells == len(built_site.registry.chemicals) * len(built_site.registry.jurisdictions)
    _open(page, base_url + links.page_url(links.chemical_page("4-ap")), PHONE)
    cite = page.locator("p.chemref-cite")
    assert cite.locator("time.chemref-consulted").inner_text() == BUILD_DATE
    link = cite.locator("a.chemref-permalink")
    canonical = links.absolute(SITE_URL, links.chemical_page("4-ap"))
    assert link.inner_text() == canonical and link.get_attribute("href") == canonical


def test_consulted_date_is_the_readers_local_date(built_site: BuiltSite, base_url: str, browser: Any) -> None:
    """In Los Angeles at 20:00 on 5 December (04:00 UTC on the 6th), a citation was consulted on the 5th."""
    page = browser.new_page()
    try:
        session = browser.new_cdp_session(page)
        session.send("Emulation.setTimezoneOverride", {"timezoneId": "America/Los_Angeles"})
        page.clock.install(time="2026-12-06T04:00:00Z")
        page.goto(base_url + links.page_url(links.chemical_page("4-ap")))
        page.wait_for_load_state("domcontentloaded")
        page.wait_for_function("() => document.querySelector('time.chemref-consulted').textContent === '2026-12-05'")
    finally:
        page.close()


def test_list_and_jurisdiction_pages_at_both_widths(built_site: BuiltSite, base_url: str, page: Any) -> None:
    """A list's page says what a listing obliges and lists what it holds; both it and a jurisdiction's page fit a
    phone."""
    for width in WIDTHS:
        _open(page, base_url + links.page_url(links.list_page("US-CSA-LIST-I")), width)
        _page_checks(page, built_site, f"US List I at {width} px")
        assert "What a listing obliges:" in page.locator(".chemref-obliges").inner_text()
        held = page.eval_on_selector_all("#chemref-holdings tr[data-chemical]", "rows => rows.length")
        assert held > 0
        _screenshot(page, f"list-us-csa-list-i-{width}")
        _open(page, base_url + links.page_url(links.jurisdiction_page("GB")), width)
        _page_checks(page, built_site, f"GB at {width} px")
        _screenshot(page, f"jurisdiction-GB-{width}")


CJK_FONT_CHECK = """async text => {
    const size = 20;
    await document.fonts.load(`${size}px "chemref CJK Subset"`, text);
    const measure = family => {
        const s = document.createElement('span');
        s.style.cssText = `font: ${size}px ${family}; white-space: nowrap; position: absolute;`;
        s.textContent = text; document.body.appendChild(s);
        const w = s.getBoundingClientRect().width; s.remove(); return w;
    };
    return {size, count: [...text].length, subset: measure('"chemref CJK Subset", monospace'),
            loaded: document.fonts.check(`${size}px "chemref CJK Subset"`, text)};
}"""


def _fonts_drawing(page: Any, browser: Any, selector: str, text: str) -> list[dict[str, Any]]:
    """The fonts the browser drew an element's text with (marked first with a probe id)."""
    session = browser.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    page.evaluate(
        """([selector, text]) => { for (const el of document.querySelectorAll(selector)) {
               const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
               while (walker.nextNode()) { if (walker.currentNode.textContent.includes(text)) {
                   walker.currentNode.parentElement.id = 'chemref-cjk-probe'; return; } } } }""",
        [selector, text],
    )
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": "#chemref-cjk-probe"})["nodeId"]
    assert node, f"no {text!r} in {selector}"
    fonts: list[dict[str, Any]] = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return fonts


def test_cjk_text_renders_with_real_glyphs(built_site: BuiltSite, base_url: str, page: Any, browser: Any) -> None:
    """Chinese list names draw with CJK glyphs in the tables and in the timeline chart (whose font list names
    the subset font the site ships)."""
    cjk = next(r.name for r in built_site.registry.regimes.values() if any("\u4e00" <= ch <= "\u9fff" for ch in r.name))
    text = "".join(ch for ch in cjk if "\u4e00" <= ch <= "\u9fff")
    _open(page, base_url + links.page_url(links.jurisdiction_page("CN")), DESKTOP)
    widths = page.evaluate(CJK_FONT_CHECK, text)
    assert widths["loaded"], widths
    assert widths["subset"] == pytest.approx(widths["count"] * widths["size"], abs=2), widths
    fonts = _fonts_drawing(page, browser, ".md-content", text)
    cjk_fonts = [f for f in fonts if "CJK" in f["familyName"] or "Han" in f["familyName"]]
    assert sum(f["glyphCount"] for f in cjk_fonts) >= len(text), fonts
    chart = next(
        c
        for c in sorted(built_site.registry.chemicals.values(), key=lambda c: c.id)
        if any(e.regime == next(k for k, r in built_site.registry.regimes.items() if r.name == cjk) for e in c.events)
        and any(e.effective or e.in_force_by for e in c.events if e.jurisdiction == "CN")
    )
    _open(page, base_url + links.page_url(links.chemical_page(chart.id)), DESKTOP)
    family = page.evaluate("document.querySelector('svg.chemref-timeline').getAttribute('font-family')")
    assert "chemref CJK Subset" in family
    fonts = _fonts_drawing(page, browser, "svg.chemref-timeline", text[:2])
    cjk_fonts = [f for f in fonts if "CJK" in f["familyName"] or "Han" in f["familyName"]]
    assert sum(f["glyphCount"] for f in cjk_fonts) >= 2, fonts


def test_hostile_registry_text_runs_no_script(hostile_site: tuple[Path, str], browser: Any) -> None:
    """Field test M13 in the browser: the hostile chemical's page and a search for it open no dialog."""
    site, chemical_id = hostile_site
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for base in _serve(site):
            page.goto(base + links.page_url(links.chemical_page(chemical_id)))
            page.wait_for_load_state("load")
            page.locator("input.md-search__input").click()
            page.locator("input.md-search__input").fill("XSSTITLE")
            page.locator("input.md-search__input").press("End")
            page.locator(".md-search-result__item").first.wait_for(state="visible")
            page.hover(".md-search-result__item")
            page.goto(base + links.page_url(links.CHANGES))
            page.wait_for_load_state("load")
    finally:
        page.close()
    assert dialogs == []
