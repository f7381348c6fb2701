"""Search without a server: a Pagefind index of the written site, and a small fallback index.

Pagefind (the ``pagefind[bin]`` package from PyPI, which ships the indexer binary) indexes:
- every paragraph, heading and caption of the reading pages as its own record, so that a result
  links to the exact paragraph (``sources/serge-1938.html#se-p5``), with a ``source`` filter
  (the siglum);
- every register entry as its own record (``registers/persons.html#sedov-lev``);
- the other pages (home, about, guidelines, timeline) whole.

Pagefind's browser code loads its index with ``fetch`` and WebAssembly, which browsers refuse for
``file://`` pages; so the same records are also written as ``search-data.js`` (a classic script),
which the search page uses when it is opened from a file.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from html import escape
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from ..errors import BuildError

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "blockquote",
              "section", "div", "article", "aside", "dd", "dt", "br"}
IGNORED_CLASSES = {"note-popover", "para-num", "note-ref", "quote-src", "occurrences", "parallels",
                   "note-back"}
PAGEFIND_UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*",
                   "pagefind-highlight.js")  # its ready-made interfaces: the site has its own
WHOLE_PAGES = ("index.html", "about.html", "guidelines.html", "timeline.html")


@dataclass
class Record:
    url: str
    title: str
    content: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    kind: str = "paragraph"


def visible_text(el) -> str:
    """The element's text as a reader sees it (both readings of a correction, without the note
    popovers and paragraph numbers), block boundaries as spaces."""
    parts: list[str] = []

    def walk(node):
        classes = set((node.get("class") or "").split())
        if classes & IGNORED_CLASSES:
            if node.tail:
                parts.append(node.tail)
            return
        if node.tag in BLOCK_TAGS:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            elif child.tail:
                parts.append(child.tail)
        if node.tag in BLOCK_TAGS:
            parts.append(" ")
        if node.tail and node is not el:
            parts.append(node.tail)

    walk(el)
    return " ".join("".join(parts).split())


def reading_records(page: Path, rel: str, source: dict) -> list[Record]:
    doc = lxml.html.parse(str(page)).getroot()
    records = []
    text_root = doc.find_class("tei-text")
    for el in (text_root[0].iter() if text_root else ()):
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("p", "figure") and el.get("id"):
            anchor, heading = el.get("id"), None
        elif re.fullmatch(r"h[2-6]", el.tag) and el.getparent().get("id"):
            anchor, heading = el.getparent().get("id"), visible_text(el)
        else:
            continue
        content = visible_text(el)
        if not content:
            continue
        number = el.find_class("para-num")
        where = f"¶ {number[0].text_content().strip()}" if number else (heading or anchor)
        records.append(Record(f"{rel}#{anchor}", f"{source['siglum']} {where} · {source['title']}",
                              content, {"source": [source["siglum"]]}))
    return records


def register_records(page: Path, rel: str, heading: str) -> list[Record]:
    doc = lxml.html.parse(str(page)).getroot()
    records = []
    for entry in doc.find_class("entry"):
        title = entry.find("h3")
        records.append(Record(f"{rel}#{entry.get('id')}",
                              f"{title.text_content().strip() if title is not None else entry.get('id')} ({heading})",
                              visible_text(entry), {"section": [heading]}, "entry"))
    return records


def page_record(page: Path, rel: str) -> Record | None:
    doc = lxml.html.parse(str(page)).getroot()
    main = doc.find(".//main")
    if main is None:
        return None
    h1 = main.find(".//h1")
    return Record(rel, h1.text_content().strip() if h1 is not None else rel, visible_text(main),
                  {"section": ["Edition pages"]}, "page")


def collect(site) -> list[Record]:
    from .html import REGISTER_PAGES

    out: Path = site.out
    records: list[Record] = []
    for src in site.nav_sources:
        rel = f"sources/{src['key']}.html"
        if (out / rel).exists():
            records.extend(reading_records(out / rel, rel, src))
    for name, (page, heading) in REGISTER_PAGES.items():
        rel = f"registers/{page}.html"
        if (out / rel).exists():
            records.extend(register_records(out / rel, rel, heading))
    for rel in WHOLE_PAGES:
        if (out / rel).exists():
            record = page_record(out / rel, rel)
            if record:
                records.append(record)
    for page in sorted((out / "comparison").glob("*.html")):
        record = page_record(page, f"comparison/{page.name}")
        if record:
            record.filters = {"section": ["Comparison"]}
            records.append(record)
    return records


def index_site(site) -> list[str]:
    """Write ``search-data.js`` and the Pagefind bundle (``pagefind/``) into the site; return
    warnings (without the Pagefind binary, only the fallback search is written)."""
    records = collect(site)
    write_fallback(site.out / "search-data.js", records)
    binary = pagefind_binary()
    if binary is None:
        return ["search: the Pagefind binary was not found, only the file:// fallback search was "
                "written (hint: pip install 'pagefind[bin]')"]
    with tempfile.TemporaryDirectory(prefix="edition-search-") as shadow:
        write_shadow_site(Path(shadow), records)
        run = subprocess.run([str(binary), "--site", shadow, "--output-path",
                              str(site.out / "pagefind"), "--force-language", "en", "--quiet"],
                             capture_output=True, text=True)
    if run.returncode != 0:
        raise BuildError(f"search: Pagefind indexing failed: {(run.stderr or run.stdout).strip()}")
    for pattern in PAGEFIND_UNUSED:
        for unused in (site.out / "pagefind").glob(pattern):
            unused.unlink()
    return []


def pagefind_binary() -> Path | None:
    """The indexer shipped by the ``pagefind[bin]`` package (or ``PAGEFIND_BINARY_PATH``)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    found = get_executable()
    return found if found and Path(found).exists() else None


def write_shadow_site(folder: Path, records: list[Record]) -> None:
    """One small page per record, for the Pagefind indexer. Pagefind takes a result's URL from
    its file's path, so the real address (a paragraph's anchor) travels as the ``target``
    metadata, which the search page links to. (Pagefind's Python API takes explicit URLs, but
    it answers one request per tenth of a second: a minute for this edition.)"""
    for i, r in enumerate(records):
        filters = "".join(f'<span data-pagefind-filter="{escape(k)}">{escape(v)}</span>'
                          for k, values in r.filters.items() for v in values)
        page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(r.title)}</title></head>'
                f'<body><h1 data-pagefind-meta="title" data-pagefind-ignore>{escape(r.title)}</h1>'
                f'<main data-pagefind-body><p>{escape(r.content)}</p></main>'
                f'<div data-pagefind-ignore>{filters}'
                f'<span data-pagefind-meta="target">{escape(r.url)}</span>'
                f'<span data-pagefind-meta="kind">{escape(r.kind)}</span></div></body></html>')
        (folder / f"r{i:05d}.html").write_text(page, encoding="utf-8")


def write_fallback(path: Path, records: list[Record]) -> None:
    rows = [{"u": r.url, "t": r.title, "x": r.content,
             "s": (r.filters.get("source") or [""])[0]} for r in records]
    path.write_text("window.EDITION_SEARCH = " + json.dumps(rows, ensure_ascii=False,
                                                            separators=(",", ":")) + ";\n",
                    encoding="utf-8")
