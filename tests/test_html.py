"""The reading edition as a site: the real edition built once per session (``built_site``), and
a two-source mini edition (tests/fixtures/html/project) for the behaviours the real texts may
not show (a conflicting date, a slip, a discrepancy)."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import urllib.request
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from lxml import etree

from conftest import FIXTURES, ROOT
from edition import TEI_NS, XML_NS, config, context, serve
from edition import text as text_mod
from edition.outputs import html, timeline

PROJECT = FIXTURES / "html" / "project"
CFG = config.load(ROOT)
SOURCES = [w.file for w in CFG.witnesses if (CFG.tei_path / w.file).exists()]
HIDDEN_IN_SOURCE_VIEW = {"reading-edited", "note-popover", "note-ref", "para-num", "quote-src",
                         "parallels", "note-back"}  # links, not text
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "blockquote",
          "section", "div", "aside", "br", "dd", "dt"}


def visible_tokens(el, hidden: set[str]) -> list[str]:
    parts: list[str] = []

    def walk(node):
        if hidden & set((node.get("class") or "").split()):
            return
        if node.tag in BLOCKS:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")
        if node.tag in BLOCKS:
            parts.append(" ")

    walk(el)
    return "".join(parts).split()


def first_difference(a: list[str], b: list[str]) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"token {i}: page has {' '.join(a[max(0, i - 8):i + 8])!r}, TEI has {' '.join(b[max(0, i - 8):i + 8])!r}"
    return f"lengths differ: page {len(a)} tokens, TEI {len(b)}"


@lru_cache(maxsize=None)
def page(path: Path):
    return lxml.html.parse(str(path)).getroot()


@lru_cache(maxsize=None)
def anchors(path: Path) -> frozenset[str]:
    return frozenset(page(path).xpath("//@id"))


# --- the real edition ------------------------------------------------------------------------

def test_every_page_is_written(built_site):
    site = built_site["html"]
    expected = ["index.html", "timeline.html", "guidelines.html", "about.html", "downloads.html",
                "search.html", "search-data.js", "pagefind/pagefind.js",
                "registers/persons.html", "registers/places.html", "registers/orgs.html",
                "registers/works.html", "assets/edition.css", "assets/edition.js"]
    expected += [f"sources/{Path(f).stem}.html" for f in SOURCES]
    assert [p for p in expected if not (site / p).is_file()] == []


@pytest.mark.parametrize("tei_file", SOURCES)
def test_reading_page_contains_the_whole_text(built_site, tei_file):
    """Nothing lost: the page's text, read with the source's readings, is the TEI's source
    reading token for token (and likewise for the corrected reading)."""
    tree = etree.parse(str(CFG.tei_path / tei_file))
    text_el = text_mod.text_element(tree)
    body = page(built_site["html"] / "sources" / f"{Path(tei_file).stem}.html").find_class("tei-text")[0]
    for edited, hide in ((False, HIDDEN_IN_SOURCE_VIEW),
                         (True, HIDDEN_IN_SOURCE_VIEW - {"reading-edited"} | {"reading-source"})):
        expected = text_mod.reading(text_el, edited=edited).text.split()
        found = visible_tokens(body, hide)
        # The edited view shows editorial brackets around supplied text.
        if edited:
            found = [t for t in found if t not in ("[", "]")]
        assert found == expected, first_difference(found, expected)


@pytest.mark.parametrize("tei_file", SOURCES)
def test_every_paragraph_has_its_tei_id_as_anchor(built_site, tei_file):
    tree = etree.parse(str(CFG.tei_path / tei_file))
    ids = {p.get(f"{{{XML_NS}}}id") for p in tree.iter(f"{{{TEI_NS}}}p")
           if p.get(f"{{{XML_NS}}}id") and not any(a.tag == f"{{{TEI_NS}}}note" for a in p.iterancestors())}
    doc = page(built_site["html"] / "sources" / f"{Path(tei_file).stem}.html")
    assert ids - set(doc.xpath("//p/@id")) == set()


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_no_broken_internal_links_or_anchors(built_site):
    site = built_site["html"]
    broken = []
    for path in html_pages(site):
        doc = page(path)
        for el in doc.xpath("//*[@href or @src]"):
            url = el.get("href") or el.get("src")
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or not url:
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {url} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in anchors(target):
                    broken.append(f"{path.relative_to(site)}: {url} (no such anchor)")
    assert broken == [], f"{len(broken)} broken link(s):\n" + "\n".join(broken[:40])


def test_ids_are_unique_on_every_page(built_site):
    for path in html_pages(built_site["html"]):
        ids = page(path).xpath("//@id")
        assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))


def test_search_index_links_to_paragraphs(built_site):
    site = built_site["html"]
    data = (site / "search-data.js").read_text(encoding="utf-8")
    records = json.loads(data[data.index("=") + 1:].rstrip().rstrip(";"))
    urls = {r["u"] for r in records}
    for tei_file in SOURCES:
        key = Path(tei_file).stem
        tree = etree.parse(str(CFG.tei_path / tei_file))
        first = next(p.get(f"{{{XML_NS}}}id") for p in tree.iter(f"{{{TEI_NS}}}p") if p.get(f"{{{XML_NS}}}id"))
        assert f"sources/{key}.html#{first}" in urls
    assert {r["s"] for r in records} >= {w.siglum for w in CFG.witnesses if w.file in SOURCES}
    assert (site / "pagefind" / "pagefind-entry.json").exists()
    assert not list((site / "pagefind").glob("pagefind-ui.*")), "unused Pagefind UI is removed"


def test_timeline_groups_sedovs_death_across_sources(built_site):
    model = timeline.build(built_site["edition"])
    death = next(e for e in model.events if e.key == "death:persons.xml#sedov-lev")
    assert len(death.sigla) >= 3 and death.reference.iso == "1938-02-16"
    doc = page(built_site["html"] / "timeline.html")
    assert doc.xpath("//svg") and doc.xpath("//li[contains(@class, 'kind-death')]")


def test_guidelines_render_every_spec_of_the_odd(built_site):
    odd = ROOT / CFG.odd
    if not odd.exists():
        pytest.skip(f"{CFG.odd} not written yet")
    tree = etree.parse(str(odd))
    specs = set(tree.xpath("//tei:elementSpec/@ident", namespaces={"tei": TEI_NS}))
    rules = set(tree.xpath("//tei:constraintSpec/@ident", namespaces={"tei": TEI_NS}))
    doc = page(built_site["html"] / "guidelines.html")
    assert {i.removeprefix("el-") for i in doc.xpath("//article/@id")} == specs
    assert {i.removeprefix("rule-") for i in doc.xpath("//dt/@id")} >= rules


def test_reading_pages_carry_the_citation_data(built_site):
    for tei_file in SOURCES:
        doc = page(built_site["html"] / "sources" / f"{Path(tei_file).stem}.html")
        panel = doc.get_element_by_id("cite-panel")
        assert panel.get("data-version") == CFG.version
        assert panel.get("data-base-url") == CFG.base_url
        assert panel.get("data-page") == f"sources/{Path(tei_file).stem}.html"


def test_page_weight_is_measured_and_small(built_site):
    weights = built_site["result"].weights
    assert weights and "page weight" in built_site["result"].summary()
    assert max(w.bytes for w in weights) < 1024 * 1024, max(weights, key=lambda w: w.bytes)
    assets = built_site["html"] / "assets"
    assert (assets / "edition.css").stat().st_size < 24 * 1024
    assert (assets / "edition.js").stat().st_size < 12 * 1024


def test_downloads_list_every_tei_file(built_site):
    doc = page(built_site["html"] / "downloads.html")
    linked = {Path(h).name for h in doc.xpath("//a/@href")}
    assert {p.name for p in CFG.source_files() + CFG.register_files() if p.exists()} <= linked


def test_home_shows_this_versions_changes(built_site):
    doc = page(built_site["html"] / "index.html")
    assert CFG.version in doc.find_class("changes-version")[0].text_content()
    assert len(doc.xpath("//ol[@class='witness-list']/li")) == len(SOURCES)


# --- colours ---------------------------------------------------------------------------------

def luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_colours_meet_wcag_aa():
    css = (ROOT / "src" / "edition" / "assets" / "edition.css").read_text(encoding="utf-8")
    var = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css))
    pairs = [("ink", "paper"), ("muted", "paper"), ("link", "paper"), ("accent", "paper"),
             ("muted", "tint"), ("ink", "tint"), ("link", "tint"), ("ink", "mark"),
             ("ink", "entity-person"), ("ink", "entity-place"), ("ink", "entity-org"),
             ("muted", "entity-person")]
    low = [(f, b, round(contrast(var[f], var[b]), 2)) for f, b in pairs if contrast(var[f], var[b]) < 4.5]
    low += [("#fff", bg, round(contrast("#ffffff", var[bg]), 2)) for bg in ("accent", "link")
            if contrast("#ffffff", var[bg]) < 4.5]
    assert low == []


# --- the mini edition --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    root = tmp_path_factory.mktemp("mini") / "edition"
    shutil.copytree(PROJECT, root)
    shutil.copytree(ROOT / "xslt", root / "xslt")
    edition = context.load(config.load(root))
    pages, warnings = html.write_site(edition, root / "site")
    return {"root": root, "edition": edition, "site": root / "site", "warnings": warnings}


def test_timeline_shows_a_conflicting_date_and_a_slip(mini):
    model = timeline.build(mini["edition"])
    death = next(e for e in model.events if e.key == "death:persons.xml#sedov-lev")
    assert [(a.siglum, a.span.iso) for a in death.attestations] == [("X", "1938-02-15"), ("Y", "1938-02-16")]
    assert death.conflict and death.reference.iso == "1938-02-16"
    assert [d.id for d in death.discrepancies] == ["disc-death-date"]
    assert [d.id for d in model.discrepancies] == ["disc-death-date"]  # only dates
    birth = next(e for e in model.events if e.key == "birth:persons.xml#trotsky-leon")
    assert [a.span.iso for a in birth.attestations] == ["1879"] and not birth.conflict
    august = next(e for e in model.events if e.key == "date:1936-08")
    assert august.sigla == ["X", "Y"]
    slips = [a for e in model.events for a in e.attestations if a.slip]
    assert [(a.siglum, a.anchor) for a in slips] == [("Y", "be-p2")]
    values = {a.span.iso for e in model.events for a in e.attestations}
    assert "2001" not in values and "1936" not in values, "years of books are not events"
    assert "2015-04-18" not in values, "colophons are not events"
    doc = page(mini["site"] / "timeline.html")
    assert "conflicting dates: 15 February 1938 / 16 February 1938" in doc.text_content()
    assert doc.xpath("//aside[@id='disc-death-date']")


@pytest.mark.parametrize("iso, first, last", [
    ("1938", "1938-01-01", "1938-12-31"), ("1938-02", "1938-02-01", "1938-02-28"),
    ("1936-12", "1936-12-01", "1936-12-31"), ("1938-02-16", "1938-02-16", "1938-02-16")])
def test_iso_values_are_intervals(iso, first, last):
    start, end = timeline.parse_iso(iso)
    assert (start.isoformat(), end.isoformat()) == (first, last)


def test_sentences_do_not_end_at_abbreviations():
    sentence = "He left. On Feb. 16, 1938, Sedov died. Then"
    lo, hi = timeline.sentence_bounds(sentence, sentence.index("1938"))
    assert sentence[lo:hi] == "On Feb. 16, 1938, Sedov died."


def test_mini_site_uses_the_base_url_and_the_odd(mini):
    doc = page(mini["site"] / "sources" / "alpha.html")
    assert doc.get_element_by_id("cite-panel").get("data-base-url") == "https://example.org/mini/"
    assert page(mini["site"] / "guidelines.html").xpath("//article[@id='el-note']")
    assert mini["warnings"] == [] or all("search" in w for w in mini["warnings"])


def test_changelog_entry_for_the_version(tmp_path):
    log = tmp_path / "CHANGELOG.md"
    log.write_text("# Changes\n\n## [2.0.0] – 2030-01-01\n- New *thing*, with `code`\n  and more.\n\n"
                   "## [1.0.0] – 2029-01-01\n- Old.\n", encoding="utf-8")
    entry = html.changelog(log, "2.0.0")
    assert entry["heading"] == "2.0.0 – 2030-01-01"
    assert [str(i) for i in entry["items"]] == ["New <em>thing</em>, with <code>code</code> and more."]
    assert html.changelog(log, "1.0.0")["items"] == ["Old."]


def test_config_documents_base_url():
    source = (ROOT / "src" / "edition" / "config.py").read_text(encoding="utf-8")
    assert re.search(r'base_url: str = ""\n\s+"""', source)


# --- edition serve ---------------------------------------------------------------------------

def test_serve_builds_in_a_temporary_folder_and_rebuilds_on_change(tmp_path):
    root = tmp_path / "edition"
    shutil.copytree(PROJECT, root)
    cfg = config.load(root)
    builds = []

    def fake_build(cfg, out):  # the real build is tested above; this tests the serving
        builds.append(out)
        (out / "html").mkdir(parents=True, exist_ok=True)
        (out / "html" / "index.html").write_text(f"build {len(builds)}", encoding="utf-8")
        return f"built {len(builds)}"

    preview = serve.Preview(cfg, port=0, builder=fake_build)
    try:
        assert preview.rebuild() == "built 1"
        preview.start()
        assert preview.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(preview.url + "index.html", timeout=5) as response:
            assert response.read() == b"build 1"
        assert not preview.changed()
        tei = root / "tei" / "alpha.xml"
        os.utime(tei, (time.time() + 5, time.time() + 5))
        assert preview.changed()
        preview.rebuild()
        with urllib.request.urlopen(preview.url + "index.html", timeout=5) as response:
            assert response.read() == b"build 2"
        assert not (root / "build").exists(), "serve never writes build/"
    finally:
        folder = preview.folder
        preview.stop()
    assert not folder.exists()


def test_pdfs_are_copied_into_the_site_and_listed(mini, tmp_path):
    pdf_dir = tmp_path / "pdf"
    pdf_dir.mkdir()
    names = ["edition.pdf"] + [Path(w.file).with_suffix(".pdf").name
                               for w in mini["edition"].cfg.witnesses]
    for name in reversed(names):
        (pdf_dir / name).write_bytes(b"%PDF-1.7 test")
    html.add_pdf_downloads(mini["edition"], mini["site"], pdf_dir)
    page = lxml.html.parse(str(mini["site"] / "downloads.html")).getroot()
    hrefs = [a.get("href") for a in page.iter("a") if (a.get("href") or "").endswith(".pdf")]
    assert hrefs == [f"downloads/pdf/{n}" for n in names]
    assert all((mini["site"] / h).read_bytes() == b"%PDF-1.7 test" for h in hrefs)
