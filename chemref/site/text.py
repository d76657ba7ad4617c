"""Escaping of registry text for every output format the site writes.

Registry text is data, never markup: a name containing ``<script>`` must render as those characters.
"""

from __future__ import annotations

import html
import re

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
    """An iCalendar TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    text = _NOT_XML.sub("", text)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"\r\n|\r|\n", "\\\\n", text)
