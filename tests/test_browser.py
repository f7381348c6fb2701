"""The reading edition in a real browser (headless Chromium through Playwright, Debian's
chromium; Playwright's own browsers are never downloaded): notes by keyboard, the readings
toggle, names to the registers and back, citation, search (Pagefind over http, the fallback from
file://), a phone-sized viewport, and no console errors anywhere."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from conftest import CHROMIUM

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright for Python is not installed (pip install '.[test]')")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: the browser tests need Debian's chromium "
                "(.ci/apt-packages.txt)", allow_module_level=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site):
    """The built site on 127.0.0.1 (any free port), as a static host would serve it."""
    handler = functools.partial(QuietHandler, directory=str(built_site["html"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()



@pytest.fixture
def open_page(browser):
    """A page that records console errors and uncaught exceptions; none may occur."""
    opened = []

    def make(url: str, **context):
        ctx = browser.new_context(**context)
        page = ctx.new_page()
        page.errors = []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(url)
        opened.append((ctx, page))
        return page

    yield make
    for ctx, page in opened:
        errors = page.errors
        ctx.close()
        assert errors == [], f"console errors on {page.url}: {errors}"


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_a_note_opens_and_closes_by_keyboard(server, open_page):
    page = open_page(server + "sources/serge-1938.html")
    button = page.locator("button.note-ref").first
    popover = page.locator("#" + button.get_attribute("popovertarget"))
    assert not popover.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    assert popover.is_visible()
    assert popover.evaluate("e => e.matches(':popover-open')")
    page.keyboard.press("Escape")
    assert not popover.is_visible()
    # Tap (touch) opens it too.
    button.dispatch_event("click")
    assert popover.is_visible()


def test_the_readings_toggle_shows_the_source_or_the_correction(server, open_page):
    page = open_page(server + "sources/serge-1938.html")
    choice = page.locator(".tei-choice").first
    edited, source = choice.locator(".reading-edited"), choice.locator(".reading-source")
    assert edited.is_visible() and not source.is_visible()
    page.get_by_label("As in the source").check()
    assert source.is_visible() and not edited.is_visible()
    page.get_by_label("Corrected").check()
    assert edited.is_visible() and not source.is_visible()


def test_a_name_leads_to_its_register_entry_and_back(server, open_page):
    page = open_page(server + "sources/serge-1938.html")
    name = page.locator("a.tei-persName[data-ref='persons.xml#sedov-lev']").first
    name.click()
    page.wait_for_url("**/registers/persons.html#sedov-lev")
    assert page.locator("#sedov-lev").is_visible()
    assert "Lev Lvovich Sedov" in page.locator("#sedov-lev h3").inner_text()
    # Every occurrence links to its paragraph; the browser's Back returns to the text.
    assert page.locator("#sedov-lev .occurrences a[href*='serge-1938.html#se-p']").count() > 0
    page.go_back()
    page.wait_for_url("**/sources/serge-1938.html")


def test_cite_this_paragraph(server, open_page):
    page = open_page(server + "sources/serge-1938.html")
    number = page.locator("#se-p5 a.para-num")
    number.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#cite-panel")
    assert panel.is_visible()
    citation = page.locator("#cite-text").inner_text()
    assert "¶ 5 [se-p5]" in citation and "version 0.1.0" in citation
    assert citation.count("sources/serge-1938.html#se-p5") == 1
    assert page.evaluate("location.hash") == "#se-p5"
    page.keyboard.press("Escape")
    assert not panel.is_visible()


def test_search_finds_a_paragraph_and_filters_by_source(server, open_page):
    page = open_page(server + "search.html")
    page.fill("#search-input", "Sedov hospital")
    page.wait_for_selector(".search-results li")
    assert "Pagefind" in page.locator(".search-mode").inner_text()
    all_results = page.locator(".search-results li").count()
    page.get_by_label("S Serge", exact=False).check()
    page.wait_for_function("document.querySelector('.search-status').textContent.includes('result')")
    page.wait_for_timeout(300)
    titles = page.locator(".search-results li a").all_inner_texts()
    assert titles and all(t.startswith("S ") for t in titles)
    assert len(titles) <= all_results
    href = page.locator(".search-results li a").first.get_attribute("href")
    assert href.startswith("sources/serge-1938.html#se-")
    page.locator(".search-results li a").first.click()
    page.wait_for_url("**/sources/serge-1938.html#se-*")
    assert page.locator(page.evaluate("location.hash")).count() == 1


def test_search_works_from_a_file_too(built_site, open_page):
    page = open_page((built_site["html"] / "search.html").as_uri() + "?q=Mirabeau")
    page.wait_for_selector(".search-results li")
    assert "file" in page.locator(".search-mode").inner_text()
    assert page.locator(".search-results li a[href^='sources/broue-1993.html#br-']").count() > 0


PHONE_PAGES = ["index.html", "sources/lev-sedov.html", "registers/persons.html", "timeline.html",
               "guidelines.html", "search.html", "about.html", "downloads.html"]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_phone_viewport_has_no_horizontal_scrolling(server, open_page, path):
    page = open_page(server + path, viewport={"width": 390, "height": 844}, is_mobile=True,
                     has_touch=True, device_scale_factor=2)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
