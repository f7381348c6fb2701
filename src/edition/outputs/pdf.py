"""The print edition: PDF books set by WeasyPrint (CSS Paged Media) from a print HTML.

``build/pdf/edition.pdf`` is the whole edition as one book: title page, imprint, contents,
introduction (the editorial principles), each source opening with its description, the appendix
of discrepancies (when ``tei/discrepancies.xml`` exists) and the indexes of persons, places,
organisations and works with page references. ``build/pdf/{key}.pdf`` is the same book for one
source.

XSLT (``xslt/print.xsl``) renders each TEI file once into a part of the print HTML: editorial
notes become footnotes (``float: footnote``), corrections the corrected reading with the source's
reading in the apparatus at the foot of the page, names index anchors. jinja2
(``templates/print.html``) assembles the book; ``assets/print.css`` sets it.

An index needs the pages of every mention, which only the layout knows, and page numbers
repeat, which CSS cannot merge; so a book is laid out twice: the first layout gives the page of
every anchor, the second prints the indexes with merged page numbers ("12–14, 17n"). The indexes
come last, so the pages before them do not move between the two layouts (checked: a third
layout is made if they did).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jinja2
from lxml import etree
from markupsafe import Markup

from .. import TEI_NS, XML_NS, __version__, saxon
from ..context import Edition, Source
from ..errors import BuildError, EditionError

ASSETS = Path(__file__).resolve().parent.parent / "assets"
STYLESHEET = ASSETS / "print.css"
FONTS = ASSETS / "fonts"
BOOK_FILE = "edition.pdf"
DISCREPANCIES = "discrepancies.xml"
#: The registers printed as indexes, in print order: file → (index title, running head).
INDEXES = {
    "persons.xml": "Index of persons",
    "places.xml": "Index of places",
    "orgs.xml": "Index of organisations",
    "bibliography.xml": "Index of works",
}
XHTML = "{http://www.w3.org/1999/xhtml}"
T = "{%s}" % TEI_NS
XML_ID = "{%s}id" % XML_NS
MAX_LAYOUTS = 3
#: A link of the appendix to a passage of a source, as print-appendix.xsl writes it.
PASSAGE_REF = re.compile(r'<a class="passage-ref" href="#([^"]*)">')


def load_weasyprint():
    """Import WeasyPrint, or explain what is missing (it needs Pango from the system)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # its own banner goes to stdout
            import weasyprint
    except ImportError as exc:
        raise BuildError(
            f"PDF output needs the Python package WeasyPrint ({exc}) (hint: "
            "`python3 -m pip install -e .` installs it; `edition build --no-pdf` skips the PDFs)"
        ) from exc
    except OSError as exc:
        raise BuildError(
            "PDF output needs WeasyPrint's system libraries (Pango, HarfBuzz, fontconfig), "
            f"which could not be loaded: {exc} (hint: on Debian or Ubuntu, `apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`; see .ci/apt-packages.txt; "
            "`edition build --no-pdf` skips the PDFs)"
        ) from exc
    return weasyprint


@dataclass
class TocEntry:
    level: int
    label: str
    href: str


@dataclass
class Part:
    """One TEI file rendered as a part of the print HTML."""

    key: str
    html: str
    toc: list[TocEntry] = field(default_factory=list)
    anchors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id → register pointers
    in_notes: set[str] = field(default_factory=set)  # anchors inside footnotes
    ids: set[str] = field(default_factory=set)  # every id in the part
    notes: int = 0  # editorial notes (footnotes)
    apparatus: int = 0  # apparatus entries (corrections)


@dataclass
class Result:
    path: Path
    pages: int
    notes: int
    apparatus: int
    layouts: int
    seconds: float
    warnings: list[str]


class Printer:
    """Renders the print HTML of an edition and lays it out; compiles and transforms once."""

    def __init__(self, edition: Edition):
        self.edition = edition
        self.cfg = edition.cfg
        self.weasyprint = load_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        self.xslt = saxon.compile_file(self.cfg.root / "xslt" / "print.xsl")
        self.fonts = FontConfiguration()
        self.css = self.weasyprint.CSS(filename=str(STYLESHEET), font_config=self.fonts)
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("edition", "templates"),
            autoescape=jinja2.select_autoescape(["html"]),
            trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        self._parts: dict[str, Part] = {}
        self.discrepancies_path = self.cfg.tei_path / DISCREPANCIES
        self.edition_date = latest_revision(edition)

    # -- the parts -------------------------------------------------------------------------

    def source_part(self, src: Source) -> Part:
        if src.key not in self._parts:
            html = self.xslt.transform(saxon.parse_file(src.path), {
                "part": "source", "siglum": src.witness.siglum, "source-key": src.key,
                "short-title": src.witness.short_title, "edition-title": self.cfg.title,
                "edition-version": self.cfg.version})
            self._parts[src.key] = analyse(src.key, html)
        return self._parts[src.key]

    def register_part(self, name: str, refs: dict[str, list[dict]]) -> Part:
        import json

        html = self.xslt.transform(saxon.parse_file(self.cfg.tei_path / name), {
            "part": "register", "register-file": name, "siglum": Path(name).stem,
            "page-refs-json": json.dumps(refs, ensure_ascii=False)})
        return Part(name, html)

    def appendix_part(self, sources: list[Source]) -> Part | None:
        """The table of discrepancies; a pointer to a passage not in the book prints no page."""
        if not self.discrepancies_path.exists():
            return None
        if "appendix" not in self._parts:
            html = self.xslt.transform(saxon.parse_file(self.discrepancies_path), {
                "part": "appendix", "siglum": "appendix",
                "sigla": [s.witness.siglum for s in sources]})
            ids = set().union(*(self.source_part(s).ids for s in sources))
            html = PASSAGE_REF.sub(
                lambda m: m.group(0) if m.group(1) in ids else '<a class="passage-ref">',
                html)
            self._parts["appendix"] = analyse("appendix", html)
        return self._parts["appendix"]

    # -- a book ----------------------------------------------------------------------------

    def write(self, sources: list[Source], target: Path, whole: bool) -> Result:
        """Lay out the book of *sources* (the whole edition if *whole*) and write its PDF."""
        started = time.perf_counter()
        parts = [self.source_part(s) for s in sources]
        appendix = self.appendix_part(sources) if whole else None
        mentioned = sorted({p for part in parts for ptrs in part.anchors.values() for p in ptrs})
        refs: dict[str, list[dict]] | None = None  # first layout: the indexes' headings only
        with captured_warnings() as warnings:
            layouts = 0
            while True:
                html = self.assemble(sources, parts, appendix, refs, whole, mentioned)
                document = self.weasyprint.HTML(
                    string=html, base_url=ASSETS.as_uri() + "/").render(
                        stylesheets=[self.css], font_config=self.fonts)
                layouts += 1
                new_refs = page_references(document, parts, mentioned)
                if new_refs == refs or layouts == MAX_LAYOUTS:
                    break
                refs = new_refs
            target.parent.mkdir(parents=True, exist_ok=True)
            document.write_pdf(
                target, pdf_identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode())
        if new_refs != refs:
            warnings.append(f"{target.name}: the index page numbers did not settle after "
                            f"{layouts} layouts")
        return Result(target, len(document.pages), sum(p.notes for p in parts),
                      sum(p.apparatus for p in parts), layouts,
                      time.perf_counter() - started, warnings)

    def assemble(self, sources: list[Source], parts: list[Part], appendix: Part | None,
                 refs: dict[str, list[dict]] | None, whole: bool, mentioned: list[str]) -> str:
        """The book's HTML; with *refs* None, the indexes are their headings only (a first
        layout, which only needs the pages of the text)."""
        registers = {pointer.split("#", 1)[0] for pointer in mentioned}
        indexes = []
        for name, title in INDEXES.items():
            if name not in registers or not (self.cfg.tei_path / name).exists():
                continue
            html = ""
            if refs is not None:
                own = {p: found for p, found in refs.items() if p.startswith(name + "#")}
                html = self.register_part(name, own).html
            indexes.append({"id": "index-" + Path(name).stem, "title": title,
                            "html": Markup(html)})
        cfg = self.cfg
        editors = editor_names(self.edition)
        if whole:
            title, subtitle, byline = cfg.title, cfg.subtitle, []
            subject = cfg.subtitle or cfg.title
        else:
            src = sources[0]
            title, subtitle, byline = src.title, source_subtitle(src), source_authors(src)
            subject = f"{src.witness.short_title}: source {src.witness.siglum} of {cfg.title}"
        keywords = sorted({k for s in sources for k in source_keywords(s)})
        page = self.env.get_template("print.html").render(
            whole=whole, title=title, subtitle=subtitle, edition_title=cfg.title,
            edition_subtitle=cfg.subtitle, editors=editors, byline=byline,
            meta_authors=byline + editors, subject=subject,
            keywords=keywords, version=cfg.version, date=self.edition_date,
            date_text=format_date(self.edition_date), licence=cfg.licence,
            tool_version=__version__, weasyprint_version=self.weasyprint.__version__,
            sources=[{
                "key": s.key, "siglum": s.witness.siglum, "short_title": s.witness.short_title,
                "title": s.title, "file": s.path.name, "html": Markup(p.html), "toc": p.toc,
                "notes": p.notes, "apparatus": p.apparatus,
            } for s, p in zip(sources, parts)],
            all_sources=[{"siglum": s.witness.siglum, "short_title": s.witness.short_title,
                          "file": s.path.name} for s in self.edition.sources],
            appendix=Markup(appendix.html) if appendix else None,
            appendix_notes=appendix.notes if appendix else 0,
            indexes=indexes,
            notes=sum(p.notes for p in parts), apparatus=sum(p.apparatus for p in parts))
        return page


def analyse(key: str, html: str) -> Part:
    """What the layout needs to know about a part: its headings, index anchors and notes."""
    root = etree.fromstring(html.encode("utf-8"))
    part = Part(key, html)
    for el in root.iter(XHTML + "h1", XHTML + "h2"):
        label = el.get("data-label")
        if not label:
            continue
        section = el.getparent()
        if el.tag == XHTML + "h1" and "source-title" in (el.get("class") or "").split():
            part.toc.append(TocEntry(1, label, f"#source-{key}"))
        elif el.tag == XHTML + "h2" and section is not None and section.get("id"):
            part.toc.append(TocEntry(2, label, "#" + section.get("id")))
    for el in root.iter(etree.Element):
        if el.get("id"):
            part.ids.add(el.get("id"))
        classes = (el.get("class") or "").split()
        if "footnote" in classes:
            part.notes += 1
        elif "apparatus" in classes:
            part.apparatus += 1
        pointers = el.get("data-ptr")
        if pointers and el.get("id"):
            part.anchors[el.get("id")] = tuple(pointers.split())
            if any("footnote" in (a.get("class") or "").split() for a in el.iterancestors()):
                part.in_notes.add(el.get("id"))
    return part


def page_references(document, parts: list[Part], mentioned: list[str]) -> dict[str, list[dict]]:
    """pointer → [{"label": "12–14", "href": "#o-S-…"}…]: the pages where it is mentioned,
    merged ("n" after a page where it is mentioned only in footnotes)."""
    page_of: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            page_of.setdefault(anchor, number)
    found: dict[str, dict[int, list]] = {pointer: {} for pointer in mentioned}
    for part in parts:
        for anchor, pointers in part.anchors.items():
            number = page_of.get(anchor)
            if number is None:
                continue
            for pointer in pointers:
                here = found[pointer].setdefault(number, [anchor, True])
                here[1] = here[1] and anchor in part.in_notes
    refs: dict[str, list[dict]] = {}
    for pointer, pages in found.items():
        merged: list[dict] = []
        run: list[int] = []

        def flush():
            if run:
                label = str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"
                merged.append({"label": label, "href": "#" + pages[run[0]][0]})
                run.clear()

        for number in sorted(pages):
            anchor, only_notes = pages[number]
            if only_notes:
                flush()
                merged.append({"label": f"{number}n", "href": "#" + anchor})
            elif run and number == run[-1] + 1:
                run.append(number)
            else:
                flush()
                run.append(number)
        flush()
        refs[pointer] = merged
    return refs


@contextlib.contextmanager
def captured_warnings():
    """WeasyPrint's warnings (unsupported CSS, missing anchors…) as a list, for the summary."""
    found: list[str] = []

    class Handler(logging.Handler):
        def emit(self, record):
            found.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Handler(logging.WARNING)
    logger.addHandler(handler)
    old_propagate = logger.propagate
    logger.propagate = False
    try:
        yield found
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


# -- what the title page says ------------------------------------------------------------------

def latest_revision(edition: Edition) -> date:
    """The edition's date: its latest recorded revision (reproducible, unlike today's date)."""
    whens = []
    for tree in [s.tree for s in edition.sources] + list(edition.registers.values()):
        for change in tree.iter(T + "change"):
            when = (change.get("when") or "")[:10]
            with contextlib.suppress(ValueError):
                whens.append(date.fromisoformat(when))
    return max(whens) if whens else date.today()


def format_date(value: date) -> str:
    return f"{value.day} {value.strftime('%B')} {value.year}"


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def editor_names(edition: Edition) -> list[str]:
    persons = edition.registers.get("persons.xml")
    names = []
    for editor in edition.cfg.editors:
        entry = None
        if persons is not None:
            entry = next((e for e in persons.iter() if e.get(XML_ID) == editor), None)
        label = entry.find(f".//{T}name") if entry is not None else None
        if label is None and entry is not None:
            label = entry.find(f".//{T}persName")
        names.append(_text(label) or editor)
    return names


def source_subtitle(src: Source) -> str:
    return _text(src.tree.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title[@type='sub']"))


def source_authors(src: Source) -> list[str]:
    stmt = src.tree.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt")
    authors = [_text(a) for a in stmt.findall(f"{T}author")] if stmt is not None else []
    return [a for a in authors if a]


def source_keywords(src: Source) -> list[str]:
    return [_text(t) for t in src.tree.iter(T + "term")
            if t.getparent() is not None and t.getparent().tag == T + "keywords"]


# -- entry points ------------------------------------------------------------------------------

def write_pdfs(edition: Edition, out: Path, only: list[str] | None = None,
               book: bool = True) -> list[str]:
    """Write the book (``edition.pdf``) and one PDF per source (only the sources whose keys are
    in *only*, if given) into *out*; return the lines of the build summary."""
    printer = Printer(edition)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    results: list[Result] = []
    if book:
        results.append(printer.write(edition.sources, out / BOOK_FILE, whole=True))
    for src in edition.sources:
        if only is None or src.key in only:
            results.append(printer.write([src], out / f"{src.key}.pdf", whole=False))
    for r in results:
        lines.append(f"pdf: {r.path.name}: {r.pages} pages, {r.notes} footnotes, "
                     f"{r.apparatus} apparatus entries, {r.layouts} layouts, {r.seconds:.1f} s")
        for w in dict.fromkeys(r.warnings):
            lines.append(f"pdf: {r.path.name}: warning: {w}")
    if book and not printer.discrepancies_path.exists():
        lines.append(f"pdf: no {edition.cfg.tei_dir}/{DISCREPANCIES} yet: the book has no "
                     "appendix of discrepancies")
    return lines


def write_selected(edition: Edition, files: list[Path], out: Path, book: bool) -> list[str]:
    """``edition pdf FILE…``: the PDFs of the named sources (and the book if *book*)."""
    keys = []
    for f in files:
        witness = edition.cfg.witness_for(f)
        if witness is None:
            raise EditionError(f"{f}: not a source of the edition (hint: the sources are "
                               + ", ".join(s.path.name for s in edition.sources) + ")")
        keys.append(Path(witness.file).stem)
    return write_pdfs(edition, out, only=keys, book=book)
