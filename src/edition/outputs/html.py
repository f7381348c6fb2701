"""The reading edition as a static site: XSLT renders the TEI, jinja2 the page shell."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import jinja2

from .. import __version__, saxon
from ..context import Edition

REGISTER_PAGES = {  # register file → (page name, heading)
    "persons.xml": ("persons", "Persons"),
    "places.xml": ("places", "Places"),
    "orgs.xml": ("orgs", "Organisations"),
    "bibliography.xml": ("works", "Works and sources"),
}
ASSETS = Path(__file__).resolve().parent.parent / "assets"


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("edition", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


class Site:
    """Writes pages into *out*, remembering each for the build summary."""

    def __init__(self, edition: Edition, out: Path):
        self.edition = edition
        self.cfg = edition.cfg
        self.out = out
        self.env = environment()
        self.pages: list[Path] = []
        self.nav_sources = [
            {"key": s.key, "siglum": s.witness.siglum, "title": s.witness.short_title}
            for s in edition.sources
        ]

    def stylesheet(self, name: str) -> saxon.Stylesheet:
        return saxon.compile_file(self.cfg.root / "xslt" / name)

    def render(self, template: str, path: str, **values) -> Path:
        depth = path.count("/")
        prefix = "../" * depth
        page = self.env.get_template(template).render(
            edition_title=self.cfg.title, edition_subtitle=self.cfg.subtitle,
            version=self.cfg.version, tool_version=__version__, licence=self.cfg.licence,
            root=prefix, sources=self.nav_sources, page_path=path, **values)
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        self.pages.append(target)
        return target


def write_site(edition: Edition, out: Path) -> list[Path]:
    site = Site(edition, out)
    copy_assets(out)
    write_reading_pages(site)
    write_register_pages(site)
    write_static_pages(site)
    write_downloads(site)
    return site.pages


def copy_assets(out: Path) -> None:
    shutil.copytree(ASSETS, out / "assets", dirs_exist_ok=True)


def write_reading_pages(site: Site) -> None:
    reading = site.stylesheet("reading.xsl")
    for src in site.edition.sources:
        body = reading.transform(saxon.parse_file(src.path), {
            "root-prefix": "../", "siglum": src.witness.siglum,
            "edition-version": site.cfg.version, "edition-title": site.cfg.title})
        site.render("reading.html", f"sources/{src.key}.html", body=body, source=src,
                    title=src.title, siglum=src.witness.siglum,
                    short_title=src.witness.short_title)


def write_register_pages(site: Site) -> None:
    registers = site.stylesheet("registers.xsl")
    occurrences = {
        pointer: [asdict(o) for o in found] for pointer, found in site.edition.occurrences.items()
    }
    titles = {s.key: f"{s.witness.siglum} · {s.witness.short_title}" for s in site.edition.sources}
    for name, tree in site.edition.registers.items():
        page, heading = REGISTER_PAGES.get(name, (Path(name).stem, Path(name).stem.title()))
        body = registers.transform(saxon.parse_file(site.cfg.tei_path / name), {
            "root-prefix": "../", "register-file": name,
            "occurrences-json": json.dumps(occurrences, ensure_ascii=False),
            "source-titles-json": json.dumps(titles, ensure_ascii=False)})
        site.render("register.html", f"registers/{page}.html", body=body, title=heading)


def write_static_pages(site: Site) -> None:
    site.render("index.html", "index.html", title="Home",
                witnesses=[
                    {"key": s.key, "siglum": s.witness.siglum, "title": s.title,
                     "short_title": s.witness.short_title,
                     "description": source_description(s)}
                    for s in site.edition.sources])


def source_description(src) -> str:
    from .. import TEI_NS

    bibl = src.tree.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}sourceDesc/{{{TEI_NS}}}bibl")
    return " ".join("".join(bibl.itertext()).split()) if bibl is not None else ""


def write_downloads(site: Site) -> None:
    cfg = site.cfg
    downloads = site.out / "downloads"
    files = []
    for folder, pattern, label in ((cfg.tei_path, "*.xml", "tei"),
                                   (cfg.root / "schema", "edition.*", "schema"),
                                   (cfg.root / cfg.sources_dir, "*.txt", "sources")):
        (downloads / label).mkdir(parents=True, exist_ok=True)
        for f in sorted(folder.glob(pattern)):
            shutil.copy2(f, downloads / label / f.name)
            files.append({"group": label, "name": f.name, "href": f"downloads/{label}/{f.name}",
                          "size": f.stat().st_size})
    site.render("downloads.html", "downloads.html", title="Downloads", files=files)
