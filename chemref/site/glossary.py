"""The glossary page: every word the site uses for an answer, defined once.

Decision words come from ``chemref.answers.decision`` (the same the command line prints); the other terms are
defined here, and every other page links to these definitions instead of rephrasing them.
"""

from __future__ import annotations

from chemref.answers.decision import DECISIONS, MEANINGS, UNKNOWN_WHY_MEANINGS, UNKNOWN_WHY_WORDS, word
from chemref.site import links
from chemref.site.html import badge
from chemref.site.text import md

BASIS: dict[str, str] = {
    "primary-text": "Every fact the event states (list, dates, instrument) was read in the primary legal text: "
    "the official journal, gazette or register.",
    "partly-secondary": "Some of the event's facts were read in the primary legal text, others only in a "
    "secondary source.",
    "secondary": "The event's facts were read only in secondary sources: an agency's notice, a press release, "
    "a database or a parliamentary record, not the legal text itself.",
}

DATES: dict[str, str] = {
    "since": "The first day of continuous control in the jurisdiction, across lists: a temporary order followed "
    "without a break by a permanent listing counts from the temporary order.",
    "list since": "The date control took effect under the list shown, when it differs from 'since'.",
    "effective": "The date an event took legal effect: the chemical came under (or left) control that day.",
    "in force by": "A date by which a source shows the control was in force. It is a date of evidence, not of "
    "effect: control may have started earlier. The site prints it as 'by DATE', in italics with a dashed outline.",
    "decided": "The date the body that made the instrument adopted it (a vote, a signature).",
    "published": "The date the instrument was published in its official journal or gazette.",
    "expires": "The date a temporary control ends unless it is extended or made permanent.",
    "scheduled": "An event announced for a future date of effect.",
    "as of": "The date a research finding holds for.",
    "checked": "The date a source was last read to confirm what chemref records from it.",
    "checked through": "The latest date on which chemref's sources were read or a jurisdiction was searched "
    "for changes: the registry's data is current to that day at best.",
    "date consulted": "The date you read the page; a citation should give it, because the law and the registry change.",
}

COVERAGE: dict[str, str] = {
    "named": "The list names the chemical itself.",
    "class clause": "The chemical is not named, but a source records that a class clause of another listing "
    "covers it (for example 'its amides, its carbamates, and its salts').",
}


def _section(title: str, anchor: str, terms: list[tuple[str, str, str]]) -> list[str]:
    lines = [f"## {title} {{#{anchor}}}\n"]
    for term, shown, meaning in terms:
        lines.append(f"### {shown} {{#{links.glossary_anchor(term)}}}\n")
        lines.append(f"{md(meaning)}\n")
    return lines


def glossary_page(front_matter: str) -> str:
    decisions = [(word(d), f"{badge(d)}", MEANINGS[d]) for d in DECISIONS]
    unknowns = [(words, words, UNKNOWN_WHY_MEANINGS[key]) for key, words in UNKNOWN_WHY_WORDS.items()]
    parts = [
        front_matter,
        "# Glossary\n",
        "The words the site uses for an answer, defined once. The command line (`chemref status`, `list`, "
        "`lookup`, `screen`) uses the same words; in JSON, decisions are written "
        + ", ".join(f"`{d}`" for d in DECISIONS)
        + ".\n",
        *_section("Decisions", "decisions", decisions),
        *_section("Why an answer is unknown", "unknown", unknowns),
        *_section("Basis of an event", "basis", [(k, k, v) for k, v in BASIS.items()]),
        *_section("Dates", "dates", [(k, k, v) for k, v in DATES.items()]),
        *_section("Coverage", "coverage", [(k, k, v) for k, v in COVERAGE.items()]),
    ]
    return "\n".join(parts)
