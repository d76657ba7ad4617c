"""Field test M13, site side: registry text renders as plain text everywhere.

A site is built from a copy of the registry whose names, synonyms, notes, titles and a source URL carry markup
and script; no page, feed or API file may then hold a script, an event handler, a ``javascript:`` URL or an
attribute broken open by the data. The same built site also checks that no file holds a path of the machine
that built it.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from chemref.site import links

from .conftest import HOSTILE, HOSTILE_URL, BuiltSite

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
# The data's tags, unescaped; its event handlers as text are harmless once their tag is escaped, and are
# checked as attributes in every page.
RAW_MARKUP = ("<script>alert", "<img src=x")


class _Tags(HTMLParser):
    """Every tag of a page with its attributes, and the text of its inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _strings(value: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _strings(v, k)]
    if isinstance(value, list):
        return [pair for item in value for pair in _strings(item, key)]
    return [(key, value)] if isinstance(value, str) else []


def _site_files(site: Path) -> list[Path]:
    """Every file built from the data: not the theme's own assets, not pictures or fonts."""
    skip = {".png", ".woff2", ".gz", ".ico", ".map"}
    return [
        p for p in site.rglob("*") if p.is_file() and p.suffix not in skip and "assets" not in p.relative_to(site).parts
    ]


def test_hostile_text_is_plain_text_in_every_page_feed_and_api_file(hostile_site: tuple[Path, str]) -> None:
    site, chemical_id = hostile_site
    checked: dict[str, int] = {}
    for path in _site_files(site):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(site).as_posix()
        if path.suffix == ".csv":
            continue  # served as text/csv and never read as markup; its quoting is the csv module's
        for raw in RAW_MARKUP:
            assert raw not in text, f"{where}: {raw!r}"
        if path.suffix in {".html", ".svg", ".xml", ".atom"}:
            parser = _Tags()
            parser.feed(text)
            for tag, attrs in parser.tags:
                for name, value in attrs:
                    assert not name.startswith("on"), f"{where}: <{tag} {name}=…>"
                    if name in URL_ATTRIBUTES and value is not None:
                        assert not re.sub(r"\s", "", value).lower().startswith("javascript:"), f"{where}: {value}"
                # The URL's quote did not open another attribute: no attribute holds the handler it carries.
                assert not any(name.startswith("alert") or name == "onmouseover" for name, _ in attrs), where
                if tag == "script":
                    src = dict(attrs).get("src")
                    assert src is None or "evil" not in src, where
            assert not any("alert(" in script for script in parser.scripts), where
        if path.suffix == ".json":
            for key, value in _strings(json.loads(text)):
                if key in {"url", "href", "official_url", "page", "source_url"}:
                    assert not value.lower().startswith("javascript:"), f"{where}: {key}={value}"
        checked[path.suffix] = checked.get(path.suffix, 0) + 1
    assert checked.get(".html", 0) > 100 and checked.get(".json", 0) > 100, checked
    assert checked.get(".atom") and checked.get(".ics") and checked.get(".svg"), checked
    # Not vacuous: the hostile text is on the chemical's page, escaped, and its source link keeps the whole URL.
    page = (site / links.page_url(links.chemical_page(chemical_id)) / "index.html").read_text(encoding="utf-8")
    assert page.count("XSSTITLE") >= 4
    assert "&lt;script&gt;" in page or "&#60;script&#62;" in page
    parser = _Tags()
    parser.feed(page)
    hrefs = [dict(attrs).get("href") for tag, attrs in parser.tags if tag == "a"]
    assert HOSTILE_URL in hrefs
    api = json.loads((site / links.api_chemical(chemical_id)).read_text(encoding="utf-8"))
    assert api["chemical"]["name"] == f"4-AP {HOSTILE}"


def test_search_index_holds_hostile_text_escaped(hostile_site: tuple[Path, str]) -> None:
    """The theme's search shows titles, text and tags as HTML: the index holds them escaped."""
    site, _ = hostile_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    fields = [doc.get(name) for doc in index["docs"] for name in ("title", "text")]
    fields += [tag for doc in index["docs"] for tag in doc.get("tags", [])]
    hostile = [f for f in fields if f and "XSSTITLE" in f]
    assert hostile, "the hostile name is in the search index"
    for field in hostile:
        assert "<script" not in field and "<img" not in field, field


def test_no_file_holds_a_path_of_the_build_machine(built_site: BuiltSite) -> None:
    """No site or API file names the registry's directory, the build's folders or any home or work path."""
    import os

    forbidden = {
        str(built_site.registry_path),
        str(built_site.registry_path.parent),
        str(built_site.site),
        os.getcwd(),
        str(Path.home()),
        "/tmp/",
        "/work/",
        "/home/",
        "file://",
    }
    checked = 0
    for path in _site_files(built_site.site):
        text = path.read_text(encoding="utf-8")
        for value in forbidden:
            assert value not in text, f"{path.relative_to(built_site.site)} holds {value!r}"
        checked += 1
    assert checked > 300
