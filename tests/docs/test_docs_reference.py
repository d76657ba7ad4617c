"""The site as a reference: glossary, jurisdiction status, citations, data changelog, research notes, CJK font."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from conftest import ROOT

from chemref import __version__
from chemref.answers.decision import MEANINGS, UNKNOWN_WHY_WORDS, word
from chemref.registry.models import Finding
from chemref.site import links
from chemref.site.build import generated_files
from chemref.site.context import Site
from chemref.site.pages.chemical import chemical_page
from chemref.site.text import xml_text

from .conftest import BUILD_DATE, BuiltSite

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
    for key, jurisdiction in built_site.registry.jurisdictions.items():
        text = _html(built_site.site, links.jurisdiction_page(key))
        status = text.split('id="status-today"', 1)[1].split("</table>", 1)[0]
        for chemical in built_site.registry.chemicals.values():
            assert f"chemicals/{chemical.id}/" in status, (key, chemical.id)
        assert len(re.findall(r'class="chemref-decision chemref-d-', status)) == len(built_site.registry.chemicals)
        assert 'id="framework"' in text and 'id="events"' in text
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


def test_dates_and_cas_numbers_are_kept_whole(built_site: BuiltSite) -> None:
    text = _html(built_site.site, links.MATRIX)
    for chemical in built_site.registry.chemicals.values():
        if chemical.identifiers.cas:
            assert f'<span class="chemref-cas">{chemical.identifiers.cas}</span>' in text
    assert text.count('class="chemref-date') >= len(built_site.registry.chemicals)
    # A bare ISO date in a matrix cell would be free to wrap.
    cells = text.split('<table class="chemref-matrix">', 1)[1]
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
