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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (Playwright's own browsers are never
    downloaded); the tests that use it skip with the reason when either is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright for Python is not installed (pip install '.[test]')")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: the browser tests need Debian's chromium "
                    "(.ci/apt-packages.txt)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
