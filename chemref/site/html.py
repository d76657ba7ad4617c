"""Small pieces of inline HTML shared by the generated pages: unbreakable values, decision badges, links.

Raw HTML is not rewritten by MkDocs, so its links are written relative to the page's URL (``href``),
never to its Markdown file. Every registry value goes through ``xml_text``.
"""

from __future__ import annotations

import posixpath

from chemref.answers.decision import Decision, word
from chemref.site import links
from chemref.site.text import md as xml_text  # escapes markup and Markdown alike: safe in table cells

# One icon per decision: distinct shapes, so that the answer reads without colour (greyscale, colour blindness).
ICONS: dict[Decision, str] = {
    "controlled": "●",
    "not-controlled": "○",
    "unknown": "?",
    "review": "◆",
    "not-applicable": "⊘",
}


def href(from_md: str, to_md: str, anchor: str | None = None) -> str:
    """A link from one page to another (or to a data file) as the browser resolves it from the page's URL."""
    here = links.page_url(from_md).rstrip("/") or "."
    if to_md.endswith(".md"):
        target_url = links.page_url(to_md)
        path = posixpath.relpath(target_url.rstrip("/") or ".", here)
        path = path + "/" if path != "." else "./"
    else:
        path = posixpath.relpath(to_md, here)
    return path + (f"#{anchor}" if anchor else "")


def a(url: str, label_html: str, title: str | None = None, css: str | None = None) -> str:
    tip = f' title="{xml_text(title)}"' if title else ""
    cls = f' class="{css}"' if css else ""
    return f'<a href="{xml_text(url)}"{tip}{cls}>{label_html}</a>'


def nowrap(text: str, kind: str = "id") -> str:
    """A value that must never break inside itself: kind is 'date', 'cas', 'id' (or another chemref-* class)."""
    return f'<span class="chemref-{kind}">{xml_text(text)}</span>'


def date(text: str) -> str:
    return nowrap(text, "date")


def by_date(text: str) -> str:
    """An 'in force by' date: evidence that control was in force by then, not the date it took effect."""
    return (
        f'<span class="chemref-date chemref-by" title="in force by this date; date of effect not established">'
        f"by {xml_text(text)}</span>"
    )


def cas(text: str) -> str:
    return nowrap(text, "cas")


def icon(decision: Decision) -> str:
    return f'<span class="chemref-icon" aria-hidden="true">{ICONS[decision]}</span>'


def badge(decision: Decision, text: str | None = None) -> str:
    """The decision as an icon and its word (or ``text``), styled by decision."""
    label = xml_text(text if text is not None else word(decision))
    return f'<span class="chemref-decision chemref-d-{decision}">{icon(decision)} {label}</span>'


def glossary_link(from_md: str, term: str, label: str | None = None) -> str:
    """A Markdown link to a term's definition on the glossary page."""
    target = links.relative(from_md, links.GLOSSARY)
    return f"[{label if label is not None else term}]({target}#{links.glossary_anchor(term)})"


def nowrap_html(inner_html: str, kind: str = "id") -> str:
    """Already-escaped inline HTML (a link) kept on one line."""
    return f'<span class="chemref-{kind}">{inner_html}</span>'


def sr(text: str) -> str:
    """Words for a screen reader only (the decision an icon and a colour show)."""
    return f'<span class="chemref-sr">{xml_text(text)}</span>'


def text_input(name: str, label: str, placeholder: str) -> str:
    return (
        f'<label>{xml_text(label)} <input type="search" name="{name}" autocomplete="off" spellcheck="false" '
        f'placeholder="{xml_text(placeholder)}"></label> '
    )


def select(
    name: str, label: str, blank: str, options: list[tuple[str, str]], groups: dict[str, str] | None = None
) -> str:
    """A filter's drop-down; ``groups`` maps an option's value to its group label (an ``optgroup``)."""
    parts = [f'<label>{xml_text(label)} <select name="{name}"><option value="">{xml_text(blank)}</option>']
    current: str | None = None
    for value, text in options:
        group = groups.get(value) if groups else None
        if group != current:
            if current is not None:
                parts.append("</optgroup>")
            if group is not None:
                parts.append(f'<optgroup label="{xml_text(group)}">')
            current = group
        parts.append(f'<option value="{xml_text(value)}">{xml_text(text)}</option>')
    if current is not None:
        parts.append("</optgroup>")
    parts.append("</select></label> ")
    return "".join(parts)


def nowrap_path(text: str) -> str:
    """A path or a hash: kept whole where it fits, broken anywhere where it would widen the page."""
    return nowrap(text, "path")
