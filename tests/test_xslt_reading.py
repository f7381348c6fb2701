"""XSLT behaviour on small TEI fixtures: each case renders a fixture with the real stylesheet
and compares one element of the result with an expected HTML fragment (xmldiff, whitespace
normalised).

Fixtures: ``tests/fixtures/html/project`` (a two-source mini edition with registers, an ODD and
the editors' discrepancies); expected fragments: ``tests/fixtures/html/expected/*.html``.
Regenerate the expected fragments after an intended change with
``UPDATE_GOLDEN=1 python3 -m pytest tests/test_xslt_reading.py`` and review the diff; a failing
case writes its output beside the expected file as ``*.actual.html``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from edition import saxon
from xmlassert import assert_xml_equal

ROOT = Path(__file__).resolve().parents[1]
PROJECT = Path(__file__).resolve().parent / "fixtures" / "html" / "project"
EXPECTED = Path(__file__).resolve().parent / "fixtures" / "html" / "expected"
XHTML = "http://www.w3.org/1999/xhtml"
PARAMS = {"root-prefix": "../", "siglum": "X", "edition-version": "9.9.9", "edition-title": "Mini"}


@lru_cache(maxsize=None)
def render(stylesheet: str, document: str, **params) -> etree._Element:
    sheet = saxon.compile_file(ROOT / "xslt" / stylesheet)
    html = sheet.transform(saxon.parse_file(PROJECT / document), {**PARAMS, **dict(params)})
    return etree.fromstring(f'<root xmlns="{XHTML}">{html}</root>')


def fragment(tree: etree._Element, xpath: str) -> etree._Element:
    found = tree.xpath(xpath, namespaces={"h": XHTML})
    assert found, f"nothing matches {xpath}"
    return found[0]


def check(name: str, element: etree._Element) -> None:
    expected_file = EXPECTED / f"{name}.html"
    actual = etree.tostring(element, encoding="unicode")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(actual + "\n", encoding="utf-8")
        return
    try:
        assert_xml_equal(actual, expected_file.read_text(encoding="utf-8"))
    except AssertionError:
        expected_file.with_suffix(".actual.html").write_text(actual + "\n", encoding="utf-8")
        raise
    expected_file.with_suffix(".actual.html").unlink(missing_ok=True)


READING_CASES = {
    # name: (what it shows, XPath into the reading page of alpha.xml)
    "choice-sic-corr": "//h:p[@id='al-p1']",
    "note-popover-and-entity": "//h:p[@id='al-p2']",
    "quote-title-second-note": "//h:p[@id='al-p3']",
    "endnotes": "//h:section[@class='endnotes']",
    "division-heading": "//h:section[@id='al-d1']/h:h2",
}


@pytest.mark.parametrize("name", sorted(READING_CASES))
def test_reading(name: str) -> None:
    check(name, fragment(render("reading.xsl", "tei/alpha.xml"), READING_CASES[name]))


def test_notes_are_numbered_in_document_order() -> None:
    page = render("reading.xsl", "tei/alpha.xml")
    numbers = [b.text for b in page.iter(f"{{{XHTML}}}button")]
    assert numbers == ["1", "2"]
    assert [li.get("id") for li in page.iter(f"{{{XHTML}}}li")] == ["al-n1", "al-n2"]


def test_paragraph_ids_are_the_tei_ids() -> None:
    page = render("reading.xsl", "tei/alpha.xml")
    ids = [p.get("id") for p in page.iter(f"{{{XHTML}}}p") if p.get("id")]
    assert ids == ["al-p1", "al-p2", "al-p3", "al-p4"]


def test_ids_come_from_the_tei() -> None:
    """Reproducible builds: every id is an xml:id of the TEI or derived from one."""
    page = render("reading.xsl", "tei/alpha.xml")
    tei_ids = set(etree.parse(str(PROJECT / "tei" / "alpha.xml")).xpath("//@xml:id"))
    fixed = {"source-header", "endnotes-heading"}
    for value in page.xpath("//@id"):
        base = value.removesuffix("-ref").removesuffix("-pop")
        assert base in tei_ids or value in fixed, value


GUIDELINES_CASES = {
    "guidelines-toc": "//h:nav[@class='toc']",
    "guidelines-prose": "//h:section[@id='corrections']",
    "guidelines-element": "//h:article[@id='el-note']",
    "guidelines-rule": "//h:dl[@class='rules']",
}


@pytest.mark.parametrize("name", sorted(GUIDELINES_CASES))
def test_guidelines(name: str) -> None:
    check(name, fragment(render("guidelines.xsl", "schema/edition.odd"), GUIDELINES_CASES[name]))


def test_home_lists_witnesses_in_configured_order_without_notes() -> None:
    page = render("home.xsl", "tei/bibliography.xml", **{
        "root-prefix": "", "source-keys-array": ("beta", "alpha"), "sigla-array": ("Y", "X"),
        "titles-array": ("Beta", "Alpha")})
    check("home-witnesses", fragment(page, "//h:ol"))


def test_about_groups_shared_statements() -> None:
    page = render("about.xsl", "tei/alpha.xml", **{
        "root-prefix": "",
        "source-uris-array": tuple((PROJECT / "tei" / f).resolve().as_uri() for f in ("alpha.xml", "beta.xml")),
        "source-keys-array": ("alpha", "beta"), "sigla-array": ("X", "Y")})
    check("about-policies", fragment(page, "//h:section[@aria-labelledby='policy-normalization']"))
    corrections = fragment(page, "//h:section[@aria-labelledby='policy-correction']")
    assert len(corrections.xpath("h:div", namespaces={"h": XHTML})) == 1  # shared: given once
    assert "All sources" in "".join(corrections.itertext())
