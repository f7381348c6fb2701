"""edition import: plain text -> TEI skeleton (edition.importer)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition import config, importer
from edition import text as text_mod
from edition.cli import main
from edition.errors import EditionError

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).resolve().parent / "fixtures" / "tools"
SOURCE = TOOLS / "sources" / "import.txt"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

#: The five real sources, with the keys, prefixes and sigla of the edition.
REAL = [
    ("000_47e8009e72ba014d.txt", "lev-sedov", "ls", "L"),
    ("001_e590912421b71d29.txt", "seventy-years", "sy", "A"),
    ("002_1e24b925f3e0eeb9.txt", "broue-1993", "br", "B"),
    ("003_f184be14c5cdaae9.txt", "natalia-sedova", "ns", "N"),
    ("004_937ce887fbb59c49.txt", "serge-1938", "se", "S"),
]


def kinds(lines: list[str]) -> list[str]:
    return [ln.kind for ln in importer.classify(lines)]


def test_headings_are_short_unpunctuated_lines_before_a_paragraph():
    assert kinds(["Title", "", "Life in Russia", "", "He went to Paris in 1917.", "",
                  "Not a heading.", "", "Also not a heading because nothing follows"]) == [
        "title", "head", "p", "p", "p"]


def test_text_before_the_first_heading_and_sub_headings_and_bylines():
    assert kinds(["Title", "", "Before any heading, a paragraph.", "",
                  "French to English Translation", "", "Leon Sedov (1993)", "",
                  "By Pierre Broué", "", "On February 16, 1938, he died."]) == [
        "title", "p", "head", "subhead", "byline", "p"]


def test_two_short_lines_are_a_caption_and_a_third_is_a_heading():
    assert kinds(["Title", "", "Natalia Sedova", "Natalia Sedova in 1910", "First World War",
                  "", "A paragraph of text."]) == [
        "title", "figlabel", "fighead", "head", "p"]
    assert kinds(["Title", "", "Chapter 7", "The Pen Against the Trials", "",
                  "A paragraph of text."]) == ["title", "label", "head", "p"]


def test_primary_sources_boilerplate_and_colophon():
    assert kinds(["Title", "", "(If you find this article useful, please share.)", "",
                  "Primary Sources", "", "(1) Lev Sedov, The Red Book (1936)", "",
                  "Short line in a quote", "", "Last updated on 18 April 2015"]) == [
        "title", "boilerplate", "sources-head", "ps-head", "p", "colophon"]


@pytest.mark.parametrize("line, expected", [
    ("Bertrand M. Patenaude, Stalin's Nemesis: The Exile and Murder of Leon Trotsky (2009)",
     '<bibl><author>Bertrand M. Patenaude</author>, <title>Stalin\'s Nemesis: The Exile and '
     'Murder of Leon Trotsky</title> (<date when="2009">2009</date>)</bibl>'),
    ("Natalia Sedova, quoted in My Life (1930) on living in Vienna.",
     '<bibl><author>Natalia Sedova</author>, quoted in <title>My Life</title> '
     '(<date when="1930">1930</date>) on living in Vienna.</bibl>'),
    ("Mark Zborowski, message to NKVD headquarters (11th February, 1937)",
     '<bibl><author>Mark Zborowski</author>, message to NKVD headquarters '
     '(<date when="1937-02-11">11th February, 1937</date>)</bibl>'),
    ("An anonymous leaflet & <more>", "<bibl>An anonymous leaflet &amp; &lt;more&gt;</bibl>"),
])
def test_primary_source_headings(line, expected):
    assert importer.bibl_markup(line) == expected


def test_skeleton_of_the_fixture(tmp_path):
    out = tmp_path / "tei" / "import-test.xml"
    cfg = config.load(TOOLS)
    result = importer.import_source(SOURCE, out, cfg, key="import-test", prefix="it",
                                    siglum="I", today="2026-11-22")
    assert result.output == out
    tree = etree.parse(str(out))
    root = tree.getroot()
    # the two xml-model processing instructions, as in the reference file
    pis = [pi.text for pi in root.itersiblings(preceding=True)
           if isinstance(pi, etree._ProcessingInstruction)]
    assert any("edition.rng" in p for p in pis) and any("edition.sch" in p for p in pis)
    # the header stub follows the reference header
    header = root.find(TEI + "teiHeader")
    for path in ("fileDesc/titleStmt/title", "fileDesc/editionStmt/edition",
                 "fileDesc/publicationStmt/publisher", "fileDesc/sourceDesc/bibl",
                 "encodingDesc/editorialDecl/correction",
                 "encodingDesc/editorialDecl/normalization",
                 "encodingDesc/editorialDecl/quotation", "encodingDesc/editorialDecl/hyphenation",
                 "encodingDesc/editorialDecl/interpretation", "encodingDesc/refsDecl",
                 "profileDesc/langUsage", "revisionDesc/change"):
        assert header.find("/".join(TEI + p for p in path.split("/"))) is not None, path
    bibl = header.find(f"{TEI}fileDesc/{TEI}sourceDesc/{TEI}bibl")
    assert bibl.get("corresp") == "bibliography.xml#wit-I"
    assert bibl.find(TEI + "ref").get("target") == "../sources/import.txt"
    assert header.find(f".//{TEI}idno[@type='siglum']").text == "I"
    # structure and ids
    body = root.find(f"{TEI}text/{TEI}body")
    assert [d.get("type") for d in body.findall(TEI + "div")] == [
        "section", "section", "section", "section", "primary-sources"]
    ids = [el.get(XML_ID) for el in root.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"it-(d\d+|p\d+|ps\d+(-p\d+)?|fig\d+)", i) for i in ids)
    assert ids[:3] == ["it-d1", "it-p1", "it-d2"]
    ps = body.find(f".//{TEI}div[@type='primary-source']")
    assert ps.get(XML_ID) == "it-ps1"
    assert ps.find(TEI + "head/" + TEI + "label").text == "(1)"
    quote = ps.find(TEI + "quote")
    assert quote.get("type") == "block" and quote.get("source") is None  # for the encoder
    assert [p.get(XML_ID) for p in quote] == ["it-ps1-p1", "it-ps1-p2"]
    assert root.find(f".//{TEI}ab[@type='boilerplate']") is not None
    colophon = root.find(f"{TEI}text/{TEI}back/{TEI}div")
    assert colophon.get("type") == "colophon"
    assert colophon.find(TEI + "p").text == "Last updated on 18 April 2015"
    # escaping: the text comes back exactly
    assert root.find(f".//{TEI}titlePart").text == 'Leon Sedov & the "Red Book" <draft>'
    assert text_mod.check_fidelity(out, SOURCE) is None


def test_skeleton_is_valid_tei(tmp_path, tei_all):
    out = tmp_path / "import-test.xml"
    importer.import_source(SOURCE, out, key="import-test", prefix="it", siglum="I")
    assert tei_all.validate(etree.parse(str(out))), tei_all.error_log


@pytest.mark.parametrize("source, key, prefix, siglum", REAL, ids=[r[1] for r in REAL])
def test_real_sources_import_valid_and_faithful(tmp_path, tei_all, source, key, prefix, siglum):
    copy_text = ROOT / "sources" / source
    out = tmp_path / f"{key}.xml"
    importer.import_source(copy_text, out, config.load(ROOT), key=key, prefix=prefix,
                           siglum=siglum)
    assert text_mod.check_fidelity(out, copy_text) is None
    assert tei_all.validate(etree.parse(str(out))), tei_all.error_log


def test_never_overwrites_without_force(tmp_path):
    out = tmp_path / "x.xml"
    out.write_text("precious", encoding="utf-8")
    with pytest.raises(EditionError, match="exists"):
        importer.import_source(SOURCE, out, key="x", prefix="xx")
    assert out.read_text(encoding="utf-8") == "precious"
    importer.import_source(SOURCE, out, key="x", prefix="xx", force=True)
    assert out.read_text(encoding="utf-8").startswith("<?xml")


def test_writes_atomically_with_ordinary_permissions(tmp_path):
    out = tmp_path / "x.xml"
    importer.import_source(SOURCE, out, key="x", prefix="xx")
    assert [p.name for p in tmp_path.iterdir()] == ["x.xml"]  # no temporary file left
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "x.xml"

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(importer.os, "replace", boom)
    with pytest.raises(OSError):
        importer.import_source(SOURCE, out, key="x", prefix="xx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content, message", [
    ("", "no text"),
    ("Only a title\n", "no text after its title"),
    ("Title\n\nA bell \x07 rings.\n", r"import.txt:3:8: error\[illegal-char\]"),
])
def test_unusable_sources(tmp_path, content, message):
    src = tmp_path / "import.txt"
    src.write_text(content, encoding="utf-8")
    with pytest.raises(EditionError, match=message):
        importer.import_source(src, None, key="x", prefix="xx")


@pytest.mark.parametrize("option, value", [("key", "Bad Key"), ("prefix", "1x"),
                                           ("siglum", "S-1")])
def test_bad_options(option, value):
    with pytest.raises(EditionError, match=f"--{option}"):
        importer.import_source(SOURCE, None, **{"key": "x", "prefix": "xx", option: value})


def test_default_key_and_prefix():
    assert importer.default_key("Leon Sedov – 70 years since his murder") == "leon-sedov-70"
    assert importer.default_prefix("natalia-sedova") == "ns"
    assert importer.default_prefix("serge-1938") == "se"


def test_cli_import(tmp_path):
    edition = tmp_path / "edition"
    shutil.copytree(TOOLS, edition)
    runner = CliRunner()
    args = ["--root", str(edition), "import", str(SOURCE), "--key", "new-source", "--siglum", "X"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    written = edition / "tei" / "new-source.xml"
    assert "TEI skeleton" in result.output and written.exists()
    assert 'xml:id="ns-d1"' in written.read_text(encoding="utf-8")  # prefix from the key
    again = runner.invoke(main, args)  # never overwritten
    assert again.exit_code == 1 and "exists" in again.output
    # a prefix used by another file of the edition is refused
    clash = runner.invoke(main, ["--root", str(edition), "import", str(SOURCE), "--key",
                                 "other", "--prefix", "tg"])
    assert clash.exit_code == 1 and "already used by tagme.xml" in clash.output
    # standard output
    out = runner.invoke(main, ["--root", str(edition), "import", str(SOURCE), "-o", "-"])
    assert out.exit_code == 0 and out.output.startswith("<?xml")
