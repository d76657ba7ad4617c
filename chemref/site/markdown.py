"""Markdown pieces of the generated pages. Every registry value goes through ``text.md`` (or ``text.xml_text``
inside raw HTML), so registry text is shown as written and never read as Markdown or HTML. Links between
generated pages are Markdown links to ``.md`` files, so ``mkdocs build --strict`` checks them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from chemref.registry.models import Chemical
from chemref.site import links
from chemref.site.text import md, xml_text

_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")


def front_matter(
    title: str, boost: int | None = None, hide: tuple[str, ...] = ("toc",), tags: list[str] | None = None
) -> str:
    """YAML front matter; the title is HTML-escaped because the theme prints titles as HTML.

    Generated pages hold wide tables, so the table of contents (and, for the widest, the navigation)
    is hidden to give them the page's width. ``tags`` go into the search index only (the site has no tags
    plugin), as a field the search ranks far above the text: a chemical's names and identifiers. The search
    shows them as HTML, so they are escaped too.
    """
    lines = ["---", f"title: {json.dumps(xml_text(title), ensure_ascii=False)}"]
    if hide:
        lines += ["hide:", *(f"  - {part}" for part in hide)]
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    if tags:
        lines += ["tags:", *(f"  - {json.dumps(xml_text(tag), ensure_ascii=False)}" for tag in tags)]
    return "\n".join([*lines, "---", "", ""])


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Row:
    """A row of a card table: its cells (inline Markdown or HTML) and attributes for the filter script."""

    cells: list[str]
    attrs: dict[str, str] = field(default_factory=dict)


def plain(label_markdown: str) -> str:
    """A header's words without link syntax or tags, for a card's labels."""
    return _TAG.sub("", _MARKDOWN_LINK.sub(r"\1", label_markdown)).strip()


def cards(header: list[str], rows: list[Row], kind: str) -> str:
    """A table whose rows become cards on a phone (see chemref.css), each value labelled by its column.

    The table is HTML with inline Markdown in its cells (``md_in_html``), so rows can carry the filter
    script's data and ids, and links to pages are still checked by ``mkdocs build --strict``. Empty cells
    are left out of a card.
    """
    labels = [plain(h) for h in header]
    head = "".join(f'<th markdown="span">{h}</th>' for h in header)
    body = []
    for row in rows:
        attrs = "".join(f' {name}="{xml_text(value)}"' for name, value in row.attrs.items())
        cells = "".join(
            f'<td data-label="{xml_text(label)}" markdown="span">{cell or "—"}</td>'
            for label, cell in zip(labels, row.cells, strict=True)
        )
        body.append(f'<tr{attrs} markdown="1">{cells}</tr>')
    return (
        f'<div class="chemref-cards chemref-cards-{kind}" markdown="1">\n'
        '<table markdown="1">\n'
        f'<thead markdown="1"><tr markdown="1">{head}</tr></thead>\n'
        '<tbody markdown="1">\n' + "\n".join(body) + "\n</tbody>\n</table>\n</div>\n"
    )


def external(url: str, label: str, title: str | None = None) -> str:
    """A link out of the site, as inline HTML. Markdown reads links inside a tag's attributes too, so the
    attributes are escaped for Markdown as well as HTML (``md``): a browser reads the character references back."""
    tip = f' title="{md(title)}"' if title else ""
    return f'<a href="{md(url)}"{tip}>{md(label)}</a>'


def link(from_file: str, to_file: str, label_markdown: str, anchor: str | None = None) -> str:
    target = links.relative(from_file, to_file) + (f"#{anchor}" if anchor else "")
    return f"[{label_markdown}]({target})"


def event_link(from_file: str, chemical: Chemical, event_id: str, label_markdown: str) -> str:
    return link(from_file, links.chemical_page(chemical.id), label_markdown, links.event_anchor(event_id))


def jurisdiction_link(from_file: str, key: str) -> str:
    return link(from_file, links.jurisdiction_page(key), md(key))


def list_link(from_file: str, key: str, label_markdown: str) -> str:
    return link(from_file, links.list_page(key), label_markdown)
