"""The site as a reference: glossary, jurisdiction status, citations, data changelog, research notes, CJK font."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from conftest import ROOT

from chemref import __version__
from chemref.answers.decision import MEANINGS, UNKNOWN_WHY_WORDS, word
from chemref.registry.models import Finding
from chemref.site import links
from chemref.site.build import generated_files
from chemref.site.context import Site
from chemref.site.pages.chemical import chemical_page
from chemref.site.text import md, xml_text

from .conftest import BUILD_DATE, SITE_URL, BuiltSite

FONT_CHARS = ROOT / "docs" / "fonts" / "chemref-cjk-subset.txt"


def _html(site: Path, md_file: str) -> str:
    return (site / links.page_url(md_file) / "index.html").read_text(encoding="utf-8")


def test_every_page_links_to_the_glossary(built_site: BuiltSite) -> None:
    pages = list(built_site.site.rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        target = "./" if path.parent.name == "glossary" else r"[./]*glossary/"
        assert re.search(rf'<a href="{target}">glossary</a>', text), path


def test_glossary_defines_every_decision_and_unknown_reason(built_site: BuiltSite) -> None:
    text = _html(built_site.site, links.GLOSSARY)
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    for decision, meaning in MEANINGS.items():
        assert f'id="{links.glossary_anchor(word(decision))}"' in text
        assert meaning in plain
    for words in UNKNOWN_WHY_WORDS.values():
        assert f'id="{links.glossary_anchor(words)}"' in text
    for term in ("primary-text", "partly-secondary", "secondary", "in force by", "since", "effective"):
        assert f'id="{links.glossary_anchor(term)}"' in text


def test_no_page_rephrases_unknown_states(built_site: BuiltSite) -> None:
    """One phrasing: the decision word and the reason word, never 'no control found as of' as a status."""
    for md_file in [links.MATRIX, *(links.jurisdiction_page(k) for k in built_site.registry.jurisdictions)]:
        text = _html(built_site.site, md_file)
        assert "not established as of" not in text and "Confidence" not in text, md_file


def test_jurisdiction_pages_give_every_chemical_its_status(built_site: BuiltSite) -> None:
    """Every chemical once under its decision (the controlled ones under each list they are on), each list
    group with what a listing obliges."""
    for key, jurisdiction in built_site.registry.jurisdictions.items():
        text = _html(built_site.site, links.jurisdiction_page(key))
        status = text.split('id="status-today"', 1)[1].split('id="events"', 1)[0]
        rows = re.findall(r'<tr data-chemical="([^"]+)"[^>]*data-status="[A-Z-]+=([a-z-]+)"', status)
        decisions = {chemical: decision for chemical, decision in rows}
        assert set(decisions) == set(built_site.registry.chemicals), key
        for chemical in built_site.registry.chemicals.values():
            assert f"chemicals/{chemical.id}/" in status, (key, chemical.id)
        controlled = [c for c, d in rows if d == "controlled"]
        assert len(set(controlled)) == sum(1 for d in decisions.values() if d == "controlled")
        groups = re.findall(r'<div class="chemref-group">', status)
        assert groups, key
        assert status.count("What a listing obliges:") == len(re.findall(r'id="list-', status)), key
        assert 'id="framework"' in text and 'id="events"' in text and 'id="lists"' in text
        if jurisdiction.framework:
            assert xml_text(jurisdiction.framework.split()[0]) in text


def test_chemical_and_event_cite_lines(built_site: BuiltSite) -> None:
    registry = built_site.registry
    for chemical in registry.chemicals.values():
        text = _html(built_site.site, links.chemical_page(chemical.id))
        cites = re.findall(r'<span class="chemref-cite-text">(.*?)</a></span>', text, flags=re.S)
        assert len(cites) == 1 + len(chemical.events), chemical.id
        for cite in cites:
            assert f"chemref {__version__}" in cite
            assert registry.content_hash[:12] in cite
            assert f'datetime="{BUILD_DATE}"' in cite
            assert 'class="chemref-permalink"' in cite
        for event in chemical.events:
            assert f'href="./#{links.event_anchor(event.id)}"' in text
            # The permalink is the canonical URL, written at build time (no script needed).
            url = links.absolute(SITE_URL, links.chemical_page(chemical.id), links.event_anchor(event.id))
            assert f'href="{md(url)}"' in text, (chemical.id, event.id)


def test_dates_and_cas_numbers_are_kept_whole(built_site: BuiltSite) -> None:
    text = _html(built_site.site, links.MATRIX)
    for chemical in built_site.registry.chemicals.values():
        if chemical.identifiers.cas:
            assert f'<span class="chemref-cas">{chemical.identifiers.cas}</span>' in text
    assert text.count('class="chemref-date') >= len(built_site.registry.chemicals)
    # A bare ISO date in a matrix cell would be free to wrap.
    cells = text.split('<table class="chemref-matrix"', 1)[1]
    bare = re.findall(
        r">[^<>]*\b\d{4}-\d{2}-\d{2}\b", re.sub(r'<span class="chemref-date[^"]*"[^>]*>[^<]*</span>', "", cells)
    )
    assert bare == []


def test_data_changelog_lists_every_entry(built_site: BuiltSite) -> None:
    text = _html(built_site.site, links.DATA_CHANGELOG)
    for change in built_site.registry.changelog:
        assert change.date.isoformat() in text
        # The summary's first plain word (Markdown may turn quotes into typographic ones).
        word = next(w for w in change.summary.split() if w.isalnum())
        assert word in text
    changes = _html(built_site.site, links.CHANGES)
    assert "data-changelog/" in changes


def test_research_notes_are_collapsed(built_site: BuiltSite) -> None:
    registry = built_site.registry
    chemical = registry.chemicals["4-piperidone"]
    finding = Finding(
        jurisdiction="MX",
        outcome="not-established",
        as_of="2026-11-01",
        note="The list in force could not be read in full.",
        research="Searched the official gazette's index for the list; the scan ends before the letter F.",
    )
    changed = chemical.model_copy(update={"findings": [*chemical.findings, finding]})
    site = Site(
        registry.model_copy(update={"chemicals": {**registry.chemicals, changed.id: changed}}), dt.date(2026, 12, 6)
    )
    page = chemical_page(site, changed)
    assert re.search(r'<details class="chemref-research"><summary>Research notes</summary>Searched', page)
    assert "The list in force could not be read in full." in page


def test_the_shipped_cjk_font_covers_every_cjk_character(built_site: BuiltSite) -> None:
    covered = set(FONT_CHARS.read_text(encoding="utf-8").strip())
    files = generated_files(built_site.registry, dt.date.fromisoformat(BUILD_DATE))
    used = {ch for text in files.values() for ch in text if 0x2E80 <= ord(ch) <= 0x9FFF or 0xFF00 <= ord(ch) <= 0xFFEF}
    assert used, "the registry has a CJK list name"
    missing = used - covered
    assert not missing, f"run scripts/cjk_subset.py: the shipped CJK font lacks {''.join(sorted(missing))}"
    assert (built_site.site / "fonts" / "chemref-cjk-subset.woff2").is_file()
    assert (built_site.site / "fonts" / "OFL.txt").is_file()


def test_jurisdiction_page_shows_framework_and_sweeps_when_recorded(built_site: BuiltSite) -> None:
    from chemref.registry.models import Sweep
    from chemref.site.pages.indexes import jurisdiction_page

    registry = built_site.registry
    gb = registry.jurisdictions["GB"]
    filled = gb.model_copy(
        update={
            "framework": "Category 1 is amended by statutory instrument; texts are published on legislation.gov.uk.",
            "sweeps": [Sweep(date=dt.date(2026, 11, 20), searched=["legislation.gov.uk new SIs"], found="nothing new")],
        }
    )
    site = Site(
        registry.model_copy(update={"jurisdictions": {**registry.jurisdictions, "GB": filled}}), dt.date(2026, 12, 6)
    )
    page = jurisdiction_page(site, "GB")
    assert "Category 1 is amended by statutory instrument" in page
    assert "does not yet record a note" not in page
    assert "{#sweeps}" in page and "nothing new" in page and "2026-11-20" in page
    empty = jurisdiction_page(Site(registry, dt.date(2026, 12, 6)), "MX")
    assert "does not yet record a note" in empty or registry.jurisdictions["MX"].framework


def test_coverage_page_shows_every_cell_and_the_totals(built_site: BuiltSite) -> None:
    from chemref.answers.coverage_report import coverage

    text = _html(built_site.site, links.COVERAGE)
    record = coverage(built_site.registry, dt.date.fromisoformat(BUILD_DATE))
    totals = record.totals
    assert f"{totals.events_primary_text} of {totals.events}" in text
    cells = text.split('id="every-cell"', 1)[1].split("</table>", 1)[0]
    for chemical in built_site.registry.chemicals.values():
        assert cells.count(f'href="../chemicals/{chemical.id}/"') == len(built_site.registry.jurisdictions)


def test_citation_file_matches_the_package_and_the_registry(built_site: BuiltSite) -> None:
    """CITATION.cff gives this package's version and the bundled registry's content hash; the site ships the
    same file for the registry it was built from."""
    import yaml
    from conftest import REGISTRY

    from chemref.site.citation import citation_cff, site_url_of

    from .conftest import typed

    registry = typed(REGISTRY)
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert text == citation_cff(registry, site_url_of(ROOT)), (
        "CITATION.cff is out of date: python -m chemref.site.citation"
    )
    data = yaml.safe_load(text)
    assert data["version"] == __version__
    assert data["identifiers"][0]["value"] == f"sha256:{registry.content_hash}"
    assert data["license"] == ["MIT", "CC-BY-4.0"] and data["url"] == SITE_URL
    shipped = (built_site.site / links.CITATION_CFF).read_text(encoding="utf-8")
    assert shipped == citation_cff(built_site.registry, SITE_URL)
    assert (ROOT / "LICENSE").is_file() and "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    for name in (links.CODE_LICENCE, links.DATA_LICENCE):
        assert (built_site.site / name).is_file()


def test_every_list_obligation_is_cited_or_not_recorded(built_site: BuiltSite) -> None:
    """What a listing obliges is stated only with a registered source, and each list's page says it, with its
    sources linked, or says it is not recorded."""
    registry = built_site.registry
    recorded = 0
    for key, regime in registry.regimes.items():
        assert bool(regime.obliges) == bool(regime.obliges_sources), key
        assert set(regime.obliges_sources) <= set(registry.sources), key
        text = _html(built_site.site, links.list_page(key))
        assert "What a listing obliges:" in text
        if regime.obliges:
            recorded += 1
            assert xml_text(regime.obliges.split()[0]) in text
            for source in regime.obliges_sources:
                assert f'href="{md(registry.sources[source].url)}"' in text, (key, source)
        else:
            assert "not recorded" in text.split("What a listing obliges:", 1)[1][:200], key
    assert recorded >= 10


def test_list_pages_hold_what_the_matrix_says(built_site: BuiltSite) -> None:
    """A list's page names every chemical on it today, and each of its readings; the index links every list."""
    site = Site(built_site.registry, dt.date.fromisoformat(BUILD_DATE))
    index = _html(built_site.site, links.LISTS_INDEX)
    for key in built_site.registry.regimes:
        assert f'href="{key.lower()}/"' in index, key
        text = _html(built_site.site, links.list_page(key))
        holds = text.split('id="holds"', 1)[1].split('id="changes"', 1)[0]
        held = set(re.findall(r'<tr data-chemical="([^"]+)"', holds))
        assert held == {c.id for c, _ in site.holdings(key)}, key
        for reading in site.readings_of(key):
            assert reading.current_to.iso() in text.split('id="readings"', 1)[1], (key, reading.id)


def test_not_covered_page_says_what_is_read_in_full(built_site: BuiltSite) -> None:
    from chemref.answers.status import completeness

    text = _html(built_site.site, links.NOT_COVERED)
    assert 'id="lists-not-read"' in text and 'id="read-in-full"' in text
    day = dt.date.fromisoformat(BUILD_DATE)
    for key in built_site.registry.jurisdictions:
        state = completeness(built_site.registry, key, day, day)
        for reading in state.readings:
            assert f'href="../lists/{reading.regime.lower()}/"' in text, (key, reading.regime)
    # Every filter's "no match" and the search's empty answer point here.
    for md_file in (links.MATRIX, links.CHEMICALS_INDEX, links.jurisdiction_page("GB"), links.CHANGES):
        page = _html(built_site.site, md_file)
        assert 'class="chemref-nomatch"' in page and "not-covered/" in page.split('class="chemref-nomatch"', 1)[1]
    script = (built_site.site / links.SCRIPT).read_text(encoding="utf-8")
    assert 'new URL("not-covered/", root)' in script


def test_site_url_sets_canonical_links_sitemap_and_footer(built_site: BuiltSite) -> None:
    pages = sorted(built_site.site.rglob("index.html"))
    sitemap = (built_site.site / "sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    for path in pages:
        text = path.read_text(encoding="utf-8")
        folder = path.parent.relative_to(built_site.site).as_posix()
        url = SITE_URL if folder == "." else f"{SITE_URL}{folder}/"
        assert f'<link rel="canonical" href="{url}">' in text, path
        assert url in locations, path
        footer = text.split('class="md-copyright chemref-footer"', 1)[1]
        assert f"chemref {__version__}" in footer and built_site.registry.content_hash[:12] in footer
        assert "checked through" in footer and "CC BY 4.0" in footer


def test_a_mirror_builds_with_its_own_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    from chemref.site.build import SITE_URL_VARIABLE, BuildFailed, site_url_for

    assert site_url_for({"site_url": SITE_URL}) == SITE_URL
    monkeypatch.setenv(SITE_URL_VARIABLE, "https://mirror.example/chemref")
    assert site_url_for({"site_url": SITE_URL}) == "https://mirror.example/chemref/"
    monkeypatch.setenv(SITE_URL_VARIABLE, "javascript:alert(1)")
    with pytest.raises(BuildFailed):
        site_url_for({})
    monkeypatch.delenv(SITE_URL_VARIABLE)
    assert site_url_for({}) is None
