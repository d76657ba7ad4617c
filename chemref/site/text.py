"""Escaping of registry text for every output format the site writes.

Registry text is data, never markup: a name containing ``<script>`` must render as those characters.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata

# HTML's special characters, and those Markdown (or an enabled extension) would read as syntax inside a
# line of text, as numeric character references: one pass, so no reference is escaped twice.
_MARKDOWN_TABLE = str.maketrans({char: f"&#{ord(char)};" for char in "&<>\"'\\`*_[]{}|~^=#!:"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def one_line(text: str) -> str:
    """Collapse line breaks, so a value cannot start a new Markdown block or table row."""
    return _LINE_BREAKS.sub(" ", text).strip()


def xml_chars(text: str) -> str:
    """Replace the characters XML 1.0 cannot hold at all (escaping markup is left to the writer)."""
    return _NOT_XML.sub("\ufffd", text)


def xml_text(text: str) -> str:
    """Text safe in XML, HTML and SVG element content and attribute values."""
    return html.escape(xml_chars(text), quote=True)


def md(text: str) -> str:
    """Text safe inline in Markdown, including table cells and headings: shown exactly as written."""
    return xml_chars(one_line(text)).translate(_MARKDOWN_TABLE)


def md_or_dash(text: str | None) -> str:
    return "—" if not text else md(text)


def ical_text(text: str) -> str:
    """An iCalendar TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped.

    TEXT has no markup, but some calendar clients show event text as HTML: angle brackets become the single
    guillemets ‹ › (no chemical or list name has them), so no data can open a tag there.
    """
    text = _NOT_XML.sub("", text).replace("<", "\u2039").replace(">", "\u203a")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"\r\n|\r|\n", "\\\\n", text)


# Characters that could end a string's context if a JSON file were ever pasted into HTML or XML: written as
# \u escapes, which every JSON reader turns back into the same characters.
_JSON_MARKUP = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def json_file(data: object) -> str:
    """A JSON file's text: indented, UTF-8, with markup characters escaped so no data can read as a tag."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    for char, escape in _JSON_MARKUP.items():
        text = text.replace(char, escape)
    return text + "\n"


def lookup_key(text: str) -> str:
    """How a name or identifier is compared when typed into the search box: NFKC, lower case, one space.

    The site's script normalises the query the same way (``chemref.js``: ``lookupKey``).
    """
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())
