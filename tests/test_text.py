"""The reading views of a TEI text and the fidelity check (edition.text)."""

from pathlib import Path

import pytest

from edition import text

TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>{}</body></text></TEI>'


def write(tmp_path: Path, body: str, name: str = "t.xml") -> Path:
    path = tmp_path / name
    path.write_text(TEI.format(body), encoding="utf-8")
    return path


def test_source_reading_takes_sic_and_skips_corr_and_editorial_notes(tmp_path):
    path = write(tmp_path, '<p>before <choice><sic>Hitlr</sic><corr>Hitler</corr></choice>'
                           '<note type="editorial">Not source text.</note> came</p>')
    assert text.source_text(path) == "before Hitlr came\n"
    assert text.source_text(path, edited=True) == "before Hitler came\n"


def test_source_notes_are_source_text(tmp_path):
    path = write(tmp_path, '<p>trial of the 16.<ref target="#n1">*</ref></p>'
                           '<note type="translator" xml:id="n1">*The case.</note>')
    assert text.source_text(path).split() == ["trial", "of", "the", "16.*", "*The", "case."]


def test_reg_expan_supplied_are_editorial(tmp_path):
    path = write(tmp_path, '<p><choice><orig>shew</orig><reg>show</reg></choice> '
                           '<choice><abbr>Dr</abbr><expan>Doctor</expan></choice> X<supplied>.</supplied></p>')
    assert text.source_text(path) == "shew Dr X\n"
    assert text.source_text(path, edited=True) == "show Doctor X.\n"


def test_lemma_is_the_source_reading(tmp_path):
    path = write(tmp_path, '<p>a <app><lem>one</lem><rdg>two</rdg></app> b</p>')
    assert text.source_text(path) == "a one b\n"


def test_blocks_never_join_words(tmp_path):
    path = write(tmp_path, "<head>Lev Sedov</head><p>Lyova</p>")
    assert text.source_text(path) == "Lev Sedov\n\nLyova\n"


def test_label_in_a_heading_runs_on(tmp_path):
    path = write(tmp_path, "<div><head><label>(1)</label> Patenaude</head></div>")
    assert text.source_text(path) == "(1) Patenaude\n"


def test_fidelity_passes_up_to_whitespace(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text("Leon  Sedov\n\nHe   died before Hitlr came.\n", encoding="utf-8")
    path = write(tmp_path, '<head>Leon Sedov</head>\n<p>He died\n before '
                           '<choice><sic>Hitlr</sic><corr>Hitler</corr></choice> came.</p>')
    assert text.check_fidelity(path, copy) is None


@pytest.mark.parametrize("body, expected, found", [
    ("<p>He died before Hitler came.</p>", "⟨Hitlr⟩", "⟨Hitler⟩"),          # silent correction
    ("<p>He died before Hitlr.</p>", "⟨Hitlr⟩", "⟨Hitlr.⟩"),                 # dropped word
    ("<p>He died before Hitlr came. Extra</p>", "⟨end of text⟩", "⟨Extra⟩"),  # added text
])
def test_fidelity_reports_the_first_difference(tmp_path, body, expected, found):
    copy = tmp_path / "copy.txt"
    copy.write_text("He died before Hitlr came.\n", encoding="utf-8")
    mismatch = text.check_fidelity(write(tmp_path, body), copy)
    assert mismatch is not None
    assert expected in mismatch.expected and found in mismatch.found


def test_fidelity_over_a_range_of_lines(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text("one\ntwo\nthree\n", encoding="utf-8")
    assert text.check_fidelity(write(tmp_path, "<p>two</p>"), copy, (2, 2)) is None
    assert text.check_fidelity(write(tmp_path, "<p>two</p>"), copy, (2, 3)) is not None


def test_mismatch_names_the_tei_line(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text("a b c\n", encoding="utf-8")
    path = tmp_path / "t.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n<p>a b</p>\n<p>x</p>\n'
                    "</body></text></TEI>", encoding="utf-8")
    mismatch = text.check_fidelity(path, copy)
    assert mismatch.tei_line == 3 and mismatch.copy_line == 1
