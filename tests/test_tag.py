"""edition tag: markup proposals from the registers and dates (edition.tagger)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition import config, tagger
from edition import text as text_mod
from edition.cli import main
from edition.errors import EditionError

TOOLS = Path(__file__).resolve().parent / "fixtures" / "tools"
TEI_NS = "http://www.tei-c.org/ns/1.0"


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    """A copy of the tools' mini edition (registers, tagme.xml and its copy-text)."""
    target = tmp_path / "edition"
    shutil.copytree(TOOLS, target)
    return target


def regs_for(edition: Path, name: str = "tagme.xml") -> tagger.Registers:
    return tagger.registers_for(config.load(edition), edition / "tei" / name)


def proposals(edition: Path, **kw) -> list[tagger.Proposal]:
    cfg = config.load(edition)
    return tagger.tag(edition / "tei" / "tagme.xml", regs_for(edition), cfg=cfg, **kw).proposals


def by_text(props) -> dict[str, tagger.Proposal]:
    return {p.text: p for p in props}


# ---------------------------------------------------------------- registers


def test_register_forms_and_ambiguity(edition):
    regs = regs_for(edition)
    ptrs = lambda form: [e.pointer for e in regs.candidates(form)]
    # listed under two entries
    assert ptrs("Leon") == ["persons.xml#sedov-lev", "persons.xml#trotsky-leon"]
    # a surname shared with another person's standard name (Sergei Lvovich Sedov)
    assert ptrs("Sedov") == ["persons.xml#sedov-lev", "persons.xml#sedov-sergei"]
    # longer forms are one person's only
    assert ptrs("Lev Davidovich") == ["persons.xml#trotsky-leon"]
    assert ptrs("Lev Davidovich Sedov") == ["persons.xml#trotsky-leon"]
    # "the Kremlin" beside "Kremlin" in the same entry: the bare form is matched
    assert "the Kremlin" not in regs.forms and "Kremlin" in regs.forms
    assert ("Etienne", "zborowski-mark") in regs.aliases


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("phrase, attributes", [
    ("16th February 1938", ' when="1938-02-16"'),
    ("21 March, 1908", ' when="1908-03-21"'),
    ("February 16, 1938", ' when="1938-02-16"'),
    ("Feb. 16, 1938", ' when="1938-02-16"'),
    ("November 1936", ' when="1936-11"'),
    ("May, 1917", ' when="1917-05"'),
    ("1938", ' when="1938"'),
    ("1926-2005", ' from="1926" to="2005"'),
    ("1923–27", ' from="1923" to="1927"'),
    ("13-14 February 1938", ' from="1938-02-13" to="1938-02-14"'),
])
def test_date_phrases(phrase, attributes):
    value = tagger.parse_date(phrase)
    assert value is not None and value.attributes() == attributes


def test_dates_without_a_year_take_the_year_given():
    value = tagger.parse_date("13-14 February", year_hint=1938)
    assert value.attributes() == (
        ' from="1938-02-13" to="1938-02-14" evidence="internal" cert="medium"')
    assert tagger.parse_date("16th February").year is None


@pytest.mark.parametrize("phrase", ["31 February 1938", "14-13 February", "No. 265", "1,000",
                                    "the 1920s", "pp. 1994"])
def test_not_dates(phrase):
    assert tagger.parse_date(phrase) is None


def test_preceding_year_skips_years_of_books():
    assert tagger.preceding_year("In 1936 he wrote The Red Book (1937), and on") == 1936
    assert tagger.preceding_year("Trotsky (2009) has pointed out: on") is None


# ---------------------------------------------------------------- proposals


def test_known_answers_on_the_fixture(edition):
    got = {(p.text, p.code, p.status) for p in proposals(edition)}
    accept, review = tagger.ACCEPT, tagger.REVIEW
    expected = {
        ("Leon Sedov", "persName", accept), ("Paris", "placeName", accept),
        ("Lev Sedov", "persName", accept), ("16th February 1938", "date", accept),
        ("Sergei Sedov", "persName", accept),
        ("21 March 1908", "date-old-style", review),
        ("February 1938", "date", accept), ("13-14 February", "date", accept),
        ("21 February", "date", accept),
        ("Sedov", "ambiguous-name", review), ("Leon", "ambiguous-name", review),
        ("Moscow", "placeName", accept),
        ("Lev Davidovich Sedov", "persName", accept), ("Trotsky", "persName", accept),
        ("Lev Davidovich", "persName", accept),
        ("Zbrowski", "persName", accept),
        ("Boris Souvarine", "unknown-name", review),
        ("Hitlr", "persName", accept),
        ("August 20th", "date-no-year", review),
        ("the Old Man", "persName", accept),
        ("Sergy Kirov", "persName", accept),
        ("Mark Zborowski", "crosses-markup", review),
        ("Soviet", "adjective", review), ("secret police", "common-noun", review),
        ("Kremlin", "placeName", accept),
    }
    assert got == expected


def test_markup_of_the_proposals(edition):
    props = proposals(edition)
    p = by_text(props)
    assert p["Lev Davidovich Sedov"].markup == '<persName ref="persons.xml#trotsky-leon">'
    assert p["the Old Man"].markup == '<persName type="alias" ref="persons.xml#trotsky-leon">'
    assert p["13-14 February"].markup == (
        '<date from="1938-02-13" to="1938-02-14" evidence="internal" cert="medium">')
    assert p["Sedov"].candidates == ["persons.xml#sedov-lev", "persons.xml#sedov-sergei"]
    assert p["Leon"].candidates == ["persons.xml#sedov-lev", "persons.xml#trotsky-leon"]
    # text already marked, in a title, in an editorial note or in the header is never proposed
    texts = [x.text for x in props]
    assert texts.count("Trotsky") == 1 and "Lyova" not in texts and "GPU" not in texts
    assert texts.count("Paris") == 2  # the head and the first paragraph, not the title


def test_report_lines_give_place_snippet_and_markup(edition):
    cfg = config.load(edition)
    path = edition / "tei" / "tagme.xml"
    report = tagger.tag(path, regs_for(edition), cfg=cfg, shown="tei/tagme.xml")
    lines = report.lines()
    first = lines[0]
    assert first.startswith('tei/tagme.xml:15:15: note[persName]: '
                            '<persName ref="persons.xml#sedov-lev">Leon Sedov</persName>')
    assert first.endswith("\n    [Leon Sedov] in Paris")
    raw = path.read_text(encoding="utf-8").splitlines()
    for p in report.proposals:  # every line:col points at the proposal's first character
        assert raw[p.line - 1][p.col - 1:].startswith(p.text.split()[0]), p
    amb = next(x for x in lines if "ambiguous-name" in x)
    assert "hint: decide by context" in amb
    assert "summary" not in report.summary() and "8 need a decision" in report.summary()


def test_only(edition):
    props = proposals(edition, only={"dates"})
    assert {p.kind for p in props} <= {"dates", "names"}
    props = proposals(edition, only={"places"})
    assert {p.code for p in props if p.kind != "names"} == {"placeName"}


# ---------------------------------------------------------------- writing


def test_write_is_byte_for_byte_outside_the_new_tags(edition):
    path = edition / "tei" / "tagme.xml"
    before = path.read_bytes()
    report = tagger.tag(path, regs_for(edition), write=True, cfg=config.load(edition))
    after = path.read_bytes()
    assert report.written and report.applied == 20
    assert after == (TOOLS / "expected" / "tagme.xml").read_bytes()
    # removing exactly the inserted tags gives back the original bytes
    inserted = re.compile(rb'<(persName|placeName|orgName|date)( (ref|type|when|from|to|'
                          rb'evidence|cert)="[^"]*")+>|</(persName|placeName|orgName|date)>')
    existing = re.compile(rb'<orgName ref="orgs.xml#gpu-nkvd">GPU</orgName>|'
                          rb'<persName ref="persons.xml#sedov-lev">Lyova</persName>')
    protect = lambda b: existing.sub(lambda m: m.group().replace(b"<", b"\x00"), b)
    assert inserted.sub(b"", protect(after)) == protect(before)
    # the source reading still reproduces the copy-text; a second run applies nothing
    assert text_mod.check_fidelity(path, edition / "sources" / "tagme.txt") is None
    again = tagger.tag(path, regs_for(edition), write=True, cfg=config.load(edition))
    assert again.applied == 0 and path.read_bytes() == after


def test_choices_and_inline_elements_are_enclosed_whole(edition):
    path = edition / "tei" / "tagme.xml"
    tagger.tag(path, regs_for(edition), write=True, cfg=config.load(edition))
    xml = path.read_text(encoding="utf-8")
    assert ('<persName ref="persons.xml#zborowski-mark"><choice><sic>Zbrowski</sic>'
            '<corr>Zborowski</corr></choice></persName><note') in xml
    assert ('<persName ref="persons.xml#kirov-sergei"><choice><sic>Sergy</sic><corr>Sergei'
            '</corr></choice> Kirov</persName>') in xml
    assert '<placeName ref="places.xml#moscow"><hi rend="italic">Moscow</hi></placeName>' in xml
    assert '<hi rend="bold">agent Mark</hi> Zborowski' in xml  # crosses <hi>: left alone


def test_report_only_by_default(edition):
    path = edition / "tei" / "tagme.xml"
    before = path.read_bytes()
    report = tagger.tag(path, regs_for(edition), cfg=config.load(edition))
    assert not report.written and report.applied == 0 and path.read_bytes() == before


def test_refuses_to_write_what_would_break_the_file(edition, monkeypatch):
    path = edition / "tei" / "tagme.xml"
    before = path.read_bytes()
    real = tagger.Tagger._insertion

    def inside_a_tag(self, start, end):  # a bug that would insert tags inside a start tag
        where = real(self, start, end)
        return where if isinstance(where, str) else (where[0] - 3, where[1])

    monkeypatch.setattr(tagger.Tagger, "_insertion", inside_a_tag)
    with pytest.raises(EditionError, match="nothing written"):
        tagger.tag(path, regs_for(edition), write=True, cfg=config.load(edition))
    assert path.read_bytes() == before


def test_refuses_when_the_text_would_change(edition, monkeypatch):
    path = edition / "tei" / "tagme.xml"
    before = path.read_bytes()
    monkeypatch.setattr(tagger.Proposal, "element", property(lambda self: "sic"))
    with pytest.raises(EditionError, match="nothing written"):
        tagger.tag(path, regs_for(edition), write=True, cfg=config.load(edition))
    assert path.read_bytes() == before


# ---------------------------------------------------------------- raw offsets


def test_raw_map_handles_entities_cdata_crlf_and_comments():
    raw = ('<?xml version="1.0"?>\r\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text a=">">'
           'A &amp; B&#x41;<!-- c --><![CDATA[<x>]]>\r\nC<p/>tail</text></TEI>')
    root = etree.fromstring(raw.encode())
    rm = tagger.RawMap(raw, root)
    text_el = root.find(f"{{{TEI_NS}}}text")
    assert text_el.text == "A & BA"
    # "B" is after the entity: its raw offset is where "B" stands in the raw file
    assert raw[rm.before_char(text_el, "text", 4)] == "B"
    assert raw[rm.before_char(text_el, "text", 2):rm.after_char(text_el, "text", 2)] == "&amp;"
    assert raw[rm.before_char(text_el, "text", 5):rm.after_char(text_el, "text", 5)] == "&#x41;"
    comment = text_el[0]
    assert comment.tail == "<x>\nC"
    assert raw[rm.before_char(comment, "tail", 0)] == "<"
    assert raw[rm.before_char(comment, "tail", 3):rm.after_char(comment, "tail", 3)] == "\r\n"
    assert rm.line_col(raw.index("C<p/>")) == (3, 1)  # after two CR LF


def test_raw_map_refuses_a_doctype():
    raw = '<!DOCTYPE TEI><TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>'
    with pytest.raises(EditionError, match="DOCTYPE"):
        tagger.RawMap(raw, etree.fromstring(raw.encode()))


# ---------------------------------------------------------------- candidates


def candidates(body: str) -> list[str]:
    xml = (f'<TEI xmlns="{TEI_NS}"><text><body>{body}</body></text></TEI>')
    flow = tagger.Flow(etree.fromstring(xml).find(f"{{{TEI_NS}}}text"))
    return [c.text for c in tagger.name_candidates(flow)]


@pytest.mark.parametrize("body, expected", [
    ("<p>He met Boris Souvarine in the League for the Rights of Man.</p>",
     ["Boris Souvarine", "League for the Rights of Man"]),
    ("<p>Walter Krivitsky came. Afterwards nobody came.</p>", ["Walter Krivitsky"]),
    ("<p>Kidnapped in Barcelona.</p>", ["Barcelona"]),
    ("<p>the Russian Revolution and the First World War, Soviet and Stalinist press</p>", []),
    ("<p>the Kremlin-ordered murders and the anti-Stalin struggle</p>", ["Kremlin", "Stalin"]),
    ("<p>the Franco-Soviet pact, the Soviet Ambassador</p>", []),
    ("<p>K.B. Berman-Yurin and Trotsky's son met Mr Smith</p>",
     ["K.B. Berman-Yurin", "Trotsky", "Smith"]),
    ("<p>the People's Will and <persName>Leon</persName> Sedov</p>", ["People's Will", "Sedov"]),
    ("<head>The Pen Against the Moscow Trials</head><p>a pen, the trials</p>", ["Moscow"]),
    ('<p>said: "Take it," and <title>Days of Contempt</title></p>', []),
])
def test_untagged_name_candidates(body, expected):
    assert candidates(body) == expected


# ---------------------------------------------------------------- command line


def test_cli_tag_text_json_and_write(edition):
    runner = CliRunner()
    path = str(edition / "tei" / "tagme.xml")
    result = runner.invoke(main, ["--root", str(edition), "tag", path])
    assert result.exit_code == 0
    assert re.search(r"tagme\.xml:20:27: warning\[ambiguous-name\]: \"Sedov\" may be",
                     result.output)
    result = runner.invoke(main, ["--root", str(edition), "tag", path, "--format", "json",
                                  "--only", "persons"])
    data = json.loads(result.output)
    assert data["written"] is False
    assert {p["kind"] for p in data["proposals"]} <= {"persons", "names"}
    sedov = next(p for p in data["proposals"] if p["text"] == "Sedov")
    assert sedov["status"] == "review" and sedov["line"] == 20 and sedov["col"] == 27
    result = runner.invoke(main, ["--root", str(edition), "tag", path, "--write"])
    assert result.exit_code == 0 and "20 applied" in result.output


def test_a_name_followed_by_a_year_in_brackets_may_be_a_title(edition):
    path = edition / "tei" / "small.xml"
    path.write_text(f'<TEI xmlns="{TEI_NS}"><text><body><p>Robert Service, the author of '
                    'Trotsky (2009), met Trotsky.</p></body></text></TEI>', encoding="utf-8")
    props = tagger.tag(path, regs_for(edition, "small.xml")).proposals
    assert [(p.text, p.code) for p in props if p.kind == "persons"] == [
        ("Trotsky", "title-or-name"), ("Trotsky", "persName")]
