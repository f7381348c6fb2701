"""A small pytest helper around xmldiff: compare XML by content, not by serialisation."""

from __future__ import annotations

from lxml import etree
from xmldiff import main as xmldiff_main


def _normalise(xml: str | bytes | etree._Element) -> etree._Element:
    if isinstance(xml, etree._Element):
        xml = etree.tostring(xml)
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True)
    root = etree.fromstring(xml, parser)
    for el in root.iter():
        # Whitespace inside text is not significant for these comparisons.
        if el.text is not None:
            el.text = " ".join(el.text.split()) or None
        if el.tail is not None:
            el.tail = " ".join(el.tail.split()) or None
    return root


def xml_diff(actual, expected) -> list:
    """The edit script that turns *expected* into *actual* (empty when they are equal)."""
    return xmldiff_main.diff_trees(_normalise(expected), _normalise(actual))


def assert_xml_equal(actual, expected) -> None:
    edits = xml_diff(actual, expected)
    if edits:
        lines = "\n".join(f"  {e}" for e in edits)
        raise AssertionError(
            "XML differs from the expected fragment:\n"
            + lines
            + "\nactual:\n"
            + etree.tostring(_normalise(actual), encoding="unicode")
        )
