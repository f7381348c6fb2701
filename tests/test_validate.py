"""``edition validate``: a small broken fixture for every rule, with the exact code, file and line.

Each case mutates the valid mini edition (tests/fixtures/validate/good) in one place; the line
expected is the line of the mutation in the mutated file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition import config
from edition.cli import main
from edition.validate import validate

GOOD = Path(__file__).parent / "fixtures" / "validate" / "good"
MINI = "tei/mini.xml"


def mutate(root: Path, old: str, new: str, file: str = MINI) -> int:
    """Replace *old* by *new* in *file*; return the line where *new* starts."""
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    at = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, at) + 1 + new[: max(new.find("<"), 0)].count("\n")


def diagnostics(root: Path):
    return validate(config.load(root)).sorted()


def test_the_good_fixture_passes(mini_edition):
    found = diagnostics(mini_edition)
    assert [d.format() for d in found if d.severity == "error"] == []
    result = CliRunner().invoke(main, ["--root", str(mini_edition), "validate"])
    assert result.exit_code == 0, result.output


CASES = {
    "dangling-ref": ('ref="persons.xml#hitler-adolf"', 'ref="persons.xml#hitler-adolph"'),
    "unknown-element": ("came to power.</p>", "came to power.<blink>x</blink></p>"),
    "non-iso-date": ('when="2015-04-18"', 'when="18-04-2015"'),
    "sic-without-corr": ("<choice><sic>Hitlr</sic><corr>Hitler</corr></choice>", "<sic>Hitlr</sic>"),
    "note-resp": ('resp="persons.xml#ed-editors" xml:id="mi-n1"', 'xml:id="mi-n1"'),
    "name-without-ref": ('<placeName ref="places.xml#paris">', "<placeName>"),
    "duplicate-id": ('<p xml:id="mi-p2">', '<p xml:id="paris">'),
    "fidelity": ("16th February</date> in a", "16th February</date> in the"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_fires_on_its_broken_fixture(mini_edition, code):
    old, new = CASES[code]
    line = mutate(mini_edition, old, new)
    found = [d for d in diagnostics(mini_edition) if d.code == code]
    assert found, f"no {code} diagnostic; got {[d.format() for d in diagnostics(mini_edition)]}"
    assert found[0].path.endswith("mini.xml")
    assert found[0].line == line
    assert found[0].severity == "error"


def test_dangling_ref_hint_names_the_nearest_id(mini_edition):
    mutate(mini_edition, *CASES["dangling-ref"])
    (d,) = [d for d in diagnostics(mini_edition) if d.code == "dangling-ref"]
    assert "hitler-adolf" in (d.hint or "")


def test_malformed_xml_gives_the_parsers_position(mini_edition):
    line = mutate(mini_edition, "<p xml:id=\"mi-p2\">Last updated", "<p xml:id=\"mi-p2\">Last <hi>updated")
    (d,) = [d for d in diagnostics(mini_edition) if d.path.endswith("mini.xml")]
    assert d.code == "malformed" and d.line >= line and d.col > 1
    assert "not well-formed" in d.message


def test_duplicate_id_within_a_file(mini_edition):
    line = mutate(mini_edition, '<p xml:id="mi-p2">', '<p xml:id="mi-p1">')
    (d,) = [d for d in diagnostics(mini_edition) if d.path.endswith("mini.xml")]
    assert (d.code, d.line) == ("duplicate-id", line)


def test_xxe_is_reported_and_never_expanded(mini_edition, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    mutate(mini_edition, '<TEI xmlns', f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n<TEI xmlns')
    mutate(mini_edition, "Last updated on", "Last updated &xxe; on")
    result = CliRunner().invoke(main, ["--root", str(mini_edition), "validate", "--format", "json"])
    assert result.exit_code == 1
    assert "TOP-SECRET-CONTENT" not in result.output
    codes = {d["code"] for d in json.loads(result.output)["diagnostics"]}
    assert "entity-declaration" in codes


def test_unreferenced_register_entry_is_a_warning_and_strict_fails(mini_edition):
    mutate(mini_edition, "</listPerson>",
           '  <person xml:id="nobody"><persName type="standard">Nobody</persName>'
           '<note type="identification">Mentioned nowhere.</note></person>\n    </listPerson>',
           file="tei/persons.xml")
    warnings = [d for d in diagnostics(mini_edition) if d.code == "unreferenced-entry"]
    assert warnings and warnings[0].severity == "warning" and warnings[0].path.endswith("persons.xml")
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(mini_edition), "validate"]).exit_code == 0
    assert runner.invoke(main, ["--root", str(mini_edition), "validate", "--strict"]).exit_code == 1


def test_messages_read_like_a_compilers(mini_edition):
    mutate(mini_edition, *CASES["non-iso-date"])
    result = CliRunner().invoke(main, ["--root", str(mini_edition), "validate"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    path, line, col, rest = first.split(":", 3)
    assert path == "tei/mini.xml" and line.isdigit() and col.isdigit()
    assert rest.startswith(" error[non-iso-date]: ")


def test_every_problem_is_reported_before_exit(mini_edition):
    mutate(mini_edition, *CASES["non-iso-date"])
    mutate(mini_edition, *CASES["dangling-ref"])
    codes = {d.code for d in diagnostics(mini_edition)}
    assert {"non-iso-date", "dangling-ref"} <= codes


def test_validate_writes_nothing(mini_edition):
    before = {p: p.stat().st_mtime_ns for p in mini_edition.rglob("*") if p.is_file()}
    diagnostics(mini_edition)
    after = {p: p.stat().st_mtime_ns for p in mini_edition.rglob("*") if p.is_file()}
    assert before == after
