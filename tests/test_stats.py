"""edition stats: markup counts and untagged names per source (edition.stats)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from edition import stats
from edition.cli import main

TOOLS = Path(__file__).resolve().parent / "fixtures" / "tools"
COUNTS = TOOLS / "tei" / "counts.xml"


def test_known_counts():
    d = stats.collect([COUNTS]).files[0].to_dict()
    # the header's and the editorial notes' markup is not the source's: not counted
    assert d["persons"] == {"elements": 4, "without_ref": 1, "refs": 2}
    assert d["places"] == {"elements": 2, "without_ref": 0, "refs": 2}
    assert d["orgs"] == {"elements": 1, "without_ref": 0, "refs": 1}
    assert d["dates"] == {"elements": 2, "inferred": 1}
    assert d["editorial_notes"] == {"total": 3, "by_subtype": {
        "context": 1, "identification": 1, "slip": 1}}
    assert d["corrections"] == 2
    assert d["quotations"] == {"with_source": 1, "without_source": 1}
    assert d["titles"] == 1


def test_untagged_candidates_with_counts():
    d = stats.collect([COUNTS]).files[0].to_dict()["untagged"]
    found = {c["text"]: c["count"] for c in d["candidates"]}
    # read in the edited reading (Hitlr -> Hitler, Kremlim -> Kremlin); not in the header, the
    # notes, the title or the foreign words; ethnonyms, doctrines and events left out
    assert found == {"Boris Souvarine": 2, "Hitler": 1, "Kremlin": 1, "Paris": 1,
                     "Rue Michelet": 1, "Victor Serge": 1}
    assert d["total"] == 7
    assert d["candidates"][0] == {"text": "Boris Souvarine", "count": 2, "lines": [15, 16]}


def test_totals_across_files():
    result = stats.collect([COUNTS, TOOLS / "tei" / "tagme.xml"])
    total = result.total()
    assert total["persons"]["elements"] == 5  # 4 + Lyova
    assert total["persons"]["refs"] == 2  # sedov-lev is in both files: counted once
    assert total["corrections"] == 4
    assert total["editorial_notes"]["by_subtype"]["textual"] == 1


def test_text_table_and_candidate_list():
    out = stats.collect([COUNTS, TOOLS / "tei" / "tagme.xml"]).to_text()
    lines = out.splitlines()
    assert lines[0].split("|")[2:5] == [" counts ", " tagme ", " total "]
    row = next(x for x in lines if x.startswith("| persons (persName)"))
    assert [c.strip() for c in row.split("|")[2:5]] == ["4", "1", "5"]
    assert any(x.strip() == "Boris Souvarine ×2 (lines 15, 16)" for x in lines)


def test_cli_stats(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(TOOLS), "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [Path(f["path"]).name for f in data["files"]] == ["tagme.xml", "counts.xml"]
    result = runner.invoke(main, ["--root", str(TOOLS), "stats", str(COUNTS)])
    assert result.exit_code == 0 and "untagged name candidates" in result.output
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI", encoding="utf-8")
    result = runner.invoke(main, ["--root", str(TOOLS), "stats", str(bad)])
    assert result.exit_code == 1 and "bad.xml" in result.output
