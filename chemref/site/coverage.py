"""The coverage page: how far the registry can be trusted, from the same figures as ``chemref coverage``."""

from __future__ import annotations

from chemref.answers.coverage_report import coverage
from chemref.answers.decision import word
from chemref.site import html, links
from chemref.site.context import Site
from chemref.site.markdown import front_matter, jurisdiction_link, link, table
from chemref.site.text import md


def coverage_page(site: Site) -> str:
    page = links.COVERAGE
    record = coverage(site.registry, site.today)
    totals = record.totals
    names = {c.id: c.name for c in site.chemicals}
    rows = [
        [
            link(page, links.chemical_page(cell.chemical), md(names.get(cell.chemical, cell.chemical))),
            jurisdiction_link(page, cell.jurisdiction),
            html.badge(cell.decision, word(cell.decision)),
            html.nowrap(cell.basis),
            html.date(cell.last_checked) if cell.last_checked else "never",
            "past its freshness window" if cell.stale else "",
        ]
        for cell in record.cells
    ]
    share = totals.primary_text_share
    summary = [
        ["cells (chemical × jurisdiction)", str(totals.cells)],
        ["answered: controlled or not controlled", str(totals.answered)],
        ["unknown", str(totals.unknown)],
        ["not applicable", str(totals.not_applicable)],
        ["findings past their freshness window", str(totals.stale_findings)],
        [
            "events resting wholly on the primary legal text",
            f"{totals.events_primary_text} of {totals.events}" + (f" ({share:.0%})" if share is not None else ""),
        ],
        ["oldest check", html.date(totals.oldest_check) if totals.oldest_check else "never"],
    ]
    glossary = link(page, links.GLOSSARY, "glossary")
    return "\n".join(
        [
            front_matter("Coverage", hide=("navigation", "toc")),
            "# Coverage\n",
            f"How far the registry can be trusted on {html.date(site.today.isoformat())}: for every chemical in "
            "every jurisdiction, the decision, the basis of the evidence behind it, when it was last checked, and "
            f"whether a 'no control found' finding is too old to rely on. The words are defined in the {glossary}. "
            "The same figures come from `chemref coverage`.\n",
            "## Totals\n",
            table(["Measure", "Value"], summary),
            "## Every cell\n",
            table(["Chemical", "Jurisdiction", "Decision", "Basis", "Last checked", "Finding"], rows),
        ]
    )
