"""The Schematron engine (edition.schematron): compilation, rule order, locations."""

from pathlib import Path

from lxml import etree

from edition.schematron import Schematron, compile_schema, split_hint

FIX = Path(__file__).parent / "fixtures" / "schematron"


def findings():
    sch = Schematron(FIX / "mini.sch")
    doc = FIX / "doc.xml"
    return sch.check(doc, etree.parse(str(doc)))


def test_failed_assert_is_located_at_the_element_that_fails():
    dangling = [d for d in findings() if d.code == "dangling-ref"]
    assert len(dangling) == 1
    d = dangling[0]
    assert (d.line, d.col, d.severity) == (6, 9, "error")
    assert d.message == '@ref "#nowhere" on persName matches no xml:id'
    assert d.hint == "check the spelling"


def test_only_the_first_matching_rule_of_a_pattern_fires():
    messages = [d.message for d in findings() if d.code == "first-rule-wins"]
    assert messages == ["first rule", "second rule for p 2"]


def test_compiled_stylesheet_has_one_mode_per_pattern():
    xslt = compile_schema(etree.parse(str(FIX / "mini.sch")))
    assert xslt.count("<xsl:mode ") == 2


def test_hint_is_split_from_the_message():
    assert split_hint("bad thing (hint: do this)") == ("bad thing", "do this")
    assert split_hint("no hint") == ("no hint", None)
