"""The synoptic view in a real browser (headless Chromium through Playwright): the witness
picker hides a column, the "substantive only" switch hides the trivial variants."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition import config, context
from edition.outputs import comparison, html

from conftest import FIXTURES, ROOT

from conftest import CHROMIUM

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright for Python is not installed (pip install '.[test]')")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: the browser tests need Debian's chromium "
                "(.ci/apt-packages.txt)", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser") / "edition"
    shutil.copytree(FIXTURES / "comparison" / "edition", root)
    shutil.copytree(ROOT / "xslt", root / "xslt")
    edition = context.load(config.load(root))
    out = root / "build"
    html.copy_assets(out / "html")
    comparison.write_outputs(edition, out, out)
    return out / "html"



def visible(page, selector: str) -> list[bool]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.offsetParent !== null)")


def test_synoptic_view_switches(site: Path, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((site / "comparison" / "par-al-p1.html").as_uri())
    assert page.locator("table.synopsis thead th.col-1").inner_text().startswith("Y")
    assert all(visible(page, "table.synopsis .col-2"))
    assert all(visible(page, ".apparatus li"))
    # "Substantive only": punctuation variants lose their mark and leave the apparatus list.
    page.check("#substantive-only")
    assert visible(page, ".apparatus li.app-punctuation") and not any(visible(page, ".apparatus li.app-punctuation"))
    assert all(visible(page, ".apparatus li.app-substantive"))
    background = page.eval_on_selector("td .var-punctuation", "e => getComputedStyle(e).backgroundColor")
    assert background in ("rgba(0, 0, 0, 0)", "transparent")
    page.uncheck("#substantive-only")
    assert all(visible(page, ".apparatus li.app-punctuation"))
    # The witness picker hides and shows a column.
    page.uncheck("#pick-2")
    assert not any(visible(page, "table.synopsis .col-2"))
    assert all(visible(page, "table.synopsis .col-1"))
    page.check("#pick-2")
    assert all(visible(page, "table.synopsis .col-2"))
    # A variant links to its entry in the apparatus.
    page.click("td.col-1 a.var-substantive")
    assert page.url.endswith("#app-" + page.get_attribute("td.col-1 a.var-substantive", "data-app"))
    page.close()


def test_overview_links_to_groups(site: Path, browser):
    page = browser.new_page()
    page.goto((site / "comparison" / "index.html").as_uri())
    page.click("table.reuse-matrix a >> nth=0")
    assert page.url.endswith("#pair-X-Y")
    page.click("#pair-X-Y a >> nth=0")
    assert page.url.endswith(".html") and "/comparison/par-" in page.url
    assert page.locator("table.synopsis").count() == 1
    page.close()
