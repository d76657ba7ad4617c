"""Where each generated file lives in the site, and links to outside identifier services."""

from __future__ import annotations

import posixpath
from urllib.parse import quote

HOME = "index.md"
CHEMICALS_INDEX = "chemicals/index.md"
JURISDICTIONS_INDEX = "jurisdictions/index.md"
MATRIX = "matrix.md"
CHANGES = "changes.md"
DOWNLOADS = "downloads.md"
ATOM_FEED = "feeds/changes.atom"
ICALENDAR = "feeds/effective-dates.ics"
ALL_JSON = "data/chemref.json"
EVENTS_CSV = "data/events.csv"
SCHEMA_JSON = "data/chemical.schema.json"
GLOSSARY = "glossary.md"
DATA_CHANGELOG = "data-changelog.md"
COVERAGE = "coverage.md"
LISTS_INDEX = "lists/index.md"
NOT_COVERED = "not-covered.md"
CITE = "cite.md"
CITATION_CFF = "CITATION.cff"
CODE_LICENCE = "LICENSE.txt"
DATA_LICENCE = "LICENSE-DATA.txt"
API_PAGE = "api.md"
API = "api/v1"
API_INDEX = f"{API}/index.json"
API_MATRIX_JSON = f"{API}/matrix.json"
API_MATRIX_CSV = f"{API}/matrix.csv"
API_LOOKUP = f"{API}/lookup.json"
SCRIPT = "javascripts/chemref.js"


def api_chemical(chemical_id: str) -> str:
    return f"{API}/chemicals/{chemical_id}.json"


def api_identifier(kind: str, value: str) -> str:
    """Reverse look-up file of an identifier: kind is 'cas' or 'inchikey'."""
    return f"{API}/identifiers/{kind}/{value}.json"


def api_jurisdiction(key: str) -> str:
    return f"{API}/jurisdictions/{key}.json"


def api_list(key: str) -> str:
    return f"{API}/lists/{key}.json"


def api_schema(name: str) -> str:
    """The JSON Schema of one kind of API file ('index', 'chemical', 'identifier', 'matrix')."""
    return f"{API}/schemas/{name}.schema.json"


def glossary_anchor(term: str) -> str:
    """Anchor of a term on the glossary page."""
    return "term-" + "-".join(term.lower().replace("'", "").split())


def chemical_page(chemical_id: str) -> str:
    return f"chemicals/{chemical_id}.md"


def chemical_json(chemical_id: str) -> str:
    return f"data/chemicals/{chemical_id}.json"


def structure_svg(chemical_id: str) -> str:
    return f"structures/{chemical_id}.svg"


def jurisdiction_page(key: str) -> str:
    return f"jurisdictions/{key}.md"


def list_page(key: str) -> str:
    """A list's page: its key in lower case ('US-CSA-LIST-I' -> lists/us-csa-list-i.md)."""
    return f"lists/{key.lower()}.md"


def status_anchor(jurisdiction: str) -> str:
    """Anchor of a jurisdiction's row in a chemical's status table."""
    return f"status-{jurisdiction}"


def event_anchor(event_id: str) -> str:
    """Anchor of an event's row on its chemical page; the prefix keeps it apart from heading ids."""
    return f"event-{event_id}"


def relative(from_file: str, to_file: str) -> str:
    """Link from one docs file to another, as written in the Markdown source of ``from_file``."""
    return posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")


def page_url(md_file: str) -> str:
    """The URL path (relative to the site root) MkDocs gives a page, with directory URLs."""
    stem = md_file.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def absolute(base_url: str, md_file: str, anchor: str | None = None) -> str:
    """A page's canonical URL under the site's base URL."""
    return base_url.rstrip("/") + "/" + page_url(md_file) + (f"#{anchor}" if anchor else "")


def url_from(from_file: str, to_url: str) -> str:
    """Link from a non-page file (a feed) to a site URL path."""
    path = posixpath.relpath(to_url or ".", posixpath.dirname(from_file) or ".")
    return f"{path}/" if to_url.endswith("/") or not to_url else path


def pubchem_by_inchikey(inchikey: str) -> str:
    return f"https://pubchem.ncbi.nlm.nih.gov/#query={quote(inchikey)}"


def pubchem_compound(cid: int) -> str:
    return f"https://pubchem.ncbi.nlm.nih.gov/compound/{cid}"


def cas_common_chemistry(cas: str) -> str:
    return f"https://commonchemistry.cas.org/detail?cas_rn={quote(cas)}"


def fda_unii(unii: str) -> str:
    return f"https://precision.fda.gov/uniisearch/srs/unii/{quote(unii)}"
