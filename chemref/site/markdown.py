"""Markdown pieces of the generated pages. Every registry value goes through ``text.md`` (or ``text.xml_text``
inside raw HTML), so registry text is shown as written and never read as Markdown or HTML. Links between
generated pages are Markdown links to ``.md`` files, so ``mkdocs build --strict`` checks them."""

from __future__ import annotations

import json

from chemref.registry.models import Chemical
from chemref.site import links
from chemref.site.text import md, xml_text


def front_matter(title: str, boost: int | None = None, hide: tuple[str, ...] = ("toc",)) -> str:
    """YAML front matter; the title is HTML-escaped because the theme prints titles as HTML.

    Generated pages hold wide tables, so the table of contents (and, for the widest, the navigation)
    is hidden to give them the page's width.
    """
    lines = ["---", f"title: {json.dumps(xml_text(title), ensure_ascii=False)}"]
    if hide:
        lines += ["hide:", *(f"  - {part}" for part in hide)]
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    return "\n".join([*lines, "---", "", ""])

def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"

def external(url: str, label: str, title: str | None = None) -> str:
    """A link out of the site, as inline HTML so that no URL character is read as Markdown."""
    tip = f' title="{xml_text(title)}"' if title else ""
    return f'<a href="{xml_text(url)}"{tip}>{xml_text(label)}</a>'

def link(from_file: str, to_file: str, label_markdown: str, anchor: str | None = None) -> str:
    target = links.relative(from_file, to_file) + (f"#{anchor}" if anchor else "")
    return f"[{label_markdown}]({target})"

def event_link(from_file: str, chemical: Chemical, event_id: str, label_markdown: str) -> str:
    return link(from_file, links.chemical_page(chemical.id), label_markdown, links.event_anchor(event_id))

def jurisdiction_link(from_file: str, key: str) -> str:
    return link(from_file, links.jurisdiction_page(key), md(key))
