"""The denylist that keeps synthesis information out of every text field.

chemref records identity, legal status, dates and citations only. Free text (notes, clauses,
finding notes) is scanned for vocabulary of laboratory procedure and of how one chemical is
turned into another: English words, reaction schemes written with arrows, reagent formulas in a
chemist's shorthand, named methods, and the same vocabulary in Chinese, Spanish and French (the
languages of the registry's sources). Titles of instruments and sources are exempt only from the
"used in the manufacture of" pattern, because that phrase is a legal designation's own words in
official titles. A few phrases of the law itself (``LEGAL_WORDING``) are set aside before the scan.
"""

from __future__ import annotations

import functools
import re

# Element symbols that reagent shorthand is written with (two-letter symbols first, so that "Cl" is
# never read as "C" followed by something else).
_ELEMENT = r"(?:Cl|Br|Li|Na|Mg|Al|Si|Zn|Cu|Pd|Pt|Ni|Sn|Hg|Cs|H|B|C|N|O|F|P|S|K|I)"
# A formula token stands alone: not inside a word, a SMILES/SMARTS string, a code or a hyphenated name.
_ALONE_BEFORE = r"(?<![\w\-\[\]()=#@+/\\.·])"
_ALONE_AFTER = r"(?![\w\-\[\]()=#@+/\\·])"
# Group abbreviations of the procedural literature (methyl, ethyl, phenyl, acetyl ...).
_GROUP = r"(?:Me|Et|Pr|Bu|Ph|Bn|Bz|Ac|Ts|Ms|Tf)"

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
    # "A + B -> C": an arrow, in any of its spellings, between two names. No legal text needs one.
    "reaction scheme": re.compile(r"[\w)\]]\s*(?:-{1,2}>|={1,2}>|<=>|[→⟶⇒⟹⇌⇄➔➙➛➜➝➞])\s*[\w(\[]"),
    # Reagents written as formulas in a chemist's shorthand. A molecular formula in Hill order (C10H14ClN),
    # an element (Br2) or a registered acid (H2SO4) is identity, not procedure, and is not flagged. Flagged:
    # the common inorganic reagent formulas; tokens built on a group abbreviation (EtOH); condensed
    # structural formulas, which write their hydrogens and repeat an element (CH3CH3), unlike a SMILES.
    # Case-sensitive, and only whole tokens.
    "reagent formula": re.compile(
        r"(?<![A-Za-z0-9])(?:SOCl2|POCl3|PCl3|PCl5|PBr3|LiAlH4|NaBH4|AlCl3|Pd/C)"
        r"(?![A-Za-z0-9])"
        rf"|{_ALONE_BEFORE}\d*(?:{_GROUP}\d*)+(?:\(?{_ELEMENT}\d*\)?\d*|{_GROUP}\d*)+{_ALONE_AFTER}"
        rf"|{_ALONE_BEFORE}(?=[A-Za-z0-9]*H)(?=[A-Za-z]*\d)"
        rf"(?=(?:{_ELEMENT}\d*)*?({_ELEMENT})(?![a-z])\d*(?:{_ELEMENT}\d*)*?\1(?![a-z]))"
        rf"(?:{_ELEMENT}\d*){{3,}}{_ALONE_AFTER}"
    ),
    # "The Xyz method": a method, route or synthesis called by a (capitalised) name. Words that only
    # point at something ("This method", "The same route") are not names.
    "named method": re.compile(
        r"\b(?!(?:The|This|That|These|Those|A|An|Each|Every|Any|No|Its|Their|One|Same|Other|Such|Which|What|"
        r"Our|Some|All|Both|Either|Neither)\b)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+(?i:method|route|synthesis)s?\b"
    ),
    # Chinese. 合成 (synthesis) is not flagged in 综合成… ("overall …") or in 合成大麻素, the name of a listed
    # class (synthetic cannabinoids); 制 in 易制毒 ("precursor chemical") and 管制 ("control") is not 制备.
    "synthesis (zh)": re.compile(r"(?<!综)合成(?!大麻素)|制备|制取|制得"),
    "reaction (zh)": re.compile(r"反应(?:生成|得到|制得|制备|产物|条件|式|物)|经反应|进行反应"),
    "yield (zh)": re.compile(r"收率|产率|得率"),
    "conditions (zh)": re.compile(r"回流|搅拌|蒸馏|重结晶|催化"),
    # Spanish. The law's "precursores químicos" and "máquinas para elaborar cápsulas" are not flagged.
    "synthesis (es)": re.compile(r"\bs[ií]ntesis\b|\bsintetiz\w*", re.I),
    "reaction (es)": re.compile(r"\breacci[oó]n(?:es)?\b|\breaccion(?:a|an|ar|ado|ada|aron|ando)\b", re.I),
    "yield (es)": re.compile(r"\brendimientos?\b", re.I),
    # French. "précurseurs chimiques" and "fabrication illicite" are the law's words and are not flagged.
    "synthesis (fr)": re.compile(r"\bsynth(?:èses?|ese)\b|\bsynthétis\w*", re.I),
    "reaction (fr)": re.compile(r"\bréactions?\b|\bréagi(?:r|t|ssent|ssant)\b|\bréactifs?\b", re.I),
    "yield (fr)": re.compile(r"\brendements?\b", re.I),
}

# Fields holding official titles: the legal words of a designation are allowed there.
TITLE_FIELDS = frozenset({"title", "original_title"})
TITLE_EXEMPT = frozenset({"use in manufacture"})

# Words of the law that a pattern would otherwise trip, set aside before the scan in every field:
# - China's 2024 announcement defines the ester classes it lists as "the esters formed from the acid with
#   any alcohol" (与各种醇反应生成的酯类): a legal definition of the class, quoted in clauses and readings;
# - the 1988 Convention and the INCB name the precursors "frequently used in the illicit manufacture of
#   narcotic drugs [and/or] psychotropic substances": the name of the lists, which notes cite.
LEGAL_WORDING = re.compile(
    r"与各种醇反应生成的酯类"
    r"|frequently used in the illicit manufacture of narcotic drugs(?:\s+(?:and|or)\s+psychotropic substances)?",
    re.I,
)


def drift(text: str, field: str = "") -> list[str]:
    """Names of the denylist entries ``text`` trips."""
    return list(_drift(text, field in TITLE_FIELDS))


# A registry repeats most of its texts (ids, clauses, locators): about 4,000 distinct among 20,000.
@functools.lru_cache(maxsize=1 << 16)
def _drift(text: str, title: bool) -> tuple[str, ...]:
    text = LEGAL_WORDING.sub(" ", text)
    return tuple(
        name for name, pattern in DENYLIST.items() if not (title and name in TITLE_EXEMPT) and pattern.search(text)
    )
