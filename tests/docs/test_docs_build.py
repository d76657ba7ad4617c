"""`chemref docs build`: the generated site, its downloads, determinism and refusal of bad input."""

from __future__ import annotations

import csv
import filecmp
import functools
import html as html_module
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from typer.testing import CliRunner

from chemref.answers.status import history
from chemref.cli import app
from chemref.site import links
from chemref.site.text import md

from .conftest import SITE_URL, BuiltSite, canonical_copy, docs_env, run_docs_build


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        if tag == "img" and found.get("src"):
            self.srcs.append(found["src"] or "")


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _html_of(site: Path, md_file: str) -> Path:
    return site / links.page_url(md_file) / "index.html"


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(_parse(path).ids)


def _resolves(site: Path, page_url: str, href: str) -> bool:
    """Whether an internal link from ``page_url`` reaches an existing file and anchor."""
    target = urlsplit(urljoin(f"http://site/{page_url}", href))
    path = site / unquote(target.path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return False
    return not target.fragment or target.fragment in _ids(path)


def test_every_chemical_has_a_page_with_its_events_and_identifiers(built_site: BuiltSite) -> None:
    """Every chemical page: its title, the status strip first, every event and identifier (forms too), the
    structure picture named for the chemical, and one timeline lane per jurisdiction with a dated event."""
    for chemical in built_site.registry.chemicals.values():
        html_path = _html_of(built_site.site, links.chemical_page(chemical.id))
        text = html_path.read_text(encoding="utf-8")
        page = _parse(html_path)
        assert {f"event-{e.id}" for e in chemical.events} <= page.ids
        assert {"identity", "status-today", "timeline", "history"} <= page.ids
        assert {links.status_anchor(k) for k in built_site.registry.jurisdictions} <= page.ids
        assert any(src.endswith(f"structures/{chemical.id}.svg") for src in page.srcs)
        h1 = re.search(r"<h1[^>]*>(.*?)<", text, flags=re.S)
        assert h1 and html_module.unescape(h1.group(1)).strip() == chemical.name
        assert f'alt="2D structure of {html_module.escape(chemical.name)}"' in text
        # The answer first: the status strip comes before the identity table.
        assert text.index('class="chemref-strip"') < text.index('id="identity"')
        strip = text.split('class="chemref-strip"', 1)[1].split("</nav>", 1)[0]
        assert strip.count("chemref-strip-item") == len(built_site.registry.jurisdictions)
        if chemical.identifiers.inchikey:
            assert links.pubchem_by_inchikey(chemical.identifiers.inchikey) in html_module.unescape(text)
        if chemical.identifiers.cas:
            assert f"https://commonchemistry.cas.org/detail?cas_rn={chemical.identifiers.cas}" in page.hrefs
        for form in chemical.forms:
            assert html_module.escape(form.name) in text or form.name in html_module.unescape(text)
            if form.cas:
                assert f"https://commonchemistry.cas.org/detail?cas_rn={form.cas}" in page.hrefs
        placed = {e.jurisdiction for e in chemical.events if e.effective or e.in_force_by}
        assert text.count('class="lane"') == len(placed), chemical.id
        svg = (built_site.site / links.structure_svg(chemical.id)).read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "<svg" in svg


def test_history_rows_carry_instrument_dates_basis_and_sources(built_site: BuiltSite) -> None:
    registry = built_site.registry
    for chemical in registry.chemicals.values():
        html = _html_of(built_site.site, links.chemical_page(chemical.id)).read_text(encoding="utf-8")
        rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
        for event in history(chemical):
            (row,) = [r for r in rows if f'id="event-{event.id}"' in r]
            instrument = registry.instruments.get(event.instrument) if event.instrument else None
            assert (instrument.citation if instrument else "not established") in html_module.unescape(row)
            for citation in event.sources:
                assert f'href="{md(registry.sources[citation.source].url)}"' in row
            assert re.search(r"<span class=\"chemref-id\">(primary-text|partly-secondary|secondary)</span>", row)
            if event.effective is not None:
                assert event.effective.iso() in row


def test_all_internal_links_resolve(built_site: BuiltSite) -> None:
    site = built_site.site
    root = urlsplit(SITE_URL).path  # the 404 page links by absolute path under the canonical URL
    for html_path in site.rglob("*.html"):
        page_url = html_path.parent.relative_to(site).as_posix() + "/"
        page_url = "" if page_url == "./" else page_url
        for href in _parse(html_path).hrefs:
            if href.startswith(SITE_URL):
                href = "/" + href.removeprefix(SITE_URL)
            elif href.startswith(root):
                href = "/" + href.removeprefix(root)
            if urlsplit(href).scheme or href.startswith("#__") or href.startswith("mailto:"):
                continue
            assert _resolves(site, page_url, href), f"{html_path.relative_to(site)}: broken link {href}"


def test_matrix_has_every_chemical_and_jurisdiction(built_site: BuiltSite) -> None:
    html = _html_of(built_site.site, links.MATRIX).read_text(encoding="utf-8")
    table = html.split('<table class="chemref-matrix"', 1)[1].split("</table>", 1)[0]
    header = re.findall(r'<th scope="col"', table)
    assert len(header) == 1 + len(built_site.registry.jurisdictions)
    assert len(re.findall(r"<tr[ >]", table)) == 1 + len(built_site.registry.chemicals)
    cells = re.findall(r'<td data-j="([^"]+)" data-d="([^"]+)"', table)
    assert len(cells) == len(built_site.registry.jurisdictions) * len(built_site.registry.chemicals)


def test_downloads_hold_the_registry(built_site: BuiltSite) -> None:
    site, registry = built_site.site, built_site.registry
    everything = json.loads((site / links.ALL_JSON).read_text(encoding="utf-8"))
    assert {c["id"] for c in everything["chemicals"]} == set(registry.chemicals)
    for chemical in registry.chemicals.values():
        record = json.loads((site / links.chemical_json(chemical.id)).read_text(encoding="utf-8"))
        assert record["id"] == chemical.id and len(record["events"]) == len(chemical.events)
    with (site / links.EVENTS_CSV).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(c.events) for c in registry.chemicals.values())
    schema = json.loads((site / links.SCHEMA_JSON).read_text(encoding="utf-8"))
    assert schema["title"] == "Chemical" and "events" in schema["properties"]
    downloads = _parse(_html_of(site, links.DOWNLOADS))
    for target in (links.ALL_JSON, links.EVENTS_CSV, links.SCHEMA_JSON, links.ATOM_FEED, links.ICALENDAR):
        assert any(h.endswith(target.split("/")[-1]) for h in downloads.hrefs), target


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_building_again_without_out_gives_identical_files_in_site_and_nothing_in_the_package(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """A second build of the same registry, this time without --out: it goes to ./site, writes nothing into
    the installed package, and every file equals the first build's, byte for byte."""
    import subprocess
    import sys

    import chemref

    package = Path(chemref.__file__).resolve().parent
    before = {p for p in package.rglob("*") if "__pycache__" not in p.parts}
    env = docs_env(tmp_path / "cache")
    result = subprocess.run(
        [sys.executable, "-m", "chemref", "--registry", str(built_site.registry_path), "docs", "build"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    again = tmp_path / "site"
    assert (again / "index.html").is_file() and "site" in result.stdout
    assert {p for p in package.rglob("*") if "__pycache__" not in p.parts} == before
    assert _tree(again) == _tree(built_site.site)
    files = [name for name in _tree(again) if (again / name).is_file()]
    _, mismatch, errors = filecmp.cmpfiles(built_site.site, again, files, shallow=False)
    assert not mismatch and not errors, mismatch
    sitemap = (again / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) <= {"2026-12-06"}


def test_an_invalid_registry_is_refused_with_the_validators_message(tmp_path: Path) -> None:
    registry = canonical_copy(tmp_path / "registry")
    chemical = next(sorted((registry / "chemicals").glob("*.yml")).__iter__())
    text = chemical.read_text(encoding="utf-8")
    chemical.write_text(text.replace("\nname:", "\nname: \nunexpected_key: 1\nformer_name:", 1), encoding="utf-8")
    out = tmp_path / "site"
    result = run_docs_build(registry, out, tmp_path / "cache")
    assert result.returncode == 1
    assert "[unknown-key]" in result.stderr and "the site was not built" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists()


def test_a_site_directory_holding_other_files_is_not_emptied(built_site: BuiltSite, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me", encoding="utf-8")
    result = run_docs_build(built_site.registry_path, precious, tmp_path / "cache")
    # Old defect 26: a usage error (exit 2) that says how to go on; nothing is touched.
    assert result.returncode == 2 and "does not hold a site chemref built" in result.stderr
    assert "--force" in result.stderr
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "keep me"


def test_without_mkdocs_the_command_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from chemref.site import build

    monkeypatch.setattr(build, "mkdocs_available", lambda: False)

    result = CliRunner().invoke(app, ["docs", "build", "--out", "unused"])
    assert result.exit_code == 2
    assert "chemref[docs]" in result.output


def test_docs_command_does_not_load_heavy_modules_at_start_up() -> None:
    import subprocess
    import sys

    code = (
        "import sys, chemref.cli; print(sorted(m for m in ('mkdocs', 'material', 'rdkit', 'rich') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
