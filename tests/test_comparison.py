"""The comparison edition (edition.outputs.comparison, xslt/comparison.xsl, common/parallels.xsl):
parallels.xml, the JSON exports, the synoptic views, the overview, the table of disagreements and
the marks on the reading pages, on a small fixture edition (tests/fixtures/comparison/edition)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition import collate, config, context, saxon
from edition.cli import main
from edition.outputs import comparison

from conftest import FIXTURES, ROOT

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture
def edition_dir(tmp_path: Path) -> Path:
    target = tmp_path / "edition"
    shutil.copytree(FIXTURES / "comparison" / "edition", target)
    shutil.copytree(ROOT / "xslt", target / "xslt")
    return target


@pytest.fixture
def edition(edition_dir: Path):
    return context.load(config.load(edition_dir))


@pytest.fixture
def built(edition, tmp_path: Path) -> Path:
    out = tmp_path / "build"
    comparison.write_outputs(edition, out, out)
    return out


def test_parallels_tei_is_valid_tei_all(built: Path, tei_all):
    tree = etree.parse(str(built / "tei" / "parallels.xml"))
    assert tei_all.validate(tree), tei_all.error_log


def test_parallels_tei_points_into_the_sources(built: Path, edition_dir: Path):
    tei_file = built / "tei" / "parallels.xml"
    tree = etree.parse(str(tei_file))
    divs = tree.findall(f".//{TEI}div[@type='parallel']")
    assert {d.get(XML_ID) for d in divs} == {"par-al-p1", "par-al-p2"}
    for ptr in tree.iter(TEI + "ptr"):
        for target in ptr.get("target").split():
            file, _, xml_id = target.partition("#")
            source = etree.parse(str((tei_file.parent / file).resolve()))
            assert source.find(f".//*[@{XML_ID}='{xml_id}']") is not None, target
    for rdg in tree.iter(TEI + "rdg"):
        assert rdg.get("wit").split()[0].endswith("bibliography.xml#wit-" + rdg.get("wit")[-1])
        assert all(c.startswith("#par-") for c in rdg.get("corresp").split())
    kinds = {d.get(XML_ID): d.get("subtype") for d in divs}
    assert kinds == {"par-al-p1": "variant", "par-al-p2": "variant"}
    classes = {(a.get("type"), a.get("subtype")) for a in tree.iter(TEI + "app")}
    assert ("substantive", "substitution") in classes and ("punctuation", "substitution") in classes


def test_parallels_json(built: Path):
    groups = json.loads((built / "data" / "parallels.json").read_text(encoding="utf-8"))
    quote = next(g for g in groups if g["id"] == "par-al-p1")
    assert quote["kind"] == "variant"
    assert [(m["source"], m["xml_id"]) for m in quote["members"]] == [
        ("tei/beta.xml", "be-d1"), ("tei/alpha.xml", "al-p1")]
    assert quote["members"][0]["xml_ids"] == ["be-p1", "be-p2"]
    assert quote["members"][1]["text"].startswith("Leon Lvovich Sedov died on 16th February")
    assert {"witnesses": ["Y", "X"], "class": "substantive"}.items() <= next(
        v for v in quote["variants"] if v["class"] == "substantive").items()


def test_discrepancies_json_and_checks(edition, built: Path):
    rows = json.loads((built / "data" / "discrepancies.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == ["disc-attack", "disc-misquoted"]
    attack = rows[0]
    assert attack["topic"] == "The attack of appendicitis"
    assert attack["claims"][0] == {"source": "tei/alpha.xml", "siglum": "X", "xml_id": "al-p1",
                                   "text": "a sudden attack of appendicitis", "claim": "sudden"}
    assert attack["note"].startswith("Both words render")
    _, problems = comparison.discrepancies(edition)
    assert len(problems) == 1 and "gamma.xml#ga-p1" in problems[0] and "Sweden" in problems[0]


def test_synoptic_view(built: Path):
    page = (built / "html" / "comparison" / "par-al-p1.html").read_text(encoding="utf-8")
    html = etree.HTML(page)
    headers = html.xpath("//table[@class='synopsis']/thead/tr/th[starts-with(@class, 'col-')]")
    assert [h.get("data-siglum") for h in headers] == ["Y", "X"]
    assert html.xpath("//a[@href='../sources/beta.html#be-p1']")  # members link to their paragraphs
    rows = html.xpath("//table[@class='synopsis']/tbody/tr")
    assert len(rows) == 2 and all(len(r.xpath("td")) == 2 for r in rows)
    assert html.xpath("//input[@id='substantive-only']") and len(html.xpath("//input[@name='witness']")) == 2
    substantive = html.xpath("//td//a[contains(@class, 'var-substantive')]/text()")
    assert set(substantive) == {"an acute", "a sudden"}
    items = html.xpath("//section[@class='apparatus']//li")
    assert {i.get("data-class") for i in items} == {"substantive", "punctuation"}
    assert 'href="../assets/comparison.css"' in page


def test_translation_view_has_a_row_per_sentence(built: Path):
    html = etree.HTML((built / "html" / "comparison" / "par-al-p2.html").read_text(encoding="utf-8"))
    rows = html.xpath("//table[@class='synopsis']/tbody/tr")
    assert len(rows) == 3
    first = ["".join(td.itertext()) for td in rows[0].xpath("td")]
    assert first == ["In the most diverse areas, the heritage of the October revolution is being liquidated.",
                     "In the most varied domains, the heritage of the October Revolution is being liquidated."]


def test_overview(built: Path):
    html = etree.HTML((built / "html" / "comparison" / "index.html").read_text(encoding="utf-8"))
    cells = {(r.xpath("th/abbr/text()")[0], i): td.get("data-count")
             for r in html.xpath("//table[@class='reuse-matrix']/tbody/tr")
             for i, td in enumerate(r.xpath("td"))}
    assert cells[("X", 1)] == cells[("Y", 0)] == "2"  # X and Y share two groups
    assert cells[("Z", 0)] == "0" and cells[("X", 0)] == "0"
    assert html.xpath("//section[@id='pair-X-Y']//a[@href='par-al-p1.html']")


def test_disagreements_page(built: Path):
    html = etree.HTML((built / "html" / "comparison" / "disagreements.html").read_text(encoding="utf-8"))
    row = html.xpath("//tr[@id='disc-attack']")[0]
    cells = {td.get("data-siglum"): td for td in row.xpath("td[@data-siglum]")}
    assert list(cells) == ["X", "Y", "Z"]
    assert cells["X"].xpath(".//strong/text()") == ["sudden"]
    assert "".join(cells["Y"].xpath(".//q//text()")) == "an acute attack of appendicitis"
    assert cells["Y"].xpath(".//a/@href") == ["../sources/beta.html#be-p1"]
    assert cells["Z"].get("class") == "silent"
    assert row.xpath("td[@class='editorial']//a/@href") == ["https://example.org/serge"]


def test_disagreements_page_without_the_file(edition, tmp_path: Path, edition_dir: Path):
    (edition_dir / "tei" / "discrepancies.xml").unlink()
    out = tmp_path / "out"
    comparison.write_outputs(edition, out, out)
    page = (out / "html" / "comparison" / "disagreements.html").read_text(encoding="utf-8")
    assert "is in preparation" in " ".join(page.split())
    assert json.loads((out / "data" / "discrepancies.json").read_text()) == []


def test_reading_pages_mark_shared_paragraphs(edition, edition_dir: Path):
    sheet = saxon.compile_file(edition_dir / "xslt" / "reading.xsl")
    src = edition.source("beta")
    params = {"root-prefix": "../", "siglum": "Y", **comparison.reading_parameters(edition)}
    body = sheet.transform(saxon.parse_file(src.path), params)
    html = etree.HTML(body)
    marks = html.xpath("//p[@id='be-p1']//small[@class='parallels']/a")
    assert [m.get("href") for m in marks] == ["../comparison/par-al-p1.html"]
    assert "shared with X" in "".join(marks[0].itertext())
    assert [m.get("href") for m in html.xpath("//p[@id='be-p2']//small[@class='parallels']/a")] == [
        "../comparison/par-al-p1.html"]  # the quotation runs over two paragraphs: both are marked
    assert not html.xpath("//p[@id='be-p3']//small[@class='parallels']/a[contains(@href, 'par-al-p1')]")
    plain = sheet.transform(saxon.parse_file(src.path), {"root-prefix": "../", "siglum": "Y"})
    assert 'class="parallels"' not in plain


def test_collate_command(edition_dir: Path, tmp_path: Path):
    out = tmp_path / "collated"
    result = CliRunner().invoke(main, ["--root", str(edition_dir), "collate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 group(s) of shared passages" in result.output
    assert re.search(r"by kind: verbatim 0, variant 2, translation 0", result.output)
    assert "X–Y 2" in result.output
    assert (out / "tei" / "parallels.xml").exists() and (out / "data" / "parallels.json").exists()


def test_the_editions_disagreements_fixture_quotes_the_real_sources(tei_all):
    """tests/fixtures/comparison/discrepancies.xml follows docs/discrepancies-format.md and
    quotes the real sources exactly."""
    fixture = FIXTURES / "comparison" / "discrepancies.xml"
    assert tei_all.validate(etree.parse(str(fixture))), tei_all.error_log
    edition = context.load(config.load(ROOT))
    rows, problems = comparison.discrepancies(edition, fixture)
    assert problems == []
    assert all(e["id"].startswith("disc-") and len(e["claims"]) >= 2 for e in rows)


def test_collation_of_the_edition_finds_the_known_parallels():
    """Recall on the real edition: passages known to be shared are grouped."""
    edition = context.load(config.load(ROOT))
    groups = collate.to_json(comparison.collation_of(edition))
    together = [{x for m in g["members"] for x in m["xml_ids"]} for g in groups]

    def grouped(*ids):
        return any(set(ids) <= t for t in together)

    if edition.source("serge-1938") and edition.source("lev-sedov"):
        assert grouped("se-p5", "ls-ps12-p1")  # Serge's obituary as primary source (12)
        assert grouped("se-p7", "ls-p9", "ls-ps12-p3")  # and in excerpt in the narrative
    assert grouped("ls-p17", "ns-p41")  # whole narrative paragraphs shared by L and N
    assert grouped("sy-p3", "ls-ps9-p4", "ns-ps8-p4")  # Natalia Sedova's memoir quoted in A
    red_book = next(g for g in groups if {"br-p30", "ls-ps2-p1"} <= {x for m in g["members"] for x in m["xml_ids"]})
    assert red_book["kind"] == "translation"  # the Red Book in two translations
