"""The filter form of the matrix, the chemicals index and the jurisdiction and list pages.

One form, read by ``chemref.js``: a name or identifier (``q``), a list (``l``), a jurisdiction (``j``) and a
decision (``d``). Rows carry what they are matched on (``cells.filter_attrs``). Without JavaScript the form
stays hidden and every row shows.
"""

from __future__ import annotations

from chemref.answers.decision import DECISIONS, word
from chemref.site import html, links
from chemref.site.context import Site
from chemref.site.text import xml_text


def filter_form(
    site: Site,
    page: str,
    target: str,
    *,
    lists: list[str] | None = None,
    jurisdictions: bool = False,
    decisions: bool = True,
    noun: str | None = None,
) -> str:
    """The form for the rows inside the element with id ``target``; ``lists`` are the list keys to offer.

    The count says how many chemicals are shown, or, with ``noun`` ('event'), how many rows.
    """
    count = f' data-noun="{xml_text(noun)}"' if noun else ""
    parts = [
        f'<form class="chemref-filter" data-target="{xml_text(target)}" role="search"{count} hidden>',
        html.text_input("q", "Name or CAS RN", "e.g. 4-AP or 23056-29-3"),
    ]
    if lists:
        options = [(k, site.regime(k).short) for k in lists]
        groups = {k: site.regime(k).jurisdiction for k in lists}
        parts.append(html.select("l", "List", "any", options, groups))
    if jurisdictions:
        options = [(k, f"{k}: {site.registry.jurisdictions[k].name}") for k in site.jurisdictions]
        parts.append(html.select("j", "Jurisdiction", "all", options))
    if decisions:
        parts.append(html.select("d", "Decision", "any", [(d, word(d)) for d in DECISIONS]))
    not_covered = html.href(page, links.NOT_COVERED)
    parts.append(
        '<output class="chemref-filter-count" aria-live="polite"></output>'
        '<p class="chemref-nomatch" hidden>No registered chemical matches. chemref holds only the chemicals '
        f'on the lists it reads: see <a href="{not_covered}">what chemref does not cover</a>.</p>'
        "</form>\n"
    )
    return "".join(parts)
