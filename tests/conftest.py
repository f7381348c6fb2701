"""Shared fixtures: the project root, mini editions built in tmp_path, and XML assertions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
TEI_ALL = SHARED / "tei" / "tei_all.rng"


@pytest.fixture
def mini_edition(tmp_path: Path) -> Path:
    """A copy of the small valid edition in tests/fixtures/validate/good, with the real schema."""
    target = tmp_path / "edition"
    shutil.copytree(FIXTURES / "validate" / "good", target)
    shutil.copytree(ROOT / "schema", target / "schema")
    shutil.copytree(ROOT / "xslt", target / "xslt")
    return target


@pytest.fixture(scope="session")
def tei_all():
    """The official TEI schema, compiled once per test session (about 20 s)."""
    if not TEI_ALL.exists():
        pytest.skip(f"{TEI_ALL} is absent: the tei_all check needs ../shared/tei/tei_all.rng")
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(TEI_ALL)))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real edition's outputs (site and data, no PDF), built once per test session into a
    temporary folder. Validation is the validator's tests' business: this builds what is there."""
    from edition import build, config, context
    from edition.diagnostics import Report

    out = tmp_path_factory.mktemp("edition-build")
    result = build.BuildResult(out, Report())
    edition = context.load(config.load(ROOT))
    build.write_outputs(edition, out, result, pdf=False)
    return {"html": out / "html", "data": out / "data", "edition": edition, "result": result}
