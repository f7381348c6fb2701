"""The reading edition as a static site: XSLT renders the TEI, jinja2 the page shell.

Pages (all links relative, so the site works from ``file://`` and from any static host):
``index.html``, ``sources/{key}.html`` (one per witness), ``registers/{persons,places,orgs,works}.html``,
``timeline.html``, ``guidelines.html`` (from the ODD), ``about.html``, ``downloads.html``,
``search.html`` (Pagefind over http(s), a small fallback index from ``file://``).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import asdict
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .. import __version__, saxon
from ..context import Edition
from . import comparison, data, search, timeline

REGISTER_PAGES = {  # register file → (page name, heading)
    "persons.xml": ("persons", "Persons"),
    "places.xml": ("places", "Places"),
    "orgs.xml": ("orgs", "Organisations"),
    "bibliography.xml": ("works", "Works and sources"),
}
ASSETS = Path(__file__).resolve().parent.parent / "assets"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("edition", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["format_iso"] = timeline.format_iso
    return env


class Site:
    """Writes pages into *out*, remembering each page (for the summary) and each warning."""

    def __init__(self, edition: Edition, out: Path):
        self.edition = edition
        self.cfg = edition.cfg
        self.out = out
        self.env = environment()
        self.pages: list[Path] = []
        self.warnings: list[str] = []
        self.nav_sources = [
            {"key": s.key, "siglum": s.witness.siglum, "title": s.witness.short_title}
            for s in edition.sources
        ]

    def stylesheet(self, name: str) -> saxon.Stylesheet:
        """A stylesheet of xslt/, compiled once per process (and again only when it changes)."""
        return saxon.compile_file(self.cfg.root / "xslt" / name)

    def common_params(self, path: str) -> dict[str, object]:
        return {"root-prefix": "../" * path.count("/"), "edition-version": self.cfg.version,
                "edition-title": self.cfg.title}

    def render(self, template: str, path: str, **values) -> Path:
        page = self.env.get_template(template).render(
            edition_title=self.cfg.title, edition_subtitle=self.cfg.subtitle,
            version=self.cfg.version, tool_version=__version__, licence=self.cfg.licence,
            base_url=self.cfg.base_url, root="../" * path.count("/"), sources=self.nav_sources,
            page_path=path, **values)
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        self.pages.append(target)
        return target


def write_site(edition: Edition, out: Path, index: bool = True) -> tuple[list[Path], list[str]]:
    """Write every page into *out*; return the pages written and the warnings. With *index*
    false the search index is left to :func:`index_search`, once other outputs (the comparison
    pages) have added their pages."""
    site = Site(edition, out)
    copy_assets(out)
    write_reading_pages(site)
    write_register_pages(site)
    write_timeline(site)
    write_guidelines(site)
    write_about(site)
    write_home(site)
    write_downloads(site)
    site.render("search.html", "search.html", title="Search")
    if index:
        site.warnings.extend(search.index_site(site))
    return site.pages, site.warnings


def add_pdf_downloads(edition: Edition, out: Path, pdf_dir: Path) -> None:
    """Once the PDFs exist, copy them into the site and list them on the downloads page, so
    the site folder is complete on its own (the book first, then the sources in order)."""
    order = ["edition.pdf"] + [Path(w.file).with_suffix(".pdf").name for w in edition.cfg.witnesses]
    pdfs = sorted(pdf_dir.glob("*.pdf"), key=lambda p: (order.index(p.name) if p.name in order
                                                         else len(order), p.name))
    if pdfs:
        write_downloads(Site(edition, out), pdfs)


def index_search(edition: Edition, out: Path) -> list[str]:
    """Index every page now in *out* for search; return warnings."""
    return search.index_site(Site(edition, out))


def copy_assets(out: Path) -> None:
    shutil.copytree(ASSETS, out / "assets", dirs_exist_ok=True)


def source_uris(edition: Edition) -> list[str]:
    return [s.path.resolve().as_uri() for s in edition.sources]


def write_reading_pages(site: Site) -> None:
    reading = site.stylesheet("reading.xsl")
    for src in site.edition.sources:
        path = f"sources/{src.key}.html"
        body = reading.transform(saxon.parse_file(src.path), {
            **site.common_params(path), "siglum": src.witness.siglum,
            **comparison.reading_parameters(site.edition)})
        site.render("reading.html", path, body=body, source=src, title=src.title,
                    siglum=src.witness.siglum, short_title=src.witness.short_title,
                    author=source_author(src))


def source_author(src) -> str:
    from .. import TEI_NS

    author = src.tree.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}titleStmt/{{{TEI_NS}}}author")
    return " ".join("".join(author.itertext()).split()) if author is not None else ""


def write_register_pages(site: Site) -> None:
    registers = site.stylesheet("registers.xsl")
    occurrences = {
        pointer: [asdict(o) for o in found] for pointer, found in site.edition.occurrences.items()
    }
    titles = {s.key: f"{s.witness.siglum} · {s.witness.short_title}" for s in site.edition.sources}
    for name in site.edition.registers:
        page, heading = REGISTER_PAGES.get(name, (Path(name).stem, Path(name).stem.title()))
        path = f"registers/{page}.html"
        body = registers.transform(saxon.parse_file(site.cfg.tei_path / name), {
            **site.common_params(path), "register-file": name,
            "occurrences-json": json.dumps(occurrences, ensure_ascii=False),
            "source-titles-json": json.dumps(titles, ensure_ascii=False)})
        site.render("register.html", path, body=body, title=heading,
                    registers=[{"page": p, "heading": h} for p, h in REGISTER_PAGES.values()])


def write_timeline(site: Site) -> None:
    model = timeline.build(site.edition)
    site.render("timeline.html", "timeline.html", title="Timeline", timeline=model,
                svg=timeline.svg(model), timeline_by_year=timeline.by_year(model.events),
                passages=sum(len(e.attestations) for e in model.events))


def write_guidelines(site: Site) -> None:
    odd = site.cfg.path(site.cfg.odd)
    body = None
    if odd.exists():
        body = site.stylesheet("guidelines.xsl").transform(
            saxon.parse_file(odd), site.common_params("guidelines.html"))
    else:
        site.warnings.append(f"guidelines: {site.cfg.odd} not found; the page says so")
    site.render("guidelines.html", "guidelines.html", title="Encoding guidelines", body=body,
                odd_name=Path(site.cfg.odd).name)


def write_about(site: Site) -> None:
    sources = site.edition.sources
    body = ""
    if sources:
        body = site.stylesheet("about.xsl").transform(saxon.parse_file(sources[0].path), {
            **site.common_params("about.html"), "source-uris-array": source_uris(site.edition),
            "source-keys-array": [s.key for s in sources],
            "sigla-array": [s.witness.siglum for s in sources]})
    site.render("about.html", "about.html", title="About the edition", body=body)


def write_home(site: Site) -> None:
    bibliography = site.cfg.tei_path / "bibliography.xml"
    witnesses = ""
    if bibliography.exists():
        witnesses = site.stylesheet("home.xsl").transform(saxon.parse_file(bibliography), {
            **site.common_params("index.html"),
            "source-keys-array": [s.key for s in site.edition.sources],
            "sigla-array": [s.witness.siglum for s in site.edition.sources],
            "titles-array": [s.title for s in site.edition.sources]})
    site.render("index.html", "index.html", title="Home", witnesses=witnesses,
                changes=changelog(site.cfg.root / "CHANGELOG.md", site.cfg.version),
                example=citation_example(site))


def citation_example(site: Site) -> dict[str, str]:
    """A real paragraph to show the citation form with (the first of the first source's body)."""
    from .. import TEI_NS, XML_NS

    for src in site.edition.sources:
        text_el = src.tree.getroot().find(f"{{{TEI_NS}}}text")
        paragraphs = [p for p in text_el.iter(f"{{{TEI_NS}}}p") if p.get(f"{{{XML_NS}}}id")
                      and not any(a.tag == f"{{{TEI_NS}}}note" for a in p.iterancestors())]
        body = text_el.find(f"{{{TEI_NS}}}body")
        for n, p in enumerate(paragraphs, 1):
            if body is not None and body in p.iterancestors():
                return {"source": src.title, "siglum": src.witness.siglum, "key": src.key,
                        "author": source_author(src), "n": str(n), "id": p.get(f"{{{XML_NS}}}id")}
    return {}


def changelog(path: Path, version: str) -> dict[str, object]:
    """The entry of CHANGELOG.md for *version* (else the newest): its heading and its items.

    The changelog keeps a small Markdown subset: ``## [version] – date`` headings and ``- `` items
    (continuation lines indented); ``code`` and *emphasis* are rendered, nothing else."""
    if not path.exists():
        return {"heading": "", "items": []}
    entries: list[dict] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            entries.append({"heading": line[3:].strip(), "items": []})
        elif entries and line.startswith("- "):
            entries[-1]["items"].append(line[2:].strip())
        elif entries and entries[-1]["items"] and line.startswith("  ") and line.strip():
            entries[-1]["items"][-1] += " " + line.strip()
    chosen = next((e for e in entries if version in e["heading"]), entries[0] if entries else None)
    if chosen is None:
        return {"heading": "", "items": []}
    return {"heading": chosen["heading"].replace("[", "").replace("]", ""),
            "items": [inline_markdown(i) for i in chosen["items"]]}


def inline_markdown(text: str) -> Markup:
    escaped = str(escape(text))
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    escaped = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", escaped)
    return Markup(escaped)


def write_downloads(site: Site, pdfs: list[Path] = ()) -> None:
    cfg = site.cfg
    downloads = site.out / "downloads"
    groups = (
        ("pdf", "The print edition (PDF)", list(pdfs)),
        ("tei", "The sources (TEI)", [p for p in cfg.source_files() if p.exists()]),
        ("tei", "The registers (TEI)", [p for p in cfg.register_files() if p.exists()]),
        ("schema", "The schema", sorted((cfg.root / "schema").glob("edition.*"))),
        ("sources", "Copy-texts as received", sorted((cfg.root / cfg.sources_dir).glob("*.txt"))),
    )
    listed = []
    for folder, heading, paths in groups:
        (downloads / folder).mkdir(parents=True, exist_ok=True)
        files = []
        for f in paths:
            shutil.copy2(f, downloads / folder / f.name)
            files.append({"name": f.name, "href": f"downloads/{folder}/{f.name}",
                          "size": f.stat().st_size,
                          "siglum": next((s.witness.siglum for s in site.edition.sources
                                          if s.path.stem == f.stem), "")})
        if files:
            listed.append({"heading": heading, "files": files})
    data.write_data(site.edition, downloads / "data")
    site.render("downloads.html", "downloads.html", title="Downloads", groups=listed,
                data_files=sorted(p.name for p in (downloads / "data").iterdir()))
