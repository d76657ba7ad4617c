"""The denylist that keeps synthesis information out of every text field.

chemref records identity, legal status, dates and citations only. Free text (notes, clauses,
finding notes) is scanned for vocabulary of laboratory procedure and of how one chemical is
turned into another. Titles of instruments and sources are exempt only from the "used in the
manufacture of" pattern, because that phrase is a legal designation's own words in official titles.
"""

from __future__ import annotations

import re

# name -> pattern; names are shown in messages so a reviewer sees which term tripped the check.
DENYLIST: dict[str, re.Pattern[str]] = {
    "synthesis": re.compile(r"\bsynthe(sis|ses|sise|sised|size|sized|sizing|sising|tic route)\b", re.I),
    # Legal texts speak of a "route of appeal": only a chemical route is flagged.
    "route": re.compile(
        r"\b((synthetic|reaction|manufacturing|production|preparative|chemical)\s+routes?|routes?\s+(to|towards)\b)",
        re.I,
    ),
    "reagent": re.compile(r"\breagents?\b", re.I),
    "reaction": re.compile(r"\b(reactions?|reacts?|reacted|reacting)\b", re.I),
    # "The search yielded nothing" is ordinary English: only a yield of product (a percentage, or a
    # yield qualified as chemists qualify it) is flagged.
    "yield": re.compile(
        r"(\d+(\.\d+)?\s*%\s*yields?\b|\byields?\s+(of\s+)?\d+(\.\d+)?\s*%"
        r"|\b(high|low|good|poor|moderate|overall|isolated|crude|quantitative)[- ]yields?\b)",
        re.I,
    ),
    "conditions": re.compile(r"\b(reflux\w*|stir(s|red|ring)?|distil\w*|recrystalli[sz]\w*)\b", re.I),
    "catalysis": re.compile(r"\bcatal(yst|ysts|ysed|yzed|ysis|ytic)\b", re.I),
    "transformation": re.compile(
        r"\b(hydrogenat\w*|reductive amination|acylat\w*|alkylat\w*|deprotect\w*|condensation)\b", re.I
    ),
    "quantities": re.compile(r"(\b(mmol|equiv|equivalents?)\b|°\s*C\b)", re.I),
    "starting material": re.compile(r"\bstarting materials?\b", re.I),
    # A temporary order "converted into a permanent listing" is legal wording, not chemistry.
    "conversion": re.compile(
        r"\b(convert(s|ed|ing)?|conversion) (in)?to\b"
        r"(?!\s+(an?\s+|the\s+)?(permanent|temporary|formal|full|regular)?\s*(listing|order|regulation|schedule|control|law|act|decision|rule|statute|instrument|status|item)s?\b)",
        re.I,
    ),
    "use in manufacture": re.compile(
        r"\bused (to|in|for) (the )?(illicit(ly)? )?(make|making|produc\w*|synthe\w*|manufactur\w*|prepar\w*)\b",
        re.I,
    ),
}

# Fields holding official titles: the legal words of a designation are allowed there.
TITLE_FIELDS = frozenset({"title", "original_title"})
TITLE_EXEMPT = frozenset({"use in manufacture"})


def drift(text: str, field: str = "") -> list[str]:
    """Names of the denylist entries ``text`` trips."""
    hits = []
    for name, pattern in DENYLIST.items():
        if field in TITLE_FIELDS and name in TITLE_EXEMPT:
            continue
        if pattern.search(text):
            hits.append(name)
    return hits
