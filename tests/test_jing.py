"""A second opinion beside lxml: Jing (Debian package `jing`) validates every TEI file of the
edition against the edition's schema and against the official tei_all."""

import shutil
import subprocess

import pytest

from conftest import ROOT, TEI_ALL

JING = shutil.which("jing")
pytestmark = pytest.mark.skipif(JING is None, reason="jing is not installed (Debian package jing, "
                                                     "listed in .ci/apt-packages.txt)")
FILES = sorted(str(p) for p in (ROOT / "tei").glob("*.xml"))


def jing(schema) -> subprocess.CompletedProcess:
    return subprocess.run([JING, str(schema), *FILES], capture_output=True, text=True, timeout=300)


def test_jing_accepts_the_edition_against_its_schema():
    run = jing(ROOT / "schema" / "edition.rng")
    assert run.returncode == 0, run.stdout


def test_jing_accepts_the_edition_against_tei_all():
    if not TEI_ALL.exists():
        pytest.skip(f"{TEI_ALL} is absent: the tei_all check needs ../shared/tei/tei_all.rng")
    run = jing(TEI_ALL)
    assert run.returncode == 0, run.stdout


def test_jing_rejects_what_the_schema_forbids(tmp_path):
    bad = tmp_path / "bad.xml"
    source = (ROOT / "tei" / "serge-1938.xml").read_text(encoding="utf-8")
    bad.write_text(source.replace('<div type="section"', '<div type="chapterette"', 1), encoding="utf-8")
    run = subprocess.run([JING, str(ROOT / "schema" / "edition.rng"), str(bad)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode != 0 and 'attribute "type" is invalid' in run.stdout
