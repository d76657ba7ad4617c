"""Pages about the reference itself: what chemref does not cover, and how to cite it and under which licences."""

from __future__ import annotations

from chemref.answers.decision import UNKNOWN_WHY_MEANINGS, UNKNOWN_WHY_WORDS
from chemref.answers.provenance import DATA_LICENCE
from chemref.answers.status import completeness
from chemref.site import html, links
from chemref.site.cells import cite_url
from chemref.site.context import Site, registered_drugs
from chemref.site.markdown import Row, cards, front_matter, jurisdiction_link, link, list_link
from chemref.site.text import md, xml_text

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
MIT = "https://opensource.org/license/mit"


def not_covered_page(site: Site) -> str:
    """What a missing search result means: the scope, the 'lists not read in full' answer, which lists are read."""
    page = links.NOT_COVERED
    drugs = registered_drugs(site)
    drug_names = ", ".join(link(page, links.chemical_page(c.id), md(c.name)) for c in drugs) or "none"
    rows = []
    for key in site.jurisdictions:
        state = completeness(site.registry, key, site.today, site.today)
        read = "<br>".join(
            f"{list_link(page, r.regime, md(site.regime(r.regime).short))} (current to {html.date(r.current_to.iso())})"
            for r in sorted(state.readings, key=lambda r: r.regime)
        )
        missing = "<br>".join(list_link(page, k, md(site.regime(k).short)) for k in state.missing)
        answer = (
            "yes: 'not controlled' can be answered" if state.complete else "no: 'unknown' where no event is recorded"
        )
        rows.append(Row([jurisdiction_link(page, key), read or "none", missing or "none", answer]))
    lists_not_read = UNKNOWN_WHY_WORDS["lists-not-read"]
    return "\n".join(
        [
            front_matter("What chemref does not cover"),
            "# What chemref does not cover\n",
            "A chemical that chemref does not hold is not thereby uncontrolled. chemref registers only:\n",
            f"- the **precursor chemicals named on the lists it reads** ({len(site.chemicals)} chemicals in "
            f"{len(site.jurisdictions)} jurisdictions; see {link(page, links.LISTS_INDEX, 'the lists')}), and\n"
            f"- the few **drugs registered with them**, because a precursor's status refers to them: {drug_names}.\n",
            "It does not hold other controlled drugs (the rest of the drug schedules), other jurisdictions, "
            "explosives or chemical-weapons precursor lists, customs tariff lines for every jurisdiction, or "
            "anything about how a chemical is made or used. A search for a substance that is not here finds "
            "nothing, or only pages that mention a similar name: that says nothing about whether it is controlled. "
            "Check the lists themselves (each list's page links to its current text), or look the substance up by "
            "structure with `chemref screen`, which compares structures rather than names.\n",
            f"## What 'unknown: {lists_not_read}' means {{#lists-not-read}}\n",
            f"{md(UNKNOWN_WHY_MEANINGS['lists-not-read'])} chemref says **not controlled** only for a jurisdiction "
            "whose every precursor list has a dated reading of the whole list; elsewhere a chemical with no recorded "
            "event is **unknown**, never 'not controlled'. The "
            f"{link(page, links.GLOSSARY, 'glossary', links.glossary_anchor(lists_not_read))} defines the other "
            "reasons for an unknown answer.\n",
            f"## Which lists are read in full on {site.today.isoformat()} {{#read-in-full}}\n",
            cards(["Jurisdiction", "Read in full", "Not read in full", "Not controlled answerable"], rows, "coverage"),
            f"The {link(page, links.COVERAGE, 'coverage page')} shows, cell by cell, how far each answer can be "
            "trusted.\n",
        ]
    )


def cite_page(site: Site, licence_files: bool = True) -> str:
    """How to cite chemref and its data, and the licences of both; the licence texts are linked in the site
    when the build ships them (a source checkout), else at their publishers."""
    page = links.CITE
    data_text = (
        link(page, links.DATA_LICENCE, "LICENSE-DATA")
        if licence_files
        else f'<a href="{CC_BY}legalcode">legal code</a>'
    )
    code_text = link(page, links.CODE_LICENCE, "LICENSE") if licence_files else f'<a href="{MIT}">MIT</a>'
    digest = site.registry.content_hash
    checked = site.checked_through
    url, shown = cite_url(site, links.HOME)
    checked_text = checked.isoformat() if checked else "not recorded"
    bibtex = "\n".join(
        "    " + line
        for line in [
            f"@misc{{chemref-{site.version.replace('.', '-')},",
            "  title = {chemref: an open, typed and cited reference of how precursor chemicals are controlled},",
            "  author = {{The chemref contributors}},",
            f"  note = {{Version {site.version}, registry {digest[:12]}, checked through {checked_text}}},",
            f"  howpublished = {{\\url{{{shown}}}}},",
            f"  year = {{{site.today.year}}}",
            "}",
        ]
    )
    return "\n".join(
        [
            front_matter("Cite and licences"),
            "# Cite and licences\n",
            "## How to cite {#how-to-cite}\n",
            "Cite the version you read: the chemref version and the registry's content hash identify the data "
            "exactly, and the date you consulted it says which day's answers you saw. Every chemical page and every "
            'event carries its own "cite this" line with its permanent link.\n',
            f'<p class="chemref-cite"><span class="chemref-cite-text">“chemref”, chemref {xml_text(site.version)} '
            f'(registry <span class="chemref-id" title="{xml_text(digest)}">{xml_text(digest[:12])}</span>, '
            f"checked through {xml_text(checked_text)}), consulted "
            f'<time class="chemref-consulted chemref-date" datetime="{site.today.isoformat()}">'
            f'{site.today.isoformat()}</time>, <a class="chemref-permalink" href="{xml_text(url)}">'
            f"{xml_text(shown)}</a></span></p>\n",
            f"The same in the Citation File Format: {link(page, links.CITATION_CFF, 'CITATION.cff')}. As BibTeX:\n",
            bibtex + "\n",
            "## Licences {#licences}\n",
            f"- **Data** (the registry, the pages' facts, the downloads and the JSON API): Creative Commons "
            f'Attribution 4.0 International (<a href="{CC_BY}">CC BY 4.0</a>, `{DATA_LICENCE}`). Share and adapt '
            "them, also commercially, if you credit chemref, give the version and registry hash, and say what you "
            f"changed. The licence text: {data_text}. Every API file "
            "states it in `provenance.data_licence`.\n"
            f"- **Code** (the `chemref` package and this site's generator): the MIT licence "
            f"({code_text}).\n"
            "- The cited legal texts and secondary sources keep their own terms; chemref links to them and quotes "
            "only what a citation needs.\n",
            "chemref is not legal advice.\n",
        ]
    )
