"""Robustness: real TEI from other projects (../shared/external-tei) renders without crashing and
without losing text, and the validator reports on it without crashing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree, html

from edition import saxon, text
from edition.validate import syntax_diagnostic
from edition.xmlio import safe_parser

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "external-tei"
FILES = sorted(CORPUS.glob("*.xml")) if CORPUS.exists() else []


@pytest.fixture(scope="module")
def reading_xsl():
    return saxon.compile_file(ROOT / "xslt" / "reading.xsl")


def words(s: str) -> list[str]:
    return re.findall(r"\w+", s)


def first_lost(expected: list[str], rendered: str) -> int:
    """Index of the first expected word not found, in order, in the rendered text (-1: none).

    Inline markup may split a word in HTML ("p<span>r</span>"), so the rendered text is read
    without any separators and each word is looked for from where the previous one ended."""
    flat = re.sub(r"\W", "", rendered)
    at = 0
    for i, w in enumerate(expected):
        found = flat.find(w, at)
        if found < 0:
            return i
        at = found + len(w)
    return -1


@pytest.mark.skipif(not FILES, reason="../shared/external-tei is absent")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_external_file_renders_without_losing_text(path, reading_xsl, tmp_path):
    tree = etree.parse(str(path), safe_parser())
    text_el = tree.getroot().find("{http://www.tei-c.org/ns/1.0}text")
    if text_el is None:
        pytest.skip(f"{path.name} has no <text>")
    # Saxon gets the tree without its DOCTYPE (a missing DTD must not stop the rendering).
    source = etree.tostring(tree.getroot(), encoding="unicode")
    out = reading_xsl.transform(saxon.parse_text(source, path.resolve().as_uri()))
    page = html.fromstring(out)
    # What the reader sees with "as in the source": without the editors' readings and notes.
    for editorial in page.xpath('//*[contains(concat(" ", @class, " "), " reading-edited ") or '
                                'contains(@class, "note-popover") or contains(@class, "endnotes") or '
                                'contains(@class, "note-ref")]'):
        editorial.drop_tree()
    rendered = page.text_content()
    expected = words(text.reading(text_el).text)
    missing_at = first_lost(expected, rendered)
    assert missing_at == -1, f"text lost near: {' '.join(expected[missing_at:missing_at + 12])}"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/external-tei is absent")
def test_defective_file_is_reported_cleanly():
    path = CORPUS / "defective" / "gsgl-Glossary-duplicate-xmlid.xml"
    with pytest.raises(etree.XMLSyntaxError) as info:
        etree.parse(str(path), safe_parser())
    d = syntax_diagnostic(path.name, info.value)
    assert (d.code, d.line) == ("duplicate-id", 44)
    assert "glucod" in d.message
