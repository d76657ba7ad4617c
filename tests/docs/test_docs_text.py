"""Registry text is escaped for every format the site writes."""

from __future__ import annotations

import html

import markdown

from chemref.site.text import ical_text, md, xml_text

HOSTILE = "<script>alert(1)</script> *bold* _it_ [a](b) `code` | pipe {#id} # & it's \\ end"


def test_markdown_text_renders_as_written() -> None:
    rendered = markdown.markdown(f"| a |\n|---|\n| {md(HOSTILE)} |", extensions=["tables", "attr_list"])
    assert "<script>" not in rendered
    cell = rendered.split("<td>")[1].split("</td>")[0]
    assert html.unescape(cell) == HOSTILE


def test_markdown_heading_keeps_the_whole_name() -> None:
    rendered = markdown.markdown(f"# {md('x # {: .y}')}", extensions=["attr_list"])
    assert html.unescape(rendered.split(">", 1)[1].rsplit("<", 1)[0]) == "x # {: .y}"


def test_line_breaks_cannot_start_a_new_block() -> None:
    assert "\n" not in md("first\n\n# second\r\n- third")


def test_xml_text_escapes_markup_and_drops_impossible_characters() -> None:
    assert xml_text('<a href="x">\x01') == "&lt;a href=&quot;x&quot;&gt;\ufffd"


def test_icalendar_text_escaping() -> None:
    assert ical_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert ical_text("<script>") == "\u2039script\u203a"
