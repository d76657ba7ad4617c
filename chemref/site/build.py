"""``chemref docs build``: generate the pages into a staging copy of ``docs/`` and run MkDocs on it.

The hand-written pages and ``mkdocs.yml`` are read from the source checkout; nothing is written into
it except the site directory. The build is deterministic for a given registry and build date: the
only clock is ``chemref.registry.dates.today`` (``CHEMREF_TODAY``), which also sets MkDocs' SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import html as html_module
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from chemref.chem.depict import structure_svg
from chemref.registry.models import Registry
from chemref.site import links
from chemref.site.api import api_files, api_page
from chemref.site.citation import citation_cff
from chemref.site.context import Site
from chemref.site.coverage import coverage_page
from chemref.site.downloads import data_files
from chemref.site.feeds import atom_feed, icalendar
from chemref.site.glossary import glossary_page
from chemref.site.markdown import front_matter
from chemref.site.matrix import matrix_page
from chemref.site.pages.about import cite_page, not_covered_page
from chemref.site.pages.chemical import chemical_page
from chemref.site.pages.indexes import (
    changes_page,
    chemicals_index,
    data_changelog_page,
    downloads_page,
    jurisdiction_page,
    jurisdictions_index,
)
from chemref.site.pages.lists import list_page, lists_index

CONFIG_NAME = "mkdocs.yml"
DOCS_DIR = "docs"
# The canonical base URL is set once, as mkdocs.yml's site_url; a mirror or a preview builds with its own.
SITE_URL_VARIABLE = "CHEMREF_SITE_URL"
LICENCE_FILES = {"LICENSE": links.CODE_LICENCE, "LICENSE-DATA": links.DATA_LICENCE}
# Folders in the hand-written docs that never go into the site (an older layout generated pages here).
SKIPPED_DOCS = ("generated",)


def _site_sources() -> Path:
    """The source checkout when running from one, else the copy shipped inside the installed package."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / CONFIG_NAME).is_file():
        return checkout
    return Path(__file__).resolve().parents[1] / "_site"


PROJECT_ROOT = _site_sources()


# Written into every site chemref builds, so that a later build knows it may replace the folder.
MARKER = ".chemref-site"


class BuildFailed(Exception):
    """MkDocs (or the set-up around it) failed; the message says why."""


class NotOurs(BuildFailed):
    """The output folder holds files chemref did not build: refused without --force (exit 2)."""


@dataclass(frozen=True)
class BuildReport:
    site_dir: Path
    chemicals: int
    pages: int
    seconds: float = 0.0


def mkdocs_available() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("mkdocs", "material"))


def generated_files(
    registry: Registry, today: dt.date, base_url: str | None = None, root: Path | None = None
) -> dict[str, str]:
    """Docs path -> text of every generated page, picture, feed and download."""
    site = Site(registry, today, base_url)
    files: dict[str, str] = {}
    for chemical in site.chemicals:
        files[links.chemical_page(chemical.id)] = chemical_page(site, chemical)
        files[links.structure_svg(chemical.id)] = structure_svg(chemical)
    files[links.CHEMICALS_INDEX] = chemicals_index(site)
    files[links.MATRIX] = matrix_page(site)
    files[links.JURISDICTIONS_INDEX] = jurisdictions_index(site)
    for key in site.jurisdictions:
        files[links.jurisdiction_page(key)] = jurisdiction_page(site, key)
    files[links.LISTS_INDEX] = lists_index(site)
    for key in site.regimes:
        files[links.list_page(key)] = list_page(site, key)
    files[links.NOT_COVERED] = not_covered_page(site)
    files[links.CITATION_CFF] = citation_cff(registry, site.site_url)
    shipped = root is not None and all((root / name).is_file() for name in LICENCE_FILES)
    for name, target in LICENCE_FILES.items():
        if root is not None and shipped:
            files[target] = (root / name).read_text(encoding="utf-8")
    files[links.CITE] = cite_page(site, licence_files=shipped)
    files[links.CHANGES] = changes_page(site)
    files[links.DATA_CHANGELOG] = data_changelog_page(site)
    files[links.GLOSSARY] = glossary_page(front_matter("Glossary"))
    files[links.DOWNLOADS] = downloads_page(site)
    files[links.ATOM_FEED] = atom_feed(site, base_url)
    files[links.ICALENDAR] = icalendar(site, base_url)
    files[links.API_PAGE] = api_page(site)
    files[links.COVERAGE] = coverage_page(site)
    files.update(data_files(registry))
    files.update(api_files(site))
    return files


def _initial(title: str) -> str:
    return next((ch for ch in title.upper() if ch.isalnum()), "#")


def grouped(pages: list[tuple[str, str]], at_least: int = 8) -> list[Any]:
    """Pages (title, file) in alphabetical groups of at least ``at_least`` pages ('A–C', 'D', …), so that a
    section of a hundred pages opens as a short list of groups."""
    ordered = sorted(pages, key=lambda p: (not _initial(p[0]).isdigit(), _initial(p[0]), p[0].lower()))
    groups: list[tuple[str, str, list[tuple[str, str]]]] = []
    for title, file in ordered:
        letter = _initial(title)
        if groups and (len(groups[-1][2]) < at_least or groups[-1][1] == letter):
            first, _, members = groups[-1]
            groups[-1] = (first, letter, [*members, (title, file)])
        else:
            groups.append((letter, letter, [(title, file)]))
    if len(groups) > 1 and len(groups[-1][2]) < at_least // 2:
        first, _, members = groups[-2]
        groups[-2:] = [(first, groups[-1][1], members + groups[-1][2])]
    # Files only, no titles: each page keeps the (escaped) title of its front matter.
    return [
        {(first if first == last else f"{first}–{last}"): [f for _, f in members]} for first, last, members in groups
    ]


def _title(text: str) -> str:
    """A page's title from its front matter (generated pages always have one)."""
    line = next((line for line in text.splitlines() if line.startswith("title: ")), "")
    value = line.removeprefix("title: ")
    return html_module.unescape(json.loads(value)) if value else ""


def expand_nav(nav: list[Any], files: dict[str, str], registry: Registry | None = None) -> list[Any]:
    """Turn each nav entry naming a generated section index into that section, index first: chemicals in
    alphabetical groups, lists by jurisdiction."""

    def members(index: str) -> list[str]:
        folder = index.removesuffix("index.md")
        return [p for p in files if p.endswith(".md") and p.startswith(folder) and p != index]

    sections: dict[str, list[Any]] = {
        links.CHEMICALS_INDEX: grouped([(_title(files[p]), p) for p in members(links.CHEMICALS_INDEX)]),
        links.JURISDICTIONS_INDEX: members(links.JURISDICTIONS_INDEX),
    }
    by_jurisdiction: dict[str, list[Any]] = {}
    for file in members(links.LISTS_INDEX):
        key = next((k for k in (registry.regimes if registry else {}) if links.list_page(k) == file), None)
        owner = registry.regimes[key].jurisdiction if registry is not None and key is not None else "other"
        by_jurisdiction.setdefault(owner, []).append(file)
    sections[links.LISTS_INDEX] = [{owner: pages} for owner, pages in by_jurisdiction.items()]
    expanded: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), *_ = item.items()
            if isinstance(value, str) and value in sections:
                expanded.append({title: [value, *sections[value]]})
            elif isinstance(value, list):
                expanded.append({title: expand_nav(value, files, registry)})
            else:
                expanded.append(item)
        else:
            expanded.append(item)
    return expanded


def site_url_for(config: dict[str, Any]) -> str | None:
    """The canonical base URL: $CHEMREF_SITE_URL when set (a mirror, a preview), else mkdocs.yml's site_url.

    It must be an absolute http(s) URL; it always ends in '/'.
    """
    url = os.environ.get(SITE_URL_VARIABLE) or config.get("site_url") or None
    if url is None:
        return None
    url = str(url).strip()
    if not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", url):
        raise BuildFailed(
            f"the site URL {url!r} is not an absolute http(s) URL (from ${SITE_URL_VARIABLE} or site_url)"
        )
    return url.rstrip("/") + "/"


def footer_facts(registry: Registry, today: dt.date) -> dict[str, str]:
    """What every page's footer shows: the version, the registry hash and the date checked through."""
    from chemref import __version__
    from chemref.answers.provenance import checked_through

    checked = checked_through(registry, today)
    return {
        "version": __version__,
        "registry": registry.content_hash,
        "registry_short": registry.content_hash[:12],
        "checked_through": checked.isoformat() if checked else "not recorded",
        "built": today.isoformat(),
    }


def _check_site_dir(out: Path, force: bool) -> None:
    """MkDocs empties its site directory: refuse one that holds anything but a site chemref built."""
    if out.is_file():
        raise NotOurs(f"{out} is a file, not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not force:
        raise NotOurs(
            f"{out} is not empty and does not hold a site chemref built; choose another --out, "
            "or pass --force to replace what it holds"
        )


def source_date_epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()))


def build_site(
    registry: Registry, today: dt.date, out: Path, root: Path = PROJECT_ROOT, force: bool = False
) -> BuildReport:
    """Generate the pages and build the site into ``out`` with ``mkdocs build --strict``."""
    started = time.perf_counter()
    config_path = root / CONFIG_NAME
    if not config_path.is_file() or not (root / DOCS_DIR).is_dir():
        raise BuildFailed(f"no {CONFIG_NAME} and {DOCS_DIR}/ in {root}: build the site from a source checkout")
    out = out.resolve()
    _check_site_dir(out, force)
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    site_url = site_url_for(config)
    if site_url:
        config["site_url"] = site_url
    files = generated_files(registry, today, site_url, root)
    config["extra"] = {**(config.get("extra") or {}), "chemref": footer_facts(registry, today)}
    with tempfile.TemporaryDirectory(prefix="chemref-docs-") as staging_name:
        staging = Path(staging_name)
        docs = staging / DOCS_DIR
        shutil.copytree(root / DOCS_DIR, docs, ignore=shutil.ignore_patterns(*SKIPPED_DOCS))
        for name, text in files.items():
            target = docs / name
            if target.exists():
                raise BuildFailed(f"{DOCS_DIR}/{name} is generated; remove the hand-written file of that name")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        theme = config.get("theme")
        if isinstance(theme, dict) and theme.get("custom_dir"):
            theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
        config["docs_dir"] = str(docs)
        config["site_dir"] = str(out)
        if "nav" in config:
            config["nav"] = expand_nav(config["nav"], files, registry)
        staged_config = staging / CONFIG_NAME
        staged_config.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(today)}
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(staged_config)],
            capture_output=True,
            text=True,
            env=env,
            cwd=staging,
            check=False,
        )
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise BuildFailed(f"mkdocs build --strict failed:\n{output}")
    (out / MARKER).write_text(f"built by chemref {registry.content_hash}\n", encoding="utf-8")
    pages = sum(1 for name in files if name.endswith(".md"))
    return BuildReport(out, len(registry.chemicals), pages, time.perf_counter() - started)
